import type { Metadata } from "next";
import Link from "next/link";
import { ScoreChange, SeverityBadge } from "@/components/scans/badges";
import { OpenTenantButton } from "@/components/shell/open-tenant-button";
import { ConnectionBadge, RoleBadge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { requireSession } from "@/lib/auth/current";
import { getFleet, type FleetRow } from "@/lib/dashboard/fleet";
import { formatScore } from "@/lib/dashboard/format";

export const metadata: Metadata = { title: "All tenants" };

const SORTS = {
  name: (r: FleetRow) => r.name.toLowerCase(),
  compliance: (r: FleetRow) => r.compliance?.score ?? -1,
  exposure: (r: FleetRow) => r.exposure?.score ?? -1,
  failing: (r: FleetRow) => r.failing.critical * 1000 + r.failing.high * 100 + r.failing.medium * 10 + r.failing.low,
  last: (r: FleetRow) => r.lastScanAt?.getTime() ?? 0,
  next: (r: FleetRow) => r.nextRunAt?.getTime() ?? Number.MAX_SAFE_INTEGER,
} as const;
type SortKey = keyof typeof SORTS;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function FleetPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requireSession("/dashboard/fleet");
  const raw = await searchParams;
  const sort: SortKey = typeof raw.sort === "string" && raw.sort in SORTS ? (raw.sort as SortKey) : "failing";
  const dir = raw.dir === "asc" || raw.dir === "desc" ? raw.dir : sort === "name" || sort === "next" || sort === "compliance" || sort === "exposure" ? "asc" : "desc";
  const rows = await getFleet(session.memberships.map((m) => m.tenantId));
  const key = SORTS[sort];
  rows.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const c = x < y ? -1 : x > y ? 1 : a.name.localeCompare(b.name);
    return dir === "asc" ? c : -c;
  });
  const role = new Map(session.memberships.map((m) => [m.tenantId, m.role]));
  const header = (k: SortKey, label: string) => {
    const active = sort === k;
    const next = active && dir === "asc" ? "desc" : "asc";
    return (
      <th scope="col" className="whitespace-nowrap px-4 py-2 font-medium" aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}>
        <Link href={`/dashboard/fleet?sort=${k}&dir=${next}`} className="hover:text-slate-900">
          {label} {active ? (dir === "asc" ? "↑" : "↓") : ""}
        </Link>
      </th>
    );
  };
  return (
    <div>
      <PageHeader title="All tenants" description={`${rows.length} tenants you belong to. Open one to work in it; the header's switcher does the same.`} />
      <Card>
        <div className="-mx-5 overflow-x-auto">
          <table className="min-w-full text-left text-sm" data-testid="fleet-table">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                {header("name", "Tenant")}
                {header("compliance", "Compliance")}
                {header("exposure", "Exposure")}
                {header("failing", "Failing")}
                {header("last", "Last scan")}
                {header("next", "Next scan")}
                <th scope="col" className="px-4 py-2 font-medium">
                  Connection
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.tenantId} data-testid="fleet-row" data-tenant-id={r.tenantId}>
                  <td className="px-4 py-3">
                    <OpenTenantButton tenantId={r.tenantId} name={r.name} />
                    <span className="ml-2">
                      <RoleBadge role={role.get(r.tenantId) ?? "viewer"} />
                    </span>
                  </td>
                  {(["compliance", "exposure"] as const).map((t) => (
                    <td key={t} className="whitespace-nowrap px-4 py-3">
                      <span className="font-mono tabular-nums text-slate-900">{formatScore(r[t]?.score)}</span>{" "}
                      {r[t] && r[t]!.change !== null && <ScoreChange change={r[t]!.change} />}
                    </td>
                  ))}
                  <td className="whitespace-nowrap px-4 py-3">
                    <span className="inline-flex gap-1.5">
                      {(["critical", "high", "medium", "low"] as const).map((s) => (
                        <span key={s} className="inline-flex items-center gap-0.5" title={`${r.failing[s]} ${s}`}>
                          <SeverityBadge severity={s} />
                          <span className="tabular-nums">{r.failing[s]}</span>
                        </span>
                      ))}
                    </span>
                  </td>
                  <td className="whitespace-nowrap px-4 py-3 text-slate-700">
                    <LocalTime value={r.lastScanAt?.toISOString()} fallback="never" />
                  </td>
                  <td className="whitespace-nowrap px-4 py-3 text-slate-700">
                    <LocalTime value={r.nextRunAt?.toISOString()} fallback="none scheduled" />
                  </td>
                  <td className="px-4 py-3">
                    <ConnectionBadge status={r.connectionStatus} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
