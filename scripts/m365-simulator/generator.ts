import { withGeneratedServicePrincipalExposure } from "./app-exposure";
import {
  application,
  authenticationMethodsPolicy,
  authorizationPolicy,
  domain,
  group,
  keyCredential,
  neverSignedIn,
  mailDomainDns,
  organization,
  passwordCredential,
  roleAssignment,
  securityDefaults,
  servicePrincipalFor,
  subscribedSku,
} from "./builders";
import { DKIM_KEYS, GUEST_ROLE, ROLE } from "./catalog";
import { baselinePolicies, guestsReview, pimPolicies, privilegedRolesReview } from "./fixtures";
import { roleAssignmentSchedule } from "./governance";
import { passwordRuleSettings } from "./passwords";
import type { ApplicationResource, DnsRecord, GroupResource, SignInActivity, SimUser, TenantData, UserResource } from "./model";
import { createRng, DAY_MS, intBetween, isoAt, pick, rngGuid, stableGuid, type Rng } from "./random";
import { sharepointSettings } from "./sharepoint";

/**
 * Bulk tenants for paging and load tests: a seeded PRNG makes the same spec + seed yield the same directory.
 * Licensed with Microsoft 365 E5 (Entra ID P2 + Intune) and configured like a well-run tenant, so the
 * interesting variation is in volume: users, guests (some stale or pending), apps (some risky), groups.
 */

export type GeneratedTenantSpec = { users: number; guests: number; apps: number; groups?: number; seed?: number };

const COMPANIES = [
  "Northwind Traders", "Adatum", "Litware", "Proseware", "Woodgrove Bank", "Fourth Coffee", "Wingtip Toys", "Lucerne Publishing",
  "Alpine Ski House", "Relecloud", "Trey Research", "VanArsdel", "Coho Winery", "Humongous Insurance", "Margie's Travel",
  "Blue Yonder Airlines", "Southridge Video", "Lamna Healthcare", "Bellows College", "Datum Corporation",
];
const FIRST_NAMES = [
  "Aaron", "Abigail", "Adrian", "Aisha", "Alan", "Amelia", "Andre", "Anna", "Ben", "Beatriz", "Carlos", "Chloe", "Daniel", "Dana",
  "Elena", "Ethan", "Farah", "Felix", "Grace", "Hannah", "Hiro", "Ivan", "Isla", "Jack", "Jasmine", "Jonas", "Kara", "Kenji",
  "Laura", "Leo", "Maya", "Mateo", "Nadia", "Noah", "Olivia", "Omar", "Priya", "Paul", "Quentin", "Rosa", "Ravi", "Sara",
  "Samuel", "Tara", "Tomas", "Uma", "Victor", "Wen", "Xavier", "Yara", "Yusuf", "Zoe",
];
const LAST_NAMES = [
  "Anderson", "Bauer", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen", "Kowalski", "Larsen", "Martin",
  "Nakamura", "Okafor", "Patel", "Quinn", "Rossi", "Schmidt", "Tanaka", "Usman", "Varga", "Wagner", "Xu", "Yilmaz", "Zimmer",
  "Silva", "Novak", "Moreau", "Lindqvist",
];
const DEPARTMENTS: [string, string[]][] = [
  ["Sales", ["Account Executive", "Sales Manager", "Sales Representative"]],
  ["Marketing", ["Marketing Specialist", "Content Strategist", "Brand Manager"]],
  ["Engineering", ["Software Engineer", "Senior Engineer", "Engineering Manager", "QA Engineer"]],
  ["Finance", ["Accountant", "Financial Analyst", "Controller"]],
  ["Human Resources", ["HR Generalist", "Recruiter", "HR Manager"]],
  ["Operations", ["Operations Analyst", "Logistics Coordinator", "Facilities Manager"]],
  ["Support", ["Support Engineer", "Customer Success Manager"]],
];
const PARTNER_DOMAINS = ["gmail.com", "outlook.com", "contractorsinc.com", "partnerco.com", "consulting-group.com", "agency.io", "vendor.net", "auditfirm.com"];
const APP_WORDS = ["Portal", "Sync", "Connector", "Dashboard", "Reporting", "Automation", "Gateway", "Scheduler", "Billing", "Inventory", "CRM", "Analytics"];

export type GeneratedIdentity = { displayName: string; defaultDomain: string; initialDomain: string };

