import { z } from "zod";
import { ERROR_STATUS } from "@/lib/api/errors";
import { SESSION_COOKIE } from "@/lib/auth/constants";
import { TOKEN_SCOPES } from "@/lib/auth/scopes";
import { paginationQuerySchema } from "@/lib/api/query";
import { breakGlassResourceSchema, updateBreakGlassSchema } from "@/lib/break-glass/schemas";
import { createExceptionSchema, exceptionResourceSchema } from "@/lib/exceptions/schemas";
import { createTokenSchema, inviteMemberSchema, switchTenantSchema, updateMemberSchema } from "@/lib/auth/schemas";
import {
  checkInfoSchema,
  driftQuerySchema,
  driftResourceSchema,
  findingResourceSchema,
  listResultsQuerySchema,
  listScansQuerySchema,
  scanResourceSchema,
  triggerScanSchema,
} from "@/lib/scans/schemas";
import {
  auditEventResourceSchema,
  createdTokenResourceSchema,
  invitationResourceSchema,
  memberResourceSchema,
  tenantResourceSchema,
  tenantSummarySchema,
  tokenResourceSchema,
} from "@/lib/tenants/schemas";
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
  description: "Your tenant id (t_…) or `me` for the tenant the token belongs to (a signed-in member: the active tenant)",
  schema: { type: "string" },
};

const pathParameter = (name: string, description: string) => ({ name, in: "path", required: true, description, schema: { type: "string" } });

/** Routes that only signed-in members can use: a token is refused (FORBIDDEN) whatever its scopes. */
const memberOnly = [{ sessionCookie: [] }];
const ROLE_NOTE = "Signed-in members only (session cookie; changes need a same-origin request).";

const scanIdParameter = pathParameter("scanId", "A scan of the caller's tenant");

