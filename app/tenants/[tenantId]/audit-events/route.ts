// GET /tenants/{tenantId}/audit-events — the audit log, newest first, paginated (audit:read: owners)
import { methodsNotAllowed, readQuery, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { listAuditEvents } from "@/lib/audit";
import { listAuditQuerySchema } from "@/lib/auth/schemas";
import { toAuditEventResource } from "@/lib/tenants/serialize";

export const dynamic = "force-dynamic";

export const GET = withTenant({ scope: "audit:read" }, async ({ req, tenantId }) => {
  const query = listAuditQuerySchema.parse(readQuery(req));
  const { events, total } = await listAuditEvents(tenantId, query.page, query.limit);
  return ok(events.map(toAuditEventResource), { meta: { total, page: query.page, limit: query.limit } });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