export function generatedIdentity(seed: number): GeneratedIdentity {
  const rng = createRng(seed ^ 0x5bd1e995);
  const company = pick(rng, COMPANIES);
  // A short suffix keeps tenants of the same company name apart in DNS.
  const suffix = Math.floor(rng() * 0x10000).toString(16).padStart(4, "0");
  const slug = company.toLowerCase().replace(/[^a-z0-9]/g, "") + suffix;
  return { displayName: company, defaultDomain: `${slug}.com`, initialDomain: `${slug}.onmicrosoft.com` };
}

export function generatedDns(seed: number): DnsRecord[] {
  const identity = generatedIdentity(seed);
  return mailDomainDns(identity.defaultDomain, identity.initialDomain, {
    spf: "v=spf1 include:spf.protection.outlook.com -all",
    dmarc: `v=DMARC1; p=reject; pct=100; rua=mailto:dmarc@${identity.defaultDomain}`,
    dkim: true,
    dkimKeys: [DKIM_KEYS[seed % 3] as string, DKIM_KEYS[(seed + 1) % 3] as string],
    address: `198.51.100.${seed % 250}`,
  });
}

function activity(rng: Rng, now: number, daysAgo: number | null): SignInActivity {
  if (daysAgo === null) return neverSignedIn();
  const at = isoAt(now - daysAgo * DAY_MS - intBetween(rng, 0, 86_399) * 1000);
  const requestId = rngGuid(rng);
  return {
    lastSignInDateTime: at,
    lastSignInRequestId: requestId,
    lastNonInteractiveSignInDateTime: at,
    lastNonInteractiveSignInRequestId: rngGuid(rng),
    lastSuccessfulSignInDateTime: at,
    lastSuccessfulSignInRequestId: requestId,
  };
}

function memberMethods(rng: Rng): string[] {
  const roll = rng();
  if (roll < 0.7) return ["microsoftAuthenticatorPush", "softwareOneTimePasscode"];
  if (roll < 0.85) return ["microsoftAuthenticatorPush", "windowsHelloForBusiness"];
  if (roll < 0.92) return ["mobilePhone"];
  return [];
}

