import { describe, expect, it } from "vitest";
import { C01, C02, C03, C12, C13, C16, C19, C27, C29, C32 } from "@/lib/scans/checks/compliance";
import { PRIV_ROLE_IDS } from "@/lib/scans/checks/helpers";
import { CHECKS, checksFor } from "@/lib/scans/checks/registry";
import {
  adminRegistration,
  app,
  authMethodsPolicy,
  authorizationPolicy,
  caPolicy,
  CONTEXT,
  daysAgo,
  daysFromNow,
  emailDomain,
  gaAssignment,
  gaUsers,
  guest,
  legacyBlockPolicy,
  secret,
  securityDefaults,
} from "@/lib/scans/checks/test-fixtures";
import type { SourceData, SourceId } from "@/lib/scans/checks/types";
import type { ConditionalAccessPolicy } from "@/lib/microsoft/graph-types";

const SD_OFF = securityDefaults(false);
const SD_ON = securityDefaults(true);

function ca(check: typeof C01 | typeof C02 | typeof C03, policies: ConditionalAccessPolicy[], sd = SD_OFF) {
  return check.evaluate({ securityDefaults: sd, conditionalAccessPolicies: policies }, CONTEXT);
}

function adminPolicy(patch: Parameters<typeof caPolicy>[0] = {}) {
  return caPolicy({ displayName: "MFA for admins", ...patch, users: { includeUsers: [], includeRoles: [...PRIV_ROLE_IDS], ...patch.users } });
}

describe("C01 MFA enforced for all users", () => {
  it("passes when security defaults are on, even without policies", () => {
    const out = ca(C01, [], SD_ON);
    expect(out.status).toBe("pass");
    expect(out.message).toMatch(/security defaults/i);
  });

  it("passes with an enabled all-users, all-apps MFA policy", () => {
    const out = ca(C01, [caPolicy({ displayName: "Require MFA" })]);
    expect(out.status).toBe("pass");
    expect(out.message).toContain('"Require MFA"');
    expect(out.evidence).toMatchObject({ matchingPolicies: [{ displayName: "Require MFA" }] });
  });

  it("passes with an authentication strength instead of the mfa control", () => {
    const policy = caPolicy({ grant: { builtInControls: [], authenticationStrength: { id: "00000000-0000-0000-0000-000000000004" } } });
    expect(ca(C01, [policy]).status).toBe("pass");
  });

  it("fails without P1 and with security defaults off (no policies)", () => {
    const out = ca(C01, []);
    expect(out.status).toBe("fail");
    expect(out.message).toMatch(/security defaults are off/i);
  });

  it("does not count a report-only policy, and names it as a near miss", () => {
    const out = ca(C01, [caPolicy({ displayName: "MFA pilot", state: "enabledForReportingButNotEnforced" })]);
    expect(out.status).toBe("fail");
    expect(out.message).toContain('"MFA pilot" state is enabledForReportingButNotEnforced');
    expect(out.evidence).toMatchObject({ nearMisses: [{ displayName: "MFA pilot", gaps: ["state is enabledForReportingButNotEnforced"] }] });
  });

  it("tolerates up to 2 excluded users (presumed break-glass) but not 3, nor any excluded group", () => {
    expect(ca(C01, [caPolicy({ users: { excludeUsers: ["bg1", "bg2"] } })]).status).toBe("pass");
    expect(ca(C01, [caPolicy({ users: { excludeUsers: ["bg1", "bg2", "u3"] } })]).status).toBe("fail");
    expect(ca(C01, [caPolicy({ users: { excludeGroups: ["g1"] } })]).status).toBe("fail");
  });

  it.each<[string, Parameters<typeof caPolicy>[0]]>([
    ["a group instead of all users", { users: { includeUsers: [], includeGroups: ["g1"] } }],
    ["one app instead of all", { applications: { includeApplications: ["00000002-0000-0ff1-ce00-000000000000"] } }],
    ["an excluded app", { applications: { excludeApplications: ["app1"] } }],
    ["an excluded role", { users: { excludeRoles: ["role1"] } }],
    ["excluded guests", { users: { excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "b2bCollaborationGuest" } } }],
    ["a locations condition", { conditions: { locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } } }],
    ["a platforms condition", { conditions: { platforms: { includePlatforms: ["android"], excludePlatforms: [] } } }],
    ["a device filter", { conditions: { devices: { deviceFilter: { mode: "exclude", rule: "device.isCompliant -eq True" } } } }],
    ["sign-in risk only", { conditions: { signInRiskLevels: ["high"] } }],
    ["browser only", { conditions: { clientAppTypes: ["browser"] } }],
    ["no grant controls", { grant: null }],
    ["MFA OR compliant device", { grant: { operator: "OR", builtInControls: ["mfa", "compliantDevice"] } }],
  ])("fails for a policy with %s", (_label, patch) => {
    expect(ca(C01, [caPolicy(patch)]).status).toBe("fail");
  });

  it("treats locations that include all and exclude nothing as not narrowing", () => {
    const policy = caPolicy({ conditions: { locations: { includeLocations: ["All"], excludeLocations: [] } } });
    expect(ca(C01, [policy]).status).toBe("pass");
  });

  it("accepts MFA AND compliant device", () => {
    expect(ca(C01, [caPolicy({ grant: { operator: "AND", builtInControls: ["mfa", "compliantDevice"] } })]).status).toBe("pass");
  });
});

