// GET  /tenants/{tenantId}/invitations — open invitations, newest first (members:read)
// POST /tenants/{tenantId}/invitations — invite someone by UPN / verified e-mail; valid 7 days (members:write)
import { methodsNotAllowed, readJson, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { inviteMemberSchema } from "@/lib/auth/schemas";
import { inviteMember, listInvitations } from "@/lib/tenants/members";
import { toInvitationResource } from "@/lib/tenants/serialize";

export const dynamic = "force-dynamic";

export const GET = withTenant({ scope: "members:read" }, async ({ tenantId }) => {
  return ok((await listInvitations(tenantId)).map((i) => toInvitationResource(i)));
});

export const POST = withTenant({ scope: "members:write" }, async ({ req, tenantId, actor }) => {
  const input = inviteMemberSchema.parse(await readJson(req));
  return ok(toInvitationResource(await inviteMember(tenantId, input, actor)), { status: 201 });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
