import type { Metadata } from "next";
import { MembersPanel } from "@/components/settings/members-panel";
import { requireTenant } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const { session, membership, can } = await requireTenant("/dashboard/settings/members");
  return <MembersPanel key={membership.tenantId} tenantId={membership.tenantId} currentUserId={session.user.id} canManage={can("members:write")} />;
}
