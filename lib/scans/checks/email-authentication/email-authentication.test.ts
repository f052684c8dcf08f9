import { describe, expect, it } from "vitest";
import { dkimKeyPublished, dmarcPolicy, spfTerminal, X01, X02, X03, X04, X05, X06, X07 } from "@/lib/scans/checks/email-authentication/records";
import { X09 } from "@/lib/scans/checks/email-authentication/parked";
import { CONTEXT, emailDomain } from "@/lib/scans/checks/test-fixtures";
import type { CheckOutcome, DomainDnsRecords } from "@/lib/scans/checks/types";

type DnsCheck = typeof X01;
const dns = (check: DnsCheck, ...domains: DomainDnsRecords[]): CheckOutcome => check.evaluate({ emailDns: domains }, CONTEXT);
const domainResults = (out: CheckOutcome) => (out.evidence as { domains: { domain: string; outcome: string; finding: string }[] }).domains;

describe("DNS checks: shared domain handling", () => {
  it.each([X01, X02, X03, X04, X05, X06, X07])("$id passes with no custom email domains", (check) => {
    const out = dns(check);
    expect(out.status).toBe("pass");
    expect(out.message).toMatch(/no custom email domains/i);
  });

  it.each([X01, X02, X03, X04, X05, X06, X07])("$id is an error naming the domain when its DNS lookup failed", (check) => {
    const out = dns(check, emailDomain("contoso.com"), emailDomain("fabrikam.com", { error: "SERVFAIL" }));
    expect(out.status).toBe("error");
    expect(out.message).toContain("fabrikam.com");
    expect(domainResults(out)).toContainEqual({ domain: "fabrikam.com", outcome: "error", finding: "DNS lookup failed: SERVFAIL" });
  });

  it("lets a failing domain win over an errored one", () => {
    const out = dns(X01, emailDomain("contoso.com", { spf: [] }), emailDomain("fabrikam.com", { error: "timeout" }));
    expect(out.status).toBe("fail");
    expect(out.message).toContain("contoso.com (no SPF record)");
    expect(out.message).toBe("SPF is missing or duplicated on contoso.com (no SPF record); DNS lookup also failed for fabrikam.com.");
  });

  it("evaluates every domain and lists per-domain findings", () => {
    const out = dns(X01, emailDomain("a.com"), emailDomain("b.com", { spf: [] }), emailDomain("c.com"));
    expect(domainResults(out).map((d) => [d.domain, d.outcome])).toEqual([
      ["a.com", "pass"],
      ["b.com", "fail"],
      ["c.com", "pass"],
    ]);
  });
});

describe("X01 SPF missing", () => {
  it("passes with exactly one SPF record", () => {
    expect(dns(X01, emailDomain("contoso.com")).status).toBe("pass");
  });

  it("fails with no SPF record", () => {
    const out = dns(X01, emailDomain("contoso.com", { spf: [] }));
    expect(out.status).toBe("fail");
    expect(out.message).toBe("SPF is missing or duplicated on contoso.com (no SPF record).");
  });

  it("fails with two SPF records", () => {
    const out = dns(X01, emailDomain("contoso.com", { spf: ["v=spf1 -all", "v=spf1 include:x -all"] }));
    expect(out.status).toBe("fail");
    expect(out.message).toContain("2 SPF records");
  });
});

