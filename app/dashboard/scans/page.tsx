import type { Metadata } from "next";
import Link from "next/link";
import { ScanStatusBadge } from "@/components/scans/badges";
import { LiveProgress } from "@/components/scans/live-progress";
import { RunScan } from "@/components/scans/run-scan";
import { buttonClasses } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { Pagination } from "@/components/ui/pagination";
import { requireTenant } from "@/lib/auth/current";
import { formatDuration, formatScore, TRIGGER_LABELS } from "@/lib/dashboard/format";
import { listScansQuerySchema } from "@/lib/scans/schemas";
import { toScanResource } from "@/lib/scans/serialize";
import { listScans } from "@/lib/scans/service";

export const metadata: Metadata = { title: "Scans" };

const PAGE_SIZE = 20;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ScansPage({ searchParams }: { searchParams: SearchParams }) {
  const { membership, can } = await requireTenant("/dashboard/scans");
  const raw = await searchParams;
  const one = (k: string) => (typeof raw[k] === "string" && raw[k] !== "" ? (raw[k] as string) : undefined);
  // Filters live in the URL (shareable); values the API would refuse fall back to "all".
  const parsed = listScansQuerySchema.safeParse({ page: one("page"), limit: String(PAGE_SIZE), status: one("status"), scan_type: one("type") });
  const query = parsed.success ? parsed.data : { page: 1, limit: PAGE_SIZE, status: undefined, scan_type: undefined };
  const { scans, total } = await listScans(membership.tenantId, query);
  const resources = scans.map(toScanResource);
  const href = (page: number) => {
    const p = new URLSearchParams();
    if (query.scan_type) p.set("type", query.scan_type);
    if (query.status) p.set("status", query.status);
    if (page > 1) p.set("page", String(page));
    const qs = p.toString();
    return `/dashboard/scans${qs ? `?${qs}` : ""}`;
  };
  return (
    <div className="space-y-6">
      <PageHeader title="Scans" description={`${membership.tenantName} — every scan, newest first.`} />
      {can("scans:write") && membership.connectionStatus === "connected" && (
        <Card>
          <RunScan />
        </Card>
      )}
      <Card>
        <form method="get" action="/dashboard/scans" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter scans">
          <label className="text-sm">
            <span className="block font-medium text-slate-800">Type</span>
            <Select name="type" defaultValue={query.scan_type ?? ""} className="mt-1 w-40">
              <option value="">All types</option>
              <option value="compliance">Compliance</option>
              <option value="exposure">Exposure</option>
            </Select>
          </label>
          <label className="text-sm">
            <span className="block font-medium text-slate-800">Status</span>
            <Select name="status" defaultValue={query.status ?? ""} className="mt-1 w-40">
              <option value="">All statuses</option>
              <option value="in_progress">In progress</option>
              <option value="completed">Completed</option>
              <option value="failed">Failed</option>
            </Select>
          </label>
          <button type="submit" className={buttonClasses("secondary", "md")}>
            Apply
          </button>
          {(query.scan_type || query.status) && (
            <Link href="/dashboard/scans" className="py-2 text-sm text-slate-600 underline">
              Clear filters
            </Link>
          )}
        </form>
        {resources.length === 0 ? (
          <EmptyState title={query.scan_type || query.status ? "No scans match these filters" : "No scans yet"}>
            {can("scans:write") ? "Start one with the buttons above; scheduled scans appear here too." : "Scheduled and manual scans appear here."}
          </EmptyState>
        ) : (
          <>
          <ul className="divide-y divide-slate-100 md:hidden" aria-label="Scans">
            {resources.map((s) => (
              <li key={s.id} className="py-3">
                <Link href={`/dashboard/scans/${s.id}`} className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <span className="font-medium capitalize text-sky-800">{s.scan_type}</span>
                  {s.status === "in_progress" ? <LiveProgress scan={s} /> : <ScanStatusBadge status={s.status} />}
                  <span className="ml-auto font-mono tabular-nums text-slate-900">{formatScore(s.score)}</span>
                  <span className="w-full text-xs text-slate-600">
                    <LocalTime value={s.started_at} /> · {TRIGGER_LABELS[s.trigger]}
                    {s.pass_count !== null && ` · ${s.pass_count} pass / ${s.fail_count} fail / ${s.skip_count} skip`}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          <div className="-mx-5 hidden overflow-x-auto md:block">
            <table className="min-w-full text-left text-sm" data-testid="scan-table">
              <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  {["Type", "Status", "Trigger", "Started", "Duration", "Pass / fail / skip", "Score"].map((h) => (
                    <th key={h} scope="col" className="whitespace-nowrap px-5 py-2 font-medium">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {resources.map((s) => (
                  <tr key={s.id} data-testid="scan-row" data-status={s.status} data-scan-id={s.id} className="hover:bg-slate-50">
                    <td className="whitespace-nowrap px-5 py-2.5 font-medium capitalize">
                      <Link href={`/dashboard/scans/${s.id}`} className="text-sky-800 hover:underline">
                        {s.scan_type}
                      </Link>
                    </td>
                    <td className="whitespace-nowrap px-5 py-2.5">{s.status === "in_progress" ? <LiveProgress scan={s} /> : <ScanStatusBadge status={s.status} />}</td>
                    <td className="px-5 py-2.5 text-slate-600">{TRIGGER_LABELS[s.trigger]}</td>
                    <td className="px-5 py-2.5 text-slate-700">
                      <LocalTime value={s.started_at} />
                    </td>
                    <td className="px-5 py-2.5 tabular-nums text-slate-700">{s.completed_at ? formatDuration(Date.parse(s.completed_at) - Date.parse(s.started_at)) : "—"}</td>
                    <td className="whitespace-nowrap px-5 py-2.5 tabular-nums text-slate-700">
                      {s.pass_count === null ? "—" : `${s.pass_count} / ${s.fail_count} / ${s.skip_count}`}
                    </td>
                    <td className="px-5 py-2.5 font-mono tabular-nums text-slate-900">{formatScore(s.score)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          </>
        )}
        {total > 0 && <Pagination page={query.page} limit={PAGE_SIZE} total={total} href={href} />}
      </Card>
    </div>
  );
}
