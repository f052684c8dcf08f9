import { describe, expect, it } from "vitest";
import { C50, C51, C52 } from "@/lib/scans/checks/org-settings/org-settings";
import { CONTEXT } from "@/lib/scans/checks/test-fixtures";

describe("C50 User-owned apps and trials restricted", () => {
  const evaluate = (isOfficeStoreEnabled: boolean, isAppAndServicesTrialEnabled: boolean) =>
    C50.evaluate({ appsAndServicesSettings: { isOfficeStoreEnabled, isAppAndServicesTrialEnabled } }, CONTEXT);

  it("passes when both are off", () => {
    expect(evaluate(false, false).status).toBe("pass");
  });

  it("fails when either is on, naming which", () => {
    expect(evaluate(true, false).message).toMatch(/^Users can install add-ins from the Office Store,/);
    expect(evaluate(false, true).message).toMatch(/^Users can start trials/);
    expect(evaluate(true, true)).toMatchObject({ status: "fail", evidence: { isOfficeStoreEnabled: true, isAppAndServicesTrialEnabled: true } });
  });
});

describe("C51 Forms internal phishing scan", () => {
  it("passes when the scan is on and fails when it is off", () => {
    expect(C51.evaluate({ formsSettings: { isInOrgFormsPhishingScanEnabled: true } }, CONTEXT).status).toBe("pass");
    expect(C51.evaluate({ formsSettings: { isInOrgFormsPhishingScanEnabled: false } }, CONTEXT).status).toBe("fail");
  });
});

describe("C52 Teams personal-scope resource-specific consent", () => {
  const evaluate = (value: boolean | null) =>
    C52.evaluate({ teamsAppSettings: { id: "teamsAppSettings", allowUserRequestsForAppAccess: true, isChatResourceSpecificConsentEnabled: null, isUserPersonalScopeResourceSpecificConsentEnabled: value } }, CONTEXT);

  it("passes only when user consent is off", () => {
    expect(evaluate(false).status).toBe("pass");
    expect(evaluate(true).status).toBe("fail");
  });

  it("fails when Graph reports no value (Teams applies its default: on)", () => {
    expect(evaluate(null).status).toBe("fail");
  });
});
