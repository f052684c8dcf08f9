import { describe, expect, it } from "vitest";
import { findCheckInfo, requiredPermissions, SOURCE_PERMISSIONS } from "@/lib/scans/checks/catalog";
import { CHECKS, checksFor } from "@/lib/scans/checks/registry";
import { adminRegistration, app, authenticatorConfig, authMethodsPolicy, memberUser, authorizationPolicy, caPolicy, CONTEXT, daysAgo, daysFromNow, emailDomain, gaUsers, guest, legacyBlockPolicy, secret, securityDefaults } from "@/lib/scans/checks/test-fixtures";
import type { SourceData } from "@/lib/scans/checks/types";

const SD_OFF = securityDefaults(false);

/** Every id ever shipped. Ids are stable: a check may be added, never renumbered or reused — extend, don't edit. */
const SHIPPED_IDS = ["C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10", "C11", "C12", "C13", "C14", "C15", "C16", "C17", "C18", "C19", "C20", "C21", "C22", "C23", "C24", "C25", "C26", "C27", "C28", "C29", "C30", "C31", "C32", "C33", "C34", "C35", "C36", "C37", "C38", "C39", "C40", "C41", "C42", "C43", "C44", "C45", "C46", "C47", "C48", "C49", "C50", "C51", "C52", "X01", "X02", "X03", "X04", "X05", "X06", "X07", "X08", "X09", "X10", "X11", "X12", "X13", "X14", "X15", "X16", "X17", "X18", "X19", "X20", "X21", "X22", "X23", "X24", "X25", "X26", "X27", "X28"];

/** Well-formed framework ids: CIS v5 sections, CISA SCuBA policy ids, Maester and EIDSCA test ids, and named references. */
const FRAMEWORK_ID = [
  /^CIS \d+(\.\d+){1,4}( \((subset|partial|intent)\)| intent)?$/,
  /^MS\.[A-Z]+\.\d+\.\d+v\d+( intent)?$/,
  /^MT\.\d{4}$/,
  /^EIDSCA\.[A-Z]{2}\d{2}$/,
  /^RFC \d+ §[\d.]+$/,
  /^Lighthouse "[^"]+"$/,
  /^Entra recommendation [A-Za-z]+$/,
  /^Microsoft Learn "[^"]+"$/,
];

