import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { ScoreChart } from "@/components/charts/score-chart";
import { ScanStatusBadge, ScoreChange, SeverityBadge } from "@/components/scans/badges";
import { DriftSummary } from "@/components/scans/drift-summary";
import { RunScan } from "@/components/scans/run-scan";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { LinkButton } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { requireTenant } from "@/lib/auth/current";
import { getOverview } from "@/lib/dashboard/overview";
import { describeCadence, formatScore, TRIGGER_LABELS } from "@/lib/dashboard/format";

export const metadata: Metadata = { title: "Overview" };

const SEVERITIES = ["critical", "high", "medium", "low"] as const;
const LABEL = { compliance: "Compliance", exposure: "Exposure" } as const;
const SKELETON_TYPES = ["compliance", "exposure"] as const;

export default async function OverviewPage() {
  const { session, membership, can } = await requireTenant("/dashboard");
  if (membership.connectionStatus === "pending") redirect("/dashboard/onboarding");
  return (
    <div className="space-y-6">
      <PageHeader
        title="Overview"
        description={membership.tenantName}
        actions={
          <>
            {session.memberships.length > 1 && (
              <LinkButton href="/dashboard/fleet" variant="secondary">
                All tenants ({session.memberships.length})
              </LinkButton>
            )}
            {!can("scans:write") && <Badge>Read-only: {membership.role}</Badge>}
          </>
        }
      />
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
      {/* The frame above needs only the session; the history streams in behind it, so the header, navigation and the
          Run scan control appear at once however long the history is (the skeleton keeps its place: no layout shift). */}
      <Suspense fallback={<OverviewSkeleton />}>
        <OverviewBody tenantId={membership.tenantId} canRunScans={can("scans:write")} canEditSchedules={can("schedules:write")} />
      </Suspense>
    </div>
  );
}

async function OverviewBody({ tenantId, canRunScans, canEditSchedules }: { tenantId: string; canRunScans: boolean; canEditSchedules: boolean }) {
  const { types, recent, schedules } = await getOverview(tenantId);
  const upcoming = schedules.filter((s) => s.enabled && s.nextRunAt).sort((a, b) => a.nextRunAt!.getTime() - b.nextRunAt!.getTime()).slice(0, 4);
  return (
    <>
      <div className="grid gap-6 lg:grid-cols-2">
        {types.map((t) => (
          <Card
            key={t.scanType}
            title={`${LABEL[t.scanType]} score`}
            description={t.latest ? <>Latest scan <LocalTime value={t.latest.startedAt.toISOString()} /></> : "No completed scan yet"}
            actions={
              t.latest ? (
                <Link href={`/dashboard/scans/${t.latest.id}`} className="text-sm font-medium text-sky-800 hover:underline">
                  Open scan
                </Link>
              ) : undefined
            }
          >
            <div className="flex flex-wrap items-end gap-x-6 gap-y-3" data-testid={`${t.scanType}-summary`}>
              <div>
                <p className="text-4xl font-semibold tabular-nums text-slate-900" data-testid={`${t.scanType}-score`}>
                  {formatScore(t.latest?.score)}
                </p>
                <ScoreChange change={t.change} />
              </div>
              <div className="flex flex-wrap gap-2" aria-label="Failing checks by severity">
                {SEVERITIES.map((s) => (
                  <span key={s} className="inline-flex items-center gap-1 text-sm text-slate-700">
                    <SeverityBadge severity={s} /> <span className="tabular-nums">{t.failingBySeverity[s]}</span>
                  </span>
                ))}
              </div>
            </div>
            <div className="mt-4">
              <ScoreChart points={t.history} label={LABEL[t.scanType]} id={t.scanType} historyHref={`/dashboard/scans?type=${t.scanType}&status=completed`} />
            </div>
            <div className="mt-4 border-t border-slate-100 pt-4">
              <h3 className="mb-2 text-sm font-semibold text-slate-900">What changed since the previous scan</h3>
              {t.drift ? <DriftSummary drift={t.drift} /> : <p className="text-sm text-slate-500">Run {t.scanType === "exposure" ? "an" : "a"} {t.scanType} scan to start the history.</p>}
            </div>
          </Card>
        ))}
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Latest scans" actions={<Link className="text-sm font-medium text-sky-800 hover:underline" href="/dashboard/scans">All scans</Link>}>
          {recent.length === 0 ? (
            <EmptyState title="No scans yet">{canRunScans ? "Run the first scan above." : "An admin can run the first scan."}</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="latest-scans">
              {recent.map((s) => (
                <li key={s.id}>
                  <Link href={`/dashboard/scans/${s.id}`} className="flex flex-wrap items-center gap-3 py-2 text-sm hover:bg-slate-50">
                    <span className="w-24 font-medium capitalize text-slate-900">{s.scanType}</span>
                    <ScanStatusBadge status={s.status} />
                    <span className="text-slate-600">
                      <LocalTime value={s.startedAt.toISOString()} />
                    </span>
                    <span className="text-xs text-slate-500">{TRIGGER_LABELS[s.trigger]}</span>
                    <span className="ml-auto font-mono tabular-nums text-slate-900">{s.status === "completed" ? formatScore(s.score) : "—"}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Next scheduled runs" actions={<Link className="text-sm font-medium text-sky-800 hover:underline" href="/dashboard/schedules">Schedules</Link>}>
          {upcoming.length === 0 ? (
            <EmptyState title="Nothing scheduled">Every schedule is paused. {canEditSchedules ? "Resume one or create a new one." : ""}</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {upcoming.map((s) => (
                <li key={s.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
                  <span className="min-w-0 flex-1 truncate font-medium text-slate-900">
                    {s.name} {s.isPlanSchedule && <Badge tone="sky">plan</Badge>}
                  </span>
                  <span className="text-slate-700">
                    <LocalTime value={s.nextRunAt!.toISOString()} titleZone={s.timezone} />
                  </span>
                  <span className="w-full text-xs text-slate-500">{describeCadence(s)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}

/** The overview's cards at their rendered size while the history loads. */
function OverviewSkeleton() {
  const block = "animate-pulse rounded bg-slate-100";
  return (
    <div className="space-y-6" aria-busy="true" aria-label="Loading the overview">
      <div className="grid gap-6 lg:grid-cols-2">
        {SKELETON_TYPES.map((t) => (
          <Card key={t} title={`${LABEL[t]} score`} description="Loading…">
            <div className={`h-14 w-40 ${block}`} />
            <div className={`mt-4 aspect-[640/220] w-full ${block}`} />
            <div className={`mt-5 h-4 w-48 ${block}`} />
            <div className="mt-4 border-t border-slate-100 pt-4">
              <div className={`h-16 ${block}`} />
            </div>
          </Card>
        ))}
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        {["Latest scans", "Next scheduled runs"].map((title) => (
          <Card key={title} title={title}>
            <div className={`h-48 ${block}`} />
          </Card>
        ))}
      </div>
    </div>
  );
}
