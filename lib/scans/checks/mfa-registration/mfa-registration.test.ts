import { describe, expect, it } from "vitest";
import { C16 } from "@/lib/scans/checks/mfa-registration/admins";
import { adminRegistration, CONTEXT } from "@/lib/scans/checks/test-fixtures";

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