/** Findings of a scan, their exports and drift, and the check catalog. */
function findingsPaths() {
  const errors = errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]);
  return {
    "/checks": {
      get: {
        operationId: "listChecks",
        summary: "The check catalog",
        description: "Scope: scans:read. Every check with its category, severity, CIS / SCuBA ids, data sources, Graph permissions and licence.",
        responses: { "200": { description: "Checks", content: json(successOf({ type: "array", items: ref("Check") })) }, ...errorResponses(["UNAUTHORIZED", "FORBIDDEN"]) },
      },
    },
    "/checks/permissions": {
      get: {
        operationId: "listCheckPermissions",
        summary: "Microsoft Graph application permissions the catalog needs",
        description: "Scope: scans:read. The union over all checks: what admin consent has to grant.",
        responses: { "200": { description: "Permission names", content: json(successOf({ type: "array", items: { type: "string" } })) }, ...errorResponses(["UNAUTHORIZED", "FORBIDDEN"]) },
      },
    },
    "/tenants/{tenantId}/exceptions": {
      get: {
        operationId: "listExceptions",
        summary: "Accepted risks, newest first (expired ones included)",
        description: "Scope: exceptions:read.",
        parameters: [tenantIdParameter],
        responses: { "200": { description: "Exceptions", content: json(successOf({ type: "array", items: ref("Exception") })) }, ...errorResponses(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]) },
      },
      post: {
        operationId: "createException",
        summary: "Accept the risk of a check, or of one of its objects",
        description:
          "Scope: exceptions:write. From the next scan on, a failing result it covers is reported as skip with skip_reason accepted_risk and the " +
          "exception id, until expires_at. `object_id` is allowed for checks whose `object_kind` is not null (GET /checks).",
        parameters: [tenantIdParameter],
        requestBody: { required: true, content: json(schemaOf(createExceptionSchema, "input")) },
        responses: { "201": { description: "Created", content: json(successOf(ref("Exception"))) }, ...errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT"]) },
      },
    },
    "/tenants/{tenantId}/exceptions/{exceptionId}": {
      delete: {
        operationId: "deleteException",
        summary: "Withdraw an accepted risk",
        description: "Scope: exceptions:write. The next scan judges the check again.",
        parameters: [tenantIdParameter, pathParameter("exceptionId", "Exception id (exc_…)")],
        responses: { "200": { description: "Deleted", content: json(successOf({ type: "null" })) }, ...errorResponses(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]) },
      },
    },
    "/tenants/{tenantId}/break-glass": {
      get: {
        operationId: "getBreakGlass",
        summary: "The declared break-glass (emergency access) accounts and groups",
        description: "Scope: exceptions:read. Empty lists when nothing is declared.",
        parameters: [tenantIdParameter],
        responses: { "200": { description: "Break-glass declaration", content: json(successOf(ref("BreakGlass"))) }, ...errorResponses(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]) },
      },
      put: {
        operationId: "updateBreakGlass",
        summary: "Replace the declared break-glass accounts and groups",
        description:
          "Scope: exceptions:write (admins and owners). From the next scan on, Conditional Access checks accept a policy's excluded users and " +
          "groups only when they are declared here (groups are expanded transitively); check C11 verifies these accounts are excluded from " +
          "every enabled user policy. Ids are Microsoft Entra object ids (GUIDs).",
        parameters: [tenantIdParameter],
        requestBody: { required: true, content: json(schemaOf(updateBreakGlassSchema, "input")) },
        responses: { "200": { description: "Updated", content: json(successOf(ref("BreakGlass"))) }, ...errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]) },
      },
    },
    "/scans/{scanId}/results": {
      get: {
        operationId: "listScanResults",
        summary: "The scan's findings, by severity then outcome",
        description: "Scope: scans:read. Filters combine; `framework` takes a control id or `cis` / `scuba`.",
        parameters: [scanIdParameter, ...queryParameters(listResultsQuerySchema)],
        responses: { "200": { description: "A page of findings", content: json(successOf({ type: "array", items: ref("Finding") }, true)) }, ...errors },
      },
    },
    "/scans/{scanId}/results.csv": {
      get: {
        operationId: "exportScanResultsCsv",
        summary: "Every finding as CSV",
        description: "Scope: scans:read. Fields that would start a spreadsheet formula are prefixed with an apostrophe.",
        parameters: [scanIdParameter],
        responses: { "200": { description: "CSV download", content: { "text/csv": { schema: { type: "string" } } } }, ...errors },
      },
    },
    "/scans/{scanId}/results.json": {
      get: {
        operationId: "exportScanResultsJson",
        summary: "The scan and every finding as one JSON download",
        description: "Scope: scans:read.",
        parameters: [scanIdParameter],
        responses: {
          "200": { description: "JSON download", content: json(successOf({ type: "object", properties: { scan: ref("Scan"), results: { type: "array", items: ref("Finding") } } })) },
          ...errors,
        },
      },
    },
    "/scans/{scanId}/drift": {
      get: {
        operationId: "getScanDrift",
        summary: "What changed against the previous completed scan of the type (or ?against)",
        description: "Scope: scans:read. Both scans must be completed and of the same type.",
        parameters: [scanIdParameter, ...queryParameters(driftQuerySchema)],
        responses: { "200": { description: "Drift", content: json(successOf(ref("Drift"))) }, ...errors },
      },
    },
  };
}

