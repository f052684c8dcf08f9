// GET /tenants — the tenants the caller can address: a member's tenants (with role; `active` marks `me`), or a token's own
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { getTenantOrThrow } from "@/lib/tenants/service";
import type { TenantSummary } from "@/lib/tenants/schemas";

export const dynamic = "force-dynamic";

export const GET = withTenant({ scope: null }, async ({ tenantId, via }) => {
  if (via.kind === "session") {
    const tenants: TenantSummary[] = via.session.memberships.map((m) => ({
      id: m.tenantId,
      name: m.tenantName,
      role: m.role,
      connection_status: m.connectionStatus,
      active: m.tenantId === via.session.active?.tenantId,
    }));
    return ok(tenants);
  }
  const tenant = await getTenantOrThrow(tenantId);
  return ok([{ id: tenant.id, name: tenant.name, role: null, connection_status: tenant.connectionStatus, active: true }] satisfies TenantSummary[]);
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
