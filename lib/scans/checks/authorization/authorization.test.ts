import { describe, expect, it } from "vitest";
import type { AuthorizationPolicy } from "@/lib/microsoft/graph-types";
import { C35, C36, C37, durationDays } from "@/lib/scans/checks/authorization/app-management";
import { C31 } from "@/lib/scans/checks/authorization/consent-workflow";
import { C27, C28, C29, C30, C32, C33, C34 } from "@/lib/scans/checks/authorization/default-user-permissions";
import { authorizationPolicy, CONTEXT, daysAgo, daysFromNow } from "@/lib/scans/checks/test-fixtures";

describe("C27 Users cannot register apps", () => {
  it("passes when allowedToCreateApps is false", () => {
    expect(C27.evaluate({ authorizationPolicy: authorizationPolicy() }, CONTEXT).status).toBe("pass");
  });

  it("fails when allowedToCreateApps is true", () => {
    const out = C27.evaluate({ authorizationPolicy: authorizationPolicy({ defaultUserRolePermissions: { allowedToCreateApps: true } }) }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.evidence).toEqual({ allowedToCreateApps: true });
  });
});

describe("C29 User consent to apps disabled", () => {
  const withPolicies = (permissionGrantPoliciesAssigned: string[]) =>
    C29.evaluate({ authorizationPolicy: authorizationPolicy({ defaultUserRolePermissions: { permissionGrantPoliciesAssigned } }) }, CONTEXT);

  it("passes with no self-consent policy (owned-resource policies are fine)", () => {
    expect(withPolicies(["ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-chat"]).status).toBe("pass");
    expect(withPolicies([]).status).toBe("pass");
  });

  it("fails when users can consent to any app", () => {
    const out = withPolicies(["ManagePermissionGrantsForSelf.microsoft-user-default-legacy"]);
    expect(out.status).toBe("fail");
    expect(out.message).toContain("consent to any app");
  });

  it("fails for the low-impact policy too (strict profile)", () => {
    const out = withPolicies(["ManagePermissionGrantsForSelf.microsoft-user-default-low"]);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({ userConsentPolicies: ["ManagePermissionGrantsForSelf.microsoft-user-default-low"] });
  });
});

describe("C32 Guest directory access restricted", () => {
  const withRole = (guestUserRoleId: string) => C32.evaluate({ authorizationPolicy: authorizationPolicy({ guestUserRoleId }) }, CONTEXT);

  it.each([["2af84b1e-32c8-42b7-82bc-daa82404023b"], ["10dae51f-b6af-4016-8d66-8c2a99b929b3"], ["2AF84B1E-32C8-42B7-82BC-DAA82404023B"]])(
    "passes for %s",
    (roleId) => {
      expect(withRole(roleId).status).toBe("pass");
    },
  );

  it("fails when guests have the same access as members", () => {
    const out = withRole("a0b1b346-4d3e-4e8b-98f8-753987be4970");
    expect(out.status).toBe("fail");
    expect(out.message).toContain("same access as members");
  });

  it("fails for an unknown role id", () => {
    expect(withRole("11111111-1111-1111-1111-111111111111").status).toBe("fail");
  });
});

describe("C28 Users cannot create tenants", () => {
  it("passes when allowedToCreateTenants is false", () => {
    expect(C28.evaluate({ authorizationPolicy: authorizationPolicy() }, CONTEXT).status).toBe("pass");
  });

  it("fails when any user can create a tenant", () => {
    const out = C28.evaluate({ authorizationPolicy: authorizationPolicy({ defaultUserRolePermissions: { allowedToCreateTenants: true } }) }, CONTEXT);
    expect(out).toMatchObject({ status: "fail", evidence: { allowedToCreateTenants: true } });
  });
});

describe("C33 Guest invites limited", () => {
  const withSetting = (allowInvitesFrom: AuthorizationPolicy["allowInvitesFrom"]) =>
    C33.evaluate({ authorizationPolicy: authorizationPolicy({ allowInvitesFrom }) }, CONTEXT);

  it.each([["adminsAndGuestInviters"], ["none"]] as const)("passes for %s", (setting) => {
    expect(withSetting(setting).status).toBe("pass");
  });

  it.each([["adminsGuestInvitersAndAllMembers", "every member user"], ["everyone", "guests included"]] as const)("fails for %s, saying who can invite", (setting, words) => {
    const out = withSetting(setting);
    expect(out.status).toBe("fail");
    expect(out.message).toContain(words);
    expect(out.evidence).toEqual({ allowInvitesFrom: setting });
  });

  it("fails for a value Graph may add later", () => {
    expect(withSetting("unknownFutureValue").status).toBe("fail");
  });
});

describe("C34 Users cannot read their own BitLocker keys", () => {
  it("passes when the self-service recovery is off", () => {
    expect(C34.evaluate({ authorizationPolicy: authorizationPolicy() }, CONTEXT).status).toBe("pass");
  });

  it("fails when users can read their own devices' keys", () => {
    const out = C34.evaluate({ authorizationPolicy: authorizationPolicy({ defaultUserRolePermissions: { allowedToReadBitlockerKeysForOwnedDevice: true } }) }, CONTEXT);
    expect(out).toMatchObject({ status: "fail", evidence: { allowedToReadBitlockerKeysForOwnedDevice: true } });
  });
});

