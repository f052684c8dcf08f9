import { withServicePrincipalExposure } from "./app-exposure";
import {
  application,
  authenticationMethodsPolicy,
  authorizationPolicy,
  conditionalAccessPolicy,
  domain,
  group,
  guest,
  keyCredential,
  mailDomainDns,
  member,
  organization,
  passwordCredential,
  roleAssignment,
  securityDefaults,
  servicePrincipalFor,
  subscribedSku,
} from "./builders";
import { DKIM_KEYS, GUEST_ROLE, PRIVILEGED_ROLES, ROLE } from "./catalog";
import { accessReviewDefinition, roleAssignmentSchedule, roleManagementPolicy } from "./governance";
import { adfsFederation, onPremisesSynchronization, passwordRuleSettings } from "./passwords";
import { orgSettings } from "./org-settings";
import { crossTenantSetting, ipNamedLocation, riskyUser, tenantPolicies } from "./policies";
import { sharepointSettings } from "./sharepoint";
import type { ApplicationResource, ConditionalAccessPolicyResource, DnsRecord, RoleEligibilityScheduleResource, SimUser, TenantData } from "./model";
import type { PolicyFile } from "./https";
import { daysFrom, stableGuid } from "./random";

/**
 * Three hand-written tenants, each aimed at a side of the check catalog: one that passes the checks the
 * simulator feeds, one that fails them, and one without Entra ID premium licences (checks skip).
 * Object ids are fixed per fixture; timestamps are relative to `now` so "expiring" and "stale" stay true.
 */

export type FixtureName = "well-configured" | "misconfigured" | "unlicensed";
export const FIXTURE_NAMES: readonly FixtureName[] = ["well-configured", "misconfigured", "unlicensed"];

/** Facts about each fixture that tests and demo set-up need without querying Graph. */
export const FIXTURE_FACTS = {
  "well-configured": {
    displayName: "Contoso",
    defaultDomain: "contoso.com",
    initialDomain: "contoso.onmicrosoft.com",
    breakGlassUserIds: [stableGuid("well-configured/user/emergency-access-01")],
    /** "Emergency Access Accounts": holds emergency-access-02 directly and through a nested group. */
    breakGlassGroupIds: [stableGuid("well-configured/group/emergency-access")],
    globalAdminCount: 3,
  },
  misconfigured: {
    displayName: "Fabrikam",
    defaultDomain: "fabrikam.com",
    initialDomain: "fabrikam.onmicrosoft.com",
    breakGlassUserIds: [] as string[],
    breakGlassGroupIds: [] as string[],
    globalAdminCount: 6,
  },
  unlicensed: {
    displayName: "Tailspin Toys",
    defaultDomain: "tailspintoys.com",
    initialDomain: "tailspintoys.onmicrosoft.com",
    breakGlassUserIds: [] as string[],
    breakGlassGroupIds: [] as string[],
    globalAdminCount: 2,
  },
} satisfies Record<
  FixtureName,
  { displayName: string; defaultDomain: string; initialDomain: string; breakGlassUserIds: string[]; breakGlassGroupIds: string[]; globalAdminCount: number }
>;

export function isFixtureName(value: unknown): value is FixtureName {
  return typeof value === "string" && (FIXTURE_NAMES as readonly string[]).includes(value);
}

export function buildFixture(name: FixtureName, tenantId: string, now: number): TenantData {
  switch (name) {
    case "well-configured":
      return withServicePrincipalExposure(name, wellConfigured(tenantId, now));
    case "misconfigured":
      return withServicePrincipalExposure(name, misconfigured(tenantId, now));
    case "unlicensed":
      return withServicePrincipalExposure(name, unlicensed(tenantId, now));
  }
}