/** Tenant management: the dashboard's Settings, on the same API conventions. */
function tenantManagementPaths() {
  const tenant = [tenantIdParameter];
  return {
    "/tenants": {
      get: {
        operationId: "listTenants",
        summary: "The tenants the caller can address",
        description: "A token: its own tenant. A signed-in member: every tenant they belong to, with their role; `active` marks `me`.",
        security: [{ bearerAuth: [] }, { sessionCookie: [] }],
        responses: { "200": { description: "Tenants", content: json(successOf({ type: "array", items: ref("TenantSummary") })) }, ...errorResponses(["UNAUTHORIZED"]) },
      },
    },
    "/tenants/{tenantId}": {
      get: {
        operationId: "getTenant",
        summary: "The tenant: plan, Microsoft 365 connection, scan usage this period",
        description: "Any token of the tenant, or any member.",
        security: [{ bearerAuth: [] }, { sessionCookie: [] }],
        parameters: tenant,
        responses: { "200": { description: "The tenant", content: json(successOf(ref("Tenant"))) }, ...errorResponses(["UNAUTHORIZED", "NOT_FOUND"]) },
      },
    },
    "/tenants/{tenantId}/connection": {
      delete: {
        operationId: "disconnectTenant",
        summary: "Disconnect Microsoft 365 (scans stop; history stays)",
        description: `${ROLE_NOTE} Owners. Connecting is the browser's admin-consent flow (POST /api/admin-consent/start).`,
        security: memberOnly,
        parameters: tenant,
        responses: { "200": { description: "The tenant", content: json(successOf(ref("Tenant"))) }, ...errorResponses(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]) },
      },
    },
    "/tenants/{tenantId}/connection/verify": {
      post: {
        operationId: "verifyConnection",
        summary: "Check the connection now (app-only token + GET /organization)",
        description: `${ROLE_NOTE} Owners. Success marks the tenant connected; a failure records the reason.`,
        security: memberOnly,
        parameters: tenant,
        responses: { "200": { description: "The tenant", content: json(successOf(ref("Tenant"))) }, ...errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]) },
      },
    },
    "/tenants/{tenantId}/members": {
      get: {
        operationId: "listMembers",
        summary: "Active members, owners first",
        description: ROLE_NOTE,
        security: memberOnly,
        parameters: tenant,
        responses: { "200": { description: "Members", content: json(successOf({ type: "array", items: ref("Member") })) }, ...errorResponses(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]) },
      },
    },
    "/tenants/{tenantId}/members/{membershipId}": {
      patch: {
        operationId: "updateMember",
        summary: "Change a member's role",
        description: `${ROLE_NOTE} Owners. The last owner cannot be demoted (409 CONFLICT, details.reason = last_owner).`,
        security: memberOnly,
        parameters: [...tenant, pathParameter("membershipId", "Membership id (mem_…)")],
        requestBody: { required: true, content: json(schemaOf(updateMemberSchema, "input")) },
        responses: { "200": { description: "The member", content: json(successOf(ref("Member"))) }, ...errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT"]) },
      },
      delete: {
        operationId: "removeMember",
        summary: "Remove a member",
        description: `${ROLE_NOTE} Owners. Never the last owner. A removed person does not re-join by signing in; only a new invitation re-admits them.`,
        security: memberOnly,
        parameters: [...tenant, pathParameter("membershipId", "Membership id (mem_…)")],
        responses: { "200": { description: "Removed", content: json(successOf({ type: "null" })) }, ...errorResponses(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT"]) },
      },
    },
    "/tenants/{tenantId}/invitations": {
      get: {
        operationId: "listInvitations",
        summary: "Open invitations, newest first",
        description: ROLE_NOTE,
        security: memberOnly,
        parameters: tenant,
        responses: { "200": { description: "Invitations", content: json(successOf({ type: "array", items: ref("Invitation") })) }, ...errorResponses(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]) },
      },
      post: {
        operationId: "inviteMember",
        summary: "Invite someone by Microsoft sign-in name (UPN) or verified e-mail",
        description: `${ROLE_NOTE} Owners. Accepted at the person's next sign-in; valid 7 days.`,
        security: memberOnly,
        parameters: tenant,
        requestBody: { required: true, content: json(schemaOf(inviteMemberSchema, "input")) },
        responses: { "201": { description: "Invited", content: json(successOf(ref("Invitation"))) }, ...errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT"]) },
      },
    },
    "/tenants/{tenantId}/invitations/{invitationId}": {
      delete: {
        operationId: "revokeInvitation",
        summary: "Revoke an open invitation",
        description: `${ROLE_NOTE} Owners.`,
        security: memberOnly,
        parameters: [...tenant, pathParameter("invitationId", "Invitation id (inv_…)")],
        responses: { "200": { description: "Revoked", content: json(successOf({ type: "null" })) }, ...errorResponses(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]) },
      },
    },
    "/tenants/{tenantId}/api-tokens": {
      get: {
        operationId: "listApiTokens",
        summary: "API tokens, newest first (never their secrets)",
        description: ROLE_NOTE,
        security: memberOnly,
        parameters: [...tenant, ...queryParameters(paginationQuerySchema)],
        responses: { "200": { description: "Tokens", content: json(successOf({ type: "array", items: ref("ApiToken") }, true)) }, ...errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]) },
      },
      post: {
        operationId: "createApiToken",
        summary: "Create an API token; the secret is in this response only",
        description: `${ROLE_NOTE} Owners.`,
        security: memberOnly,
        parameters: tenant,
        requestBody: { required: true, content: json(schemaOf(createTokenSchema, "input")) },
        responses: { "201": { description: "Created", content: json(successOf(ref("CreatedApiToken"))) }, ...errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]) },
      },
    },
    "/tenants/{tenantId}/api-tokens/{tokenId}": {
      delete: {
        operationId: "revokeApiToken",
        summary: "Revoke a token, effective with the next request",
        description: `${ROLE_NOTE} Owners. Revoking twice is not an error.`,
        security: memberOnly,
        parameters: [...tenant, pathParameter("tokenId", "Token id (tok_…)")],
        responses: { "200": { description: "Revoked", content: json(successOf({ type: "null" })) }, ...errorResponses(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]) },
      },
    },
    "/tenants/{tenantId}/audit-events": {
      get: {
        operationId: "listAuditEvents",
        summary: "The audit log, newest first",
        description: `${ROLE_NOTE} Owners.`,
        security: memberOnly,
        parameters: [...tenant, ...queryParameters(paginationQuerySchema)],
        responses: { "200": { description: "Events", content: json(successOf({ type: "array", items: ref("AuditEvent") }, true)) }, ...errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]) },
      },
    },
    "/api/session/tenant": {
      put: {
        operationId: "switchTenant",
        summary: "Switch the tenant the session is about (`me`)",
        description: ROLE_NOTE,
        security: memberOnly,
        requestBody: { required: true, content: json(schemaOf(switchTenantSchema, "input")) },
        responses: { "200": { description: "Switched", content: json(successOf({ type: "object" })) }, ...errorResponses(["VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"]) },
      },
    },
    "/api/session/sign-out-everywhere": {
      post: {
        operationId: "signOutEverywhere",
        summary: "End every session of the signed-in person",
        description: ROLE_NOTE,
        security: memberOnly,
        responses: { "200": { description: "Signed out", content: json(successOf({ type: "object", properties: { sessions_ended: { type: "integer" } } })) }, ...errorResponses(["UNAUTHORIZED", "FORBIDDEN"]) },
      },
    },
  };
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * Every operation can answer 503 SERVICE_UNAVAILABLE when the database (or the job layer) is briefly unreachable:
 * the same error envelope, plus `Retry-After` in seconds. Added to each operation here rather than listed by hand,
 * so a new route cannot forget it.
 */
