import type { Metadata } from "next";
import { ScanStatusBadge, SeverityBadge } from "@/components/scans/badges";
import { DriftSummary } from "@/components/scans/drift-summary";
import { ScanBreadcrumb } from "@/components/scans/scan-breadcrumb";
import { FindingsExplorer } from "@/components/scans/findings-explorer";
import { LiveProgress } from "@/components/scans/live-progress";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { requireTenant } from "@/lib/auth/current";
import { formatDuration, formatScore, TRIGGER_LABELS } from "@/lib/dashboard/format";
import { orNotFound } from "@/lib/dashboard/pages";
import { getDrift } from "@/lib/scans/drift";
import { listFindings } from "@/lib/scans/results";
import { toScanResource } from "@/lib/scans/serialize";
import { listCompletedScans } from "@/lib/scans/service";

export const metadata: Metadata = { title: "Scan" };

type Params = Promise<{ scanId: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ScanDetailPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { scanId } = await params;
  const raw = await searchParams;
  const { membership, can } = await requireTenant(`/dashboard/scans/${scanId}`);
  const { scan, findings } = await orNotFound(listFindings(membership.tenantId, scanId));
  const resource = toScanResource(scan);
  const completed = scan.status === "completed";
  const [drift, others] = completed
    ? await Promise.all([
        getDrift(membership.tenantId, scan.id),
        listCompletedScans(membership.tenantId, scan.scanType, { excludeId: scan.id }),
      ])
    : [null, []];
  const failing = findings.filter((f) => f.status === "fail");
  const str = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string) : undefined);
  return (
    <div className="space-y-6">
      <ScanBreadcrumb scanId={scan.id} />
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{scan.scanType === "compliance" ? "Compliance" : "Exposure"} scan</h1>
          <p className="mt-1 text-sm text-slate-600">
            {membership.tenantName} · started <LocalTime value={resource.started_at} /> · {TRIGGER_LABELS[scan.trigger]}
          </p>
        </div>
        {completed && (
          <div className="flex flex-wrap gap-2">
            <a href={`/scans/${scan.id}/results.csv`} download className={buttonClasses("secondary", "sm")}>
              Download CSV
            </a>
            <a href={`/scans/${scan.id}/results.json`} download className={buttonClasses("secondary", "sm")}>
              Download JSON
            </a>
          </div>
        )}
      </div>
      <Card>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6" data-testid="scan-header">
          <div>
            <dt className="text-xs font-medium uppercase text-slate-500">Score</dt>
            <dd className="text-3xl font-semibold tabular-nums text-slate-900">{formatScore(resource.score)}</dd>
          </div>
          <div>
            <dt className="text-xs font-medium uppercase text-slate-500">Status</dt>
            <dd className="mt-1">{scan.status === "in_progress" ? <LiveProgress scan={resource} /> : <ScanStatusBadge status={scan.status} />}</dd>
          </div>
          {(["pass", "fail", "skip"] as const).map((k) => (
            <div key={k}>
              <dt className="text-xs font-medium uppercase text-slate-500">{k === "pass" ? "Passed" : k === "fail" ? "Failed" : "Skipped"}</dt>
              <dd className="text-xl font-semibold tabular-nums text-slate-900">{resource[`${k}_count`] ?? "—"}</dd>
            </div>
          ))}
          <div>
            <dt className="text-xs font-medium uppercase text-slate-500">Duration</dt>
            <dd className="text-xl font-semibold tabular-nums text-slate-900">
              {resource.completed_at ? formatDuration(Date.parse(resource.completed_at) - Date.parse(resource.started_at)) : "—"}
            </dd>
          </div>
        </dl>
        {failing.length > 0 && (
          <div className="mt-4 flex flex-wrap gap-3 border-t border-slate-100 pt-3 text-sm text-slate-700" aria-label="Failing checks by severity">
            {(["critical", "high", "medium", "low"] as const).map((s) => (
              <span key={s} className="inline-flex items-center gap-1">
                <SeverityBadge severity={s} /> {failing.filter((f) => f.severity === s).length}
              </span>
            ))}
          </div>
        )}
      </Card>
      {resource.error && (
        <Alert tone="error" title={`The scan failed (${resource.error.code})`}>
          {resource.error.message}
        </Alert>
      )}
      {drift && (
        <Card
          title="Changes since the previous scan"
          actions={
            others.length > 0 ? (
              <form method="get" action={`/dashboard/scans/${scan.id}/compare`} className="flex items-center gap-2">
                <label htmlFor="against" className="sr-only">
                  Compare with
                </label>
                <Select id="against" name="against" className="w-56" defaultValue={drift.against_scan_id ?? undefined}>
                  {others.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC · {formatScore(o.score)}
                    </option>
                  ))}
                </Select>
                <button type="submit" className={buttonClasses("secondary", "sm")}>
                  Compare
                </button>
              </form>
            ) : undefined
          }
        >
          <DriftSummary drift={drift} />
        </Card>
      )}
      {findings.length > 0 ? (
        <Card title="Findings" description="By severity, then outcome. Open one for its evidence and how to fix it; ← and → step through them.">
          <FindingsExplorer
            findings={findings}
            risk={{ tenantId: membership.tenantId, canAcceptRisk: can("exceptions:write") }}
            initial={{ status: str("status"), severity: str("severity"), category: str("category"), framework: str("framework"), q: str("q"), finding: str("finding") }}
          />
        </Card>
      ) : (
        scan.status === "in_progress" && (
          <Card>
            <p className="text-sm text-slate-600">Findings appear when the scan completes.</p>
          </Card>
        )
      )}
    </div>
  );
}
