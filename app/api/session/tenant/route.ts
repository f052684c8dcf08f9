// PUT /api/session/tenant — the tenant switcher: which of the member's tenants `me` and the dashboard mean (session only)
import { methodsNotAllowed, readJson, withSession } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { switchTenantSchema } from "@/lib/auth/schemas";
import { switchActiveTenant } from "@/lib/auth/sessions";

export const dynamic = "force-dynamic";

export const PUT = withSession(async ({ req, session }) => {
  const input = switchTenantSchema.parse(await readJson(req));
  const membership = await switchActiveTenant(session, input.tenant_id);
  return ok({ tenant_id: membership.tenantId, name: membership.tenantName, role: membership.role });
});

export const { GET, POST, PATCH, DELETE } = methodsNotAllowed(["PUT"]);
