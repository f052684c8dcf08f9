import { describe, expect, it } from "vitest";
import { mxMatches, parseMtaStsPolicy, parseStsRecord, X08 } from "@/lib/scans/checks/email-authentication/mta-sts";
import { CONTEXT, emailDomain, goodMtaSts } from "@/lib/scans/checks/test-fixtures";
import type { CheckOutcome, DomainDnsRecords, MtaStsRecords } from "@/lib/scans/checks/types";

const run = (...domains: DomainDnsRecords[]): CheckOutcome => X08.evaluate({ emailDns: domains }, CONTEXT);
const withSts = (domain: string, patch: Partial<MtaStsRecords>) => emailDomain(domain, { mtaSts: goodMtaSts(domain, patch) });
const policyBody = (body: string, domain = "contoso.com"): Partial<MtaStsRecords> => ({ policy: { url: `https://mta-sts.${domain}/.well-known/mta-sts.txt`, ok: true, body } });
type Result = { domain: string; outcome: string; finding: string } & Record<string, unknown>;
const results = (out: CheckOutcome) => (out.evidence as { domains: Result[] }).domains;

describe("MTA-STS policy parsing (RFC 8461 §3.2)", () => {
  it("reads version, mode, repeated mx and max_age, CRLF or LF, ignoring unknown keys", () => {
    expect(parseMtaStsPolicy("version: STSv1\r\nmode: enforce\r\nmx: mail.contoso.com\nmx: *.Backup.Contoso.com.\nmax_age: 86400\nfuture: x\n")).toEqual({
      ok: true,
      policy: { mode: "enforce", mx: ["mail.contoso.com", "*.backup.contoso.com"], maxAge: 86400 },
    });
  });

  it.each([
    ["mode: enforce\nmx: a.example\nmax_age: 1", "no version: STSv1 line"],
    ["version: STSv2\nmode: enforce\nmx: a.example\nmax_age: 1", "version STSv2 is not STSv1"],
    ["version: STSv1\nmode: strict\nmx: a.example\nmax_age: 1", "mode strict is not enforce, testing or none"],
    ["version: STSv1\nmode: enforce\nmx: a.example", "no max_age line"],
    ["version: STSv1\nmode: enforce\nmx: a.example\nmax_age: -5", "max_age -5 is not a number of seconds"],
    ["version: STSv1\nmode: testing\nmax_age: 86400", "mode testing with no mx lines"],
    ["<html>not found</html>", 'line "<html>not found</html>" is not key: value'],
  ])("rejects %j", (body, problem) => {
    expect(parseMtaStsPolicy(body)).toEqual({ ok: false, problem });
  });

  it("accepts mode none without mx lines", () => {
    expect(parseMtaStsPolicy("version: STSv1\nmode: none\nmax_age: 86400")).toMatchObject({ ok: true, policy: { mode: "none", mx: [] } });
  });

  it("parses the _mta-sts TXT record (§3.1)", () => {
    expect(parseStsRecord("v=STSv1; id=20260101T000000")).toEqual({ ok: true, id: "20260101T000000" });
    expect(parseStsRecord("v=STSv1;id=abc123;")).toEqual({ ok: true, id: "abc123" });
    expect(parseStsRecord("v=STSv1; id=has-dash")).toMatchObject({ ok: false });
    expect(parseStsRecord("v=STSv1;")).toEqual({ ok: false, problem: "the record has no id=" });
    expect(parseStsRecord("id=1; v=STSv1")).toMatchObject({ ok: false });
  });
});

describe("MX pattern matching (RFC 8461 §4.1)", () => {
  it.each([
    ["mail.contoso.com", "mail.contoso.com", true],
    ["MAIL.contoso.com.", "mail.contoso.com", true],
    ["contoso-com.mail.protection.outlook.com", "*.mail.protection.outlook.com", true],
    ["mail.protection.outlook.com", "*.mail.protection.outlook.com", false],
    ["a.b.mail.protection.outlook.com", "*.mail.protection.outlook.com", false],
    ["mail2.contoso.com", "mail.contoso.com", false],
    ["xmail.contoso.com", "*mail.contoso.com", false],
  ])("%s against %s → %s", (host, pattern, expected) => {
    expect(mxMatches(host, pattern)).toBe(expected);
  });
});