describe("C02 Legacy authentication blocked", () => {
  it("passes when security defaults are on", () => {
    expect(ca(C02, [], SD_ON).status).toBe("pass");
  });

  it("passes with a policy blocking exchangeActiveSync and other for all users", () => {
    const out = ca(C02, [legacyBlockPolicy()]);
    expect(out.status).toBe("pass");
    expect(out.message).toContain('"Block legacy authentication"');
  });

  it("fails when only other clients are blocked", () => {
    const out = ca(C02, [legacyBlockPolicy({ conditions: { clientAppTypes: ["other"] } })]);
    expect(out.status).toBe("fail");
    expect(out.message).toContain("client apps do not include exchangeActiveSync");
  });

  it("fails when the legacy policy grants MFA instead of blocking", () => {
    expect(ca(C02, [legacyBlockPolicy({ grant: { builtInControls: ["mfa"] } })]).status).toBe("fail");
  });

  it("fails with a report-only block policy and an unrelated MFA policy", () => {
    const out = ca(C02, [legacyBlockPolicy({ state: "enabledForReportingButNotEnforced" }), caPolicy()]);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({ nearMisses: [{ displayName: "Block legacy authentication" }] });
  });

  it("fails when the block policy excludes a group", () => {
    expect(ca(C02, [legacyBlockPolicy({ users: { excludeGroups: ["legacy-exceptions"] } })]).status).toBe("fail");
  });
});

describe("C03 MFA for admin roles", () => {
  it("passes when security defaults are on", () => {
    expect(ca(C03, [], SD_ON).status).toBe("pass");
  });

  it("passes with an enabled policy covering all 8 PRIV roles", () => {
    expect(ca(C03, [adminPolicy()]).status).toBe("pass");
  });

  it("also accepts an all-users MFA policy (it covers every admin)", () => {
    expect(ca(C03, [caPolicy()]).status).toBe("pass");
  });

  it("compares role ids case-insensitively", () => {
    expect(ca(C03, [adminPolicy({ users: { includeRoles: PRIV_ROLE_IDS.map((r) => r.toUpperCase()) } })]).status).toBe("pass");
  });

  it("fails when a PRIV role is missing and names it", () => {
    const out = ca(C03, [adminPolicy({ users: { includeRoles: PRIV_ROLE_IDS.filter((_, i) => i !== 4) } })]);
    expect(out.status).toBe("fail");
    expect(out.message).toContain("Exchange Administrator");
  });

  it("fails when roles are excluded", () => {
    expect(ca(C03, [adminPolicy({ users: { excludeRoles: ["62e90394-69f5-4237-9190-012177145e10"] } })]).status).toBe("fail");
  });

  it("fails for a report-only admin policy", () => {
    expect(ca(C03, [adminPolicy({ state: "enabledForReportingButNotEnforced" })]).status).toBe("fail");
  });

  it("fails when the admin policy targets only some apps", () => {
    expect(ca(C03, [adminPolicy({ applications: { includeApplications: ["797f4846-ba00-4fd7-ba43-dac1f8f63013"] } })]).status).toBe("fail");
  });

  it("fails when the admin policy does not require MFA", () => {
    expect(ca(C03, [adminPolicy({ grant: { builtInControls: ["compliantDevice"] } })]).status).toBe("fail");
  });
});

