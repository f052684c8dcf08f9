import { describe, expect, it } from "vitest";
import { C16 } from "@/lib/scans/checks/mfa-registration/admins";
import { C17 } from "@/lib/scans/checks/mfa-registration/members";
import { C18 } from "@/lib/scans/checks/mfa-registration/phishing-resistant";
import { adminRegistration, CONTEXT, memberUser } from "@/lib/scans/checks/test-fixtures";

describe("C16 All admins MFA-capable", () => {
  it('declares licence "p1" (the framework skips it as not licensed without Entra ID P1)', () => {
    expect(C16.licence).toBe("p1");
    expect(C16.sources).toEqual(["adminRegistrationDetails"]);
  });

  it("passes when every admin is MFA-capable", () => {
    const out = C16.evaluate({ adminRegistrationDetails: [adminRegistration("a@x.com", true), adminRegistration("b@x.com", true)] }, CONTEXT);
    expect(out.status).toBe("pass");
    expect(out.message).toContain("All 2 admins");
  });

  it("fails and lists the admins who cannot do MFA", () => {
    const admins = [
      adminRegistration("a@x.com", false),
      adminRegistration("b@x.com", true),
      adminRegistration("c@x.com", false),
      ...Array.from({ length: 9 }, (_, i) => adminRegistration(`ok${i}@x.com`, true)),
    ];
    const out = C16.evaluate({ adminRegistrationDetails: admins }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toBe("2 of 12 admins cannot complete MFA: a@x.com and c@x.com.");
    expect(out.evidence).toMatchObject({
      adminCount: 12,
      notMfaCapableCount: 2,
      notMfaCapable: [{ userPrincipalName: "a@x.com" }, { userPrincipalName: "c@x.com" }],
    });
  });

  it("passes with no admins reported", () => {
    expect(C16.evaluate({ adminRegistrationDetails: [] }, CONTEXT).status).toBe("pass");
  });
});

describe("C17 Member users MFA-capable", () => {
  const evaluate = (users: ReturnType<typeof memberUser>[], registration: ReturnType<typeof adminRegistration>[]) =>
    C17.evaluate({ memberUsers: users, memberRegistrationDetails: registration }, CONTEXT);

  it("is gated on Entra ID P1", () => {
    expect(C17.licence).toBe("p1");
  });

  it("passes when every enabled member is MFA capable, ignoring disabled accounts", () => {
    const out = evaluate([memberUser("a@x.com"), memberUser("b@x.com", { accountEnabled: false })], [adminRegistration("a@x.com", true), adminRegistration("b@x.com", false)]);
    expect(out.status).toBe("pass");
    expect(out.evidence).toMatchObject({ enabledMemberCount: 1, mfaCapablePercent: 100 });
  });

  it("fails naming the members who cannot complete MFA, including those missing from the report", () => {
    const out = evaluate([memberUser("a@x.com"), memberUser("b@x.com"), memberUser("new@x.com")], [adminRegistration("a@x.com", true), adminRegistration("b@x.com", false)]);
    expect(out.status).toBe("fail");
    expect(out.message).toBe("2 of 3 enabled member accounts cannot complete MFA (33.3% capable): b@x.com and new@x.com.");
    expect(out.evidence).toMatchObject({ notMfaCapableCount: 2, notMfaCapable: [{ userPrincipalName: "b@x.com", methodsRegistered: [] }, { userPrincipalName: "new@x.com", methodsRegistered: null }] });
  });
});

describe("C18 Admins have a phishing-resistant method", () => {
  const admin = (upn: string, methods: string[]) => ({ ...adminRegistration(upn, methods.length > 0), methodsRegistered: methods });

  it("is gated on Entra ID P1", () => {
    expect(C18.licence).toBe("p1");
  });

  it.each([["fido2"], ["windowsHelloForBusiness"], ["passKeyDeviceBound"], ["passKeyDeviceBoundAuthenticator"]])("passes when each admin has %s", (method) => {
    expect(C18.evaluate({ adminRegistrationDetails: [admin("a@x.com", [method, "mobilePhone"])] }, CONTEXT).status).toBe("pass");
  });

  it("fails naming the admins with only phishable methods", () => {
    const out = C18.evaluate({ adminRegistrationDetails: [admin("a@x.com", ["fido2"]), admin("b@x.com", ["microsoftAuthenticatorPush", "mobilePhone"])] }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toBe("1 of 2 admins have no phishing-resistant method: b@x.com.");
    expect(out.evidence).toMatchObject({ withoutPhishingResistant: [{ userPrincipalName: "b@x.com" }] });
  });
});
