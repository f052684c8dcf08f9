/** Builders for Graph objects in check tests: defaults describe a compliant, unremarkable tenant. */
import type {
  Application,
  AuthenticationMethodsPolicy,
  AuthorizationPolicy,
  ConditionalAccessPolicy,
  GuestUser,
  IdentitySecurityDefaultsEnforcementPolicy,
  KeyCredential,
  MemberUser,
  PasswordCredential,
  UnifiedRoleAssignment,
  UserRegistrationDetails,
} from "@/lib/microsoft/graph-types";
import { GLOBAL_ADMIN_ROLE_ID, DAY_MS } from "@/lib/scans/checks/helpers";
import type { BreakGlass, CheckContext, DomainDnsRecords, MtaStsRecords } from "@/lib/scans/checks/types";

export const NOW = new Date("2025-06-15T12:00:00Z");
export const CONTEXT: CheckContext = { now: NOW };

export function daysAgo(days: number, from: Date = NOW): string {
  return new Date(from.getTime() - days * DAY_MS).toISOString();
}

export function daysFromNow(days: number, from: Date = NOW): string {
  return new Date(from.getTime() + days * DAY_MS).toISOString();
}

export function securityDefaults(isEnabled: boolean): IdentitySecurityDefaultsEnforcementPolicy {
  return { id: "00000000-0000-0000-0000-000000000005", displayName: "Security Defaults", description: "", isEnabled };
}

type CaConditions = ConditionalAccessPolicy["conditions"];
type CaGrant = NonNullable<ConditionalAccessPolicy["grantControls"]>;

export type CaPolicyPatch = {
  id?: string;
  displayName?: string;
  state?: ConditionalAccessPolicy["state"];
  users?: Partial<CaConditions["users"]>;
  applications?: Partial<CaConditions["applications"]>;
  conditions?: Partial<Omit<CaConditions, "users" | "applications">>;
  /** null = no grant controls; otherwise merged into an "mfa, AND" grant. */
  grant?: Partial<CaGrant> | null;
};

let policyCounter = 0;

/** An enabled policy for all users and all apps, all client apps, granting with MFA. */
export function caPolicy(patch: CaPolicyPatch = {}): ConditionalAccessPolicy {
  policyCounter += 1;
  return {
    id: patch.id ?? `policy-${policyCounter}`,
    displayName: patch.displayName ?? `Policy ${policyCounter}`,
    state: patch.state ?? "enabled",
    createdDateTime: "2024-01-01T00:00:00Z",
    modifiedDateTime: null,
    conditions: {
      users: {
        includeUsers: ["All"],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
        includeGuestsOrExternalUsers: null,
        excludeGuestsOrExternalUsers: null,
        ...patch.users,
      },
      applications: { includeApplications: ["All"], excludeApplications: [], includeUserActions: [], ...patch.applications },
      clientAppTypes: ["all"],
      userRiskLevels: [],
      signInRiskLevels: [],
      platforms: null,
      locations: null,
      devices: null,
      clientApplications: null,
      ...patch.conditions,
    },
    grantControls:
      patch.grant === null
        ? null
        : { operator: "OR", builtInControls: ["mfa"], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null, ...patch.grant },
    sessionControls: null,
  };
}

/** A policy blocking Exchange ActiveSync and other (legacy) clients for all users. */
export function legacyBlockPolicy(patch: CaPolicyPatch = {}): ConditionalAccessPolicy {
  return caPolicy({
    displayName: "Block legacy authentication",
    ...patch,
    conditions: { clientAppTypes: ["exchangeActiveSync", "other"], ...patch.conditions },
    grant: patch.grant === null ? null : { builtInControls: ["block"], ...patch.grant },
  });
}

export function authMethodsPolicy(
  patch: { policyMigrationState?: AuthenticationMethodsPolicy["policyMigrationState"]; methods?: Record<string, "enabled" | "disabled"> } = {},
): AuthenticationMethodsPolicy {
  const methods = patch.methods ?? { Sms: "disabled", Voice: "disabled", Email: "disabled", Fido2: "enabled", MicrosoftAuthenticator: "enabled" };
  return {
    id: "authenticationMethodsPolicy",
    displayName: "Authentication Methods Policy",
    description: "",
    lastModifiedDateTime: "2025-01-01T00:00:00Z",
    policyVersion: "1.5",
    policyMigrationState: patch.policyMigrationState === undefined ? "migrationComplete" : patch.policyMigrationState,
    authenticationMethodConfigurations: Object.entries(methods).map(([id, state]) => ({
      "@odata.type": `#microsoft.graph.${id.charAt(0).toLowerCase()}${id.slice(1)}AuthenticationMethodConfiguration`,
      id,
      state,
    })),
  };
}

