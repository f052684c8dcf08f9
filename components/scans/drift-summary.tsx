import Link from "next/link";
import type { Drift, DriftEntry } from "@/lib/scans/drift";
import { SeverityBadge } from "@/components/scans/badges";

function EntryList({ title, entries, scanId, tone }: { title: string; entries: DriftEntry[]; scanId: string; tone: string }) {
  if (entries.length === 0) return null;
  return (
    <div>
      <h4 className={`text-xs font-semibold uppercase tracking-wide ${tone}`}>
        {title} ({entries.length})
      </h4>
      <ul className="mt-1 space-y-1">
        {entries.map((e) => (
          <li key={e.check_id} className="flex items-center gap-2 text-sm">
            <SeverityBadge severity={e.severity} />
            <Link href={`/dashboard/scans/${scanId}?finding=${e.check_id}`} className="min-w-0 truncate text-slate-800 hover:underline">
              <span className="font-mono text-xs text-slate-500">{e.check_id}</span> {e.title}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Newly failing and newly passing checks (and other changes) of a scan against the one it is compared with. */
export function DriftSummary({ drift, emptyText = "Nothing changed since the previous scan." }: { drift: Drift; emptyText?: string }) {
  if (!drift.against_scan_id) return <p className="text-sm text-slate-500">This is the first completed scan of its type: the next one shows what changed.</p>;
  const changed = drift.newly_failing.length + drift.newly_passing.length + drift.other_changes.length + drift.new.length + drift.removed.length;
  if (changed === 0) return <p className="text-sm text-slate-600">{emptyText}</p>;
  return (
    <div className="space-y-3" data-testid="drift-summary">
      <EntryList title="Newly failing" entries={drift.newly_failing} scanId={drift.scan_id} tone="text-red-700" />
      <EntryList title="Newly passing" entries={drift.newly_passing} scanId={drift.scan_id} tone="text-emerald-700" />
      <EntryList title="Other changes" entries={drift.other_changes} scanId={drift.scan_id} tone="text-slate-600" />
      <EntryList title="New checks" entries={drift.new} scanId={drift.scan_id} tone="text-slate-600" />
      <EntryList title="Removed checks" entries={drift.removed} scanId={drift.scan_id} tone="text-slate-600" />
    </div>
  );
}
