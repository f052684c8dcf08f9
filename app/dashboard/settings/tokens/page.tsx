import type { Metadata } from "next";
import { TokensPanel } from "@/components/settings/tokens-panel";
import { requireTenant } from "@/lib/auth/current";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const { membership, can } = await requireTenant("/dashboard/settings/tokens");
  return <TokensPanel key={membership.tenantId} tenantId={membership.tenantId} canManage={can("tokens:write")} />;
}