describe("X02 SPF does not hard-fail", () => {
  const spf = (record: string) => dns(X02, emailDomain("contoso.com", { spf: [record] }));

  it("passes for -all", () => {
    expect(spf("v=spf1 include:spf.protection.outlook.com -all").status).toBe("pass");
  });

  it("is case- and whitespace-tolerant", () => {
    expect(spf("  V=SPF1   ip4:192.0.2.1   -ALL  ").status).toBe("pass");
  });

  it("fails for ~all (SCuBA profile)", () => {
    const out = spf("v=spf1 include:spf.protection.outlook.com ~all");
    expect(out.status).toBe("fail");
    expect(out.message).toBe("SPF does not hard-fail unlisted senders on contoso.com (ends in ~all, which only soft-fails).");
  });

  it.each([["v=spf1 +all"], ["v=spf1 all"], ["v=spf1 ?all"], ["v=spf1 include:spf.protection.outlook.com"]])("fails for %s", (record) => {
    expect(spf(record).status).toBe("fail");
  });

  it("passes a redirect= modifier as delegated, with a note", () => {
    const out = spf("v=spf1 redirect=_spf.contoso.net");
    expect(out.status).toBe("pass");
    expect(domainResults(out)[0]?.finding).toContain("delegated via redirect=_spf.contoso.net");
  });

  it("lets all win over redirect= (RFC 7208 §6.1)", () => {
    expect(spf("v=spf1 redirect=_spf.contoso.net ~all").status).toBe("fail");
  });

  it("treats a domain without SPF as not applicable (X01 reports it)", () => {
    const out = dns(X02, emailDomain("contoso.com", { spf: [] }));
    expect(out.status).toBe("pass");
    expect(out.message).toMatch(/not applicable/i);
    expect(domainResults(out)[0]).toMatchObject({ outcome: "na" });
  });

  it("ignores the not-applicable domain when another one fails", () => {
    const out = dns(X02, emailDomain("a.com", { spf: [] }), emailDomain("b.com", { spf: ["v=spf1 ?all"] }));
    expect(out.status).toBe("fail");
    expect(out.message).toContain("b.com");
    expect(out.message).not.toContain("a.com");
  });

  it("spfTerminal stops at the first all", () => {
    expect(spfTerminal("v=spf1 -all include:x ~all")).toEqual({ kind: "all", qualifier: "-", mechanism: "-all" });
    expect(spfTerminal("v=spf1 include:x")).toEqual({ kind: "none" });
  });
});

describe("X04 DMARC missing", () => {
  it("passes with a DMARC record", () => {
    expect(dns(X04, emailDomain("contoso.com")).status).toBe("pass");
  });

  it("fails without a DMARC record and names where it looked (the domain, then its organisational domain)", () => {
    const out = dns(X04, emailDomain("mail.contoso.com", { orgDomain: "contoso.com", dmarc: [], dmarcDomain: null }));
    expect(out.status).toBe("fail");
    expect(out.message).toContain("mail.contoso.com (no DMARC record at _dmarc.mail.contoso.com or _dmarc.contoso.com)");
  });

  it("passes a subdomain that inherits its organisational domain's record, and says so", () => {
    const out = dns(X04, emailDomain("mail.contoso.com", { orgDomain: "contoso.com", dmarcDomain: "contoso.com" }));
    expect(out.status).toBe("pass");
    expect(domainResults(out)[0]).toMatchObject({ finding: "no record of its own; inherits the record at _dmarc.contoso.com of its organisational domain contoso.com", inheritedFrom: "contoso.com" });
  });

  it("judges a subdomain's own record by p=, not the organisational sp= (RFC 7489 §6.6.3)", () => {
    const own = emailDomain("mail.contoso.com", { orgDomain: "contoso.com", dmarcDomain: "mail.contoso.com", dmarc: ["v=DMARC1; p=reject; sp=none"] });
    expect(dns(X04, own).status).toBe("pass");
    expect(dns(X05, own).status).toBe("pass");
  });

  it("fails with two DMARC records (receivers ignore both)", () => {
    expect(dns(X04, emailDomain("contoso.com", { dmarc: ["v=DMARC1; p=reject", "v=DMARC1; p=none"] })).status).toBe("fail");
  });
});

