import { EMAIL_DOMAIN_OBJECTS, defineCheck } from "@/lib/scans/checks/helpers";
import { evaluateEmailDomains, parseTags, type DomainVerdict } from "@/lib/scans/checks/email-authentication/domains";

/* SPF, DMARC and DKIM records of the email domains (X01–X07). */

export type SpfTerminal =
  | { kind: "all"; qualifier: "+" | "-" | "~" | "?"; mechanism: string }
  | { kind: "redirect"; target: string }
  | { kind: "none" };

/**
 * The SPF record's terminal policy (RFC 7208): the first `all` mechanism ends evaluation, so anything after it
 * is ignored; a `redirect=` modifier only applies when there is no `all`.
 */
export function spfTerminal(record: string): SpfTerminal {
  let redirect: string | null = null;
  for (const term of record.trim().split(/\s+/).slice(1)) {
    const lower = term.toLowerCase();
    const all = /^([+\-~?]?)all$/.exec(lower);
    if (all) {
      const qualifier = (all[1] || "+") as "+" | "-" | "~" | "?";
      return { kind: "all", qualifier, mechanism: `${qualifier}all` };
    }
    if (lower.startsWith("redirect=") && redirect === null) redirect = term.slice("redirect=".length);
  }
  return redirect !== null ? { kind: "redirect", target: redirect } : { kind: "none" };
}

export type DmarcPolicy = {
  /** The tag whose value applies: sp for a subdomain that has one, otherwise p. */
  tag: "p" | "sp";
  policy: string | null;
  /** null when the pct tag is present but not an integer 0–100. */
  pct: number | null;
  rua: string[];
};

/** Parses a DMARC record for `domain` (tags case-insensitive, whitespace-tolerant). */
export function dmarcPolicy(record: string, domain: string, orgDomain: string): DmarcPolicy {
  const tags = parseTags(record);
  const isSubdomain = domain.toLowerCase() !== orgDomain.toLowerCase();
  const tag = isSubdomain && tags.has("sp") ? "sp" : "p";
  const policy = tags.get(tag)?.toLowerCase() || null;
  const rawPct = tags.get("pct");
  let pct: number | null = 100;
  if (rawPct !== undefined) pct = /^\d{1,3}$/.test(rawPct) && Number(rawPct) <= 100 ? Number(rawPct) : null;
  const rua = (tags.get("rua") ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean);
  return { tag, policy, pct, rua };
}

/**
 * Whether a DKIM key record publishes a usable key: p= non-empty (an empty p= means revoked). The catalog
 * asks for records starting "v=DKIM1"; RFC 6376 §3.6.1 makes v= optional, so a record without a v= tag is
 * accepted, but a v= tag elsewhere or with another value is not.
 */
export function dkimKeyPublished(record: string | null): boolean {
  if (record === null) return false;
  const tags = parseTags(record);
  if (tags.has("v") && !/^\s*v\s*=\s*DKIM1\s*(;|$)/i.test(record)) return false;
  return (tags.get("p") ?? "").replace(/\s+/g, "") !== "";
}

function onlyRecord(records: readonly string[], kind: "SPF" | "DMARC"): { record: string } | DomainVerdict {
  const [first] = records;
  if (records.length === 1 && first !== undefined) return { record: first };
  const check = kind === "SPF" ? "X01" : "X04";
  if (records.length === 0) return { outcome: "na", finding: `no ${kind} record (reported by ${check})` };
  return { outcome: "na", finding: `${records.length} ${kind} records (reported by ${check})` };
}

const EMAIL_CATEGORY = "Email authentication";

/** RFC 7208 §4.6.4: at most 10 DNS-querying terms in one SPF evaluation, and at most 2 of them void. */
export const SPF_LOOKUP_LIMIT = 10;
export const SPF_VOID_LIMIT = 2;

