"use client";

import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AcceptRiskForm } from "@/components/scans/accept-risk-form";
import { ResultBadge, SeverityBadge } from "@/components/scans/badges";
import { EvidenceView } from "@/components/scans/evidence-view";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/field";
import { filterFindings, type Finding } from "@/lib/scans/findings";
import { SEVERITY_ORDER, STATUS_ORDER } from "@/lib/scans/schemas";

type Filters = { status: string; severity: string; category: string; framework: string; q: string };
const KEYS: (keyof Filters)[] = ["status", "severity", "category", "framework", "q"];

/** Conditional Access near misses (conditional-access/coverage.ts) that exclude undeclared users or groups. */
function excludesUndeclaredObjects(evidence: unknown): boolean {
  const nearMisses = (evidence as { nearMisses?: unknown } | null)?.nearMisses;
  if (!Array.isArray(nearMisses)) return false;
  return nearMisses.some((m: { excludes?: { users?: unknown[]; groups?: unknown[] } } | null) => (m?.excludes?.users?.length ?? 0) + (m?.excludes?.groups?.length ?? 0) > 0);
}

export type FindingsUrlState = Partial<Filters> & { finding?: string };

/** Keeps filters and the open finding in the URL (shareable) without a server round trip. */
function writeUrl(filters: Filters, finding: string | null) {
  const params = new URLSearchParams();
  for (const k of KEYS) if (filters[k]) params.set(k, filters[k]);
  if (finding) params.set("finding", finding);
  const qs = params.toString();
  window.history.replaceState(null, "", `${window.location.pathname}${qs ? `?${qs}` : ""}`);
}

const SKIP_REASONS: Record<string, string> = {
  missing_permission: "missing permission",
  not_licensed: "not licensed",
  not_available_in_cloud: "not available in this cloud",
  not_applicable: "not applicable",
  accepted_risk: "accepted risk",
};

type RiskProps = { tenantId: string; canAcceptRisk: boolean };