describe("catalog", () => {
  it("has unique ids of the form C01 / X01, compliance first, each scan type in id order", () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CHECKS) expect(c.id, c.id).toMatch(c.scanType === "compliance" ? /^C\d{2,3}$/ : /^X\d{2,3}$/);
    const sorted = [...CHECKS].sort((a, b) => (a.scanType === b.scanType ? a.id.localeCompare(b.id, "en", { numeric: true }) : a.scanType === "compliance" ? -1 : 1));
    expect(ids).toEqual(sorted.map((c) => c.id));
    expect(checksFor("compliance").every((c) => c.scanType === "compliance")).toBe(true);
    expect(checksFor("compliance").length + checksFor("exposure").length).toBe(CHECKS.length);
  });

  it("keeps every id it ever shipped (stable ids)", () => {
    expect(CHECKS.map((c) => c.id)).toEqual(expect.arrayContaining(SHIPPED_IDS));
  });

  it.each(CHECKS.map((c) => [c.id, c] as const))("%s has complete metadata, known sources and permissions", (id, check) => {
    expect(check.title.trim()).not.toBe("");
    expect(check.remediation.trim().length, `${id} remediation`).toBeGreaterThan(40);
    expect(check.category.trim()).not.toBe("");
    expect(["critical", "high", "medium", "low", "info"]).toContain(check.severity);
    expect(check.sources.length).toBeGreaterThan(0);
    for (const s of check.sources) expect(Object.keys(SOURCE_PERMISSIONS), `${id} source ${s}`).toContain(s);
    const info = findCheckInfo(id)!;
    expect(info.permissions.length, `${id} permissions`).toBeGreaterThan(0);
    for (const p of info.permissions) expect(p).toMatch(/^[A-Z][A-Za-z]+(-[A-Za-z]+)?(\.[A-Za-z-]+)*\.Read(\.[A-Za-z]+)*$/);
    expect(check.frameworks.length).toBeGreaterThan(0);
    for (const f of check.frameworks) expect(FRAMEWORK_ID.some((re) => re.test(f)), `${id} framework "${f}"`).toBe(true);
  });

  it("asks only for read permissions, and for every permission a check needs", () => {
    const needed = new Set(CHECKS.flatMap((c) => findCheckInfo(c.id)!.permissions));
    expect(requiredPermissions()).toEqual([...needed].sort());
    for (const p of requiredPermissions()) expect(p).not.toMatch(/Write/);
  });

  it("every evaluate is deterministic and does not mutate its input", () => {
    const data = sampleData();
    const snapshot = structuredClone(data);
    for (const check of CHECKS) {
      const first = check.evaluate(data, CONTEXT);
      const second = check.evaluate(structuredClone(data), { now: new Date(CONTEXT.now) });
      expect(second, check.id).toEqual(first);
      expect(["pass", "fail", "skip", "error"]).toContain(first.status);
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
    breakGlass: { configured: true, userIds: ["00000000-0000-4000-8000-0000000000b9"], groupIds: [], memberUserIds: [], membersByGroup: {}, missingGroupIds: [], missingUserIds: [], names: {} },
    securityDefaults: SD_OFF,
    conditionalAccessPolicies: [caPolicy({ state: "enabledForReportingButNotEnforced" }), legacyBlockPolicy()],
    authMethodsPolicy: {
      ...authMethodsPolicy({ policyMigrationState: "migrationInProgress", methods: { Sms: "enabled" } }),
      authenticationMethodConfigurations: [
        ...authMethodsPolicy({ methods: { Sms: "enabled" } }).authenticationMethodConfigurations,
        authenticatorConfig("enabled", "default"),
      ],
    },
    adminRegistrationDetails: [adminRegistration("a@x.com", true), adminRegistration("b@x.com", false)],
    globalAdminAssignments: gaUsers(5),
    globalAdminGroupMembers: {},
    authorizationPolicy: authorizationPolicy({ defaultUserRolePermissions: { allowedToCreateApps: true } }),
    memberUsers: [memberUser("a@x.com"), memberUser("b@x.com", { onPremisesSyncEnabled: true }), memberUser("c@x.com", { accountEnabled: false })],
    memberRegistrationDetails: [adminRegistration("a@x.com", true), adminRegistration("b@x.com", false)],
    privilegedRoles: { assignments: gaUsers(2), eligibilities: [], eligibilityRead: false },
    roleAssignmentSchedules: [],
    systemCredentialPreferences: { state: "default", includeTargets: [{ id: "all_users", targetType: "group" }], excludeTargets: [] },
    pimPolicies: [],
    accessReviewDefinitions: [],
    domains: [],
    guestUsers: { users: [guest({ createdDateTime: daysAgo(400), signInActivity: null })], withSignInActivity: true },
    applications: [app({ passwordCredentials: [secret({ startDateTime: daysAgo(400), endDateTime: daysFromNow(10) })] })],
    emailDns: [emailDomain("contoso.com", { dmarc: ["v=DMARC1; p=none"] }), emailDomain("fabrikam.com", { error: "timeout" })],
    servicePrincipals: [],
    delegatedGrants: [],
    appProxyApplications: { apps: [], notRead: 0 },
    tier0AppOwners: { ownersBySpId: {}, notRead: 0 },
    graphAppRoleGrants: { tenantId: "t", appRoles: {}, assignments: [] },
    parkedDns: [emailDomain("contoso.org", { spf: ["v=spf1 -all"], dmarc: ["v=DMARC1; p=reject"] }), emailDomain("contoso.net")],
    organizationSync: { id: "org", onPremisesSyncEnabled: true, onPremisesLastSyncDateTime: daysAgo(0) },
    groupSettings: [],
    directorySynchronization: null,
    unifiedGroups: [{ id: "g1", displayName: "Public group", visibility: "Public" }],
    dynamicGroups: [{ id: "g2", displayName: "Guests", membershipRule: 'user.userType -eq "Guest"', membershipRuleProcessingState: "Paused" }],
    domainFederations: [{ domain: "contoso.com", federation: null }],
    privilegedUsers: [{ id: "user-1", displayName: "Admin", userPrincipalName: "admin1@contoso.com", accountEnabled: false, createdDateTime: daysAgo(400), signInActivity: null }],
    authenticationStrengthPolicies: [{ id: "00000000-0000-0000-0000-000000000004", displayName: "Phishing-resistant MFA", policyType: "builtIn", allowedCombinations: ["fido2"] }],
    namedLocations: [{ "@odata.type": "#microsoft.graph.ipNamedLocation", id: "l1", displayName: "Everything", createdDateTime: null, modifiedDateTime: null, isTrusted: true, ipRanges: [{ "@odata.type": "#microsoft.graph.iPv4CidrRange", cidrAddress: "0.0.0.0/0" }] }],
    riskyUsers: [{ id: "user-2", userPrincipalName: "admin2@contoso.com", userDisplayName: "Admin 2", riskLevel: "high", riskState: "atRisk", riskDetail: "none", riskLastUpdatedDateTime: daysAgo(2), isDeleted: false, isProcessing: false }],
    appManagementPolicy: {
      id: "p",
      isEnabled: true,
      applicationRestrictions: { passwordCredentials: [{ restrictionType: "passwordLifetime", state: "enabled", maxLifetime: "P400D", restrictForAppsCreatedAfterDateTime: null }], keyCredentials: null },
      servicePrincipalRestrictions: null,
    },
    adminConsentRequestPolicy: { id: "", isEnabled: true, notifyReviewers: false, remindersEnabled: false, requestDurationInDays: 30, reviewers: [] },
    authenticationFlowsPolicy: { id: "authenticationFlowsPolicy", selfServiceSignUp: { isEnabled: true } },
    crossTenantAccessDefault: { id: "default", isServiceDefault: true, b2bCollaborationInbound: null, b2bDirectConnectInbound: null },
    appsAndServicesSettings: { isOfficeStoreEnabled: true, isAppAndServicesTrialEnabled: false },
    formsSettings: { isInOrgFormsPhishingScanEnabled: true },
    teamsAppSettings: { id: "teamsAppSettings", allowUserRequestsForAppAccess: null, isChatResourceSpecificConsentEnabled: null, isUserPersonalScopeResourceSpecificConsentEnabled: null },
    sharepointSettings: {
      sharingCapability: "externalUserAndGuestSharing",
      sharingDomainRestrictionMode: "blockList",
      sharingAllowedDomainList: [],
      sharingBlockedDomainList: ["rival.com"],
      isResharingByExternalUsersEnabled: true,
      isLegacyAuthProtocolsEnabled: false,
      idleSessionSignOut: { isEnabled: true, warnAfterInSeconds: null, signOutAfterInSeconds: 20_000 },
      isUnmanagedSyncAppForTenantRestricted: true,
      allowedDomainGuidsForSyncApp: [],
    },
  };
}