describe("C31 Admin consent workflow on", () => {
  const policy = (isEnabled: boolean, reviewers: string[]) => ({
    adminConsentRequestPolicy: { id: "", isEnabled, notifyReviewers: true, remindersEnabled: true, requestDurationInDays: 30, reviewers: reviewers.map((query) => ({ query, queryType: "MicrosoftGraph", queryRoot: null })) },
  });

  it("passes when on with a reviewer", () => {
    expect(C31.evaluate(policy(true, ["/users/u1"]), CONTEXT)).toMatchObject({ status: "pass", evidence: { reviewerCount: 1, reviewers: ["/users/u1"] } });
  });

  it("fails when off, and when on without reviewers", () => {
    expect(C31.evaluate(policy(false, ["/users/u1"]), CONTEXT).message).toMatch(/off/);
    expect(C31.evaluate(policy(true, []), CONTEXT).message).toMatch(/no reviewers/);
  });
});

describe("C30 User consent to risky apps blocked", () => {
  it("passes when false or unset (the default) and fails when true", () => {
    expect(C30.evaluate({ authorizationPolicy: authorizationPolicy({ allowUserConsentForRiskyApps: false }) }, CONTEXT).status).toBe("pass");
    expect(C30.evaluate({ authorizationPolicy: authorizationPolicy({ allowUserConsentForRiskyApps: null }) }, CONTEXT).status).toBe("pass");
    expect(C30.evaluate({ authorizationPolicy: authorizationPolicy({ allowUserConsentForRiskyApps: true }) }, CONTEXT)).toMatchObject({ status: "fail", evidence: { allowUserConsentForRiskyApps: true } });
  });
});

describe("C35–C37 app management policy", () => {
  const ALL = "2000-01-01T00:00:00Z";
  const r = (restrictionType: string, maxLifetime: string | null = null, cutoff: string | null = ALL, state: "enabled" | "disabled" = "enabled") => ({
    restrictionType,
    state,
    maxLifetime,
    restrictForAppsCreatedAfterDateTime: cutoff,
  });
  const policy = (passwords: ReturnType<typeof r>[], keys: ReturnType<typeof r>[] = [], isEnabled = true, spToo = true) => ({
    appManagementPolicy: {
      id: "p",
      isEnabled,
      applicationRestrictions: { passwordCredentials: passwords, keyCredentials: keys },
      servicePrincipalRestrictions: spToo ? { passwordCredentials: passwords, keyCredentials: keys } : null,
    },
  });

  it("parses ISO 8601 durations", () => {
    expect(durationDays("P180D")).toBe(180);
    expect(durationDays("P1Y")).toBe(365);
    expect(durationDays("P2W")).toBe(14);
    expect(durationDays("P1DT12H")).toBe(1.5);
    expect(durationDays("P")).toBeNull();
    expect(durationDays("180 days")).toBeNull();
  });

  it("C35 passes when secret addition is blocked for every app in both scopes", () => {
    expect(C35.evaluate(policy([r("passwordAddition")]), CONTEXT).status).toBe("pass");
  });

  it("C35 fails when off, disabled, for new apps only, not yet in force, or for applications only", () => {
    expect(C35.evaluate(policy([r("passwordAddition")], [], false), CONTEXT).message).toContain("the policy is not enabled");
    expect(C35.evaluate(policy([r("passwordAddition", null, ALL, "disabled")]), CONTEXT).status).toBe("fail");
    expect(C35.evaluate(policy([r("passwordAddition", null, daysAgo(10))]), CONTEXT).message).toContain("only for apps created after");
    expect(C35.evaluate(policy([r("passwordAddition", null, daysFromNow(10))]), CONTEXT).message).toContain("not in force until");
    expect(C35.evaluate(policy([r("passwordAddition")], [], true, false), CONTEXT).message).toContain("service principals: not set");
  });

  it("C36 does not apply when secrets are blocked, passes at 180 days (P181D included) and fails above", () => {
    expect(C36.evaluate(policy([r("passwordAddition")]), CONTEXT).status).toBe("skip");
    expect(C36.evaluate(policy([r("passwordLifetime", "P180D")]), CONTEXT).status).toBe("pass");
    expect(C36.evaluate(policy([r("passwordLifetime", "P181D")]), CONTEXT).status).toBe("pass");
    expect(C36.evaluate(policy([r("passwordLifetime", "P1Y")]), CONTEXT).message).toContain("up to 365 days");
  });

  it("C37 passes at a year for certificates in both scopes and fails without it", () => {
    expect(C37.evaluate(policy([], [r("asymmetricKeyLifetime", "P365D")]), CONTEXT).status).toBe("pass");
    expect(C37.evaluate(policy([], [r("asymmetricKeyLifetime", "P2Y")]), CONTEXT).status).toBe("fail");
    expect(C37.evaluate(policy([], []), CONTEXT).evidence).toMatchObject({ gaps: ["applications: not set", "service principals: not set"] });
  });
});
