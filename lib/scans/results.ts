import "server-only";
import { getDb } from "@/lib/db";
import type { CheckResult, Scan } from "@/lib/generated/prisma/client";
import { findCheckInfo } from "@/lib/scans/checks/catalog";
import type { z } from "zod";
import { SEVERITY_ORDER, STATUS_ORDER, type findingResourceSchema, type ResultFilter } from "@/lib/scans/schemas";
import { getScanOrThrow } from "@/lib/scans/service";

/**
 * A scan's findings: its stored check results joined with the catalog's metadata. A scan has at most a few hundred
 * results, so filtering by catalog fields (category, framework) happens here after one indexed query.
 */
export type Finding = z.infer<typeof findingResourceSchema>;

export function toFinding(r: Pick<CheckResult, "checkId" | "severity" | "status" | "message" | "evidence">): Finding {
  const info = findCheckInfo(r.checkId);
  const evidence = r.evidence as Record<string, unknown> | null;
  return {
    check_id: r.checkId,
    title: info?.title ?? r.checkId,
    category: info?.category ?? "Other",
    severity: r.severity,
    status: r.status,
    message: r.message,
    evidence: r.evidence ?? null,
    skip_reason: r.status === "skip" && evidence && typeof evidence.skip_reason === "string" ? evidence.skip_reason : null,
    frameworks: info?.frameworks ?? { cis: [], scuba: [] },
    remediation: info?.remediation ?? null,
  };
}

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

/** Every finding of one of the tenant's scans, sorted; another tenant's scan is NOT_FOUND. */
export async function listFindings(tenantId: string, scanId: string): Promise<{ scan: Scan; findings: Finding[] }> {
  const scan = await getScanOrThrow(tenantId, scanId);
  const rows = await getDb().checkResult.findMany({
    where: { tenantId, scanId: scan.id },
    select: { checkId: true, severity: true, status: true, message: true, evidence: true },
  });
  return { scan, findings: rows.map(toFinding).sort(compareFindings) };
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: quoted, quotes doubled, and a leading formula character neutralised (OWASP CSV injection). */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function findingsToCsv(findings: Finding[]): string {
  const header = ["check_id", "title", "category", "severity", "status", "message", "skip_reason", "cis", "scuba", "remediation", "evidence"];
  const lines = findings.map((f) =>
    [f.check_id, f.title, f.category, f.severity, f.status, f.message, f.skip_reason, f.frameworks.cis.join("; "), f.frameworks.scuba.join("; "), f.remediation, f.evidence]
      .map(csvField)
      .join(","),
  );
  return `${[header.join(","), ...lines].join("\r\n")}\r\n`;
}
