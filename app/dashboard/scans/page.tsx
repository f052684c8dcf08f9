import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireTenant } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Scans" };

export default async function ScansPage() {
  const { membership } = await requireTenant("/dashboard/scans");
  return (
    <div>
      <PageHeader title="Scans" description={membership.tenantName} />
      <EmptyState title="Scan history is coming to the dashboard">The latest scans are on the overview; every scan is available through the API today.</EmptyState>
    </div>
  );
}