export const X01 = defineCheck({
  id: "X01",
  title: "SPF record missing or duplicated",
  scanType: "exposure",
  category: EMAIL_CATEGORY,
  severity: "high",
  frameworks: ["CIS 2.1.8", "MS.EXO.2.2v3"],
  sources: ["emailDns"],
  objects: EMAIL_DOMAIN_OBJECTS,
  remediation:
    "At your DNS host, publish exactly one TXT record at the domain apex that starts with v=spf1 and lists every sender, e.g. \"v=spf1 include:spf.protection.outlook.com -all\" for Exchange Online; merge duplicate SPF records into one.",
  evaluate({ emailDns }) {
    return evaluateEmailDomains(
      emailDns,
      (d) => {
        if (d.spf.length === 1) return { outcome: "pass", finding: "one SPF record", spf: d.spf };
        if (d.spf.length === 0) return { outcome: "fail", finding: "no SPF record", spf: d.spf };
        return { outcome: "fail", finding: `${d.spf.length} SPF records, which makes SPF fail with a permanent error`, spf: d.spf };
      },
      {
        fail: (domains) => `SPF is missing or duplicated on ${domains}`,
        pass: "Every email domain publishes exactly one SPF record.",
        noneApplicable: "Every email domain publishes exactly one SPF record.",
      },
    );
  },
});

export const X02 = defineCheck({
  id: "X02",
  title: "SPF record does not end in hard fail (-all)",
  scanType: "exposure",
  category: EMAIL_CATEGORY,
  severity: "medium",
  frameworks: ["MS.EXO.2.2v3"],
  sources: ["emailDns"],
  objects: EMAIL_DOMAIN_OBJECTS,
  remediation:
    "Once the SPF record lists all legitimate senders, change its final mechanism to -all (hard fail), e.g. \"v=spf1 include:spf.protection.outlook.com -all\", so receivers reject mail from unlisted servers.",
  evaluate({ emailDns }) {
    // SCuBA profile: ~all (soft fail) is a fail, like +all, ?all or no all at all.
    return evaluateEmailDomains(
      emailDns,
      (d) => {
        const only = onlyRecord(d.spf, "SPF");
        if ("outcome" in only) return only;
        const t = spfTerminal(only.record);
        const base = { spf: only.record };
        if (t.kind === "redirect") {
          return { ...base, outcome: "pass", finding: `delegated via redirect=${t.target}; that domain's SPF policy applies`, redirect: t.target };
        }
        if (t.kind === "none") return { ...base, outcome: "fail", finding: "no all mechanism, so unlisted senders get a neutral result" };
        const meaning = { "-": "hard-fails", "~": "only soft-fails", "?": "is neutral", "+": "allows any sender" }[t.qualifier];
        return { ...base, outcome: t.qualifier === "-" ? "pass" : "fail", finding: `ends in ${t.mechanism}, which ${meaning}`, terminal: t.mechanism };
      },
      {
        fail: (domains) => `SPF does not hard-fail unlisted senders on ${domains}`,
        pass: "Every SPF record ends in -all (or delegates with redirect=).",
        noneApplicable: "Not applicable: no email domain has exactly one SPF record to assess (see X01).",
      },
    );
  },
});

export const X03 = defineCheck({
  id: "X03",
  title: "SPF record needs more than 10 DNS lookups",
  scanType: "exposure",
  category: EMAIL_CATEGORY,
  severity: "medium",
  frameworks: ["RFC 7208 §4.6.4", "MS.EXO.2.2v3 intent"],
  sources: ["emailDns"],
  objects: EMAIL_DOMAIN_OBJECTS,
  remediation:
    "Receivers stop evaluating SPF after 10 DNS lookups (include, a, mx, ptr, exists, redirect — nested includes count too) or 2 lookups that find nothing, and treat the record as a permanent error, so mail can fail SPF. At your DNS host, remove includes for services you no longer use, replace a and mx mechanisms with ip4/ip6 ranges, remove includes of domains that publish no SPF record, and break any include loop; check the result with an SPF checker before publishing.",
  evaluate({ emailDns }) {
    return evaluateEmailDomains(
      emailDns,
      (d) => {
        const only = onlyRecord(d.spf, "SPF");
        if ("outcome" in only) return only;
        const l = d.spfLookups;
        if (l === null) return { outcome: "na", finding: "the SPF record was not evaluated" };
        const base = { spf: only.record, lookups: l.lookups, voidLookups: l.voidLookups, terms: l.terms, ...(l.termsCut > 0 ? { termsCut: l.termsCut } : {}) };
        if (l.error !== null) return { ...base, outcome: "error", finding: `a lookup on the way failed (${l.error})` };
        if (l.loop !== null) return { ...base, outcome: "fail", finding: `include loop ${l.loop}`, loop: l.loop };
        if (l.lookups > SPF_LOOKUP_LIMIT) return { ...base, outcome: "fail", finding: `more than ${SPF_LOOKUP_LIMIT} DNS lookups (stopped counting at ${l.lookups})` };
        if (l.voidLookups > SPF_VOID_LIMIT) return { ...base, outcome: "fail", finding: `${l.voidLookups} lookups that find nothing (the limit is ${SPF_VOID_LIMIT})` };
        return { ...base, outcome: "pass", finding: `${l.lookups} DNS lookup${l.lookups === 1 ? "" : "s"}, ${l.voidLookups} void` };
      },
      {
        fail: (domains) => `SPF evaluation exceeds the RFC 7208 limits on ${domains}`,
        pass: `Every SPF record evaluates within ${SPF_LOOKUP_LIMIT} DNS lookups and ${SPF_VOID_LIMIT} void lookups, without loops.`,
        noneApplicable: "Not applicable: no email domain has exactly one SPF record to assess (see X01).",
      },
    );
  },
});