export function fixtureDns(name: FixtureName): DnsRecord[] {
  switch (name) {
    case "well-configured":
      return [
        ...mailDomainDns("contoso.com", "contoso.onmicrosoft.com", {
        spf: "v=spf1 include:spf.protection.outlook.com -all",
        dmarc: "v=DMARC1; p=reject; pct=100; rua=mailto:dmarc@contoso.com",
        dkim: true,
        dkimKeys: [DKIM_KEYS[0], DKIM_KEYS[1]],
        address: "203.0.113.10",
        }),
        // Not one of the tenant's domains until a test adds it: a domain whose DNS is broken (a CNAME that points at
        // itself), so every resolver answers SERVFAIL for it.
        { name: "broken.contoso.net", type: "CNAME", target: "broken.contoso.net" },
        // MTA-STS in enforce mode covering Exchange Online's MX, and TLS-RPT (X08).
        ...mtaStsDns("contoso.com", "20260101T000000"),
        { name: "_smtp._tls.contoso.com", type: "TXT", data: "v=TLSRPTv1; rua=mailto:tls-reports@contoso.com" },
        // A verified email subdomain without a _dmarc record of its own: it inherits contoso.com's p=reject (RFC 7489
        // §6.6.3). It publishes only selector1 (selector2 is missing; one published key is enough for X07).
        ...mailDomainDns("mail.contoso.com", "contoso.onmicrosoft.com", { spf: "v=spf1 include:spf.protection.outlook.com -all", dmarc: null, dkim: true, dkimKeys: [DKIM_KEYS[1], DKIM_KEYS[0]], address: "203.0.113.11" }).filter(
          (r) => !r.name.startsWith("selector2."),
        ),
        ...mtaStsDns("mail.contoso.com", "20260101T000000"),
        { name: "_smtp._tls.mail.contoso.com", type: "TXT", data: "v=TLSRPTv1; rua=mailto:tls-reports@contoso.com" },
        // A parked domain (verified, no Email service), locked down as it should be.
        { name: "contoso.org", type: "TXT", data: "v=spf1 -all" },
        { name: "_dmarc.contoso.org", type: "TXT", data: "v=DMARC1; p=reject;" },
        // The AD FS sign-in domain (federated, no mail), locked down the same way.
        { name: "contoso-corp.com", type: "TXT", data: "v=spf1 -all" },
        { name: "_dmarc.contoso-corp.com", type: "TXT", data: "v=DMARC1; p=reject;" },
      ];
    case "misconfigured":
      return [
        // SPF that grew with every new sender: 11 DNS lookups through nested includes (RFC 7208 allows 10).
        ...mailDomainDns("fabrikam.com", "fabrikam.onmicrosoft.com", {
          spf: "v=spf1 include:spf.protection.outlook.com include:_spf1.fabrikam.com mx a ~all",
          dmarc: "v=DMARC1; p=none",
          dkim: false,
          address: "203.0.113.20",
        }),
        { name: "_spf1.fabrikam.com", type: "TXT", data: "v=spf1 include:_spf2.fabrikam.com a:mail1.fabrikam.com a:mail2.fabrikam.com exists:%{i}._spf.fabrikam.com -all" },
        { name: "_spf2.fabrikam.com", type: "TXT", data: "v=spf1 mx:fabrikam.com a:mail3.fabrikam.com include:_spf3.fabrikam.com -all" },
        { name: "_spf3.fabrikam.com", type: "TXT", data: "v=spf1 ip4:192.0.2.0/24 -all" },
        { name: "mail1.fabrikam.com", type: "A", address: "203.0.113.21" },
        { name: "mail2.fabrikam.com", type: "A", address: "203.0.113.22" },
        { name: "mail3.fabrikam.com", type: "A", address: "203.0.113.23" },
        // MTA-STS still in testing mode, and no TLS-RPT (X08).
        ...mtaStsDns("fabrikam.com", "20250601"),
        // A second mail domain: SPF +all, DMARC at reject for only half the mail, and an enforced MTA-STS policy that
        // forgets the backup MX added later (mx2.fabrikam-mail.com).
        ...mailDomainDns("fabrikam-mail.com", "fabrikam.onmicrosoft.com", { spf: "v=spf1 +all", dmarc: "v=DMARC1; p=reject; pct=50", dkim: false, address: "203.0.113.25" }),
        { name: "fabrikam-mail.com", type: "MX", exchange: "mx2.fabrikam-mail.com", priority: 10 },
        { name: "mx2.fabrikam-mail.com", type: "A", address: "203.0.113.26" },
        ...mtaStsDns("fabrikam-mail.com", "20260115"),
        // The web shop's domain: a marketing tool's SPF record was added next to the existing one, so there are two and
        // receivers treat SPF as a permanent error (RFC 7208 §4.5; X01).
        ...mailDomainDns("fabrikam-shop.com", "fabrikam.onmicrosoft.com", { spf: "v=spf1 include:spf.protection.outlook.com -all", dmarc: "v=DMARC1; p=reject", dkim: false, address: "203.0.113.27" }),
        { name: "fabrikam-shop.com", type: "TXT", data: "v=spf1 include:mailer.example.net ~all" },
        // The partner portal's SPF includes a record that includes it back: a loop (X03).
        ...mailDomainDns("fabrikam-partners.com", "fabrikam.onmicrosoft.com", { spf: "v=spf1 include:_spf.fabrikam-partners.com -all", dmarc: "v=DMARC1; p=reject", dkim: false, address: "203.0.113.28" }),
        { name: "_spf.fabrikam-partners.com", type: "TXT", data: "v=spf1 include:fabrikam-partners.com ip4:198.51.100.0/24 -all" },
        // A domain bought for an event site: verified, no Email service, an SPF copied from the main domain, no DMARC.
        { name: "fabrikam-events.com", type: "TXT", data: "v=spf1 include:spf.protection.outlook.com ~all" },
        { name: "fabrikam-events.com", type: "A", address: "203.0.113.24" },
      ];
    case "unlicensed":
      return mailDomainDns("tailspintoys.com", "tailspintoys.onmicrosoft.com", {
        spf: "v=spf1 include:spf.protection.outlook.com -all",
        dmarc: "v=DMARC1; p=quarantine; pct=100; rua=mailto:dmarc-reports@tailspintoys.com",
        dkim: true,
        dkimKeys: [DKIM_KEYS[2], DKIM_KEYS[0]],
        address: "203.0.113.30",
      });
  }
}

/** TXT _mta-sts.<domain> and the policy host's address (the simulator's HTTPS server on loopback). */
function mtaStsDns(domainName: string, id: string): DnsRecord[] {
  return [
    { name: `_mta-sts.${domainName}`, type: "TXT", data: `v=STSv1; id=${id}` },
    { name: `mta-sts.${domainName}`, type: "A", address: "127.0.0.1" },
  ];
}

/** The MTA-STS policy files the fixtures' domains serve (scripts/m365-simulator/https.ts). */
export function fixturePolicyFiles(name: FixtureName): PolicyFile[] {
  switch (name) {
    case "well-configured":
      return ["mta-sts.contoso.com", "mta-sts.mail.contoso.com"].map((host) => ({ host, body: "version: STSv1\r\nmode: enforce\r\nmx: *.mail.protection.outlook.com\r\nmax_age: 604800\r\n" }));
    case "misconfigured":
      return [
        { host: "mta-sts.fabrikam.com", body: "version: STSv1\r\nmode: testing\r\nmx: *.mail.protection.outlook.com\r\nmax_age: 86400\r\n" },
        { host: "mta-sts.fabrikam-mail.com", body: "version: STSv1\r\nmode: enforce\r\nmx: *.mail.protection.outlook.com\r\nmax_age: 604800\r\n" },
      ];
    case "unlicensed":
      return [];
  }
}

const STRONG = ["microsoftAuthenticatorPush", "softwareOneTimePasscode"];
const PHISHING_RESISTANT = ["fido2", "windowsHelloForBusiness", "microsoftAuthenticatorPush"];

type Person = [key: string, givenName: string, surname: string, jobTitle: string, department: string];
/** [external address, given name, surname, invited days ago, state, last sign-in days ago (null: never)] */
type GuestRow = [
  email: string,
  givenName: string,
  surname: string,
  createdDaysAgo: number,
  state: "Accepted" | "PendingAcceptance",
  lastSignInDaysAgo: number | null,
];

function guests(fixture: string, initialDomain: string, now: number, rows: GuestRow[]): SimUser[] {
  return rows.map(([email, givenName, surname, createdDaysAgo, state, lastSignInDaysAgo]) =>
    guest({
      id: stableGuid(`${fixture}/guest/${email}`),
      email,
      givenName,
      surname,
      initialDomain,
      createdDaysAgo,
      state,
      // Accepted the day after the invitation; a pending invitation has not changed since it was sent.
      stateChangeDaysAgo: state === "Accepted" ? createdDaysAgo - 1 : createdDaysAgo,
      lastSignInDaysAgo,
      methods: [],
      now,
    }),
  );
}

type GroupKind = Parameters<typeof group>[0]["kind"];
type GroupExtra = { visibility?: "Public" | "Private"; membershipRule?: string };

