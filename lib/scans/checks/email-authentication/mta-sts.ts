import { capList, EMAIL_DOMAIN_OBJECTS, defineCheck, listForMessage } from "@/lib/scans/checks/helpers";
import { evaluateEmailDomains, parseTags, type DomainVerdict } from "@/lib/scans/checks/email-authentication/domains";
import { NOT_APPLICABLE, type CheckOutcome, type MtaStsRecords } from "@/lib/scans/checks/types";

/* MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) of the email domains (X08). */

/** RFC 8461 §3.2: max_age is at most 31557600 s (a year); "typically weeks or greater", so under a week is weak. */
export const MTA_STS_MAX_AGE_LIMIT = 31_557_600;
export const MTA_STS_WEAK_MAX_AGE = 7 * 24 * 60 * 60;

export type MtaStsPolicy = { mode: "enforce" | "testing" | "none"; mx: string[]; maxAge: number };

/**
 * RFC 8461 §3.1: after discarding records not starting "v=STSv1;", exactly one must remain, with an id of 1–32
 * letters and digits. Returns the id, or why senders would ignore the record.
 */
export function parseStsRecord(record: string): { ok: true; id: string } | { ok: false; problem: string } {
  if (!/^v=STSv1\s*;/.test(record)) return { ok: false, problem: "the record does not start with v=STSv1;" };
  const id = parseTags(record).get("id");
  if (id === undefined) return { ok: false, problem: "the record has no id=" };
  if (!/^[A-Za-z0-9]{1,32}$/.test(id)) return { ok: false, problem: `id=${id} is not 1–32 letters and digits` };
  return { ok: true, id };
}

/**
 * The policy file (RFC 8461 §3.2): "key: value" lines separated by CRLF or LF (erratum 6253); version STSv1, mode and
 * max_age required, mx repeatable and required unless mode is none; unknown keys ignored; a repeated non-mx key
 * keeps its first value.
 */
export function parseMtaStsPolicy(body: string): { ok: true; policy: MtaStsPolicy } | { ok: false; problem: string } {
  const fields = new Map<string, string>();
  const mx: string[] = [];
  for (const line of body.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const colon = line.indexOf(":");
    if (colon < 0) return { ok: false, problem: `line "${line.slice(0, 60)}" is not key: value` };
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === "mx") mx.push(value.toLowerCase().replace(/\.$/, ""));
    else if (!fields.has(key)) fields.set(key, value);
  }
  if (fields.get("version") !== "STSv1") return { ok: false, problem: fields.has("version") ? `version ${fields.get("version")} is not STSv1` : "no version: STSv1 line" };
  const mode = fields.get("mode");
  if (mode !== "enforce" && mode !== "testing" && mode !== "none") return { ok: false, problem: mode === undefined ? "no mode line" : `mode ${mode} is not enforce, testing or none` };
  const maxAge = fields.get("max_age");
  if (maxAge === undefined || !/^\d{1,10}$/.test(maxAge)) return { ok: false, problem: maxAge === undefined ? "no max_age line" : `max_age ${maxAge} is not a number of seconds` };
  if (mode !== "none" && mx.length === 0) return { ok: false, problem: `mode ${mode} with no mx lines` };
  return { ok: true, policy: { mode, mx, maxAge: Number(maxAge) } };
}

/**
 * RFC 8461 §4.1: an MX host matches a pattern exactly (case-insensitive, trailing dot ignored), or a "*." pattern
 * whose wildcard stands for exactly one leftmost label: "*.example.com" matches mx1.example.com, not example.com
 * nor a.b.example.com.
 */
export function mxMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  const p = pattern.toLowerCase().replace(/\.$/, "");
  if (!p.startsWith("*.")) return h === p;
  const dot = h.indexOf(".");
  return dot > 0 && h.slice(dot + 1) === p.slice(2);
}

const TLS_RPT = /^v=TLSRPTv1\s*;/;

/**
 * One domain. The RFC decides what "not fetched" means: a sender that finds the TXT record but cannot fetch a valid
 * policy (no address for mta-sts.<domain>, a certificate that is not valid for it, a redirect, a status other than 200,
 * another media type, an oversized or unparsable file) MUST deliver as though the domain had no MTA-STS (§3.3, §5) —
 * so for a domain that publishes the record, each of those is a misconfiguration and fails, naming the reason. Only a
 * lookup we could not complete (a DNS timeout or SERVFAIL, a fetch timeout) is an error: the answer is unknown.
 */
