import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireTenant } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Schedules" };

export default async function SchedulesPage() {
  const { membership } = await requireTenant("/dashboard/schedules");
  return (
    <div>
      <PageHeader title="Schedules" description={membership.tenantName} />
      <EmptyState title="The schedule editor is coming to the dashboard">Schedules can be created, paused and resumed through the API today.</EmptyState>
    </div>
  );
}
