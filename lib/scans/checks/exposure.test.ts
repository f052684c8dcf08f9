import { describe, expect, it } from "vitest";
import {
  dkimKeyPublished,
  dmarcPolicy,
  redirectUriProblem,
  spfTerminal,
  X01,
  X02,
  X04,
  X05,
  X06,
  X07,
  X10,
  X15,
  X16,
  X22,
} from "@/lib/scans/checks/exposure";
import {
  app,
  certificate,
  CONTEXT,
  daysAgo,
  daysFromNow,
  emailDomain,
  guest,
  NOW,
  secret,
} from "@/lib/scans/checks/test-fixtures";
import type { Application } from "@/lib/microsoft/graph-types";
import type { CheckOutcome, DomainDnsRecords } from "@/lib/scans/checks/types";

type DnsCheck = typeof X01;
const dns = (check: DnsCheck, ...domains: DomainDnsRecords[]): CheckOutcome => check.evaluate({ emailDns: domains }, CONTEXT);
const domainResults = (out: CheckOutcome) => (out.evidence as { domains: { domain: string; outcome: string; finding: string }[] }).domains;

describe("DNS checks: shared domain handling", () => {
  it.each([X01, X02, X04, X05, X06, X07])("$id passes with no custom email domains", (check) => {
    const out = dns(check);
    expect(out.status).toBe("pass");
    expect(out.message).toMatch(/no custom email domains/i);
  });

  it.each([X01, X02, X04, X05, X06, X07])("$id is an error naming the domain when its DNS lookup failed", (check) => {
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

  it("fails without a DMARC record and names where it looked", () => {
    const out = dns(X04, emailDomain("mail.contoso.com", { orgDomain: "contoso.com", dmarc: [] }));
    expect(out.status).toBe("fail");
    expect(out.message).toContain("mail.contoso.com (no DMARC record at _dmarc.contoso.com)");
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

describe("X10 Stale or never-redeemed guests", () => {
  const evaluate = (users: ReturnType<typeof guest>[], withSignInActivity = true) => X10.evaluate({ guestUsers: { users, withSignInActivity } }, CONTEXT);

  it("passes with active, accepted guests", () => {
    const out = evaluate([guest(), guest()]);
    expect(out.status).toBe("pass");
    expect(out.message).toContain("2 guests");
  });

  it("flags an invitation pending over 30 days (by state change date)", () => {
    const out = evaluate([guest({ userPrincipalName: "p@x", externalUserState: "PendingAcceptance", externalUserStateChangeDateTime: daysAgo(31), signInActivity: null, createdDateTime: daysAgo(31) })]);
    expect(out.status).toBe("fail");
    expect(out.message).toContain("p@x");
    expect(out.evidence).toMatchObject({ pendingOver30Days: 1, flagged: [{ userPrincipalName: "p@x", reasons: ["pendingAcceptance"] }] });
  });

  it("does not flag an invitation pending exactly 30 days, and falls back to createdDateTime", () => {
    expect(evaluate([guest({ externalUserState: "PendingAcceptance", externalUserStateChangeDateTime: daysAgo(30), signInActivity: null, createdDateTime: daysAgo(30) })]).status).toBe("pass");
    expect(evaluate([guest({ externalUserState: "PendingAcceptance", externalUserStateChangeDateTime: null, signInActivity: null, createdDateTime: daysAgo(45) })]).status).toBe("fail");
  });

  it("flags a guest whose last successful sign-in is over 90 days ago", () => {
    const g = guest({ signInActivity: { lastSignInDateTime: daysAgo(5), lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: daysAgo(91) } });
    const out = evaluate([g]);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({ noSignInOver90Days: 1, flagged: [{ reasons: ["noRecentSignIn"] }] });
  });

  it("flags a never-signed-in guest created over 90 days ago, not one created recently", () => {
    const never = { lastSignInDateTime: null, lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: null };
    expect(evaluate([guest({ createdDateTime: daysAgo(120), signInActivity: never })]).status).toBe("fail");
    expect(evaluate([guest({ createdDateTime: daysAgo(10), externalUserStateChangeDateTime: daysAgo(9), signInActivity: never })]).status).toBe("pass");
  });

  it("without sign-in activity (no P1) runs only the pending half and says so", () => {
    const old = guest({ createdDateTime: daysAgo(400), signInActivity: undefined });
    const pass = evaluate([old], false);
    expect(pass.status).toBe("pass");
    expect(pass.message).toContain("only pending invitations were checked");
    expect(pass.evidence).toMatchObject({ withSignInActivity: false, noSignInOver90Days: null });

    const fail = evaluate([old, guest({ externalUserState: "PendingAcceptance", externalUserStateChangeDateTime: daysAgo(60), signInActivity: undefined })], false);
    expect(fail.status).toBe("fail");
    expect(fail.message).toContain("only pending invitations were checked");
  });

  it("depends on context.now, not the wall clock", () => {
    const g = guest({ signInActivity: { lastSignInDateTime: null, lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: "2025-06-01T00:00:00Z" } });
    expect(X10.evaluate({ guestUsers: { users: [g], withSignInActivity: true } }, { now: NOW }).status).toBe("pass");
    expect(X10.evaluate({ guestUsers: { users: [g], withSignInActivity: true } }, { now: new Date("2026-01-01T00:00:00Z") }).status).toBe("fail");
  });
});

describe("X15 App credentials expired or expiring ≤ 30 d", () => {
  const evaluate = (applications: Application[]) => X15.evaluate({ applications }, CONTEXT);

  it("passes when every credential is valid beyond 30 days", () => {
    expect(evaluate([app({ passwordCredentials: [secret({ endDateTime: daysFromNow(31) })], keyCredentials: [certificate()] })]).status).toBe("pass");
    expect(evaluate([]).status).toBe("pass");
  });

  it("fails and separates expired from expiring", () => {
    const a = app({
      displayName: "Payroll",
      appId: "payroll-app",
      passwordCredentials: [secret({ keyId: "s-old", endDateTime: daysAgo(10) }), secret({ keyId: "s-ok", endDateTime: daysFromNow(100) })],
      keyCredentials: [certificate({ keyId: "c-soon", endDateTime: daysFromNow(5) })],
    });
    const out = evaluate([a]);
    expect(out.status).toBe("fail");
    expect(out.message).toBe("1 app has credentials to rotate or remove (1 expired, 1 expiring within 30 days): Payroll.");
    expect(out.evidence).toMatchObject({
      expired: 1,
      expiring: 1,
      credentials: [
        { appDisplayName: "Payroll", appId: "payroll-app", keyId: "s-old", type: "secret", state: "expired", endDateTime: daysAgo(10) },
        { appDisplayName: "Payroll", appId: "payroll-app", keyId: "c-soon", type: "certificate", state: "expiring", endDateTime: daysFromNow(5) },
      ],
    });
  });

  it("ignores credentials without an end date", () => {
    expect(evaluate([app({ passwordCredentials: [secret({ endDateTime: null })] })]).status).toBe("pass");
  });
});

describe("X16 Long-lived app credentials", () => {
  const evaluate = (applications: Application[]) => X16.evaluate({ applications }, CONTEXT);

  it("passes for a 180-day secret and a one-year certificate, including one spanning 29 February", () => {
    const a = app({
      passwordCredentials: [secret({ startDateTime: daysAgo(10), endDateTime: daysFromNow(170) })],
      keyCredentials: [
        certificate({ keyId: "c1", startDateTime: "2024-12-01T00:00:00Z", endDateTime: "2025-12-01T00:00:00Z" }),
        // 366 days, still one calendar year.
        certificate({ keyId: "c2", startDateTime: "2027-07-01T00:00:00Z", endDateTime: "2028-07-01T00:00:00Z" }),
      ],
    });
    expect(evaluate([a]).status).toBe("pass");
  });

  it("fails for a two-year secret", () => {
    const out = evaluate([app({ displayName: "CRM sync", passwordCredentials: [secret({ startDateTime: daysAgo(30), endDateTime: daysFromNow(700) })] })]);
    expect(out.status).toBe("fail");
    expect(out.message).toBe("1 app uses long-lived credentials (1 secret over 180 days): CRM sync.");
    expect(out.evidence).toMatchObject({ secrets: 1, credentials: [{ type: "secret", lifetimeDays: 730 }] });
  });

  it("fails for a 200-day secret and a 2-year certificate", () => {
    const a = app({
      passwordCredentials: [secret({ startDateTime: daysAgo(10), endDateTime: daysFromNow(190) })],
      keyCredentials: [certificate({ startDateTime: daysAgo(10), endDateTime: daysFromNow(720) })],
    });
    const out = evaluate([a]);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({ secrets: 1, certificates: 1 });
  });

  it("ignores expired long-lived credentials (reported by X15) and credentials without dates", () => {
    const a = app({ passwordCredentials: [secret({ startDateTime: daysAgo(800), endDateTime: daysAgo(70) }), secret({ startDateTime: null })] });
    expect(evaluate([a]).status).toBe("pass");
  });
});

describe("X22 Insecure redirect URIs", () => {
  const evaluate = (applications: Application[]) => X22.evaluate({ applications }, CONTEXT);

  it("passes for https, localhost/127.0.0.1 over http, and custom schemes", () => {
    const a = app({
      web: { redirectUris: ["https://app.contoso.com/signin-oidc", "http://localhost:5000/callback", "http://127.0.0.1/cb"], homePageUrl: null, logoutUrl: null },
      spa: { redirectUris: ["https://spa.contoso.com"] },
      publicClient: { redirectUris: ["msauth.com.contoso.app://auth", "urn:ietf:wg:oauth:2.0:oob"] },
    });
    expect(evaluate([a]).status).toBe("pass");
  });

  it("fails for wildcards, remote http and unparsable URIs", () => {
    const a = app({
      displayName: "Portal",
      web: { redirectUris: ["https://*.contoso.com/cb", "http://app.contoso.com/cb"], homePageUrl: null, logoutUrl: null },
      publicClient: { redirectUris: ["not a uri"] },
    });
    const out = evaluate([a]);
    expect(out.status).toBe("fail");
    expect(out.message).toBe("3 redirect URIs on 1 app are insecure (wildcard, unparsable or plain http): Portal.");
    expect(out.evidence).toMatchObject({
      insecureCount: 3,
      redirectUris: [
        { platform: "web", uri: "https://*.contoso.com/cb", reason: "wildcard" },
        { platform: "web", uri: "http://app.contoso.com/cb", reason: "plain http to a non-loopback host" },
        { platform: "publicClient", uri: "not a uri", reason: "unparsable" },
      ],
    });
  });

  it("does not treat localhost look-alikes as loopback", () => {
    expect(redirectUriProblem("http://localhost.evil.com/cb")).not.toBeNull();
    expect(redirectUriProblem("HTTP://LOCALHOST:8080/cb")).toBeNull();
  });
});
