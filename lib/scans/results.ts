import "server-only";
import { getDb } from "@/lib/db";
import type { CheckResult, Scan } from "@/lib/generated/prisma/client";
import { findCheckInfo } from "@/lib/scans/checks/catalog";
import { compareFindings, type Finding } from "@/lib/scans/findings";
import { getScanOrThrow } from "@/lib/scans/service";

/**
 * A scan's findings: its stored check results joined with the catalog's metadata. A scan has at most a few hundred
 * results, so filtering by catalog fields (category, framework) happens here after one indexed query.
 */

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
    object_kind: info?.object_kind ?? null,
  };
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
