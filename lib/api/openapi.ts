import { z } from "zod";
import { ERROR_STATUS } from "@/lib/api/errors";
import { SCOPES } from "@/lib/auth/scopes";
import { listScansQuerySchema, scanResourceSchema, triggerScanSchema } from "@/lib/scans/schemas";

/**
 * OpenAPI 3.1 document of the public API, generated from the zod schemas the handlers parse with, so the
 * reference cannot drift from the behaviour. Later features add their paths here.
 */
type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  delete json.$schema;
  delete json.id;
  return json;
}

function queryParameters(schema: z.ZodObject): unknown[] {
  const json = schemaOf(schema, "input") as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, property]) => {
    const { description, openapi, ...rest } = property;
    return { name, in: "query", required: json.required?.includes(name) ?? false, description, schema: openapi ?? rest };
  });
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function successOf(data: unknown, withMeta = false) {
  return {
    type: "object",
    required: ["success", "data"],
    properties: { success: { const: true }, data, ...(withMeta ? { meta: ref("PageMeta") } : {}) },
  };
}

function errorResponses(codes: (keyof typeof ERROR_STATUS)[]) {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      { description: list.join(" or "), content: { "application/json": { schema: ref("Error") } } },
    ]),
  );
}

const tenantIdParameter = {
  name: "tenantId",
  in: "path",
  required: true,
  description: "Your tenant id (t_…) or `me` for the tenant the token belongs to",
  schema: { type: "string" },
};

export function buildOpenApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Aether365 API",
      version: "1.0.0",
      description:
        "Microsoft 365 security-posture scans. Every request carries `Authorization: Bearer <token>`. " +
        "Responses use the envelope `{success, data, meta?}` or `{success: false, error: {code, message, details?}}`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    paths: {
      "/tenants/{tenantId}/scans": {
        get: {
          operationId: "listScans",
          summary: "List scans, newest first",
          description: `Scope: scans:read.`,
          parameters: [tenantIdParameter, ...queryParameters(listScansQuerySchema)],
          responses: {
            "200": { description: "A page of scans", content: { "application/json": { schema: successOf({ type: "array", items: ref("Scan") }, true) } } },
            ...errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]),
          },
        },
        post: {
          operationId: "triggerScan",
          summary: "Start a scan now",
          description: "Scope: scans:write. Counts toward the plan's scan quota for the billing period.",
          parameters: [tenantIdParameter],
          requestBody: { required: true, content: { "application/json": { schema: schemaOf(triggerScanSchema, "input") } } },
          responses: {
            "201": { description: "The scan was started", content: { "application/json": { schema: successOf(ref("Scan")) } } },
            ...errorResponses(["VALIDATION_ERROR", "TENANT_NOT_CONNECTED", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "SCAN_ALREADY_RUNNING", "SCAN_PLAN_LIMIT_REACHED"]),
          },
        },
      },
      "/scans/{scanId}": {
        get: {
          operationId: "getScan",
          summary: "Get one scan",
          description: "Scope: scans:read.",
          parameters: [{ name: "scanId", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": { description: "The scan", content: { "application/json": { schema: successOf(ref("Scan")) } } },
            ...errorResponses(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: `API token. Scopes: ${SCOPES.join(", ")}.` },
      },
      schemas: {
        Scan: schemaOf(scanResourceSchema, "output"),
        PageMeta: {
          type: "object",
          required: ["total", "page", "limit"],
          properties: { total: { type: "integer" }, page: { type: "integer" }, limit: { type: "integer" } },
        },
        Error: {
          type: "object",
          required: ["success", "error"],
          properties: {
            success: { const: false },
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", enum: Object.keys(ERROR_STATUS) },
                message: { type: "string" },
                details: {},
              },
            },
          },
        },
      },
    },
  };
}
