import { PARKED_DOMAIN_OBJECTS, defineCheck } from "@/lib/scans/checks/helpers";
import { evaluateEmailDomains, type DomainVerdict } from "@/lib/scans/checks/email-authentication/domains";
import { dmarcPolicy } from "@/lib/scans/checks/email-authentication/records";
import type { DomainDnsRecords } from "@/lib/scans/checks/types";

/* X09: verified custom domains that send no mail (no Email service in Microsoft 365) locked against spoofing. */

const LOCKED_SPF = "v=spf1 -all";

function parkedVerdict(d: DomainDnsRecords): DomainVerdict {
  const gaps: string[] = [];
  const spf = d.spf.map((r) => r.trim().replace(/\s+/g, " ").toLowerCase());
  if (spf.length === 0) gaps.push("no SPF record");
  else if (spf.length > 1) gaps.push(`${spf.length} SPF records`);
  else if (spf[0] !== LOCKED_SPF) gaps.push(`SPF is "${d.spf[0]}", not "${LOCKED_SPF}"`);
  const [dmarc] = d.dmarc;
  if (d.dmarc.length !== 1 || dmarc === undefined) gaps.push(d.dmarc.length === 0 ? `no DMARC record at _dmarc.${d.orgDomain}` : `${d.dmarc.length} DMARC records`);
  else {
    const policy = dmarcPolicy(dmarc, d.domain, d.orgDomain);
    if (policy.policy !== "reject") gaps.push(`DMARC ${policy.tag}=${policy.policy ?? "(none)"}, not reject`);
    else if (policy.pct !== 100) gaps.push(`DMARC applies to pct=${policy.pct ?? "invalid"} of mail, not 100`);
  }
  const evidence = { spf: d.spf, dmarc: d.dmarc };
  if (gaps.length === 0) return { ...evidence, outcome: "pass", finding: `locked down (${LOCKED_SPF}, DMARC reject)` };
  return { ...evidence, outcome: "fail", finding: gaps.join("; ") };
}

export const X09 = defineCheck({
  id: "X09",
  title: "Domains that send no mail can be spoofed",
  scanType: "exposure",
  category: "Email authentication",
  severity: "medium",
  frameworks: ["MS.EXO.2.2v3 intent", "MS.EXO.4.1v1 intent"],
  sources: ["parkedDns"],
  objects: PARKED_DOMAIN_OBJECTS,
  remediation:
    'A domain you own but do not send mail from is as easy to forge as your main one unless receivers are told to reject it. At the domain\'s DNS host publish a TXT record "v=spf1 -all" at the apex (and no other SPF record), a TXT record "v=DMARC1; p=reject;" at _dmarc.<domain> (or at the organisational domain it belongs to), and optionally a null MX ("0 ." — RFC 7505) so nobody delivers mail to it. The domains are listed in the Microsoft 365 admin center under Settings › Domains; those without the Email service are the ones this check looks at.',
  evaluate({ parkedDns }) {
    return evaluateEmailDomains(parkedDns, parkedVerdict, {
      fail: (domains) => `Domains that send no mail are not locked against spoofing: ${domains}`,
      pass: `Every verified domain without the Email service publishes "${LOCKED_SPF}" and DMARC p=reject.`,
      noneApplicable: `Every verified domain without the Email service publishes "${LOCKED_SPF}" and DMARC p=reject.`,
      empty: "Every verified custom domain offers the Email service (checked by X01–X07): no parked domain to lock down.",
    });
  },
});
