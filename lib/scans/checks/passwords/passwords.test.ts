import { describe, expect, it } from "vitest";
import type { Domain, GroupSetting, InternalDomainFederation } from "@/lib/microsoft/graph-types";
import { C38, NEVER_EXPIRES } from "@/lib/scans/checks/passwords/domains";
import { readCertificate, X28 } from "@/lib/scans/checks/passwords/federation";
import { C41 } from "@/lib/scans/checks/passwords/hybrid";
import { bannedPasswords, C39, C40, PASSWORD_RULE_TEMPLATE_ID } from "@/lib/scans/checks/passwords/password-protection";
import { CONTEXT, NOW } from "@/lib/scans/checks/test-fixtures";
import type { SourceData } from "@/lib/scans/checks/types";
import { selfSignedCertificate } from "../../../../scripts/m365-simulator/passwords";

const DAY = 86_400_000;

function domain(id: string, patch: Partial<Domain> = {}): Domain {
  return {
    id,
    authenticationType: "Managed",
    isAdminManaged: true,
    isDefault: false,
    isInitial: id.endsWith(".onmicrosoft.com"),
    isRoot: true,
    isVerified: true,
    passwordNotificationWindowInDays: 14,
    passwordValidityPeriodInDays: NEVER_EXPIRES,
    supportedServices: ["Email"],
    ...patch,
  };
}

function rules(values: Record<string, string>, templateId = PASSWORD_RULE_TEMPLATE_ID): GroupSetting {
  return { id: "setting-1", displayName: "Password Rule Settings", templateId, values: Object.entries(values).map(([name, value]) => ({ name, value })) };
}

const synced = (on: boolean | null): SourceData["organizationSync"] => ({ id: "org", onPremisesSyncEnabled: on, onPremisesLastSyncDateTime: on ? NOW.toISOString() : null });

describe("C38 passwords never expire", () => {
  const run = (...domains: Domain[]) => C38.evaluate({ domains }, CONTEXT);

  it("passes when every verified managed domain never expires (2147483647 or null)", () => {
    const out = run(domain("contoso.com"), domain("contoso.onmicrosoft.com", { passwordValidityPeriodInDays: null }));
    expect(out.status).toBe("pass");
    expect(out.message).toContain("2 verified managed domains");
  });

  it("fails naming the domain and its period", () => {
    const out = run(domain("contoso.com", { passwordValidityPeriodInDays: 90 }), domain("contoso.onmicrosoft.com"));
    expect(out.status).toBe("fail");
    expect(out.message).toBe("Passwords expire on 1 verified managed domain: contoso.com (every 90 days).");
    expect((out.evidence as { expiringCount: number }).expiringCount).toBe(1);
  });

  it("judges a subdomain by its root, whatever it reports itself", () => {
    const out = run(domain("contoso.com", { passwordValidityPeriodInDays: 180 }), domain("eu.contoso.com", { isRoot: false, passwordValidityPeriodInDays: null }));
    expect(out.status).toBe("fail");
    const domains = (out.evidence as { domains: { domain: string; inheritsFrom: string | null; passwordValidityPeriodInDays: number | null }[] }).domains;
    expect(domains).toContainEqual(expect.objectContaining({ domain: "eu.contoso.com", inheritsFrom: "contoso.com", passwordValidityPeriodInDays: 180 }));
    expect(run(domain("contoso.com"), domain("eu.contoso.com", { isRoot: false, passwordValidityPeriodInDays: 30 })).status).toBe("pass");
  });

  it("ignores federated and unverified domains", () => {
    const out = run(domain("contoso.com"), domain("corp.com", { authenticationType: "Federated", passwordValidityPeriodInDays: 30 }), domain("new.com", { isVerified: false, passwordValidityPeriodInDays: 30 }));
    expect(out.status).toBe("pass");
  });

  it("lets an exception cover one domain", () => {
    const data = { domains: [domain("contoso.com", { passwordValidityPeriodInDays: 90 })] };
    const rest = C38.objects!.exclude(data, new Set(["contoso.com"])) as { domains: Domain[] };
    expect(C38.evaluate(rest, CONTEXT).status).toBe("pass");
  });
});

describe("C39 custom banned-password list", () => {
  const run = (...groupSettings: GroupSetting[]) => C39.evaluate({ groupSettings }, CONTEXT);

  it("is licence-gated on Entra ID P1", () => expect(C39.licence).toBe("p1"));

  it("passes when enforced with words, and reports the count without the words", () => {
    const out = run(rules({ EnableBannedPasswordCheck: "True", BannedPasswordList: "contoso\tredmond\tseahawks" }));
    expect(out.status).toBe("pass");
    expect(out.evidence).toEqual({ settingId: "setting-1", enableBannedPasswordCheck: "True", bannedPasswordCount: 3 });
    expect(JSON.stringify(out.evidence)).not.toContain("redmond");
  });

  it("fails without a Password Rule Settings object (other settings don't count)", () => {
    const out = run(rules({ EnableBannedPasswordCheck: "True", BannedPasswordList: "x" }, "62375ab9-6b52-47ed-826b-58e47e0e304b"));
    expect(out.status).toBe("fail");
    expect(out.message).toMatch(/no Password Rule Settings object/);
  });

  it.each([
    [{ EnableBannedPasswordCheck: "True", BannedPasswordList: "" }, "is enforced but empty"],
    [{ EnableBannedPasswordCheck: "False", BannedPasswordList: "contoso" }, "holds 1 word but is not enforced"],
    [{ EnableBannedPasswordCheck: "false", BannedPasswordList: "" }, "is not enforced and empty"],
  ])("fails for %o", (values, why) => {
    const out = run(rules(values));
    expect(out.status).toBe("fail");
    expect(out.message).toContain(why);
  });

  it("splits the list on tabs (and tolerates commas and newlines)", () => {
    expect(bannedPasswords("a\tb, c\n\td")).toEqual(["a", "b", "c", "d"]);
    expect(bannedPasswords(null)).toEqual([]);
  });
});

