// GET /tenants/{tenantId}/members — active members, owners first (members:read; signed-in members only)
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { listMembers } from "@/lib/tenants/members";
import { toMemberResource } from "@/lib/tenants/serialize";

export const dynamic = "force-dynamic";

export const GET = withTenant({ scope: "members:read" }, async ({ tenantId }) => {
  return ok((await listMembers(tenantId)).map(toMemberResource));
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