function groupFactory(fixture: string, domainName: string, now: number) {
  return (mailNickname: string, displayName: string, createdDaysAgo: number, kind: GroupKind, extra: GroupExtra = {}) =>
    group({ id: stableGuid(`${fixture}/group/${mailNickname}`), displayName, mailNickname, domain: domainName, createdDaysAgo, now, kind, ...extra });
}

function appsWithPrincipals(tenantId: string, fixture: string, apps: ApplicationResource[]) {
  return apps.map((app) => servicePrincipalFor(app, tenantId, stableGuid(`${fixture}/sp/${app.id}`)));
}

function eligibility(fixture: string, principalId: string, roleDefinitionId: string, now: number): RoleEligibilityScheduleResource {
  return {
    id: stableGuid(`${fixture}/eligibility/${principalId}/${roleDefinitionId}`),
    principalId,
    roleDefinitionId,
    directoryScopeId: "/",
    appScopeId: null,
    createdUsing: stableGuid(`${fixture}/eligibility-request/${principalId}`),
    createdDateTime: daysFrom(now, -90),
    modifiedDateTime: null,
    status: "Provisioned",
    memberType: "Direct",
    scheduleInfo: {
      startDateTime: daysFrom(now, -90),
      recurrence: null,
      expiration: { type: "afterDateTime", endDateTime: daysFrom(now, 275), duration: null },
    },
  };
}

/** PIM policies for every privileged role; GA and Privileged Role Administrator activations need `approvers`. */
export function pimPolicies(fixture: string, now: number, approvers: string[], alertRecipients: string[]) {
  const roles = [...new Set([...PRIVILEGED_ROLES, ROLE.securityAdministrator])];
  const built = roles.map((role) =>
    roleManagementPolicy(fixture, role, now, {
      approvers: role === ROLE.globalAdministrator || role === ROLE.privilegedRoleAdministrator ? approvers : [],
      alertRecipients,
    }),
  );
  return { roleManagementPolicies: built.map((b) => b.policy), roleManagementPolicyAssignments: built.map((b) => b.assignment) };
}

/** A quarterly review of every active directory role assignment held by a user (all roles: no role filter). */
export function privilegedRolesReview(fixture: string, now: number, reviewerId: string, creator: { id: string; displayName: string; userPrincipalName: string }) {
  return accessReviewDefinition(fixture, "privileged-roles", now, {
    displayName: "Quarterly review of directory role assignments",
    scope: {
      "@odata.type": "#microsoft.graph.accessReviewQueryScope",
      query: "/roleManagement/directory/roleAssignmentScheduleInstances?$expand=principal&$filter=(isof(principal,'microsoft.graph.user'))",
      queryType: "MicrosoftGraph",
      queryRoot: null,
    },
    reviewerId,
    creator,
    recurring: true,
  });
}

/** A quarterly review of the guests in every Microsoft 365 group. */
export function guestsReview(fixture: string, now: number, reviewerId: string, creator: { id: string; displayName: string; userPrincipalName: string }) {
  return accessReviewDefinition(fixture, "guests", now, {
    displayName: "Quarterly review of guests in Microsoft 365 groups",
    scope: {
      "@odata.type": "#microsoft.graph.accessReviewQueryScope",
      query: "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')",
      queryType: "MicrosoftGraph",
      queryRoot: null,
    },
    instanceEnumerationScope: {
      "@odata.type": "#microsoft.graph.accessReviewQueryScope",
      query: "/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true",
      queryType: "MicrosoftGraph",
      queryRoot: null,
    },
    reviewerId,
    creator,
    recurring: true,
  });
}

/** The Conditional Access set of a well-run tenant (Microsoft's policy templates), break-glass accounts excluded. */
export function baselinePolicies(id: (name: string) => string, now: number, breakGlassIds: string[], breakGlassGroupIds: string[] = []): ConditionalAccessPolicyResource[] {
  type Rest = Omit<Parameters<typeof conditionalAccessPolicy>[0], "id" | "displayName" | "state" | "createdDaysAgo" | "now">;
  const everyone = { includeUsers: ["All"], excludeUsers: breakGlassIds, excludeGroups: breakGlassGroupIds };
  const policy = (key: string, displayName: string, createdDaysAgo: number, rest: Rest) =>
    conditionalAccessPolicy({ id: id(`ca/${key}`), displayName, state: "enabled", createdDaysAgo, now, users: everyone, ...rest });
  return [
    policy("mfa-all", "CA001: Require multifactor authentication for all users", 500, { builtInControls: ["mfa"] }),
    policy("legacy", "CA002: Block legacy authentication", 500, { clientAppTypes: ["exchangeActiveSync", "other"], builtInControls: ["block"] }),
    policy("admins", "CA003: Require phishing-resistant MFA for administrators", 480, {
      users: { includeRoles: [...PRIVILEGED_ROLES, ROLE.securityAdministrator], excludeUsers: breakGlassIds, excludeGroups: breakGlassGroupIds },
      authenticationStrength: "phishingResistant",
      sessionControls: {
        applicationEnforcedRestrictions: null,
        cloudAppSecurity: null,
        disableResilienceDefaults: null,
        persistentBrowser: { isEnabled: true, mode: "never" },
        signInFrequency: {
          value: 4,
          type: "hours",
          authenticationType: "primaryAndSecondaryAuthentication",
          frequencyInterval: "timeBased",
          isEnabled: true,
        },
      },
    }),
    policy("user-risk", "CA004: Require password change for high-risk users", 300, {
      userRiskLevels: ["high"],
      operator: "AND",
      builtInControls: ["mfa", "passwordChange"],
    }),
    policy("signin-risk", "CA005: Block high-risk sign-ins", 300, { signInRiskLevels: ["high"], builtInControls: ["block"] }),
    policy("device-code", "CA006: Block device code flow", 200, { authenticationFlows: { transferMethods: "deviceCodeFlow" }, builtInControls: ["block"] }),
    policy("security-info", "CA007: Securing security info registration", 200, {
      applications: { includeApplications: [], includeUserActions: ["urn:user:registersecurityinfo"] },
      builtInControls: ["mfa"],
    }),
    policy("compliant-device", "CA008: Require compliant or hybrid joined device", 150, { builtInControls: ["compliantDevice", "domainJoinedDevice"] }),
  ];
}

