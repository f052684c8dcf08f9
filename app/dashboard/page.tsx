import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { RunScan } from "@/components/scans/run-scan";
import { LinkButton } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { requireTenant } from "@/lib/auth/current";
import { listScans } from "@/lib/scans/service";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const { membership, can } = await requireTenant("/dashboard");
  if (membership.connectionStatus === "pending") redirect("/dashboard/onboarding");
  const { scans } = await listScans(membership.tenantId, { page: 1, limit: 10 });
  return (
    <div className="space-y-6">
      <PageHeader title="Overview" description={membership.tenantName} actions={can("scans:write") ? undefined : <Badge>Read-only: {membership.role}</Badge>} />
      {membership.connectionStatus === "disconnected" && (
        <Alert tone="warning" title="Microsoft 365 is disconnected" actions={can("connection:write") ? <LinkButton href="/dashboard/settings/connection">Reconnect</LinkButton> : undefined}>
          Scans and schedules are paused; the history below stays.
        </Alert>
      )}
      {can("scans:write") && membership.connectionStatus === "connected" && (
        <Card title="Run a scan" description="Compliance checks your configuration against CIS and SCuBA baselines; exposure checks what the outside can see.">
          <RunScan />
        </Card>
      )}
      <Card title="Latest scans">
        {scans.length === 0 ? (
          <EmptyState title="No scans yet">{can("scans:write") ? "Run the first scan above." : "An admin can run the first scan."}</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="latest-scans">
            {scans.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center gap-3 py-2 text-sm">
                <span className="w-24 font-medium capitalize text-slate-900">{s.scanType}</span>
                <Badge tone={s.status === "completed" ? "green" : s.status === "failed" ? "red" : "sky"}>{s.status.replace("_", " ")}</Badge>
                <span className="text-slate-600">
                  <LocalTime value={s.startedAt.toISOString()} />
                </span>
                <span className="ml-auto font-mono text-slate-900">{s.status === "completed" && s.score !== null ? `${s.score.toFixed(1)}` : "—"}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