export function buildGenerated(spec: GeneratedTenantSpec, seed: number, tenantId: string, now: number): TenantData {
  const rng = createRng(seed);
  const identity = generatedIdentity(seed);
  const at = identity.defaultDomain;
  const usedUpns = new Map<string, number>();
  const uniqueLocalPart = (first: string, last: string) => {
    const base = `${first}.${last}`.toLowerCase();
    const n = (usedUpns.get(base) ?? 0) + 1;
    usedUpns.set(base, n);
    return n === 1 ? base : `${base}${n}`;
  };

  const users: SimUser[] = [];
  const memberCount = Math.max(1, spec.users);
  for (let i = 0; i < memberCount; i++) {
    const breakGlass = i === 0;
    const first = breakGlass ? "Emergency" : pick(rng, FIRST_NAMES);
    const last = breakGlass ? "Access" : pick(rng, LAST_NAMES);
    const [department, titles] = pick(rng, DEPARTMENTS);
    const upn = breakGlass ? `emergency-access@${identity.initialDomain}` : `${uniqueLocalPart(first, last)}@${at}`;
    const createdDaysAgo = intBetween(rng, 5, 1500);
    const neverSignedIn = rng() < 0.03;
    const resource: UserResource = {
      id: rngGuid(rng),
      displayName: `${first} ${last}`,
      givenName: first,
      surname: last,
      userPrincipalName: upn,
      mail: breakGlass ? null : upn,
      userType: "Member",
      accountEnabled: rng() > 0.03,
      createdDateTime: isoAt(now - createdDaysAgo * DAY_MS),
      creationType: null,
      externalUserState: null,
      externalUserStateChangeDateTime: null,
      jobTitle: breakGlass ? null : pick(rng, titles),
      department: breakGlass ? null : department,
      companyName: identity.displayName,
      officeLocation: null,
      mobilePhone: null,
      businessPhones: [],
      preferredLanguage: "en-US",
      usageLocation: "US",
      onPremisesSyncEnabled: null,
      onPremisesImmutableId: null,
      signInActivity: activity(rng, now, neverSignedIn ? null : Math.min(createdDaysAgo, intBetween(rng, 0, 60))),
    };
    users.push({ resource, methodsRegistered: breakGlass ? ["fido2"] : memberMethods(rng) });
  }

  for (let i = 0; i < spec.guests; i++) {
    const first = pick(rng, FIRST_NAMES);
    const last = pick(rng, LAST_NAMES);
    const email = `${uniqueLocalPart(first, last)}@${pick(rng, PARTNER_DOMAINS)}`;
    const createdDaysAgo = intBetween(rng, 1, 900);
    const pending = rng() < 0.12;
    const stateChangeDaysAgo = pending ? createdDaysAgo : Math.max(0, createdDaysAgo - intBetween(rng, 0, 3));
    const lastSignInDaysAgo = pending ? null : rng() < 0.1 ? null : Math.min(stateChangeDaysAgo, intBetween(rng, 0, 200));
    users.push({
      resource: {
        id: rngGuid(rng),
        displayName: `${first} ${last}`,
        givenName: first,
        surname: last,
        userPrincipalName: `${email.replace("@", "_")}#EXT#@${identity.initialDomain}`,
        mail: email,
        userType: "Guest",
        accountEnabled: true,
        createdDateTime: isoAt(now - createdDaysAgo * DAY_MS),
        creationType: "Invitation",
        externalUserState: pending ? "PendingAcceptance" : "Accepted",
        externalUserStateChangeDateTime: isoAt(now - stateChangeDaysAgo * DAY_MS),
        jobTitle: null,
        department: null,
        companyName: null,
        officeLocation: null,
        mobilePhone: null,
        businessPhones: [],
        preferredLanguage: null,
        usageLocation: null,
        onPremisesSyncEnabled: null,
        onPremisesImmutableId: null,
        signInActivity: activity(rng, now, lastSignInDaysAgo),
      },
      methodsRegistered: [],
    });
  }

  // A handful of administrators among the first members; they register phishing-resistant methods.
  const members = users.slice(0, memberCount);
  const adminRoles: string[] = [
    ROLE.globalAdministrator, ROLE.globalAdministrator, ROLE.globalAdministrator, ROLE.globalAdministrator,
    ROLE.privilegedRoleAdministrator, ROLE.userAdministrator, ROLE.userAdministrator, ROLE.exchangeAdministrator,
    ROLE.applicationAdministrator, ROLE.securityAdministrator, ROLE.helpdeskAdministrator, ROLE.globalReader,
  ];
  const roleAssignments = adminRoles.slice(0, members.length).map((roleId, i) => {
    const admin = members[i] as SimUser;
    if (i > 0) admin.methodsRegistered = ["fido2", "windowsHelloForBusiness", "microsoftAuthenticatorPush"];
    admin.resource.accountEnabled = true;
    return roleAssignment(admin.resource.id, roleId);
  });

  const applications: ApplicationResource[] = [];
  for (let i = 0; i < spec.apps; i++) {
    const name = `${identity.displayName} ${pick(rng, APP_WORDS)} ${i + 1}`;
    const host = `app${i + 1}.${at}`;
    const secrets = Array.from({ length: intBetween(rng, 0, 2) }, (_, s) =>
      passwordCredential(now, {
        keyId: rngGuid(rng),
        displayName: `secret-${s + 1}`,
        startDaysAgo: intBetween(rng, 0, 400),
        lifetimeDays: pick(rng, [90, 180, 180, 365, 730]),
      }),
    );
    const certs =
      rng() < 0.25
        ? [keyCredential(now, { keyId: rngGuid(rng), subject: host, startDaysAgo: intBetween(rng, 0, 300), lifetimeDays: pick(rng, [365, 365, 730]) })]
        : [];
    const roll = rng();
    const web = roll < 0.6 ? [`https://${host}/signin-oidc`] : roll < 0.63 ? [`http://${host}/callback`] : roll < 0.65 ? [`https://*.${at}/auth`] : [];
    const spa = roll >= 0.65 && roll < 0.85 ? [`https://${host}/auth/callback`] : [];
    const publicClient = roll >= 0.85 && roll < 0.9 ? ["http://localhost"] : [];
    applications.push(
      application({
        id: rngGuid(rng),
        appId: rngGuid(rng),
        displayName: name,
        publisherDomain: at,
        createdDaysAgo: intBetween(rng, 1, 1200),
        now,
        passwordCredentials: secrets,
        keyCredentials: certs,
        webRedirectUris: web,
        spaRedirectUris: spa,
        publicClientRedirectUris: publicClient,
        homePageUrl: web.length > 0 ? `https://${host}` : null,
      }),
    );
  }

  const groupCount = spec.groups ?? Math.max(3, Math.ceil(memberCount / 100));
  const groups: GroupResource[] = [
    group({
      id: rngGuid(rng),
      displayName: "All Guests",
      mailNickname: "all-guests",
      domain: at,
      createdDaysAgo: 700,
      now,
      kind: "dynamicSecurity",
      membershipRule: '(user.userType -eq "Guest")',
    }),
  ];
  for (let i = 1; i < groupCount; i++) {
    const [department] = pick(rng, DEPARTMENTS);
    const unified = rng() < 0.5;
    groups.push(
      group({
        id: rngGuid(rng),
        displayName: `${department} ${unified ? "Team" : "Security"} ${i}`,
        mailNickname: `${department.toLowerCase().replace(/[^a-z]/g, "")}-${i}`,
        domain: at,
        createdDaysAgo: intBetween(rng, 1, 1500),
        now,
        kind: unified ? "microsoft365" : "security",
        visibility: unified && rng() < 0.2 ? "Public" : "Private",
      }),
    );
  }

  const id = (name: string) => stableGuid(`${tenantId}/${name}`);
  const breakGlassId = (members[0] as SimUser).resource.id;
  const domains = [domain(at, { isDefault: true }), domain(identity.initialDomain)];
  return withGeneratedServicePrincipalExposure({
    tenantId,
    displayName: identity.displayName,
    organization: organization(tenantId, identity.displayName, 2000, now, domains),
    subscribedSkus: [subscribedSku(tenantId, "SPE_E5", memberCount + 50, memberCount)],
    securityDefaults: securityDefaults(false),
    conditionalAccessPolicies: baselinePolicies(id, now, [breakGlassId]),
    authenticationMethodsPolicy: authenticationMethodsPolicy(now, {
      migrationState: "migrationComplete",
      enabled: ["Fido2", "MicrosoftAuthenticator", "TemporaryAccessPass"],
      authenticatorContext: true,
    }),
    // A large enterprise part-way through hardening: legacy authentication off, sharing with new guests still on.
    sharepointSettings: sharepointSettings({ isLegacyAuthProtocolsEnabled: false, isResharingByExternalUsersEnabled: false }),
    authorizationPolicy: authorizationPolicy({
      allowInvitesFrom: "adminsAndGuestInviters",
      allowedToSignUpEmailBasedSubscriptions: false,
      blockMsolPowerShell: true,
      guestUserRoleId: GUEST_ROLE.restrictedGuestUser,
      defaultUserRolePermissions: {
        allowedToCreateApps: false,
        allowedToCreateTenants: false,
        allowedToReadBitlockerKeysForOwnedDevice: false,
        permissionGrantPoliciesAssigned: [],
      },
    }),
    domains,
    users,
    applications,
    servicePrincipals: applications.map((app) => servicePrincipalFor(app, tenantId, rngGuid(rng))),
    groups,
    roleAssignments,
    roleEligibilitySchedules: [],
    // A PIM-managed tenant: time-bound active assignments (the emergency account's is permanent), approval for the top
    // two roles by the second Global Administrator, alerts to the security mailbox, quarterly reviews.
    roleAssignmentSchedules: roleAssignments.map((a) => roleAssignmentSchedule(tenantId, a.principalId, a.roleDefinitionId, now, a.principalId === breakGlassId ? null : 180)),
    ...pimPolicies(tenantId, now, roleAssignments.slice(1, 2).map((a) => a.principalId), [`security@${at}`]),
    accessReviewDefinitions: (() => {
      const owner = (members[1] ?? members[0]) as SimUser;
      const creator = { id: owner.resource.id, displayName: owner.resource.displayName ?? "", userPrincipalName: owner.resource.userPrincipalName };
      return [privilegedRolesReview(tenantId, now, owner.resource.id, creator), guestsReview(tenantId, now, owner.resource.id, creator)];
    })(),
    // Cloud-only, with a custom banned-password list enforced.
    groupSettings: [passwordRuleSettings(tenantId, { EnableBannedPasswordCheck: "True", BannedPasswordList: [identity.displayName.toLowerCase().replace(/[^a-z0-9]/g, ""), "password", "welcome"].join("\t") })],
  }, rng);
}
