// POST /tenants/{tenantId}/connection/verify — check the connection again now (app-only token + GET /organization) (connection:write)
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { verifyConnection } from "@/lib/tenants/connection";
import { toTenantResource } from "@/lib/tenants/serialize";
import { getTenantWithUsage } from "@/lib/tenants/service";

export const dynamic = "force-dynamic";

export const POST = withTenant({ scope: "connection:write" }, async ({ tenantId, actor, via }) => {
  await verifyConnection(tenantId, actor);
  const { tenant, usage } = await getTenantWithUsage(tenantId);
  return ok(toTenantResource(tenant, via.kind === "session" ? via.role : null, usage));
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