export const X04 = defineCheck({
  id: "X04",
  title: "DMARC record missing",
  scanType: "exposure",
  category: EMAIL_CATEGORY,
  severity: "high",
  frameworks: ["CIS 2.1.10", "MS.EXO.4.1v1"],
  sources: ["emailDns"],
  objects: EMAIL_DOMAIN_OBJECTS,
  remediation:
    "Publish one TXT record at _dmarc.<domain> starting with v=DMARC1, e.g. \"v=DMARC1; p=none; rua=mailto:dmarc-reports@<domain>\" to start monitoring, then move to p=reject once legitimate mail aligns.",
  evaluate({ emailDns }) {
    // More than one DMARC record also fails: receivers then ignore DMARC for the domain (RFC 7489 §6.6.3).
    return evaluateEmailDomains(
      emailDns,
      (d) => {
        // RFC 7489 §6.6.3: a domain without a record of its own inherits its organisational domain's.
        const from = d.dmarcDomain ?? d.orgDomain;
        const location = `_dmarc.${from}`;
        const inherited = from.toLowerCase() !== d.domain.toLowerCase();
        const base = { dmarc: d.dmarc, dmarcDomain: d.dmarcDomain, ...(inherited && d.dmarc.length > 0 ? { inheritedFrom: from } : {}) };
        if (d.dmarc.length === 1) {
          const finding = inherited ? `no record of its own; inherits the record at ${location} of its organisational domain ${from}` : `DMARC record at ${location}`;
          return { ...base, outcome: "pass", finding };
        }
        if (d.dmarc.length === 0) {
          const looked = d.orgDomain.toLowerCase() !== d.domain.toLowerCase() ? `_dmarc.${d.domain} or _dmarc.${d.orgDomain}` : `_dmarc.${d.domain}`;
          return { ...base, outcome: "fail", finding: `no DMARC record at ${looked}` };
        }
        return { ...base, outcome: "fail", finding: `${d.dmarc.length} DMARC records at ${location}, so receivers ignore them` };
      },
      {
        fail: (domains) => `DMARC is missing on ${domains}`,
        pass: "Every email domain has a DMARC record.",
        noneApplicable: "Every email domain has a DMARC record.",
      },
    );
  },
});

