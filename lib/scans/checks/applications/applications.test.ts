import { describe, expect, it } from "vitest";
import type { Application } from "@/lib/microsoft/graph-types";
import { redirectUriProblem, X15, X16, X22 } from "@/lib/scans/checks/applications/credentials";
import { app, certificate, CONTEXT, daysAgo, daysFromNow, secret } from "@/lib/scans/checks/test-fixtures";

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
