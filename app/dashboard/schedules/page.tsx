import type { Metadata } from "next";
import { SchedulesManager } from "@/components/schedules/schedules-manager";
import { PageHeader } from "@/components/ui/card";
import { requireTenant } from "@/lib/auth/current";
import { listSchedules, toScheduleResource } from "@/lib/schedules/service";
import { getPlanLimits } from "@/lib/tenants/plans";
import { getTenantOrThrow } from "@/lib/tenants/service";

export const metadata: Metadata = { title: "Schedules" };

export default async function SchedulesPage() {
  const { membership, can } = await requireTenant("/dashboard/schedules");
  const [schedules, tenant] = await Promise.all([listSchedules(membership.tenantId), getTenantOrThrow(membership.tenantId)]);
  return (
    <div>
      <PageHeader title="Schedules" description={`${membership.tenantName} — scans that run by themselves, in any time zone.`} />
      <SchedulesManager
        key={membership.tenantId}
        tenantId={membership.tenantId}
        initial={schedules.map(toScheduleResource)}
        canEdit={can("schedules:write")}
        customLimit={getPlanLimits(tenant.plan).customSchedules}
      />
    </div>
  );
}