export const X05 = defineCheck({
  id: "X05",
  title: "DMARC policy is not reject for all mail",
  scanType: "exposure",
  category: EMAIL_CATEGORY,
  severity: "high",
  frameworks: ["MS.EXO.4.2v1", "CIS 2.1.10", "MT.1182"],
  sources: ["emailDns"],
  objects: EMAIL_DOMAIN_OBJECTS,
  remediation:
    "After aggregate reports show legitimate mail passing, set the DMARC record at _dmarc.<domain> to p=reject and remove pct (or set pct=100); for subdomains also set sp=reject.",
  evaluate({ emailDns }) {
    // SCuBA profile: quarantine fails. A subdomain is judged by sp= when the organisational record has one.
    return evaluateEmailDomains(
      emailDns,
      (d) => {
        const only = onlyRecord(d.dmarc, "DMARC");
        if ("outcome" in only) return only;
        const p = dmarcPolicy(only.record, d.domain, d.dmarcDomain ?? d.orgDomain);
        const base = { dmarc: only.record, policyTag: p.tag, policy: p.policy, pct: p.pct };
        const problems: string[] = [];
        if (p.policy === null) problems.push(`no ${p.tag}= tag (treated as none)`);
        else if (p.policy !== "reject") problems.push(`${p.tag}=${p.policy}`);
        if (p.pct === null) problems.push("invalid pct");
        else if (p.pct < 100) problems.push(`pct=${p.pct}`);
        if (problems.length > 0) return { ...base, outcome: "fail", finding: problems.join(", ") };
        return { ...base, outcome: "pass", finding: `${p.tag}=reject for 100% of mail` };
      },
      {
        fail: (domains) => `DMARC does not reject all failing mail on ${domains}`,
        pass: "Every DMARC policy is reject for 100% of mail.",
        noneApplicable: "Not applicable: no email domain has exactly one DMARC record to assess (see X04).",
      },
    );
  },
});

export const X06 = defineCheck({
  id: "X06",
  title: "DMARC aggregate reports are not collected",
  scanType: "exposure",
  category: EMAIL_CATEGORY,
  severity: "low",
  frameworks: ["MS.EXO.4.4v1", "CIS 2.1.10"],
  sources: ["emailDns"],
  objects: EMAIL_DOMAIN_OBJECTS,
  remediation:
    "Add a rua tag with a mailto: address to the DMARC record, e.g. \"rua=mailto:dmarc-reports@<domain>\"; an address at another domain must be authorised there with a <domain>._report._dmarc TXT record.",
  evaluate({ emailDns }) {
    return evaluateEmailDomains(
      emailDns,
      (d) => {
        const only = onlyRecord(d.dmarc, "DMARC");
        if ("outcome" in only) return only;
        const { rua } = dmarcPolicy(only.record, d.domain, d.dmarcDomain ?? d.orgDomain);
        const mailto = rua.filter((u) => /^mailto:\S+/i.test(u));
        if (mailto.length > 0) return { outcome: "pass", finding: `reports go to ${mailto.join(", ")}`, rua };
        return { outcome: "fail", finding: rua.length === 0 ? "no rua tag" : "rua has no mailto: address", rua };
      },
      {
        fail: (domains) => `No DMARC aggregate reports are requested for ${domains}`,
        pass: "Every DMARC record requests aggregate reports to a mailto: address.",
        noneApplicable: "Not applicable: no email domain has exactly one DMARC record to assess (see X04).",
      },
    );
  },
});

export const X07 = defineCheck({
  id: "X07",
  title: "DKIM keys not published",
  scanType: "exposure",
  category: EMAIL_CATEGORY,
  severity: "medium",
  frameworks: ["CIS 2.1.9", "MS.EXO.3.1v1"],
  sources: ["emailDns"],
  objects: EMAIL_DOMAIN_OBJECTS,
  remediation:
    "In the Microsoft Defender portal → Email & collaboration → Policies & rules → Threat policies → Email authentication settings → DKIM, select the domain, publish the two selector1/selector2 CNAME records it shows at your DNS host, then enable signing (Exchange Online PowerShell: Set-DkimSigningConfig -Identity <domain> -Enabled $true).",
  evaluate({ emailDns }) {
    return evaluateEmailDomains(
      emailDns,
      (d) => {
        const selectors = d.dkim.map((s) => ({
          selector: s.selector,
          state: s.record === null ? "no record" : dkimKeyPublished(s.record) ? "key published" : "no usable key",
        }));
        const published = selectors.filter((s) => s.state === "key published");
        if (published.length > 0) {
          return { outcome: "pass", finding: `key published at ${published.map((s) => s.selector).join(", ")}`, selectors };
        }
        const detail = selectors.length === 0 ? "no selectors looked up" : selectors.map((s) => `${s.selector}: ${s.state}`).join("; ");
        return { outcome: "fail", finding: detail, selectors };
      },
      {
        fail: (domains) => `No DKIM public key is published for ${domains}`,
        pass: "Every email domain publishes a DKIM public key.",
        noneApplicable: "Every email domain publishes a DKIM public key.",
      },
    );
  },
});
