import { Hono } from "hono";
import { z } from "zod";
import { refuseSessions, requireApiKeyOrSession } from "../http/api-key.ts";
import type { AppEnv } from "../http/app-env.ts";
import { notFound } from "../http/errors.ts";
import { readJson, validate } from "../http/read-json.ts";
import { PROVIDERS } from "../domain/connections.ts";
import { connectionInput } from "../schemas/connections.ts";
import { connect, describeConnections, disconnect } from "../services/connections.ts";

const providerParam = z.object({ provider: z.enum(PROVIDERS) });

/**
 * The store's links to outside systems. A dashboard session may look; connecting, replacing a
 * credential and disconnecting take the API key (they hand Doorstep, or take from it, a secret).
 */
export const connectionsRoutes = new Hono<AppEnv>()
  .use(requireApiKeyOrSession)
  .get("/", async (c) => {
    c.header("Cache-Control", "private, no-store");
    return c.json({ connections: await describeConnections(c.env, c.get("store").id, c.req.url) });
  })
  .put("/:provider", refuseSessions, async (c) => {
    const { provider } = validate(providerParam, c.req.param());
    const body = await readJson(c, z.record(z.string(), z.unknown()));
    const input = validate(connectionInput, { ...body, platform: provider });
    return c.json(await connect(c.env, c.get("store").id, input, c.req.url));
  })
  .delete("/:provider", refuseSessions, async (c) => {
    const { provider } = validate(providerParam, c.req.param());
    if (!(await disconnect(c.env, c.get("store").id, provider))) throw notFound("connection_not_found", `This store has no ${provider} connection.`);
    return c.body(null, 204);
  });