describe("X08 MTA-STS not enforced", () => {
  it("passes in enforce mode covering every MX, with the policy values and MX hosts in evidence", () => {
    const out = run(emailDomain("contoso.com"));
    expect(out.status).toBe("pass");
    expect(out.message).toBe("Every email domain enforces MTA-STS with a policy covering all its MX hosts.");
    expect(results(out)[0]).toMatchObject({
      domain: "contoso.com",
      outcome: "pass",
      mx: ["contoso-com.mail.protection.outlook.com"],
      stsRecords: ["v=STSv1; id=20260101T000000"],
      policyId: "20260101T000000",
      policy: { mode: "enforce", mx: ["*.mail.protection.outlook.com"], maxAge: 604800 },
      uncoveredMx: [],
      tlsRpt: ["v=TLSRPTv1; rua=mailto:tls-reports@contoso.com"],
    });
  });

  it("fails without an _mta-sts record", () => {
    const out = run(withSts("contoso.com", { sts: [], policy: null }));
    expect(out.status).toBe("fail");
    expect(out.message).toContain("contoso.com (no MTA-STS record at _mta-sts)");
  });

  it("fails in testing and none mode", () => {
    const testing = run(withSts("contoso.com", policyBody("version: STSv1\nmode: testing\nmx: *.mail.protection.outlook.com\nmax_age: 604800")));
    expect(testing.status).toBe("fail");
    expect(testing.message).toContain("mode testing (senders only report failures and deliver anyway)");
    expect(run(withSts("contoso.com", policyBody("version: STSv1\nmode: none\nmax_age: 86400"))).status).toBe("fail");
  });

  it("fails when the mx patterns miss a live MX, naming it", () => {
    const out = run(withSts("contoso.com", { mx: ["contoso-com.mail.protection.outlook.com", "backup.mx.contoso.net"] }));
    expect(out.status).toBe("fail");
    expect(out.message).toContain("do not cover MX backup.mx.contoso.net");
    expect(results(out)[0]).toMatchObject({ uncoveredMx: ["backup.mx.contoso.net"] });
  });

  it("fails when a published record leads to no usable policy (a sender then ignores MTA-STS)", () => {
    const out = run(withSts("contoso.com", { policy: { url: "https://mta-sts.contoso.com/.well-known/mta-sts.txt", ok: false, problem: "HTTP 404" } }));
    expect(out.status).toBe("fail");
    expect(out.message).toContain("the policy file cannot be used: HTTP 404");
    expect(run(withSts("contoso.com", policyBody("hello"))).message).toContain("invalid policy file");
    expect(run(withSts("contoso.com", { sts: ["v=STSv1; id=1", "v=STSv1; id=2"] })).message).toContain("2 MTA-STS records");
  });

  it("reports a weak or out-of-range max_age without failing on it", () => {
    const out = run(withSts("contoso.com", policyBody("version: STSv1\nmode: enforce\nmx: *.mail.protection.outlook.com\nmax_age: 300")));
    expect(out.status).toBe("pass");
    expect(results(out)[0]).toMatchObject({ notes: ["max_age 300 s is under a week, so senders forget the policy quickly"] });
    const big = run(withSts("contoso.com", policyBody("version: STSv1\nmode: enforce\nmx: *.mail.protection.outlook.com\nmax_age: 99999999")));
    expect(results(big)[0]!.finding).toContain("above the RFC maximum of 31557600");
  });

  it("reports missing TLS-RPT as information, not a fail", () => {
    const out = run(withSts("contoso.com", { tlsRpt: [] }), emailDomain("fabrikam.com"));
    expect(out.status).toBe("pass");
    expect(out.message).toContain("For information: no TLS-RPT record (_smtp._tls) on contoso.com");
    expect(results(out)[0]).toMatchObject({ tlsRpt: null });
  });

  it("skips as not applicable when no email domain has MX records (or there is none)", () => {
    const out = run(withSts("contoso.com", { mx: [], sts: [], policy: null }));
    expect(out).toMatchObject({ status: "skip", skipReason: "not_applicable" });
    expect(run()).toMatchObject({ status: "skip", skipReason: "not_applicable" });
  });

  it("leaves a domain without MX out of the verdict when another one receives mail", () => {
    const out = run(withSts("parked.contoso.com", { mx: [], sts: [], policy: null }), withSts("contoso.com", { sts: [] }));
    expect(out.status).toBe("fail");
    expect(out.message).not.toContain("parked.contoso.com");
  });

  it("is an error, not a fail, when a lookup failed (SERVFAIL, timeout)", () => {
    const out = run(emailDomain("contoso.com"), withSts("fabrikam.com", { error: "_mta-sts.fabrikam.com TXT: ESERVFAIL" }));
    expect(out.status).toBe("error");
    expect(out.message).toContain("fabrikam.com");
    expect(results(out)[1]).toMatchObject({ outcome: "error", finding: "lookup failed: _mta-sts.fabrikam.com TXT: ESERVFAIL" });
    expect(run(emailDomain("contoso.com", { error: "SERVFAIL" })).status).toBe("error");
  });

  it("lets a failing domain win over an errored one", () => {
    expect(run(withSts("contoso.com", { sts: [] }), withSts("fabrikam.com", { error: "timeout" })).status).toBe("fail");
  });
});
