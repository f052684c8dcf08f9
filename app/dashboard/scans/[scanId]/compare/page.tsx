import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DriftSummary } from "@/components/scans/drift-summary";
import { ScanBreadcrumb } from "@/components/scans/scan-breadcrumb";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { AppError } from "@/lib/api/errors";
import { paramProblem } from "@/lib/api/input";
import { requireTenant } from "@/lib/auth/current";
import { formatScore } from "@/lib/dashboard/format";
import { getDrift } from "@/lib/scans/drift";
import { getScanOrThrow } from "@/lib/scans/service";

export const metadata: Metadata = { title: "Compare scans" };

type Params = Promise<{ scanId: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function CompareScansPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { scanId } = await params;
  const { against } = await searchParams;
  const { membership } = await requireTenant(`/dashboard/scans/${scanId}`);
  const againstId = typeof against === "string" && against ? against : undefined;
  // An id no scan can have (control characters, over-long) is not found, rather than a query PostgreSQL refuses.
  if (againstId && paramProblem(againstId)) notFound();
  let scans;
  let drift;
  try {
    scans = await Promise.all([getScanOrThrow(membership.tenantId, scanId), againstId ? getScanOrThrow(membership.tenantId, againstId) : null]);
    drift = await getDrift(membership.tenantId, scanId, againstId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    if (error instanceof AppError && error.code === "VALIDATION_ERROR") {
      return (
        <Alert tone="error" title="These scans cannot be compared">
          {error.message}. <Link className="underline" href={`/dashboard/scans/${scanId}`}>Back to the scan</Link>
        </Alert>
      );
    }
    throw error;
  }
  const [scan, other] = scans;
  return (
    <div className="space-y-6">
      <ScanBreadcrumb scanId={scan.id} compare />
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Compare two {scan.scanType} scans</h1>
      <div className="grid gap-4 sm:grid-cols-2">
        {[
          { label: "This scan", s: scan },
          { label: "Compared with", s: other },
        ].map(({ label, s }) => (
          <Card key={label} title={label}>
            {s ? (
              <p className="text-sm text-slate-700">
                <Link className="font-medium text-sky-800 hover:underline" href={`/dashboard/scans/${s.id}`}>
                  <LocalTime value={s.startedAt.toISOString()} />
                </Link>{" "}
                · score {formatScore(s.score)} · {s.failCount ?? 0} failing
              </p>
            ) : (
              <p className="text-sm text-slate-500">The previous completed scan{drift.against_scan_id ? "" : " (none yet)"}</p>
            )}
          </Card>
        ))}
      </div>
      <Card title="What changed">
        <DriftSummary drift={drift} emptyText="The two scans have the same outcome for every check." />
      </Card>
    </div>
  );
}
