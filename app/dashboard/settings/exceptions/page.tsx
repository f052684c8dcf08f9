import type { Metadata } from "next";
import { ExceptionsPanel } from "@/components/settings/exceptions-panel";
import { requireTenant } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Accepted risks" };

export default async function ExceptionsPage() {
  const { membership, can } = await requireTenant("/dashboard/settings/exceptions");
  return <ExceptionsPanel key={membership.tenantId} tenantId={membership.tenantId} canEdit={can("exceptions:write")} />;
}
