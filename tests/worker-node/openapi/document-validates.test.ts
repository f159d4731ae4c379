/**
 * The document against the OpenAPI 3.1 specification's own JSON Schema, and each schema in it against
 * JSON Schema 2020-12 (the specification's schema checks only that a Schema Object is an object; the
 * schemas come from zod, so they deserve their own check). Here rather than with the other OpenAPI
 * tests in tests/worker: Ajv, under both checks, compiles with `new Function` and the validator reads
 * its schemas from disk, neither of which workerd allows. It runs in Node, on the builder the worker
 * serves from.
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, type JsonSchema } from "../../../worker/openapi/document.ts";
import { DOORSTEP_API } from "../../../worker/openapi/operations.ts";

const document = buildOpenApiDocument(DOORSTEP_API);

/** Every Schema Object in the document, named by where it is. */
function schemasIn(doc: JsonSchema): [string, JsonSchema][] {
  const found: [string, JsonSchema][] = Object.entries((doc.components as { schemas: Record<string, JsonSchema> }).schemas).map(
    ([name, schema]) => [`components.schemas.${name}`, schema],
  );
  const contentSchemas = (where: string, content: unknown) =>
    Object.entries((content ?? {}) as Record<string, { schema?: JsonSchema }>).flatMap(([type, media]) =>
      media.schema ? [[`${where} ${type}`, media.schema] as [string, JsonSchema]] : [],
    );
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, JsonSchema>>)) {
    for (const [method, op] of Object.entries(item)) {
      const at = `${method.toUpperCase()} ${path}`;
      for (const p of (op.parameters ?? []) as JsonSchema[]) found.push([`${at} parameter ${p.name}`, p.schema as JsonSchema]);
      found.push(...contentSchemas(`${at} body`, (op.requestBody as JsonSchema | undefined)?.content));
      for (const [status, r] of Object.entries(op.responses as Record<string, JsonSchema>))
        found.push(...contentSchemas(`${at} ${status}`, r.content));
    }
  }
  return found;
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it("is refused by the same validator once broken (the check is not vacuous)", async () => {
    const { info: _info, ...withoutInfo } = document;
    expect((await new Validator().validate(withoutInfo)).valid).toBe(false);
  });

  it("holds only valid JSON Schema 2020-12, with no keyword a validator would not know", () => {
    // strict: an unknown keyword is an error; formats are annotations in 2020-12, so not checked here.
    const ajv = new Ajv2020({ strict: true, validateFormats: false });
    const schemas = schemasIn(document);
    expect(schemas.length).toBeGreaterThan(40);
    for (const [where, schema] of schemas) {
      const $ref = schema.$ref as string | undefined;
      if ($ref) {
        expect($ref, where).toBe("#/components/schemas/Error");
        continue;
      }
      expect(() => ajv.compile(schema), where).not.toThrow();
    }
  });
});