function wellConfigured(tenantId: string, now: number): TenantData {
  const fx = "well-configured";
  const id = (name: string) => stableGuid(`${fx}/${name}`);
  const facts = FIXTURE_FACTS[fx];
  const at = facts.defaultDomain;
  const breakGlassId = facts.breakGlassUserIds[0] as string;
  const groupOf = groupFactory(fx, at, now);

  const breakGlass = member({
    id: breakGlassId,
    givenName: "Emergency",
    surname: "Access 01",
    upn: `emergency-access-01@${facts.initialDomain}`,
    createdDaysAgo: 900,
    lastSignInDaysAgo: 41,
    methods: ["fido2"],
    now,
  });
  const breakGlassGroupId = facts.breakGlassGroupIds[0] as string;
  const breakGlass2 = member({
    id: id("user/emergency-access-02"),
    givenName: "Emergency",
    surname: "Access 02",
    upn: `emergency-access-02@${facts.initialDomain}`,
    createdDaysAgo: 900,
    lastSignInDaysAgo: 60,
    methods: ["fido2"],
    now,
  });
  const admins: Person[] = [
    ["megan.bowen", "Megan", "Bowen", "Chief Information Officer", "IT"],
    ["nestor.wilke", "Nestor", "Wilke", "Director of IT Operations", "IT"],
    ["lee.gu", "Lee", "Gu", "Identity Engineer", "IT"],
    ["isaiah.langer", "Isaiah", "Langer", "Messaging Engineer", "IT"],
  ];
  const staff: Person[] = [
    ["adele.vance", "Adele", "Vance", "Product Manager", "Sales"],
    ["alex.wilber", "Alex", "Wilber", "Marketing Assistant", "Marketing"],
    ["diego.siciliani", "Diego", "Siciliani", "HR Manager", "Human Resources"],
    ["grady.archie", "Grady", "Archie", "Designer", "Research & Development"],
    ["henrietta.mueller", "Henrietta", "Mueller", "Developer", "Research & Development"],
    ["johanna.lorenz", "Johanna", "Lorenz", "Senior Engineer", "Engineering"],
    ["joni.sherman", "Joni", "Sherman", "Paralegal", "Legal"],
    ["lynne.robbins", "Lynne", "Robbins", "Planner", "Retail"],
    ["patti.fernandez", "Patti", "Fernandez", "President", "Executive Management"],
  ];
  const person = ([key, givenName, surname, jobTitle, department]: Person, createdDaysAgo: number, lastSignInDaysAgo: number, methods: string[]) =>
    member({ id: id(`user/${key}`), givenName, surname, jobTitle, department, upn: `${key}@${at}`, createdDaysAgo, lastSignInDaysAgo, methods, now });
  const adminUsers = admins.map((p, i) => person(p, 800 - i * 40, i, PHISHING_RESISTANT));
  const staffUsers = staff.map((p, i) => person(p, 700 - i * 50, i % 4, STRONG));
  const guestUsers = guests(fx, facts.initialDomain, now, [
    ["jordan.miller@northwindtraders.com", "Jordan", "Miller", 180, "Accepted", 3],
    ["sam.rivera@fourthcoffee.com", "Sam", "Rivera", 95, "Accepted", 9],
    ["kim.akers@adventure-works.com", "Kim", "Akers", 40, "Accepted", 1],
  ]);
  const [megan, nestor, lee, isaiah] = adminUsers.map((u) => u.resource.id) as [string, string, string, string];

  const apps = [
    application({
      id: id("app/hr-portal"),
      appId: id("appId/hr-portal"),
      displayName: "Contoso HR Portal",
      publisherDomain: at,
      createdDaysAgo: 400,
      now,
      homePageUrl: "https://hr.contoso.com",
      webRedirectUris: ["https://hr.contoso.com/signin-oidc"],
      passwordCredentials: [passwordCredential(now, { keyId: id("secret/hr-portal"), displayName: "Production", startDaysAgo: 20, lifetimeDays: 180 })],
    }),
    application({
      id: id("app/expenses"),
      appId: id("appId/expenses"),
      displayName: "Contoso Expenses",
      publisherDomain: at,
      createdDaysAgo: 300,
      now,
      spaRedirectUris: ["https://expenses.contoso.com/auth/callback"],
      keyCredentials: [keyCredential(now, { keyId: id("cert/expenses"), subject: "expenses.contoso.com", startDaysAgo: 60, lifetimeDays: 365 })],
    }),
    application({
      id: id("app/data-sync"),
      appId: id("appId/data-sync"),
      displayName: "Contoso Data Sync",
      publisherDomain: at,
      createdDaysAgo: 200,
      now,
      passwordCredentials: [passwordCredential(now, { keyId: id("secret/data-sync"), displayName: "sync-2025", startDaysAgo: 30, lifetimeDays: 90 })],
    }),
  ];

  const domains = [
    domain(at, { isDefault: true }),
    domain(facts.initialDomain),
    domain("contoso.org", { supportedServices: [] }),
    // Sign-in for the synchronised staff goes through AD FS; the password policy of a federated domain lives there.
    // A sending subdomain without its own _dmarc: the org domain's p=reject applies (RFC 7489 §6.6.3).
    domain(`mail.${at}`, { isRoot: false }),
    domain("contoso-corp.com", { authenticationType: "Federated", supportedServices: [], passwordValidityPeriodInDays: null, passwordNotificationWindowInDays: null }),
  ];
  return {
    tenantId,
    displayName: facts.displayName,
    // Hybrid: synchronised from on-premises AD by Entra Connect (administrators stay cloud-only).
    organization: { ...organization(tenantId, facts.displayName, 1500, now, domains), onPremisesSyncEnabled: true, onPremisesLastSyncDateTime: daysFrom(now, -0.02) },
    subscribedSkus: [subscribedSku(tenantId, "SPE_E5", 25, 18), subscribedSku(tenantId, "FLOW_FREE", 10000, 3)],
    securityDefaults: securityDefaults(false),
    conditionalAccessPolicies: baselinePolicies(id, now, [breakGlassId], [breakGlassGroupId]),
    authenticationMethodsPolicy: authenticationMethodsPolicy(now, {
      migrationState: "migrationComplete",
      enabled: ["Fido2", "MicrosoftAuthenticator", "TemporaryAccessPass"],
      authenticatorContext: true,
    }),
    authorizationPolicy: authorizationPolicy({
      allowInvitesFrom: "adminsAndGuestInviters",
      allowedToSignUpEmailBasedSubscriptions: false,
      allowEmailVerifiedUsersToJoinOrganization: false,
      allowUserConsentForRiskyApps: false,
      blockMsolPowerShell: true,
      guestUserRoleId: GUEST_ROLE.restrictedGuestUser,
      defaultUserRolePermissions: {
        allowedToCreateApps: false,
        allowedToCreateSecurityGroups: false,
        allowedToCreateTenants: false,
        allowedToReadBitlockerKeysForOwnedDevice: false,
        permissionGrantPoliciesAssigned: [],
      },
    }),
    domains,
    // External sharing only with guests already in the directory, from partner domains on an allow-list; guests
    // cannot reshare; no legacy authentication; idle sessions signed out after an hour; sync from domain-joined PCs.
    // The head office's egress ranges are trusted; a country list blocks sign-ins from where nobody works.
    namedLocations: [
      ipNamedLocation(id("location/hq"), "Contoso HQ egress", true, ["203.0.113.0/24", "2001:db8:10::/48"], now),
      {
        "@odata.type": "#microsoft.graph.countryNamedLocation",
        id: id("location/blocked-countries"),
        displayName: "Countries we do not operate in",
        createdDateTime: new Date(now - 200 * 86_400_000).toISOString(),
        modifiedDateTime: null,
        countriesAndRegions: ["KP", "IR"],
        includeUnknownCountriesAndRegions: false,
        countryLookupMethod: "clientIpAddress",
      },
    ],
    // Identity Protection flagged one account last month; its password was reset, which remediated the risk.
    riskyUsers: [riskyUser(megan, `megan.bowen@${at}`, "Megan Bowen", now, { riskLevel: "none", riskState: "remediated", riskDetail: "userPerformedSecuredPasswordReset" })],
    // Users request consent; two identity admins review requests, which expire after 30 days.
    policies: tenantPolicies({
      // No new client secrets on any app or service principal; certificates live at most a year.
      appManagementPolicy: {
        isEnabled: true,
        applicationRestrictions: {
          passwordCredentials: [{ restrictionType: "passwordAddition", state: "enabled", maxLifetime: null, restrictForAppsCreatedAfterDateTime: "2000-01-01T00:00:00Z" }],
          keyCredentials: [{ restrictionType: "asymmetricKeyLifetime", state: "enabled", maxLifetime: "P365D", restrictForAppsCreatedAfterDateTime: "2000-01-01T00:00:00Z" }],
        },
        servicePrincipalRestrictions: {
          passwordCredentials: [{ restrictionType: "passwordAddition", state: "enabled", maxLifetime: null, restrictForAppsCreatedAfterDateTime: "2000-01-01T00:00:00Z" }],
          keyCredentials: [{ restrictionType: "asymmetricKeyLifetime", state: "enabled", maxLifetime: "P365D", restrictForAppsCreatedAfterDateTime: "2000-01-01T00:00:00Z" }],
        },
      },
      adminConsentRequestPolicy: {
        isEnabled: true,
        notifyReviewers: true,
        remindersEnabled: true,
        requestDurationInDays: 30,
        version: 2,
        reviewers: [
          { query: `/users/${megan}`, queryType: "MicrosoftGraph", queryRoot: null },
          { query: "/beta/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10'", queryType: "MicrosoftGraph", queryRoot: null },
        ],
      },
    }),
    orgSettings: orgSettings({
      appsAndServices: { isOfficeStoreEnabled: false, isAppAndServicesTrialEnabled: false },
      teamsAppSettings: { isUserPersonalScopeResourceSpecificConsentEnabled: false, isChatResourceSpecificConsentEnabled: false },
    }),
    sharepointSettings: sharepointSettings({
      sharingCapability: "existingExternalUserSharingOnly",
      sharingDomainRestrictionMode: "allowList",
      sharingAllowedDomainList: ["northwindtraders.com", "fabrikam.com"],
      isResharingByExternalUsersEnabled: false,
      isLegacyAuthProtocolsEnabled: false,
      idleSessionSignOut: { isEnabled: true, warnAfterInSeconds: 3300, signOutAfterInSeconds: 3600 },
      isUnmanagedSyncAppForTenantRestricted: true,
      allowedDomainGuidsForSyncApp: ["6b3b7b0c-4a8e-4d1f-9c2a-3e5f7a9b1c2d"],
    }),
    users: [breakGlass, breakGlass2, ...adminUsers, ...staffUsers, ...guestUsers],
    applications: apps,
    servicePrincipals: appsWithPrincipals(tenantId, fx, apps),
    groups: [
      groupOf("allcompany", "All Company", 1400, "microsoft365"),
      groupOf("emergency-access", "Emergency Access Accounts", 900, "security"),
      groupOf("emergency-access-standby", "Emergency Access Standby", 900, "security"),
      groupOf("all-guests", "All Guests", 600, "dynamicSecurity", { membershipRule: '(user.userType -eq "Guest")' }),
      // A role-assignable group holding Global Administrator; its two members hold the role directly too.
      groupOf("tier0-admins", "Tier 0 Administrators", 700, "security"),
    ],
    // The declared break-glass group nests a standby group, so only a transitive read finds emergency-access-02 there.
    groupMembers: {
      [id("group/tier0-admins")]: [megan, nestor],
      [breakGlassGroupId]: [breakGlassId, id("group/emergency-access-standby")],
      [id("group/emergency-access-standby")]: [breakGlass2.resource.id],
      [id("group/allcompany")]: [...adminUsers, ...staffUsers].map((u) => u.resource.id),
    },
    roleAssignments: [
      roleAssignment(breakGlassId, ROLE.globalAdministrator),
      roleAssignment(megan, ROLE.globalAdministrator),
      roleAssignment(nestor, ROLE.globalAdministrator),
      roleAssignment(id("group/tier0-admins"), ROLE.globalAdministrator),
      roleAssignment(lee, ROLE.securityAdministrator),
      roleAssignment(isaiah, ROLE.exchangeAdministrator),
    ],
    roleEligibilitySchedules: [eligibility(fx, lee, ROLE.privilegedRoleAdministrator, now)],
    // Admins hold roles for six months at a time through PIM; only the emergency account is permanent.
    roleAssignmentSchedules: [
      roleAssignmentSchedule(fx, breakGlassId, ROLE.globalAdministrator, now, null),
      roleAssignmentSchedule(fx, megan, ROLE.globalAdministrator, now, 180),
      roleAssignmentSchedule(fx, id("group/tier0-admins"), ROLE.globalAdministrator, now, 180),
      roleAssignmentSchedule(fx, nestor, ROLE.globalAdministrator, now, 180),
      roleAssignmentSchedule(fx, lee, ROLE.securityAdministrator, now, 180),
      roleAssignmentSchedule(fx, isaiah, ROLE.exchangeAdministrator, now, 180),
    ],
    ...pimPolicies(fx, now, [megan, nestor], ["security-alerts@contoso.com"]),
    accessReviewDefinitions: [
      privilegedRolesReview(fx, now, megan, { id: megan, displayName: "Megan Bowen", userPrincipalName: `megan.bowen@${at}` }),
      guestsReview(fx, now, nestor, { id: megan, displayName: "Megan Bowen", userPrincipalName: `megan.bowen@${at}` }),
    ],
    groupSettings: [
      passwordRuleSettings(fx, {
        EnableBannedPasswordCheck: "True",
        BannedPasswordList: ["contoso", "contosoltd", "redmond", "seahawks", "northwind", "spring2025"].join("\t"),
        EnableBannedPasswordCheckOnPremises: "True",
        BannedPasswordCheckOnPremisesMode: "Enforce",
      }),
    ],
    onPremisesSynchronization: onPremisesSynchronization(tenantId, { passwordSyncEnabled: true, passwordWritebackEnabled: true, blockSoftMatchEnabled: true }),
    domainFederations: {
      "contoso-corp.com": adfsFederation("contoso-corp.com", "sts.contoso-corp.com", now, { issuedDaysAgo: 65, expiresInDays: 300, mfaBehavior: "rejectMfaByFederatedIdp" }),
    },
  };
}