export function adminRegistration(userPrincipalName: string, isMfaCapable: boolean): UserRegistrationDetails {
  return {
    id: `id-${userPrincipalName}`,
    userPrincipalName,
    userDisplayName: userPrincipalName.split("@")[0] ?? userPrincipalName,
    userType: "member",
    isAdmin: true,
    isMfaCapable,
    isMfaRegistered: isMfaCapable,
    isPasswordlessCapable: false,
    isSsprCapable: isMfaCapable,
    isSsprEnabled: true,
    isSsprRegistered: isMfaCapable,
    isSystemPreferredAuthenticationMethodEnabled: true,
    lastUpdatedDateTime: "2025-06-01T00:00:00Z",
    methodsRegistered: isMfaCapable ? ["microsoftAuthenticatorPush"] : [],
  };
}

let assignmentCounter = 0;

export function gaAssignment(kind: "user" | "servicePrincipal" | "group", principalId: string, name = principalId): UnifiedRoleAssignment {
  assignmentCounter += 1;
  return {
    id: `assignment-${assignmentCounter}`,
    principalId,
    roleDefinitionId: GLOBAL_ADMIN_ROLE_ID,
    directoryScopeId: "/",
    principal: {
      "@odata.type": `#microsoft.graph.${kind}`,
      id: principalId,
      displayName: name,
      ...(kind === "user" ? { userPrincipalName: `${name}@contoso.com`, userType: "Member" } : {}),
    },
  };
}

export function gaUsers(count: number): UnifiedRoleAssignment[] {
  return Array.from({ length: count }, (_, i) => gaAssignment("user", `user-${i + 1}`, `admin${i + 1}`));
}

export function authorizationPolicy(
  patch: Partial<Omit<AuthorizationPolicy, "defaultUserRolePermissions">> & {
    defaultUserRolePermissions?: Partial<AuthorizationPolicy["defaultUserRolePermissions"]>;
  } = {},
): AuthorizationPolicy {
  const { defaultUserRolePermissions, ...rest } = patch;
  return {
    id: "authorizationPolicy",
    displayName: "Authorization Policy",
    description: "",
    allowInvitesFrom: "adminsAndGuestInviters",
    allowedToSignUpEmailBasedSubscriptions: false,
    allowedToUseSSPR: true,
    allowEmailVerifiedUsersToJoinOrganization: false,
    blockMsolPowerShell: true,
    guestUserRoleId: "2af84b1e-32c8-42b7-82bc-daa82404023b",
    ...rest,
    defaultUserRolePermissions: {
      allowedToCreateApps: false,
      allowedToCreateSecurityGroups: false,
      allowedToCreateTenants: false,
      allowedToReadBitlockerKeysForOwnedDevice: false,
      allowedToReadOtherUsers: true,
      permissionGrantPoliciesAssigned: ["ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-team"],
      ...defaultUserRolePermissions,
    },
  };
}

export const GOOD_SPF = "v=spf1 include:spf.protection.outlook.com -all";
export const GOOD_DMARC = "v=DMARC1; p=reject; rua=mailto:dmarc@contoso.com";
export const GOOD_DKIM = "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA";

/** MTA-STS in enforce mode covering the domain's Exchange Online MX, with TLS-RPT; override what a test needs. */
export function goodMtaSts(domain: string, patch: Partial<MtaStsRecords> = {}): MtaStsRecords {
  return {
    mx: [`${domain.replace(/\./g, "-")}.mail.protection.outlook.com`],
    sts: ["v=STSv1; id=20260101T000000"],
    policy: {
      url: `https://mta-sts.${domain}/.well-known/mta-sts.txt`,
      ok: true,
      body: "version: STSv1\r\nmode: enforce\r\nmx: *.mail.protection.outlook.com\r\nmax_age: 604800\r\n",
    },
    tlsRpt: [`v=TLSRPTv1; rua=mailto:tls-reports@${domain}`],
    error: null,
    ...patch,
  };
}

