import { z } from "zod";
import { ERROR_STATUS } from "@/lib/api/errors";
import { SCOPES } from "@/lib/auth/scopes";
import { paginationQuerySchema } from "@/lib/api/query";
import { listScansQuerySchema, scanResourceSchema, triggerScanSchema } from "@/lib/scans/schemas";
import { createScheduleSchema, previewScheduleSchema, scheduleResourceSchema, scheduleRunResourceSchema, updateScheduleSchema } from "@/lib/schedules/schemas";

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

const scheduleIdParameter = {
  name: "scheduledScanId",
  in: "path",
  required: true,
  description: 'A schedule id (sched_…) or "plan" for the automatic plan scan',
  schema: { type: "string" },
};

const json = (schema: unknown) => ({ "application/json": { schema } });

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
      "/tenants/{tenantId}/scheduled-scans": {
        get: {
          operationId: "listScheduledScans",
          summary: "List scheduled scans, the automatic plan scan first",
          description: "Scope: schedules:read.",
          parameters: [tenantIdParameter],
          responses: {
            "200": { description: "All schedules", content: json(successOf({ type: "array", items: ref("ScheduledScan") })) },
            ...errorResponses(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]),
          },
        },
        post: {
          operationId: "createScheduledScan",
          summary: "Create a custom scheduled scan",
          description: "Scope: schedules:write. dayOfWeek (0 = Monday) is required for weekly, dayOfMonth for monthly schedules.",
          parameters: [tenantIdParameter],
          requestBody: { required: true, content: json(schemaOf(createScheduleSchema, "input")) },
          responses: {
            "201": { description: "Created", content: json(successOf(ref("ScheduledScan"))) },
            ...errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "SCAN_PLAN_LIMIT_REACHED"]),
          },
        },
      },
      "/tenants/{tenantId}/scheduled-scans/preview": {
        post: {
          operationId: "previewScheduledScan",
          summary: "The next run instants of a draft schedule",
          description: "Scope: schedules:read. Returns `count` (1–500, default 5) runs after `from` (default now), as UTC and local time.",
          parameters: [tenantIdParameter],
          requestBody: { required: true, content: json(schemaOf(previewScheduleSchema, "input")) },
          responses: {
            "200": {
              description: "Upcoming runs",
              content: json(successOf({ type: "array", items: { type: "object", properties: { at: { type: "string", format: "date-time" }, local: { type: "string" } } } })),
            },
            ...errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]),
          },
        },
      },
      "/tenants/{tenantId}/scheduled-scans/{scheduledScanId}": {
        get: {
          operationId: "getScheduledScan",
          summary: "Get one scheduled scan",
          description: "Scope: schedules:read.",
          parameters: [tenantIdParameter, scheduleIdParameter],
          responses: { "200": { description: "The schedule", content: json(successOf(ref("ScheduledScan"))) }, ...errorResponses(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]) },
        },
        patch: {
          operationId: "updateScheduledScan",
          summary: "Update the given fields",
          description: "Scope: schedules:write. The plan schedule accepts enabled, hour, minute, dayOfWeek, dayOfMonth and timezone.",
          parameters: [tenantIdParameter, scheduleIdParameter],
          requestBody: { required: true, content: json(schemaOf(updateScheduleSchema, "input")) },
          responses: {
            "200": { description: "Updated", content: json(successOf(ref("ScheduledScan"))) },
            ...errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]),
          },
        },
        delete: {
          operationId: "deleteScheduledScan",
          summary: "Delete a custom scheduled scan",
          description: "Scope: schedules:write. The plan schedule cannot be deleted (400); pause it instead.",
          parameters: [tenantIdParameter, scheduleIdParameter],
          responses: {
            "200": { description: "Deleted", content: json(successOf({ type: "null" })) },
            ...errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]),
          },
        },
      },
      "/tenants/{tenantId}/scheduled-scans/{scheduledScanId}/runs": {
        get: {
          operationId: "listScheduledScanRuns",
          summary: "What each fired slot did, newest first",
          description: "Scope: schedules:read.",
          parameters: [tenantIdParameter, scheduleIdParameter, ...queryParameters(paginationQuerySchema)],
          responses: {
            "200": { description: "A page of runs", content: json(successOf({ type: "array", items: ref("ScheduleRun") }, true)) },
            ...errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]),
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
        ScheduledScan: schemaOf(scheduleResourceSchema, "output"),
        ScheduleRun: schemaOf(scheduleRunResourceSchema, "output"),
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