describe("C12 Auth-methods policy migration complete", () => {
  it.each([["migrationComplete"], [null]] as const)("passes for %s", (state) => {
    expect(C12.evaluate({ authMethodsPolicy: authMethodsPolicy({ policyMigrationState: state }) }, CONTEXT).status).toBe("pass");
  });

  it.each([["preMigration"], ["migrationInProgress"], ["unknownFutureValue"]] as const)("fails for %s", (state) => {
    const out = C12.evaluate({ authMethodsPolicy: authMethodsPolicy({ policyMigrationState: state }) }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toContain(state);
    expect(out.evidence).toEqual({ policyMigrationState: state });
  });
});

describe("C13 SMS, Voice and Email OTP disabled", () => {
  it("passes when all three are disabled", () => {
    expect(C13.evaluate({ authMethodsPolicy: authMethodsPolicy() }, CONTEXT).status).toBe("pass");
  });

  it("passes when the configurations are missing (counts as disabled)", () => {
    const out = C13.evaluate({ authMethodsPolicy: authMethodsPolicy({ methods: { Fido2: "enabled" } }) }, CONTEXT);
    expect(out.status).toBe("pass");
    expect(out.evidence).toMatchObject({ methods: [{ id: "Sms", state: "absent" }, { id: "Voice", state: "absent" }, { id: "Email", state: "absent" }] });
  });

  it("fails and lists the enabled methods", () => {
    const policy = authMethodsPolicy({ methods: { Sms: "enabled", Voice: "disabled", Email: "enabled" } });
    const out = C13.evaluate({ authMethodsPolicy: policy }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toBe("SMS and Email OTP are still enabled as authentication methods.");
    expect(out.evidence).toMatchObject({ enabled: ["Sms", "Email"] });
  });

  it("fails when only Voice is enabled", () => {
    const out = C13.evaluate({ authMethodsPolicy: authMethodsPolicy({ methods: { Voice: "enabled" } }) }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toBe("Voice call is still enabled as an authentication method.");
  });
});

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

describe("C19 2–4 Global Admins", () => {
  const evaluate = (assignments: ReturnType<typeof gaUsers>) => C19.evaluate({ globalAdminAssignments: assignments }, CONTEXT);

  it.each([[2], [3], [4]])("passes with exactly %i user GAs", (n) => {
    expect(evaluate(gaUsers(n)).status).toBe("pass");
  });

  it.each([[0], [1], [5]])("fails with %i user GAs", (n) => {
    expect(evaluate(gaUsers(n)).status).toBe("fail");
  });

  it("says so when nobody holds the role", () => {
    expect(evaluate([]).message).toBe("No user holds Global Administrator; assign at least 2.");
  });

  it("fails with 5 and says to reduce", () => {
    const out = evaluate(gaUsers(5));
    expect(out.message).toMatch(/^5 users hold Global Administrator; reduce to at most 4/);
    expect(out.evidence).toMatchObject({ userCount: 5 });
  });

  it("counts a user with two assignments once", () => {
    const out = evaluate([...gaUsers(2), gaAssignment("user", "user-1", "admin1")]);
    expect(out.status).toBe("pass");
    expect(out.evidence).toMatchObject({ userCount: 2 });
  });

  it("reports service principals and groups in evidence without counting them", () => {
    const out = evaluate([...gaUsers(1), gaAssignment("servicePrincipal", "sp-1", "Automation"), gaAssignment("group", "grp-1", "GA group")]);
    expect(out.status).toBe("fail");
    expect(out.message).toBe(
      "Only 1 user holds Global Administrator (not counted: 1 service principal and 1 group), leaving no fallback if that account is lost; assign at least 2.",
    );
    expect(out.evidence).toMatchObject({
      userCount: 1,
      servicePrincipals: [{ id: "sp-1", displayName: "Automation" }],
      groups: [{ id: "grp-1", displayName: "GA group" }],
    });
  });

  it("keeps a 4-user tenant passing when service principals are added", () => {
    const out = evaluate([...gaUsers(4), gaAssignment("servicePrincipal", "sp-1"), gaAssignment("servicePrincipal", "sp-2")]);
    expect(out.status).toBe("pass");
  });
});

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

describe("registry", () => {
  const SOURCE_IDS: Record<SourceId, true> = {
    licences: true,
    securityDefaults: true,
    conditionalAccessPolicies: true,
    authMethodsPolicy: true,
    adminRegistrationDetails: true,
    globalAdminAssignments: true,
    authorizationPolicy: true,
    domains: true,
    guestUsers: true,
    applications: true,
    emailDns: true,
  };

  it("has 20 checks with unique ids, compliance first, each group in id order", () => {
    expect(CHECKS).toHaveLength(20);
    expect(new Set(CHECKS.map((c) => c.id)).size).toBe(20);
    expect(CHECKS.map((c) => c.id)).toEqual(["C01", "C02", "C03", "C12", "C13", "C16", "C19", "C27", "C29", "C32", "X01", "X02", "X04", "X05", "X06", "X07", "X10", "X15", "X16", "X22"]);
  });

  it("has 10 checks per scan type, and checksFor filters by it", () => {
    expect(checksFor("compliance")).toHaveLength(10);
    expect(checksFor("exposure")).toHaveLength(10);
    expect(checksFor("compliance").every((c) => c.scanType === "compliance" && c.id.startsWith("C"))).toBe(true);
    expect(checksFor("exposure").every((c) => c.scanType === "exposure" && c.id.startsWith("X"))).toBe(true);
  });

  it.each(CHECKS.map((c) => [c.id, c] as const))("%s declares known sources and complete metadata", (_id, check) => {
    expect(check.sources.length).toBeGreaterThan(0);
    for (const s of check.sources) expect(Object.keys(SOURCE_IDS)).toContain(s);
    expect(check.title.trim()).not.toBe("");
    expect(check.remediation.trim()).not.toBe("");
    expect(check.category.trim()).not.toBe("");
    expect(check.frameworks.length).toBeGreaterThan(0);
    for (const f of check.frameworks) expect(f.trim()).not.toBe("");
    expect(["critical", "high", "medium", "low", "info"]).toContain(check.severity);
  });

  it("only C16 is licence-gated (p1)", () => {
    expect(CHECKS.filter((c) => c.licence !== undefined).map((c) => [c.id, c.licence])).toEqual([["C16", "p1"]]);
  });

  it("every evaluate is deterministic and does not mutate its input", () => {
    const data = sampleData();
    const snapshot = structuredClone(data);
    for (const check of CHECKS) {
      const first = check.evaluate(data, CONTEXT);
      const second = check.evaluate(structuredClone(data), { now: new Date(CONTEXT.now) });
      expect(second, check.id).toEqual(first);
      expect(["pass", "fail", "error"]).toContain(first.status);
      expect(first.message.trim(), check.id).not.toBe("");
      expect(() => JSON.stringify(first.evidence), check.id).not.toThrow();
    }
    expect(data).toEqual(snapshot);
  });
});

/** One tenant with every source present and a mix of good and bad settings. */
function sampleData(): SourceData {
  return {
    licences: { p1: true, p2: false, intune: false, skuPartNumbers: ["AAD_PREMIUM"] },
    securityDefaults: SD_OFF,
    conditionalAccessPolicies: [caPolicy({ state: "enabledForReportingButNotEnforced" }), legacyBlockPolicy()],
    authMethodsPolicy: authMethodsPolicy({ policyMigrationState: "migrationInProgress", methods: { Sms: "enabled" } }),
    adminRegistrationDetails: [adminRegistration("a@x.com", true), adminRegistration("b@x.com", false)],
    globalAdminAssignments: gaUsers(5),
    authorizationPolicy: authorizationPolicy({ defaultUserRolePermissions: { allowedToCreateApps: true } }),
    domains: [],
    guestUsers: { users: [guest({ createdDateTime: daysAgo(400), signInActivity: null })], withSignInActivity: true },
    applications: [app({ passwordCredentials: [secret({ startDateTime: daysAgo(400), endDateTime: daysFromNow(10) })] })],
    emailDns: [emailDomain("contoso.com", { dmarc: ["v=DMARC1; p=none"] }), emailDomain("fabrikam.com", { error: "timeout" })],
  };
}
