/**
 * The dashboard keeps the newest D1 bookmark the worker answered (issue 23) and sends it with every
 * call, so a read after its own write (signing in, marking an alert handled) sees that write.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

type Api = typeof import("../../dashboard/api.ts");
let api: Api;
let answers: Record<string, string>[];
let fetchMock: ReturnType<typeof vi.fn>;

const OLD = "00000001-00000010-00000000-00000000000000000000000000000000";
const NEW = "00000001-00000020-00000000-00000000000000000000000000000000";

const sent = (n: number) => (fetchMock.mock.calls[n]![1] as RequestInit).headers as Record<string, string>;

beforeEach(async () => {
  vi.resetModules();
  answers = [];
  fetchMock = vi.fn(
    async () =>
      new Response(JSON.stringify({ token: "dss_x", alerts: [] }), {
        status: 200,
        headers: { "Content-Type": "application/json", ...(answers.shift() ?? {}) },
      }),
  );
  vi.stubGlobal("fetch", fetchMock);
  api = await import("../../dashboard/api.ts");
});
afterEach(() => vi.unstubAllGlobals());

describe("the dashboard's bookmark", () => {
  it("none is sent before one is answered; signing in's goes with the next call, beside the credential", async () => {
    answers.push({ "Doorstep-Bookmark": NEW });
    await api.signIn("dsl_code");
    await api.getAlerts("dss_x");
    expect(sent(0)["Doorstep-Bookmark"]).toBeUndefined();
    expect(sent(1)).toMatchObject({ Authorization: "Bearer dss_x", "Doorstep-Bookmark": NEW });
  });

  it("keeps the newest, whatever order the answers come back in", async () => {
    answers.push({ "Doorstep-Bookmark": NEW }, { "Doorstep-Bookmark": OLD }, {});
    await api.resolveAlert("dss_x", "order-1");
    await api.getAlerts("dss_x");
    await api.getAlerts("dss_x");
    expect(sent(2)["Doorstep-Bookmark"]).toBe(NEW);
  });
});
