// Pure helpers over findings, shared by the API (lib/scans/results.ts) and the dashboard's client components.
import type { z } from "zod";
import { SEVERITY_ORDER, STATUS_ORDER, type findingResourceSchema, type ResultFilter } from "@/lib/scans/schemas";

export type Finding = z.infer<typeof findingResourceSchema>;

/** Severity first (critical → info), then outcome (fail, error, skip, pass), then check id. */
export function compareFindings(a: Pick<Finding, "severity" | "status" | "check_id">, b: Pick<Finding, "severity" | "status" | "check_id">): number {
  return (
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
    a.check_id.localeCompare(b.check_id, "en", { numeric: true })
  );
}

function matchesFramework(f: Finding, framework: string): boolean {
  const wanted = framework.trim().toLowerCase();
  if (wanted === "cis") return f.frameworks.cis.length > 0;
  if (wanted === "scuba") return f.frameworks.scuba.length > 0;
  const ids = [...f.frameworks.cis.map((c) => `cis ${c}`), ...f.frameworks.cis, ...f.frameworks.scuba].map((x) => x.toLowerCase());
  return ids.some((id) => id === wanted || id.startsWith(`${wanted}.`));
}

export function filterFindings(findings: Finding[], filter: ResultFilter): Finding[] {
  return findings.filter(
    (f) =>
      (!filter.status || f.status === filter.status) &&
      (!filter.severity || f.severity === filter.severity) &&
      (!filter.category || f.category.toLowerCase() === filter.category.toLowerCase()) &&
      (!filter.framework || matchesFramework(f, filter.framework)),
  );
}