/** DNS of a well-configured domain; override what a test needs. */
export function emailDomain(domain: string, patch: Partial<Omit<DomainDnsRecords, "domain">> = {}): DomainDnsRecords {
  return {
    domain,
    orgDomain: domain,
    spf: [GOOD_SPF],
    spfLookups: { lookups: 1, voidLookups: 0, loop: null, terms: [`${domain}: include:spf.protection.outlook.com`], termsCut: 0, error: null },
    dmarc: [GOOD_DMARC],
    dmarcDomain: patch.orgDomain ?? domain,
    dkim: [
      { selector: "selector1", record: GOOD_DKIM },
      { selector: "selector2", record: GOOD_DKIM },
    ],
    mtaSts: goodMtaSts(domain),
    error: null,
    ...patch,
  };
}

let guestCounter = 0;

/** An accepted guest created 200 days ago who signed in yesterday. */
export function guest(patch: Partial<GuestUser> = {}): GuestUser {
  guestCounter += 1;
  const name = `guest${guestCounter}`;
  return {
    id: `guest-${guestCounter}`,
    displayName: name,
    userPrincipalName: `${name}_fabrikam.com#EXT#@contoso.onmicrosoft.com`,
    mail: `${name}@fabrikam.com`,
    userType: "Guest",
    createdDateTime: daysAgo(200),
    externalUserState: "Accepted",
    externalUserStateChangeDateTime: daysAgo(199),
    signInActivity: { lastSignInDateTime: daysAgo(1), lastNonInteractiveSignInDateTime: daysAgo(1), lastSuccessfulSignInDateTime: daysAgo(1) },
    ...patch,
  };
}

export function secret(patch: Partial<PasswordCredential> = {}): PasswordCredential {
  return { keyId: "secret-1", displayName: "client secret", hint: "abc", startDateTime: daysAgo(30), endDateTime: daysFromNow(90), ...patch };
}

export function certificate(patch: Partial<KeyCredential> = {}): KeyCredential {
  return {
    keyId: "cert-1",
    displayName: "CN=app",
    type: "AsymmetricX509Cert",
    usage: "Verify",
    startDateTime: daysAgo(30),
    endDateTime: daysFromNow(300),
    ...patch,
  };
}

let appCounter = 0;

export function app(patch: Partial<Application> = {}): Application {
  appCounter += 1;
  return {
    id: `app-object-${appCounter}`,
    appId: `app-id-${appCounter}`,
    displayName: `App ${appCounter}`,
    passwordCredentials: [],
    keyCredentials: [],
    web: null,
    spa: null,
    publicClient: null,
    ...patch,
  };
}

/** A break-glass declaration as the scan hands it to checks (ids lowercased; groups already expanded). */
export function breakGlass(patch: Partial<BreakGlass> & { membersByGroup?: Record<string, string[]> } = {}): BreakGlass {
  const membersByGroup = patch.membersByGroup ?? {};
  const userIds = patch.userIds ?? [];
  const groupIds = patch.groupIds ?? Object.keys(membersByGroup);
  return {
    configured: patch.configured ?? userIds.length + groupIds.length > 0,
    userIds,
    groupIds,
    memberUserIds: patch.memberUserIds ?? [...new Set(Object.values(membersByGroup).flat())].sort(),
    membersByGroup,
    missingGroupIds: patch.missingGroupIds ?? [],
    missingUserIds: patch.missingUserIds ?? [],
    names: patch.names ?? {},
  };
}

export const NO_BREAK_GLASS: BreakGlass = breakGlass();

/** A member account as /users?$select=… returns it: enabled, cloud-only. */
export function memberUser(upn: string, patch: Partial<MemberUser> = {}): MemberUser {
  return {
    id: `id-${upn}`,
    displayName: upn.split("@")[0] ?? upn,
    userPrincipalName: upn,
    accountEnabled: true,
    userType: "Member",
    onPremisesSyncEnabled: null,
    onPremisesImmutableId: null,
    ...patch,
  };
}

/** The Microsoft Authenticator configuration with its two context features in the given states. */
export function authenticatorConfig(app: string, location: string, patch: { state?: "enabled" | "disabled"; includeTargetId?: string } = {}) {
  const feature = (state: string) => ({ state, includeTarget: { targetType: "group", id: patch.includeTargetId ?? "all_users" }, excludeTarget: { targetType: "group", id: "00000000-0000-0000-0000-000000000000" } });
  return {
    "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration",
    id: "MicrosoftAuthenticator",
    state: patch.state ?? "enabled",
    featureSettings: { displayAppInformationRequiredState: feature(app), displayLocationInformationRequiredState: feature(location) },
  } as const;
}