describe("X05 DMARC not at reject", () => {
  const dmarc = (record: string, patch: Partial<DomainDnsRecords> = {}) => dns(X05, emailDomain("contoso.com", { dmarc: [record], ...patch }));

  it("passes for p=reject without pct", () => {
    expect(dmarc("v=DMARC1; p=reject").status).toBe("pass");
  });

  it("parses tags case-insensitively and tolerates whitespace", () => {
    expect(dmarc("v=DMARC1;P = Reject ;  PCT=100;rua=mailto:d@contoso.com").status).toBe("pass");
  });

  it("fails for p=quarantine (SCuBA profile)", () => {
    const out = dmarc("v=DMARC1; p=quarantine");
    expect(out.status).toBe("fail");
    expect(out.message).toContain("p=quarantine");
  });

  it("fails for p=none", () => {
    expect(dmarc("v=DMARC1; p=none; rua=mailto:d@contoso.com").status).toBe("fail");
  });

  it("fails for pct=50 even at reject", () => {
    const out = dmarc("v=DMARC1; p=reject; pct=50");
    expect(out.status).toBe("fail");
    expect(out.message).toContain("pct=50");
  });

  it("fails for a missing p tag or an invalid pct", () => {
    expect(dmarc("v=DMARC1; rua=mailto:d@contoso.com").status).toBe("fail");
    expect(dmarc("v=DMARC1; p=reject; pct=abc").status).toBe("fail");
  });

  it("judges a subdomain by sp= when present", () => {
    const sub = { domain: "mail.contoso.com", orgDomain: "contoso.com" };
    expect(dmarc("v=DMARC1; p=reject; sp=none", sub).status).toBe("fail");
    expect(dmarc("v=DMARC1; p=none; sp=reject", sub).status).toBe("pass");
    expect(dmarc("v=DMARC1; p=reject", sub).status).toBe("pass");
    expect(dmarcPolicy("v=DMARC1; p=reject; sp=none", "contoso.com", "contoso.com").tag).toBe("p");
  });

  it("is not applicable (pass with a note) when no domain has DMARC", () => {
    const out = dns(X05, emailDomain("contoso.com", { dmarc: [] }));
    expect(out.status).toBe("pass");
    expect(out.message).toMatch(/not applicable/i);
  });
});

describe("X06 No DMARC aggregate reports", () => {
  const dmarc = (record: string) => dns(X06, emailDomain("contoso.com", { dmarc: [record] }));

  it("passes with a mailto: rua", () => {
    expect(dmarc("v=DMARC1; p=reject; rua=mailto:dmarc@contoso.com").status).toBe("pass");
  });

  it("passes when one of several rua URIs is mailto:", () => {
    expect(dmarc("v=DMARC1; p=reject; RUA = https://r.example/x, MAILTO:dmarc@rua.example!10m").status).toBe("pass");
  });

  it("fails without rua", () => {
    const out = dmarc("v=DMARC1; p=reject; ruf=mailto:f@contoso.com");
    expect(out.status).toBe("fail");
    expect(out.message).toContain("no rua tag");
  });

  it("fails when rua has no mailto:", () => {
    expect(dmarc("v=DMARC1; p=reject; rua=https://reports.example").status).toBe("fail");
  });

  it("is not applicable when the domain has no DMARC", () => {
    expect(dns(X06, emailDomain("contoso.com", { dmarc: [] })).status).toBe("pass");
  });
});

describe("X07 DKIM not published", () => {
  const dkim = (...records: (string | null)[]) =>
    dns(X07, emailDomain("contoso.com", { dkim: records.map((record, i) => ({ selector: `selector${i + 1}`, record })) }));

  it("passes when one selector publishes a key", () => {
    expect(dkim(null, "v=DKIM1; k=rsa; p=MIIBIjANBgkq").status).toBe("pass");
  });

  it("fails when no selector resolves", () => {
    const out = dkim(null, null);
    expect(out.status).toBe("fail");
    expect(out.message).toContain("selector1: no record; selector2: no record");
  });

  it("fails when the key is revoked (empty p=)", () => {
    expect(dkim("v=DKIM1; k=rsa; p=", "v=DKIM1; p= ").status).toBe("fail");
  });

  it("dkimKeyPublished requires v=DKIM1 first when v= is present", () => {
    expect(dkimKeyPublished("v=DKIM1; p=abc")).toBe(true);
    expect(dkimKeyPublished("k=rsa; p=abc")).toBe(true); // v= is optional (RFC 6376)
    expect(dkimKeyPublished("k=rsa; v=DKIM1; p=abc")).toBe(false);
    expect(dkimKeyPublished("v=DKIM2; p=abc")).toBe(false);
    expect(dkimKeyPublished(null)).toBe(false);
  });
});

