import { describe, expect, it } from "vitest";
import type { ConditionalAccessPolicy } from "@/lib/microsoft/graph-types";
import { C01, C02, C03 } from "@/lib/scans/checks/conditional-access/baseline";
import { cidrPrefix, X27 } from "@/lib/scans/checks/conditional-access/named-locations";
import { C04 } from "@/lib/scans/checks/conditional-access/phishing-resistant";
import { PRIV_ROLE_IDS } from "@/lib/scans/checks/helpers";
import { breakGlass, caPolicy, CONTEXT, legacyBlockPolicy, NO_BREAK_GLASS, securityDefaults } from "@/lib/scans/checks/test-fixtures";
import type { BreakGlass } from "@/lib/scans/checks/types";

const SD_OFF = securityDefaults(false);
const SD_ON = securityDefaults(true);

function ca(check: typeof C01 | typeof C02 | typeof C03, policies: ConditionalAccessPolicy[], sd = SD_OFF, bg: BreakGlass = NO_BREAK_GLASS) {
  return check.evaluate({ securityDefaults: sd, conditionalAccessPolicies: policies, breakGlass: bg }, CONTEXT);
}

const BG_1 = "00000000-0000-4000-8000-0000000000b1";
const BG_2 = "00000000-0000-4000-8000-0000000000b2";
const BG_GROUP = "00000000-0000-4000-8000-00000000bb01";
const DECLARED = breakGlass({ userIds: [BG_1], membersByGroup: { [BG_GROUP]: [BG_2] } });

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

  it("accepts excluding a declared break-glass account, a member of a declared group, or the declared group itself", () => {
    expect(ca(C01, [caPolicy({ users: { excludeUsers: [BG_1] } })], SD_OFF, DECLARED).status).toBe("pass");
    expect(ca(C01, [caPolicy({ users: { excludeUsers: [BG_1.toUpperCase(), BG_2] } })], SD_OFF, DECLARED).status).toBe("pass");
    expect(ca(C01, [caPolicy({ users: { excludeUsers: [BG_1], excludeGroups: [BG_GROUP] } })], SD_OFF, DECLARED).status).toBe("pass");
  });

  it("fails when a policy excludes an undeclared user, and names the policy and the user", () => {
    const out = ca(C01, [caPolicy({ id: "p-mfa", displayName: "Require MFA", users: { excludeUsers: [BG_1, "11111111-2222-4333-8444-555555555555"] } })], SD_OFF, DECLARED);
    expect(out.status).toBe("fail");
    expect(out.message).toContain('"Require MFA" excludes 1 user not declared as break-glass: 11111111-2222-4333-8444-555555555555');
    expect(out.evidence).toMatchObject({
      nearMisses: [{ id: "p-mfa", displayName: "Require MFA", excludes: { users: ["11111111-2222-4333-8444-555555555555"], groups: [], roles: [] } }],
    });
  });

  it("treats every excluded user as a gap while nothing is declared", () => {
    const out = ca(C01, [caPolicy({ users: { excludeUsers: [BG_1] } })]);
    expect(out.status).toBe("fail");
    expect(out.message).toContain("no break-glass accounts are declared");
  });

  it("fails when a policy excludes an undeclared group", () => {
    const out = ca(C01, [caPolicy({ users: { excludeGroups: ["22222222-3333-4444-8555-666666666666"] } })], SD_OFF, DECLARED);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({ nearMisses: [{ excludes: { groups: ["22222222-3333-4444-8555-666666666666"] } }] });
  });

  it("fails when a policy excludes a role, even with break-glass declared, and names the role", () => {
    const out = ca(C01, [caPolicy({ displayName: "Require MFA", users: { excludeUsers: [BG_1], excludeRoles: ["62e90394-69f5-4237-9190-012177145e10"] } })], SD_OFF, DECLARED);
    expect(out.status).toBe("fail");
    expect(out.message).toContain('"Require MFA" excludes 1 role: Global Administrator');
    expect(out.evidence).toMatchObject({ nearMisses: [{ excludes: { roles: [{ id: "62e90394-69f5-4237-9190-012177145e10", displayName: "Global Administrator" }] } }] });
  });

  it("fails when a policy excludes guests, by the guests condition or the legacy GuestsOrExternalUsers value", () => {
    for (const users of [{ excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "b2bCollaborationGuest" } }, { excludeUsers: ["GuestsOrExternalUsers"] }]) {
      const out = ca(C01, [caPolicy({ displayName: "Require MFA", users })], SD_OFF, DECLARED);
      expect(out.status).toBe("fail");
      expect(out.message).toContain('"Require MFA" excludes guests or external users');
      expect(out.evidence).toMatchObject({ nearMisses: [{ excludes: { guestsOrExternalUsers: true } }] });
    }
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

describe("X27 Trusted named location too broad", () => {
  const location = (cidrs: string[], isTrusted = true) => ({
    "@odata.type": "#microsoft.graph.ipNamedLocation" as const,
    id: `loc-${cidrs.join("-")}`,
    displayName: `Location ${cidrs[0]}`,
    createdDateTime: null,
    modifiedDateTime: null,
    isTrusted,
    ipRanges: cidrs.map((cidrAddress) => ({ "@odata.type": "#microsoft.graph.iPv4CidrRange" as const, cidrAddress })),
  });

  it("passes with narrow trusted ranges (IPv4 /16 and IPv6 /32 are the broadest allowed), and with none trusted", () => {
    expect(X27.evaluate({ namedLocations: [location(["203.0.113.0/24", "198.18.0.0/16", "2001:db8::/32"])] }, CONTEXT).status).toBe("pass");
    expect(X27.evaluate({ namedLocations: [location(["0.0.0.0/0"], false)] }, CONTEXT).message).toBe("No IP named location is marked trusted.");
  });

  it("fails for a broad trusted range and names the location and the ranges", () => {
    const out = X27.evaluate({ namedLocations: [location(["10.0.0.0/8", "203.0.113.0/24"]), location(["2001:db8::/29"]), location(["0.0.0.0/0"])] }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({ trustedLocationCount: 3, broadCount: 3, broad: [{ ranges: ["10.0.0.0/8"] }, { ranges: ["2001:db8::/29"] }, { ranges: ["0.0.0.0/0"] }] });
    expect(out.message).toContain("Location 10.0.0.0/8 (10.0.0.0/8)");
  });

  it("parses prefixes per family and refuses non-CIDR text", () => {
    expect(cidrPrefix("192.0.2.0/24")).toEqual({ family: "v4", prefix: 24 });
    expect(cidrPrefix("2001:db8::/48")).toEqual({ family: "v6", prefix: 48 });
    expect(cidrPrefix("192.0.2.0/33")).toBeNull();
    expect(cidrPrefix("not a range")).toBeNull();
  });
});

describe("C04 Phishing-resistant MFA for admins", () => {
  const PR = { id: "00000000-0000-0000-0000-000000000004", displayName: "Phishing-resistant MFA", allowedCombinations: ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"] };
  const MFA = { id: "00000000-0000-0000-0000-000000000002", displayName: "Multifactor authentication", allowedCombinations: ["fido2", "password,sms"] };
  const strengths = [{ ...PR, policyType: "builtIn" as const }, { ...MFA, policyType: "builtIn" as const }];
  const admins = (strength: { id: string; displayName: string; allowedCombinations?: string[] }, patch: Parameters<typeof caPolicy>[0] = {}) =>
    caPolicy({ displayName: "Admins", users: { includeUsers: [], includeRoles: [...PRIV_ROLE_IDS] }, grant: { builtInControls: [], authenticationStrength: strength }, ...patch });
  const evaluate = (policies: ReturnType<typeof caPolicy>[], bg = NO_BREAK_GLASS) => C04.evaluate({ conditionalAccessPolicies: policies, authenticationStrengthPolicies: strengths, breakGlass: bg }, CONTEXT);

  it("passes for an enabled admin policy with the phishing-resistant strength", () => {
    expect(evaluate([admins(PR)]).status).toBe("pass");
  });

  it("resolves the combinations from the strength policies when Graph does not return them inline", () => {
    expect(evaluate([admins({ id: PR.id, displayName: PR.displayName })]).status).toBe("pass");
    expect(evaluate([admins({ id: MFA.id, displayName: MFA.displayName })]).status).toBe("fail");
  });

  it("fails for a weaker strength, naming what it also allows", () => {
    const out = evaluate([admins(MFA)]);
    expect(out.status).toBe("fail");
    expect(JSON.stringify(out.evidence)).toContain("also allows password,sms");
  });

  it("fails when the policy is report-only, misses a role or excludes one", () => {
    expect(evaluate([admins(PR, { state: "enabledForReportingButNotEnforced" })]).status).toBe("fail");
    expect(evaluate([admins(PR, { users: { includeUsers: [], includeRoles: PRIV_ROLE_IDS.slice(1) } })]).status).toBe("fail");
    expect(evaluate([admins(PR, { users: { includeUsers: [], includeRoles: [...PRIV_ROLE_IDS], excludeRoles: [PRIV_ROLE_IDS[0]!] } })]).status).toBe("fail");
  });

  it("fails when only plain MFA is required", () => {
    expect(evaluate([caPolicy({ users: { includeUsers: [], includeRoles: [...PRIV_ROLE_IDS] } })]).status).toBe("fail");
  });
});
