import type { CheckOutcome, DomainDnsRecords } from "@/lib/scans/checks/types";
import { listForMessage } from "@/lib/scans/checks/helpers";

/** Tag-value list (DMARC, DKIM): "k=v; k2 = v2" → Map with lower-cased keys and trimmed values. */
export function parseTags(record: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of record.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    if (key && !tags.has(key)) tags.set(key, part.slice(eq + 1).trim());
  }
  return tags;
}

/** "error": this domain could not be judged (a lookup the verdict needs failed). */
export type DomainVerdict = { outcome: "pass" | "fail" | "na" | "error"; finding: string } & Record<string, unknown>;
export type DomainResult = { domain: string } & DomainVerdict;

/**
 * Evaluates every email domain and folds the results: any fail → fail (even when another domain errored),
 * else any DNS error → error naming the domains, else pass. Domains a check does not apply to ("na") pass;
 * if none applies the check passes with a message saying so. No email domains at all → pass.
 */
export function evaluateEmailDomains(
  domains: readonly DomainDnsRecords[],
  verdict: (d: DomainDnsRecords) => DomainVerdict,
  /** `fail` gets "a.com (finding) and b.com (finding)" and returns a sentence without the final period. */
  text: { fail: (domains: string) => string; pass: string; noneApplicable: string; empty?: string },
): CheckOutcome {
  if (domains.length === 0) {
    return { status: "pass", message: text.empty ?? "No custom email domains, so there is nothing to check.", evidence: { domains: [] } };
  }
  const results: DomainResult[] = domains.map((d) =>
    d.error !== null ? { domain: d.domain, outcome: "error", finding: `DNS lookup failed: ${d.error}` } : { domain: d.domain, ...verdict(d) },
  );
  const evidence = { domains: results };
  const failed = results.filter((r) => r.outcome === "fail");
  const errored = results.filter((r) => r.outcome === "error");
  const erroredNames = listForMessage(errored.map((r) => r.domain));
  if (failed.length > 0) {
    const alsoErrored = errored.length > 0 ? `; DNS lookup also failed for ${erroredNames}` : "";
    const failedList = listForMessage(failed.map((r) => `${r.domain} (${r.finding})`), 3);
    return { status: "fail", message: `${text.fail(failedList)}${alsoErrored}.`, evidence };
  }
  if (errored.length > 0) {
    const pronoun = errored.length === 1 ? "it" : "they";
    return { status: "error", message: `DNS lookup failed for ${erroredNames}, so ${pronoun} could not be checked.`, evidence };
  }
  if (results.every((r) => r.outcome === "na")) return { status: "pass", message: text.noneApplicable, evidence };
  return { status: "pass", message: text.pass, evidence };
}