export function mtaStsVerdict(m: MtaStsRecords | null): DomainVerdict {
  if (m === null) return { outcome: "na", finding: "MTA-STS was not looked up" };
  if (m.error !== null) return { outcome: "error", finding: `lookup failed: ${m.error}`, mx: capList(m.mx) };
  const tlsRpt = m.tlsRpt.filter((r) => TLS_RPT.test(r));
  const base = { mx: capList(m.mx), mxCount: m.mx.length, stsRecords: m.sts, tlsRpt: tlsRpt.length > 0 ? tlsRpt : null };
  if (m.mx.length === 0) return { ...base, outcome: "na", finding: "no MX records, so the domain receives no mail" };
  if (m.sts.length === 0) return { ...base, outcome: "fail", finding: "no MTA-STS record at _mta-sts" };
  if (m.sts.length > 1) return { ...base, outcome: "fail", finding: `${m.sts.length} MTA-STS records at _mta-sts, so senders ignore MTA-STS` };
  const record = parseStsRecord(m.sts[0]!);
  if (!record.ok) return { ...base, outcome: "fail", finding: `invalid MTA-STS record: ${record.problem}` };
  const withId = { ...base, policyId: record.id };
  if (m.policy === null) return { ...withId, outcome: "fail", finding: "the policy file was not fetched" };
  if (!m.policy.ok) return { ...withId, policyUrl: m.policy.url, outcome: "fail", finding: `the policy file cannot be used: ${m.policy.problem}` };
  const parsed = parseMtaStsPolicy(m.policy.body);
  if (!parsed.ok) return { ...withId, policyUrl: m.policy.url, outcome: "fail", finding: `invalid policy file: ${parsed.problem}` };
  const p = parsed.policy;
  const notes: string[] = [];
  if (p.maxAge > MTA_STS_MAX_AGE_LIMIT) notes.push(`max_age ${p.maxAge} is above the RFC maximum of ${MTA_STS_MAX_AGE_LIMIT}`);
  else if (p.maxAge < MTA_STS_WEAK_MAX_AGE) notes.push(`max_age ${p.maxAge} s is under a week, so senders forget the policy quickly`);
  const uncovered = m.mx.filter((host) => !p.mx.some((pattern) => mxMatches(host, pattern)));
  const policy = { mode: p.mode, mx: capList(p.mx), maxAge: p.maxAge };
  const out = { ...withId, policyUrl: m.policy.url, policy, uncoveredMx: capList(uncovered), ...(notes.length > 0 ? { notes } : {}) };
  const tail = notes.length > 0 ? `; ${notes.join("; ")}` : "";
  if (p.mode !== "enforce") {
    const meaning = p.mode === "testing" ? "senders only report failures and deliver anyway" : "MTA-STS is switched off";
    return { ...out, outcome: "fail", finding: `mode ${p.mode} (${meaning})${tail}` };
  }
  if (uncovered.length > 0) {
    return { ...out, outcome: "fail", finding: `the policy's mx patterns (${listForMessage(p.mx, 3)}) do not cover MX ${listForMessage(uncovered, 3)}${tail}` };
  }
  return { ...out, outcome: "pass", finding: `mode enforce covering every MX, max_age ${p.maxAge}${tail}` };
}

export const X08 = defineCheck({
  id: "X08",
  title: "MTA-STS not enforced",
  scanType: "exposure",
  category: "Email authentication",
  severity: "low",
  frameworks: ["RFC 8461 §5", "RFC 8460 §3"],
  sources: ["emailDns"],
  objects: EMAIL_DOMAIN_OBJECTS,
  remediation:
    "Without MTA-STS a network attacker can strip STARTTLS and read or redirect mail sent to you. For each domain: (1) serve https://mta-sts.<domain>/.well-known/mta-sts.txt over HTTPS with a publicly trusted certificate for mta-sts.<domain>, as text/plain, answered directly (no redirect), listing every MX host, e.g. for Exchange Online:\n" +
    "version: STSv1\nmode: enforce\nmx: *.mail.protection.outlook.com\nmax_age: 604800\n" +
    "(start with mode: testing for a couple of weeks, then switch to enforce); (2) publish TXT _mta-sts.<domain> \"v=STSv1; id=20260101T000000\" and change the id whenever the policy file changes; (3) publish TXT _smtp._tls.<domain> \"v=TLSRPTv1; rua=mailto:tls-reports@<domain>\" to receive reports of TLS failures.",
  evaluate({ emailDns }): CheckOutcome {
    const out = evaluateEmailDomains(emailDns, (d) => mtaStsVerdict(d.mtaSts), {
      fail: (domains) => `MTA-STS does not enforce TLS for mail to ${domains}`,
      pass: "Every email domain enforces MTA-STS with a policy covering all its MX hosts.",
      noneApplicable: "Not applicable: no email domain has MX records, so none receives mail.",
    });
    const results = (out.evidence as { domains: ({ domain: string; outcome: string } & Record<string, unknown>)[] }).domains;
    // No domain receives mail (none has MX, or there are no email domains): MTA-STS does not apply.
    if (results.every((r) => r.outcome === "na")) {
      return { status: "skip", skipReason: NOT_APPLICABLE, message: "Not applicable: no email domain has MX records, so none receives mail.", evidence: out.evidence };
    }
    // TLS-RPT is information, never the verdict: name the receiving domains that lack it.
    const noTlsRpt = results.filter((r) => (r.outcome === "pass" || r.outcome === "fail") && r.tlsRpt === null && Array.isArray(r.mx)).map((r) => r.domain);
    const info = noTlsRpt.length > 0 ? ` For information: no TLS-RPT record (_smtp._tls) on ${listForMessage(noTlsRpt)}, so TLS delivery failures are not reported.` : "";
    return { ...out, message: `${out.message}${info}` };
  },
});