function FindingPanel({
  finding,
  index,
  count,
  onStep,
  onClose,
  risk,
}: {
  finding: Finding;
  index: number;
  count: number;
  onStep: (delta: number) => void;
  onClose: () => void;
  risk: RiskProps;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [accepting, setAccepting] = useState(false);
  useEffect(() => {
    heading.current?.focus();
  }, [finding.check_id]);
  // On the document, not the dialog: keys must work even when focus fell back to the page (a control unmounted).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") return onClose();
      if ((e.target as HTMLElement | null)?.closest?.("input, select, textarea")) return;
      if (e.key === "ArrowRight") onStep(1);
      if (e.key === "ArrowLeft") onStep(-1);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose, onStep]);
  const frameworks = [...finding.frameworks.cis.map((c) => `CIS ${c}`), ...finding.frameworks.scuba];
  return (
    <div className="fixed inset-0 z-40 flex justify-end bg-slate-900/30" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="finding-title"
        data-testid="finding-panel"
        className="flex h-full w-full max-w-2xl flex-col overflow-y-auto bg-white shadow-xl"
        onClick={(e) => e.stopPropagation()}
      >
        <div className="sticky top-0 flex items-center gap-2 border-b border-slate-200 bg-white px-5 py-3">
          <span className="text-xs text-slate-500">
            {index + 1} of {count}
          </span>
          <div className="ml-auto flex gap-2">
            <Button variant="secondary" size="sm" onClick={() => onStep(-1)} disabled={index === 0} aria-label="Previous finding (←)">
              ← Previous
            </Button>
            <Button variant="secondary" size="sm" onClick={() => onStep(1)} disabled={index === count - 1} aria-label="Next finding (→)">
              Next →
            </Button>
            <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close">
              ✕
            </Button>
          </div>
        </div>
        <div className="space-y-5 px-5 py-5">
          <div>
            <p className="font-mono text-xs text-slate-500">
              {finding.check_id} · {finding.category}
            </p>
            <h2 id="finding-title" ref={heading} tabIndex={-1} className="mt-1 text-lg font-semibold text-slate-900 focus:outline-none">
              {finding.title}
            </h2>
            <div className="mt-2 flex flex-wrap gap-2">
              <SeverityBadge severity={finding.severity} />
              <ResultBadge status={finding.status} />
              {finding.skip_reason && <span className="text-xs text-slate-600">{SKIP_REASONS[finding.skip_reason] ?? finding.skip_reason}</span>}
            </div>
          </div>
          <section>
            <h3 className="text-sm font-semibold text-slate-900">What we found</h3>
            <p className="mt-1 text-sm text-slate-700">{finding.message}</p>
          </section>
          <section>
            <h3 className="text-sm font-semibold text-slate-900">Evidence</h3>
            <div className="mt-2 rounded-md border border-slate-200 p-3">
              <EvidenceView evidence={finding.evidence} />
            </div>
          </section>
          {finding.skip_reason === "accepted_risk" && (
            <section className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="accepted-risk">
              This result is covered by an accepted risk ({((finding.evidence as { exception_ids?: string[] } | null)?.exception_ids ?? []).join(", ")}).{" "}
              <Link className="underline" href="/dashboard/settings/exceptions">
                Review accepted risks
              </Link>
            </section>
          )}
          {finding.status === "fail" && excludesUndeclaredObjects(finding.evidence) && (
            <section className="rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900" data-testid="break-glass-hint">
              A policy here excludes accounts or groups that are not declared as break-glass. If they are your emergency-access accounts,{" "}
              <Link className="underline" href="/dashboard/settings/break-glass">
                declare them
              </Link>
              ; otherwise remove the exclusion from the policy.
            </section>
          )}
          {finding.status === "fail" && risk.canAcceptRisk && (
            <section>
              <h3 className="text-sm font-semibold text-slate-900">Accept the risk</h3>
              <div className="mt-2">
                {accepting ? (
                  <AcceptRiskForm key={finding.check_id} finding={finding} tenantId={risk.tenantId} onDone={() => setAccepting(false)} />
                ) : (
                  <Button variant="secondary" size="sm" onClick={() => setAccepting(true)}>
                    Accept risk…
                  </Button>
                )}
              </div>
            </section>
          )}
          {finding.remediation && (
            <section>
              <h3 className="text-sm font-semibold text-slate-900">How to fix it</h3>
              <p className="mt-1 whitespace-pre-line text-sm text-slate-700">{finding.remediation}</p>
            </section>
          )}
          {frameworks.length > 0 && (
            <section>
              <h3 className="text-sm font-semibold text-slate-900">Frameworks</h3>
              <ul className="mt-1 flex flex-wrap gap-2">
                {frameworks.map((f) => (
                  <li key={f} className="rounded border border-slate-200 px-2 py-0.5 font-mono text-xs text-slate-700">
                    {f}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      </div>
    </div>
  );
}

/**
 * A scan's findings: grouped by category (groups ordered by their worst finding), sorted by severity then outcome,
 * filtered by status, severity, category and framework, searchable by id or title. A finding opens in a panel that
 * steps with ← / →.
 */
export function FindingsExplorer({ findings, initial = {}, risk }: { findings: Finding[]; initial?: FindingsUrlState; risk: RiskProps }) {
  const [filters, setFilters] = useState<Filters>({
    status: initial.status ?? "",
    severity: initial.severity ?? "",
    category: initial.category ?? "",
    framework: initial.framework ?? "",
    q: initial.q ?? "",
  });
  const [open, setOpen] = useState<string | null>(initial.finding ?? null);
  const opener = useRef<HTMLElement | null>(null);

  const categories = useMemo(() => [...new Set(findings.map((f) => f.category))].sort(), [findings]);
  const frameworks = useMemo(() => {
    const ids = new Set<string>();
    for (const f of findings) {
      for (const c of f.frameworks.cis) ids.add(`CIS ${c}`);
      for (const s of f.frameworks.scuba) ids.add(s);
    }
    return [...ids].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  }, [findings]);

  const visible = useMemo(() => {
    const q = filters.q.trim().toLowerCase();
    const matched = filterFindings(findings, {
      status: (filters.status || undefined) as Finding["status"] | undefined,
      severity: (filters.severity || undefined) as Finding["severity"] | undefined,
      category: filters.category || undefined,
      framework: filters.framework || undefined,
    });
    return q ? matched.filter((f) => f.check_id.toLowerCase().includes(q) || f.title.toLowerCase().includes(q)) : matched;
  }, [findings, filters]);

  const groups = useMemo(() => {
    const byCategory = new Map<string, Finding[]>();
    for (const f of visible) byCategory.set(f.category, [...(byCategory.get(f.category) ?? []), f]);
    return [...byCategory.entries()];
  }, [visible]);
  const ordered = useMemo(() => groups.flatMap(([, list]) => list), [groups]);

  const update = (patch: Partial<Filters>) => {
    const next = { ...filters, ...patch };
    setFilters(next);
    writeUrl(next, open);
  };
  const show = useCallback(
    (checkId: string | null) => {
      setOpen(checkId);
      writeUrl(filters, checkId);
      if (checkId === null) opener.current?.focus();
    },
    [filters],
  );
  const index = open ? ordered.findIndex((f) => f.check_id === open) : -1;
  const current = index >= 0 ? ordered[index]! : open ? findings.find((f) => f.check_id === open) : undefined;

  const counts = Object.fromEntries(STATUS_ORDER.map((s) => [s, findings.filter((f) => f.status === s).length]));
  return (
    <div>
      <div className="mb-4 flex flex-wrap gap-2" role="group" aria-label="Quick filters">
        {STATUS_ORDER.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={filters.status === s}
            onClick={() => update({ status: filters.status === s ? "" : s })}
            className={`rounded-full border px-3 py-1 text-sm focus-visible:outline-2 focus-visible:outline-sky-600 ${
              filters.status === s ? "border-sky-700 bg-sky-700 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"
            }`}
          >
            {s === "fail" ? "Failing" : s === "pass" ? "Passing" : s === "skip" ? "Skipped" : "Errors"} ({counts[s]})
          </button>
        ))}
      </div>
      <div className="mb-5 grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <label className="text-sm lg:col-span-2">
          <span className="block font-medium text-slate-800">Search</span>
          <Input className="mt-1" type="search" placeholder="Check id or title" value={filters.q} onChange={(e) => update({ q: e.target.value })} />
        </label>
        <label className="text-sm">
          <span className="block font-medium text-slate-800">Severity</span>
          <Select className="mt-1" value={filters.severity} onChange={(e) => update({ severity: e.target.value })}>
            <option value="">All severities</option>
            {SEVERITY_ORDER.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </label>
        <label className="text-sm">
          <span className="block font-medium text-slate-800">Category</span>
          <Select className="mt-1" value={filters.category} onChange={(e) => update({ category: e.target.value })}>
            <option value="">All categories</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
        </label>
        <label className="text-sm">
          <span className="block font-medium text-slate-800">Framework</span>
          <Select className="mt-1" value={filters.framework} onChange={(e) => update({ framework: e.target.value })}>
            <option value="">Any framework</option>
            <option value="cis">CIS (all)</option>
            <option value="scuba">SCuBA (all)</option>
            {frameworks.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </Select>
        </label>
      </div>
      {ordered.length === 0 ? (
        <EmptyState
          title="No findings match"
          action={
            <Button variant="secondary" onClick={() => update({ status: "", severity: "", category: "", framework: "", q: "" })}>
              Clear filters
            </Button>
          }
        />
      ) : (
        <div className="space-y-6" data-testid="findings">
          {groups.map(([category, list]) => (
            <section key={category} aria-labelledby={`cat-${category}`}>
              <h3 id={`cat-${category}`} className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
                {category} <span className="font-normal">({list.length})</span>
              </h3>
              <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
                {list.map((f) => (
                  <li key={f.check_id}>
                    <button
                      type="button"
                      data-testid="finding-row"
                      data-check-id={f.check_id}
                      data-status={f.status}
                      onClick={(e) => {
                        opener.current = e.currentTarget;
                        show(f.check_id);
                      }}
                      className="flex w-full flex-col gap-1 px-4 py-3 text-left hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 sm:flex-row sm:items-center sm:gap-3"
                    >
                      <span className="flex shrink-0 items-center gap-2 sm:w-32">
                        <SeverityBadge severity={f.severity} />
                        <ResultBadge status={f.status} />
                      </span>
                      <span className="min-w-0 flex-1">
                        <span className="block truncate font-medium text-slate-900">
                          <span className="font-mono text-xs text-slate-500">{f.check_id}</span> {f.title}
                        </span>
                        <span className="block truncate text-sm text-slate-600">{f.message}</span>
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
      {current && (
        <FindingPanel
          finding={current}
          index={Math.max(0, index)}
          count={Math.max(ordered.length, 1)}
          onStep={(delta) => {
            const next = ordered[index + delta];
            if (next) show(next.check_id);
          }}
          onClose={() => show(null)}
          risk={risk}
        />
      )}
    </div>
  );
}