function misconfigured(tenantId: string, now: number): TenantData {
  const fx = "misconfigured";
  const id = (name: string) => stableGuid(`${fx}/${name}`);
  const facts = FIXTURE_FACTS[fx];
  const at = facts.defaultDomain;
  const groupOf = groupFactory(fx, at, now);

  // [key, given, surname, title, department, methods, last sign-in days ago]
  const admins: [...Person, string[], number][] = [
    ["avery.howard", "Avery", "Howard", "IT Director", "IT", STRONG, 0],
    ["casey.jensen", "Casey", "Jensen", "Systems Administrator", "IT", [], 2],
    ["devon.torres", "Devon", "Torres", "Network Engineer", "IT", ["mobilePhone"], 5],
    ["robin.patel", "Robin", "Patel", "CFO", "Finance", ["email"], 1],
    ["taylor.brooks", "Taylor", "Brooks", "Help Desk Lead", "IT", ["microsoftAuthenticatorPush", "mobilePhone"], 3],
    ["jamie.chen", "Jamie", "Chen", "Help Desk Technician", "IT", ["mobilePhone"], 4],
  ];
  const adminUsers = admins.map(([key, givenName, surname, jobTitle, department, methods, lastSignInDaysAgo], i) =>
    member({
      id: id(`user/${key}`),
      givenName,
      surname,
      jobTitle,
      department,
      upn: `${key}@${at}`,
      createdDaysAgo: 1200 - i * 90,
      lastSignInDaysAgo,
      methods,
      // Synced from on-premises AD: privileged accounts should be cloud-only.
      onPremisesSyncEnabled: key === "casey.jensen" ? true : null,
      now,
    }),
  );
  // Disabled but still holding a role.
  const formerAdmin = member({
    id: id("user/pat.kim"),
    givenName: "Pat",
    surname: "Kim",
    jobTitle: "Exchange Administrator",
    department: "IT",
    upn: `pat.kim@${at}`,
    createdDaysAgo: 1500,
    lastSignInDaysAgo: 210,
    methods: [],
    accountEnabled: false,
    now,
  });
  const staff: [string, string, string, string[]][] = [
    ["erin.walsh", "Erin", "Walsh", STRONG],
    ["frankie.ross", "Frankie", "Ross", ["mobilePhone"]],
    ["harper.lane", "Harper", "Lane", []],
    ["kai.ward", "Kai", "Ward", ["email"]],
    ["logan.price", "Logan", "Price", STRONG],
    ["quinn.foster", "Quinn", "Foster", []],
  ];
  const staffUsers = staff.map(([key, givenName, surname, methods], i) =>
    member({
      id: id(`user/${key}`),
      givenName,
      surname,
      jobTitle: "Analyst",
      department: "Operations",
      upn: `${key}@${at}`,
      createdDaysAgo: 600 - i * 30,
      lastSignInDaysAgo: i * 3,
      methods,
      now,
    }),
  );
  const [guestGa, ...otherGuests] = guests(fx, facts.initialDomain, now, [
    ["morgan.lee@contractorsinc.com", "Morgan", "Lee", 300, "Accepted", 20],
    // Invited 45 and 75 days ago, never redeemed.
    ["jordan.blake@adatum.com", "Jordan", "Blake", 45, "PendingAcceptance", null],
    ["riley.quinn@litware.com", "Riley", "Quinn", 75, "PendingAcceptance", null],
    // Last signed in 130 days ago.
    ["sky.morgan@wingtiptoys.com", "Sky", "Morgan", 400, "Accepted", 130],
    // Accepted 250 days ago, never signed in since.
    ["alex.rivers@proseware.com", "Alex", "Rivers", 250, "Accepted", null],
    ["pat.fields@tailspintoys.com", "Pat", "Fields", 60, "Accepted", 5],
  ]) as [SimUser, ...SimUser[]];

  const apps = [
    application({
      id: id("app/legacy-sync"),
      appId: id("appId/legacy-sync"),
      displayName: "Fabrikam Legacy Sync",
      publisherDomain: at,
      createdDaysAgo: 900,
      now,
      webRedirectUris: ["https://sync.fabrikam.com/callback"],
      passwordCredentials: [passwordCredential(now, { keyId: id("secret/legacy-sync"), displayName: "legacy", startDaysAgo: 420, lifetimeDays: 365 })],
    }),
    application({
      id: id("app/reporting"),
      appId: id("appId/reporting"),
      displayName: "Fabrikam Reporting",
      publisherDomain: at,
      createdDaysAgo: 500,
      now,
      webRedirectUris: ["http://example.com/callback", "https://reports.fabrikam.com/signin-oidc"],
      passwordCredentials: [passwordCredential(now, { keyId: id("secret/reporting"), displayName: "two-year secret", startDaysAgo: 30, lifetimeDays: 730 })],
    }),
    application({
      id: id("app/partner-portal"),
      appId: id("appId/partner-portal"),
      displayName: "Fabrikam Partner Portal",
      publisherDomain: at,
      createdDaysAgo: 400,
      now,
      signInAudience: "AzureADMultipleOrgs",
      webRedirectUris: ["https://*.fabrikam.com/signin-oidc"],
      passwordCredentials: [passwordCredential(now, { keyId: id("secret/partner-portal"), displayName: "portal", startDaysAgo: 168, lifetimeDays: 180 })],
    }),
    application({
      id: id("app/automation"),
      appId: id("appId/automation"),
      displayName: "Fabrikam Automation",
      publisherDomain: at,
      createdDaysAgo: 350,
      now,
      publicClientRedirectUris: ["http://localhost:8400"],
      passwordCredentials: [passwordCredential(now, { keyId: id("secret/automation"), displayName: "runbook", startDaysAgo: 200, lifetimeDays: 730 })],
      keyCredentials: [keyCredential(now, { keyId: id("cert/automation"), subject: "automation.fabrikam.com", startDaysAgo: 100, lifetimeDays: 1095 })],
    }),
    application({
      id: id("app/intranet"),
      appId: id("appId/intranet"),
      displayName: "Fabrikam Intranet",
      publisherDomain: at,
      createdDaysAgo: 250,
      now,
      spaRedirectUris: ["http://intranet.fabrikam.com/auth"],
    }),
  ];
  const servicePrincipals = appsWithPrincipals(tenantId, fx, apps);
  const automation = servicePrincipals.find((sp) => sp.displayName === "Fabrikam Automation");
  if (automation) {
    // A secret on the service principal object itself, next to its privileged role.
    automation.passwordCredentials = [passwordCredential(now, { keyId: id("sp-secret/automation"), displayName: null, startDaysAgo: 90, lifetimeDays: 3650 })];
  }

  const gaIds = [...adminUsers.slice(0, 5).map((u) => u.resource.id), guestGa.resource.id];
  const domains = [
    domain(at, { isDefault: true, passwordValidityPeriodInDays: 90 }),
    domain(facts.initialDomain),
    domain("fabrikam-events.com", { supportedServices: [] }),
    domain("fabrikam-mail.com"),
    domain("fabrikam-shop.com"),
    domain("fabrikam-partners.com"),
    domain("fabrikam.net", { isVerified: false, supportedServices: [], passwordValidityPeriodInDays: null, passwordNotificationWindowInDays: null }),
    // A subdomain inherits fabrikam.com's 90-day expiry whatever it reports itself.
    domain("sales.fabrikam.com", { isRoot: false, supportedServices: [], passwordValidityPeriodInDays: null }),
    // An AD FS farm nobody watches: its token-signing certificate runs out in ten days.
    domain("fabrikam-corp.com", { authenticationType: "Federated", supportedServices: [], passwordValidityPeriodInDays: null, passwordNotificationWindowInDays: null }),
  ];
  return {
    tenantId,
    displayName: facts.displayName,
    organization: { ...organization(tenantId, facts.displayName, 2200, now, domains), onPremisesSyncEnabled: true, onPremisesLastSyncDateTime: daysFrom(now, -0.03) },
    subscribedSkus: [subscribedSku(tenantId, "SPB", 50, 41), subscribedSku(tenantId, "AAD_PREMIUM_P2", 5, 5)],
    securityDefaults: securityDefaults(false),
    conditionalAccessPolicies: [
      conditionalAccessPolicy({
        id: id("ca/mfa-all"),
        displayName: "Require MFA for all users",
        state: "enabledForReportingButNotEnforced",
        createdDaysAgo: 200,
        now,
        users: { includeUsers: ["All"] },
        builtInControls: ["mfa"],
      }),
    ],
    authenticationMethodsPolicy: authenticationMethodsPolicy(now, {
      migrationState: "preMigration",
      enabled: ["Sms", "Email", "MicrosoftAuthenticator"],
      authenticatorContext: false,
    }),
    // Switched off: users keep being prompted for whatever method they chose, SMS included.
    systemCredentialPreferences: { state: "disabled", excludeTargets: [], includeTargets: [{ id: "all_users", targetType: "group" }] },
    authorizationPolicy: authorizationPolicy({
      allowInvitesFrom: "everyone",
      allowEmailVerifiedUsersToJoinOrganization: true,
      allowUserConsentForRiskyApps: true,
      guestUserRoleId: GUEST_ROLE.sameAsMembers,
      defaultUserRolePermissions: {
        allowedToCreateApps: true,
        allowedToCreateTenants: true,
        permissionGrantPoliciesAssigned: ["ManagePermissionGrantsForSelf.microsoft-user-default-legacy"],
      },
    }),
    domains,
    // "Trusted" covers the whole private address space and, for a VPN vendor's pool, a /12 of public addresses.
    namedLocations: [
      ipNamedLocation(id("location/corp"), "Corporate network", true, ["10.0.0.0/8", "198.51.100.0/24"], now),
      ipNamedLocation(id("location/vpn"), "VPN provider", true, ["100.64.0.0/12"], now),
      ipNamedLocation(id("location/guest-wifi"), "Guest Wi-Fi", false, ["0.0.0.0/0"], now),
    ],
    // The CFO's account signed in from a leaked-credentials IP; nobody has looked at it.
    riskyUsers: [riskyUser(adminUsers[3]!.resource.id, adminUsers[3]!.resource.userPrincipalName, "Robin Patel", now, { riskLevel: "high", riskState: "atRisk", riskDetail: "none" })],
    // Consent workflow switched on once but nobody reviews; self-service sign-up and B2B direct connect opened for
    // a pilot and never closed.
    policies: tenantPolicies({
      adminConsentRequestPolicy: { isEnabled: true, notifyReviewers: false, remindersEnabled: false, requestDurationInDays: 30, version: 1, reviewers: [] },
      // Turned on for new apps only (created after last month), secrets allowed for two years, certificates unlimited.
      appManagementPolicy: {
        isEnabled: true,
        applicationRestrictions: {
          passwordCredentials: [
            { restrictionType: "passwordAddition", state: "enabled", maxLifetime: null, restrictForAppsCreatedAfterDateTime: new Date(now - 30 * 86_400_000).toISOString() },
            { restrictionType: "passwordLifetime", state: "enabled", maxLifetime: "P730D", restrictForAppsCreatedAfterDateTime: "2000-01-01T00:00:00Z" },
          ],
          keyCredentials: [],
        },
        servicePrincipalRestrictions: { passwordCredentials: [], keyCredentials: [] },
      },
      selfServiceSignUp: true,
      crossTenantAccessDefault: { b2bDirectConnectInbound: crossTenantSetting("allowed") },
    }),
    // Forms' phishing scan switched off after a false positive; store, trials and Teams app consent left open.
    orgSettings: orgSettings({ forms: { isInOrgFormsPhishingScanEnabled: false } }),
    // Anyone links on, guests may reshare, legacy authentication allowed, sessions never time out, sync from any PC.
    sharepointSettings: sharepointSettings({
      sharingCapability: "externalUserAndGuestSharing",
      sharingDomainRestrictionMode: "blockList",
      sharingBlockedDomainList: ["competitor.example"],
      isResharingByExternalUsersEnabled: true,
      isLegacyAuthProtocolsEnabled: true,
    }),
    users: [...adminUsers, formerAdmin, ...staffUsers, guestGa, ...otherGuests],
    applications: apps,
    servicePrincipals,
    groups: [
      groupOf("everyone", "Everyone at Fabrikam", 2000, "microsoft365", { visibility: "Public" }),
      groupOf("project-falcon", "Project Falcon", 300, "microsoft365", { visibility: "Public" }),
      groupOf("it-staff", "IT Staff", 1800, "security"),
    ],
    roleAssignments: [
      ...gaIds.map((principalId) => roleAssignment(principalId, ROLE.globalAdministrator)),
      roleAssignment(adminUsers[5]?.resource.id ?? "", ROLE.userAdministrator),
      roleAssignment(formerAdmin.resource.id, ROLE.exchangeAdministrator),
      roleAssignment(automation?.id ?? "", ROLE.privilegedRoleAdministrator),
    ],
    roleEligibilitySchedules: [],
    // P2 bought, PIM never set up: standing Global Administrators, the automation account assigned outside PIM, policies
    // left at their defaults (no approval, nobody notified) and no access reviews.
    roleAssignmentSchedules: [
      ...gaIds.map((principalId) => roleAssignmentSchedule(fx, principalId, ROLE.globalAdministrator, now, null)),
      roleAssignmentSchedule(fx, adminUsers[5]?.resource.id ?? "", ROLE.userAdministrator, now, null),
      roleAssignmentSchedule(fx, formerAdmin.resource.id, ROLE.exchangeAdministrator, now, null),
    ],
    ...pimPolicies(fx, now, [], []),
    accessReviewDefinitions: [],
    // Password protection switched on without a word list, and left in Audit mode on the domain controllers.
    groupSettings: [passwordRuleSettings(fx, { EnableBannedPasswordCheck: "True", BannedPasswordList: "", EnableBannedPasswordCheckOnPremises: "True", BannedPasswordCheckOnPremisesMode: "Audit" })],
    // Synchronised with Entra Connect, sign-in through AD FS, password hash sync never turned on.
    onPremisesSynchronization: onPremisesSynchronization(tenantId, { passwordSyncEnabled: false }),
    domainFederations: {
      "fabrikam-corp.com": adfsFederation("fabrikam-corp.com", "adfs.fabrikam-corp.com", now, { issuedDaysAgo: 355, expiresInDays: 10, mfaBehavior: "acceptIfMfaDoneByFederatedIdp" }),
    },
  };
}