describe("X03 SPF DNS lookups", () => {
  const lookups = (patch: Partial<NonNullable<DomainDnsRecords["spfLookups"]>>) => ({ lookups: 3, voidLookups: 0, loop: null, terms: ["contoso.com: include:a.example"], termsCut: 0, error: null, ...patch });

  it("passes within 10 lookups and 2 void lookups, and says how many", () => {
    const out = dns(X03, emailDomain("contoso.com", { spfLookups: lookups({ lookups: 10, voidLookups: 2 }) }));
    expect(out.status).toBe("pass");
    expect(domainResults(out)[0]).toMatchObject({ outcome: "pass", finding: "10 DNS lookups, 2 void", lookups: 10 });
  });

  it("fails past 10 lookups, naming the domain and listing the terms", () => {
    const out = dns(X03, emailDomain("contoso.com"), emailDomain("fabrikam.com", { spfLookups: lookups({ lookups: 11, terms: ["fabrikam.com: include:_spf1.fabrikam.com", "_spf1.fabrikam.com: a"] }) }));
    expect(out.status).toBe("fail");
    expect(out.message).toContain("fabrikam.com (more than 10 DNS lookups (stopped counting at 11))");
    expect(domainResults(out)[1]).toMatchObject({ terms: ["fabrikam.com: include:_spf1.fabrikam.com", "_spf1.fabrikam.com: a"] });
  });

  it("fails on more than 2 void lookups and on an include loop", () => {
    expect(dns(X03, emailDomain("contoso.com", { spfLookups: lookups({ voidLookups: 3 }) })).message).toContain("3 lookups that find nothing");
    const loop = dns(X03, emailDomain("contoso.com", { spfLookups: lookups({ loop: "contoso.com → _spf.contoso.com → contoso.com" }) }));
    expect(loop.status).toBe("fail");
    expect(loop.message).toContain("include loop contoso.com → _spf.contoso.com → contoso.com");
  });

  it("is an error, not a fail, when a nested lookup failed", () => {
    const out = dns(X03, emailDomain("contoso.com", { spfLookups: lookups({ error: "_spf.contoso.com TXT: ESERVFAIL" }) }));
    expect(out.status).toBe("error");
    expect(domainResults(out)[0]!.finding).toContain("ESERVFAIL");
  });

  it("leaves domains without exactly one SPF record to X01", () => {
    const out = dns(X03, emailDomain("contoso.com", { spf: [], spfLookups: null }));
    expect(out.status).toBe("pass");
    expect(out.message).toMatch(/not applicable/i);
  });
});

describe("X09 domains that send no mail", () => {
  const parked = (...domains: DomainDnsRecords[]) => X09.evaluate({ parkedDns: domains }, CONTEXT);
  const locked = (domain: string, patch: Partial<DomainDnsRecords> = {}) => emailDomain(domain, { spf: ["v=spf1  -ALL"], dmarc: ["v=DMARC1; p=reject"], ...patch });

  it("passes when every parked domain publishes v=spf1 -all and DMARC p=reject", () => {
    expect(parked(locked("contoso.org")).status).toBe("pass");
    expect(parked().message).toMatch(/no parked domain/);
  });

  it("fails naming what is missing: an SPF that allows senders, no DMARC", () => {
    const out = parked(locked("contoso.org"), emailDomain("contoso-events.com", { spf: ["v=spf1 include:spf.protection.outlook.com ~all"], dmarc: [] }));
    expect(out.status).toBe("fail");
    expect(out.message).toContain('contoso-events.com (SPF is "v=spf1 include:spf.protection.outlook.com ~all", not "v=spf1 -all"; no DMARC record at _dmarc.contoso-events.com)');
  });

  it("fails on DMARC quarantine, pct below 100 and missing SPF", () => {
    expect(parked(locked("a.org", { dmarc: ["v=DMARC1; p=quarantine"] })).message).toContain("DMARC p=quarantine, not reject");
    expect(parked(locked("a.org", { dmarc: ["v=DMARC1; p=reject; pct=50"] })).message).toContain("pct=50");
    expect(parked(locked("a.org", { spf: [] })).message).toContain("no SPF record");
  });

  it("is an error when the domain's DNS could not be read", () => {
    expect(parked(locked("a.org"), emailDomain("b.org", { error: "ETIMEOUT" })).status).toBe("error");
  });
});
