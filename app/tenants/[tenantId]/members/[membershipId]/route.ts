// PATCH  /tenants/{tenantId}/members/{membershipId} — change a member's role (members:write: owners)
// DELETE /tenants/{tenantId}/members/{membershipId} — remove a member (members:write); never the last owner
import { methodsNotAllowed, readJson, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { updateMemberSchema } from "@/lib/auth/schemas";
import { listMembers, removeMember, updateMemberRole } from "@/lib/tenants/members";
import { toMemberResource } from "@/lib/tenants/serialize";

export const dynamic = "force-dynamic";

export const PATCH = withTenant<{ membershipId: string }>({ scope: "members:write" }, async ({ req, params, tenantId, actor }) => {
  const input = updateMemberSchema.parse(await readJson(req));
  const updated = await updateMemberRole(tenantId, params.membershipId, input.role, actor);
  const member = (await listMembers(tenantId)).find((m) => m.id === updated.id)!;
  return ok(toMemberResource(member));
});

export const DELETE = withTenant<{ membershipId: string }>({ scope: "members:write" }, async ({ params, tenantId, actor }) => {
  await removeMember(tenantId, params.membershipId, actor);
  return ok(null);
});

export const { GET, POST, PUT } = methodsNotAllowed(["PATCH", "DELETE"]);