function unlicensed(tenantId: string, now: number): TenantData {
  const fx = "unlicensed";
  const id = (name: string) => stableGuid(`${fx}/${name}`);
  const facts = FIXTURE_FACTS[fx];
  const at = facts.defaultDomain;

  const people: [...Person, string[]][] = [
    ["jesse.morales", "Jesse", "Morales", "Owner", "Management", STRONG],
    ["alana.reyes", "Alana", "Reyes", "Office Manager", "Operations", ["microsoftAuthenticatorPush"]],
    ["marco.silva", "Marco", "Silva", "Sales Lead", "Sales", STRONG],
    ["nina.park", "Nina", "Park", "Designer", "Product", ["email"]],
    ["omar.haddad", "Omar", "Haddad", "Engineer", "Product", ["microsoftAuthenticatorPush"]],
    ["ruth.adams", "Ruth", "Adams", "Bookkeeper", "Finance", []],
  ];
  const users = people.map(([key, givenName, surname, jobTitle, department, methods], i) =>
    member({ id: id(`user/${key}`), givenName, surname, jobTitle, department, upn: `${key}@${at}`, createdDaysAgo: 900 - i * 60, lastSignInDaysAgo: i, methods, now }),
  );
  const guestUsers = guests(fx, facts.initialDomain, now, [
    ["lena.ortiz@fourthcoffee.com", "Lena", "Ortiz", 120, "Accepted", 12],
    ["tom.baker@litware.com", "Tom", "Baker", 10, "PendingAcceptance", null],
  ]);
  const apps = [
    application({
      id: id("app/booking"),
      appId: id("appId/booking"),
      displayName: "Tailspin Booking",
      publisherDomain: at,
      createdDaysAgo: 240,
      now,
      webRedirectUris: ["https://booking.tailspintoys.com/signin-oidc"],
      passwordCredentials: [passwordCredential(now, { keyId: id("secret/booking"), displayName: "booking", startDaysAgo: 45, lifetimeDays: 180 })],
    }),
  ];
  const domains = [domain(at, { isDefault: true }), domain(facts.initialDomain)];
  return {
    tenantId,
    displayName: facts.displayName,
    organization: organization(tenantId, facts.displayName, 1000, now, domains),
    subscribedSkus: [subscribedSku(tenantId, "O365_BUSINESS_ESSENTIALS", 15, 9)],
    securityDefaults: securityDefaults(true),
    conditionalAccessPolicies: [],
    authenticationMethodsPolicy: authenticationMethodsPolicy(now, {
      migrationState: "migrationComplete",
      enabled: ["Fido2", "MicrosoftAuthenticator", "Email"],
      authenticatorContext: false,
    }),
    authorizationPolicy: authorizationPolicy({
      allowInvitesFrom: "everyone",
      guestUserRoleId: GUEST_ROLE.guestUser,
      defaultUserRolePermissions: { permissionGrantPoliciesAssigned: ["ManagePermissionGrantsForSelf.microsoft-user-default-low"] },
    }),
    domains,
    // A small business that never opened the SharePoint admin center: the defaults of a new tenant.
    sharepointSettings: sharepointSettings(),
    users: [...users, ...guestUsers],
    applications: apps,
    servicePrincipals: appsWithPrincipals(tenantId, fx, apps),
    groups: [groupFactory(fx, at, now)("tailspintoys", "Tailspin Toys", 1000, "microsoft365")],
    roleAssignments: users.slice(0, 2).map((u) => roleAssignment(u.resource.id, ROLE.globalAdministrator)),
    roleEligibilitySchedules: [],
  };
}