describe("C40 on-premises password protection", () => {
  const run = (on: boolean | null, ...groupSettings: GroupSetting[]) => C40.evaluate({ organizationSync: synced(on), groupSettings }, CONTEXT);

  it("is not applicable to a cloud-only directory", () => {
    for (const on of [false, null]) {
      const out = run(on, rules({ EnableBannedPasswordCheckOnPremises: "False" }));
      expect(out.status).toBe("skip");
      expect(out.skipReason).toBe("not_applicable");
    }
  });

  it("passes when enabled in Enforce mode", () => {
    expect(run(true, rules({ EnableBannedPasswordCheckOnPremises: "True", BannedPasswordCheckOnPremisesMode: "Enforce" })).status).toBe("pass");
  });

  it("fails in Audit mode, when off, and with the template defaults (no object: Audit)", () => {
    expect(run(true, rules({ EnableBannedPasswordCheckOnPremises: "True", BannedPasswordCheckOnPremisesMode: "Audit" })).message).toContain("Audit mode");
    expect(run(true, rules({ EnableBannedPasswordCheckOnPremises: "False", BannedPasswordCheckOnPremisesMode: "Enforce" })).message).toContain("switched off");
    const defaults = run(true);
    expect(defaults.status).toBe("fail");
    expect(defaults.evidence).toMatchObject({ templateDefaults: true, bannedPasswordCheckOnPremisesMode: "Audit" });
  });
});

describe("C41 password hash sync", () => {
  const sync = (passwordSyncEnabled: boolean): SourceData["directorySynchronization"] => ({ id: "org", features: { passwordSyncEnabled, passwordWritebackEnabled: false } });

  it("is not applicable when the directory is not synchronised", () => {
    const out = C41.evaluate({ organizationSync: synced(null), directorySynchronization: sync(false) }, CONTEXT);
    expect(out.status).toBe("skip");
    expect(out.skipReason).toBe("not_applicable");
  });

  it("passes with password hash sync on and fails with it off or unreported", () => {
    expect(C41.evaluate({ organizationSync: synced(true), directorySynchronization: sync(true) }, CONTEXT).status).toBe("pass");
    const off = C41.evaluate({ organizationSync: synced(true), directorySynchronization: sync(false) }, CONTEXT);
    expect(off.status).toBe("fail");
    expect(off.evidence).toMatchObject({ passwordSyncEnabled: false });
    expect(C41.evaluate({ organizationSync: synced(true), directorySynchronization: null }, CONTEXT).message).toMatch(/no synchronisation settings/);
  });
});

describe("X28 federation signing certificate", () => {
  const cert = (daysLeft: number) => selfSignedCertificate("ADFS Signing - sts.contoso.com", NOW.getTime() - 300 * DAY, NOW.getTime() + daysLeft * DAY);
  const federation = (signingCertificate: string | null, patch: Partial<InternalDomainFederation> = {}): InternalDomainFederation => ({
    id: "fed-1",
    displayName: "AD FS",
    issuerUri: "http://sts.contoso.com/adfs/services/trust",
    signingCertificate,
    nextSigningCertificate: null,
    federatedIdpMfaBehavior: "rejectMfaByFederatedIdp",
    ...patch,
  });
  const run = (...domainFederations: SourceData["domainFederations"]) => X28.evaluate({ domainFederations }, CONTEXT);

  it("reads notAfter, subject and thumbprint from a base64 DER certificate", () => {
    const facts = readCertificate(cert(100));
    expect(facts?.notAfter).toBe(new Date(Math.floor((NOW.getTime() + 100 * DAY) / 1000) * 1000).toISOString());
    expect(facts?.subject).toBe("CN=ADFS Signing - sts.contoso.com");
    expect(facts?.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(readCertificate("not a certificate")).toBeNull();
  });

  it("is not applicable without federated domains", () => {
    const out = run();
    expect(out.status).toBe("skip");
    expect(out.skipReason).toBe("not_applicable");
  });

  it("passes with a certificate valid beyond 30 days", () => {
    expect(run({ domain: "contoso.com", federation: federation(cert(200)) }).status).toBe("pass");
  });

  it("fails for a certificate expiring within 30 days, naming the domain and reporting an IdP-trusted MFA", () => {
    const out = run(
      { domain: "contoso.com", federation: federation(cert(10), { federatedIdpMfaBehavior: "acceptIfMfaDoneByFederatedIdp" }) },
      { domain: "fabrikam.com", federation: federation(cert(365)) },
    );
    expect(out.status).toBe("fail");
    expect(out.message).toContain("contoso.com (expires");
    expect(out.message).toContain("in 10 days");
    expect(out.message).toContain("acceptIfMfaDoneByFederatedIdp");
    expect(out.evidence).toMatchObject({ federatedDomainCount: 2, failingCount: 1, acceptsFederatedIdpMfa: ["contoso.com"] });
  });

  it("fails for an expired or unreadable certificate", () => {
    expect(run({ domain: "contoso.com", federation: federation(cert(-3)) }).message).toContain("contoso.com (expired");
    expect(run({ domain: "contoso.com", federation: federation("AAAA") }).message).toContain("certificate unreadable");
  });

  it("lets an exception cover one federated domain", () => {
    const data = { domainFederations: [{ domain: "contoso.com", federation: federation(cert(5)) }] };
    const rest = X28.objects!.exclude(data, new Set(["contoso.com"])) as typeof data;
    expect(X28.evaluate(rest, CONTEXT).status).toBe("skip");
  });
});
