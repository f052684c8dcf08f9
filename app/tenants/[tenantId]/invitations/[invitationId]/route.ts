// DELETE /tenants/{tenantId}/invitations/{invitationId} — revoke an open invitation (members:write)
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { revokeInvitation } from "@/lib/tenants/members";

export const dynamic = "force-dynamic";

export const DELETE = withTenant<{ invitationId: string }>({ scope: "members:write" }, async ({ params, tenantId, actor }) => {
  await revokeInvitation(tenantId, params.invitationId, actor);
  return ok(null);
});

export const { GET, POST, PUT, PATCH } = methodsNotAllowed(["DELETE"]);
