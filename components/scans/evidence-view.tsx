// Renders a finding's evidence — whatever shape the check stored — as lists and tables an admin can read, with
// links into the Entra / Microsoft 365 admin portals for the objects they name.
import type { ReactNode } from "react";

const ENTRA = "https://entra.microsoft.com/#view";
const MAX_COLUMNS = 6;
/** Names people recognise come first in tables; opaque ids last. */
const FIRST = ["displayName", "appDisplayName", "userPrincipalName", "name", "domain"];
const columnRank = (key: string) => (FIRST.includes(key) ? FIRST.indexOf(key) : /id$/i.test(key) ? 100 : 50);

/** A portal link for an object the evidence names, when one exists (global cloud portals). */
export function portalLink(row: Record<string, unknown>, parentKey = ""): { href: string; label: string } | null {
  const str = (k: string) => (typeof row[k] === "string" ? (row[k] as string) : null);
  if (str("appId")) return { href: `${ENTRA}/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${encodeURIComponent(str("appId")!)}`, label: "Open in Entra" };
  if (str("userPrincipalName") && str("id")) return { href: `${ENTRA}/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/overview/userId/${encodeURIComponent(str("id")!)}`, label: "Open in Entra" };
  const caState = ["enabled", "disabled", "enabledForReportingButNotEnforced"].includes(str("state") ?? "");
  const policyId = str("policyId") ?? (/polic/i.test(parentKey) || (caState && str("displayName")) ? str("id") : null);
  if (policyId) return { href: `${ENTRA}/Microsoft_AAD_ConditionalAccess/PolicyBlade/policyId/${encodeURIComponent(policyId)}`, label: "Open in Entra" };
  if (str("domain")) return { href: `https://admin.microsoft.com/#/Domains/Details/${encodeURIComponent(str("domain")!)}`, label: "Open in Microsoft 365 admin" };
  return null;
}

function humanize(key: string): string {
  return key
    .replace(/_/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/^./, (c) => c.toUpperCase());
}

function Scalar({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-slate-400">—</span>;
  if (typeof value === "boolean") return <span className="font-mono text-xs">{value ? "true" : "false"}</span>;
  if (typeof value === "number") return <span className="tabular-nums">{value}</span>;
  return <span className="break-words">{String(value)}</span>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function Value({ value, parentKey }: { value: unknown; parentKey: string }): ReactNode {
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-slate-400">none</span>;
    if (value.every(isPlainObject)) return <ObjectTable rows={value} parentKey={parentKey} />;
    return <span className="break-words">{value.map((v) => (isPlainObject(v) || Array.isArray(v) ? JSON.stringify(v) : String(v))).join(", ")}</span>;
  }
  if (isPlainObject(value)) return <Fields object={value} />;
  return <Scalar value={value} />;
}

function ObjectTable({ rows, parentKey }: { rows: Record<string, unknown>[]; parentKey: string }) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort((a, b) => columnRank(a) - columnRank(b)).slice(0, MAX_COLUMNS);
  const links = rows.map((r) => portalLink(r, parentKey));
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-xs">
        <thead className="text-slate-500">
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className="whitespace-nowrap py-1 pr-3 font-medium">
                {humanize(c)}
              </th>
            ))}
            {links.some(Boolean) && <th scope="col" className="sr-only">Link</th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c} className="max-w-[16rem] py-1 pr-3 align-top">
                  <Value value={row[c]} parentKey={c} />
                </td>
              ))}
              {links.some(Boolean) && (
                <td className="whitespace-nowrap py-1 align-top">
                  {links[i] && (
                    <a href={links[i]!.href} target="_blank" rel="noopener noreferrer" className="text-sky-800 underline">
                      {links[i]!.label}
                    </a>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Fields({ object }: { object: Record<string, unknown> }) {
  const entries = Object.entries(object).filter(([k]) => k !== "truncated" && k !== "total");
  return (
    <dl className="space-y-2">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt className="text-xs font-medium text-slate-500">{humanize(key)}</dt>
          <dd className="mt-0.5 text-sm text-slate-900">
            <Value value={value} parentKey={key} />
          </dd>
        </div>
      ))}
      {object.truncated === true && (
        <p className="text-xs text-amber-800">
          Shortened: {typeof object.total === "number" ? `${object.total} in all, ` : ""}the full list is in the tenant.
        </p>
      )}
    </dl>
  );
}

export function EvidenceView({ evidence }: { evidence: unknown }) {
  if (evidence === null || evidence === undefined || (isPlainObject(evidence) && Object.keys(evidence).length === 0)) {
    return <p className="text-sm text-slate-500">No evidence recorded for this result.</p>;
  }
  return (
    <div data-testid="evidence">
      <Value value={evidence} parentKey="" />
    </div>
  );
}