function withServiceUnavailable<D extends { paths: Record<string, Record<string, unknown>>; components: Record<string, unknown> }>(doc: D): D {
  for (const item of Object.values(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const responses = (operation as { responses?: Record<string, unknown> }).responses;
      if (responses && !responses["503"]) responses["503"] = { $ref: "#/components/responses/ServiceUnavailable" };
    }
  }
  doc.components.responses = {
    ...(doc.components.responses as Record<string, unknown> | undefined),
    ServiceUnavailable: {
      description:
        "SERVICE_UNAVAILABLE: the service is briefly unable to answer (e.g. its database is unreachable). A change it interrupted " +
        "was applied whole or not at all, never in part. Retry after the number of seconds in Retry-After.",
      headers: { "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer", minimum: 1 } } },
      content: { "application/json": { schema: ref("Error") } },
    },
  };
  return doc;
}

export function buildOpenApiDocument() {
  return withServiceUnavailable({
    openapi: "3.1.0",
    info: {
      title: "Aether365 API",
      version: "1.0.0",
      description:
        "Microsoft 365 security-posture scans. Integrations send `Authorization: Bearer <token>`; the dashboard calls the same " +
        "routes with its session cookie (the member's role grants the scopes). " +
        "Responses use the envelope `{success, data, meta?}` or `{success: false, error: {code, message, details?}}`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    paths: {
      ...tenantManagementPaths(),
      ...findingsPaths(),
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
        bearerAuth: { type: "http", scheme: "bearer", description: `API token. Scopes: ${TOKEN_SCOPES.join(", ")}.` },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE.plain,
          description: "Dashboard session (`__Host-a365.session` over https). Viewers read; admins also scan and edit schedules; owners also manage the tenant.",
        },
      },
      schemas: {
        Scan: schemaOf(scanResourceSchema, "output"),
        ScheduledScan: schemaOf(scheduleResourceSchema, "output"),
        ScheduleRun: schemaOf(scheduleRunResourceSchema, "output"),
        Check: schemaOf(checkInfoSchema, "output"),
        Exception: schemaOf(exceptionResourceSchema, "output"),
        BreakGlass: schemaOf(breakGlassResourceSchema, "output"),
        Finding: schemaOf(findingResourceSchema, "output"),
        Drift: schemaOf(driftResourceSchema, "output"),
        Tenant: schemaOf(tenantResourceSchema, "output"),
        TenantSummary: schemaOf(tenantSummarySchema, "output"),
        Member: schemaOf(memberResourceSchema, "output"),
        Invitation: schemaOf(invitationResourceSchema, "output"),
        ApiToken: schemaOf(tokenResourceSchema, "output"),
        CreatedApiToken: schemaOf(createdTokenResourceSchema, "output"),
        AuditEvent: schemaOf(auditEventResourceSchema, "output"),
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
  });
}
