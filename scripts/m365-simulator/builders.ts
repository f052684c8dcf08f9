import type {
  AuthenticationMethodConfiguration,
  AuthenticationMethodsPolicy,
  ConditionalAccessPolicy,
  Domain,
  IdentitySecurityDefaultsEnforcementPolicy,
} from "@/lib/microsoft/graph-types";
import { AUTH_STRENGTH, GUEST_ROLE, MICROSOFT_GRAPH_APP_ID, SERVICE_PLAN, SKU } from "./catalog";
import type {
  ApplicationResource,
  AuthorizationPolicyResource,
  ConditionalAccessPolicyResource,
  DnsRecord,
  GroupResource,
  KeyCredentialResource,
  OrganizationResource,
  PasswordCredentialResource,
  RoleAssignmentResource,
  ServicePrincipalResource,
  SignInActivity,
  SimUser,
  SubscribedSkuResource,
  UserResource,
} from "./model";
import { DAY_MS, daysFrom, isoAt, stableGuid } from "./random";

/**
 * Factories for Graph resources with the defaults Entra fills in, shared by the hand-written fixtures and the
 * generator, so both serve the same complete shapes.
 */

export function subscribedSku(tenantId: string, skuPartNumber: keyof typeof SKU, units: number, consumed: number): SubscribedSkuResource {
  const sku = SKU[skuPartNumber];
  if (!sku) throw new Error(`unknown SKU ${String(skuPartNumber)}`);
  return {
    id: `${tenantId}_${sku.skuId}`,
    accountId: tenantId,
    accountName: "",
    appliesTo: "User",
    capabilityStatus: "Enabled",
    consumedUnits: consumed,
    prepaidUnits: { enabled: units, suspended: 0, warning: 0, lockedOut: 0 },
    skuId: sku.skuId,
    skuPartNumber: String(skuPartNumber),
    subscriptionIds: [stableGuid(`${tenantId}/subscription/${String(skuPartNumber)}`)],
    servicePlans: sku.plans.map((name) => ({
      servicePlanId: SERVICE_PLAN[name],
      servicePlanName: name,
      provisioningStatus: "Success",
      appliesTo: "User",
    })),
  };
}

export function securityDefaults(isEnabled: boolean): IdentitySecurityDefaultsEnforcementPolicy {
  return {
    id: "00000000-0000-0000-0000-000000000005",
    displayName: "Security Defaults",
    description:
      "Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these " +
      "recommendations will be automatically enforced in your organization. Administrators and users will be better " +
      "protected from common identity related attacks.",
    isEnabled,
  };
}

type Conditions = ConditionalAccessPolicy["conditions"];
type PolicyInput = {
  id: string;
  displayName: string;
  state: ConditionalAccessPolicy["state"];
  createdDaysAgo: number;
  now: number;
  users?: Partial<Conditions["users"]>;
  applications?: Partial<Conditions["applications"]>;
  clientAppTypes?: Conditions["clientAppTypes"];
  userRiskLevels?: string[];
  signInRiskLevels?: string[];
  authenticationFlows?: { transferMethods: string } | null;
  builtInControls?: string[];
  operator?: "AND" | "OR";
  authenticationStrength?: keyof typeof AUTH_STRENGTH;
  sessionControls?: ConditionalAccessPolicy["sessionControls"];
  templateId?: string | null;
};

export function conditionalAccessPolicy(input: PolicyInput): ConditionalAccessPolicyResource {
  const created = input.now - input.createdDaysAgo * DAY_MS;
  const strength = input.authenticationStrength ? AUTH_STRENGTH[input.authenticationStrength] : null;
  const grantsSomething = (input.builtInControls?.length ?? 0) > 0 || strength !== null;
  return {
    id: input.id,
    templateId: input.templateId ?? null,
    displayName: input.displayName,
    createdDateTime: isoAt(created),
    modifiedDateTime: isoAt(created + 2 * DAY_MS),
    state: input.state,
    sessionControls: input.sessionControls ?? null,
    conditions: {
      userRiskLevels: input.userRiskLevels ?? [],
      signInRiskLevels: input.signInRiskLevels ?? [],
      clientAppTypes: input.clientAppTypes ?? ["all"],
      platforms: null,
      locations: null,
      devices: null,
      clientApplications: null,
      // Real Graph properties the shared types leave out (they list only what the checks read).
      ...({ servicePrincipalRiskLevels: [], insiderRiskLevels: null, authenticationFlows: input.authenticationFlows ?? null } as object),
      applications: {
        includeApplications: ["All"],
        excludeApplications: [],
        includeUserActions: [],
        ...({ includeAuthenticationContextClassReferences: [], applicationFilter: null } as object),
        ...input.applications,
      },
      users: {
        includeUsers: [],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
        includeGuestsOrExternalUsers: null,
        excludeGuestsOrExternalUsers: null,
        ...input.users,
      },
    },
    grantControls: grantsSomething
      ? {
          operator: input.operator ?? "OR",
          builtInControls: input.builtInControls ?? [],
          customAuthenticationFactors: [],
          termsOfUse: [],
          authenticationStrength: strength
            ? {
                id: strength.id,
                displayName: strength.displayName,
                allowedCombinations: [...strength.allowedCombinations],
                ...({
                  description: `Built-in ${strength.displayName} strength`,
                  policyType: "builtIn",
                  requirementsSatisfied: "mfa",
                  createdDateTime: "2021-12-01T00:00:00Z",
                  modifiedDateTime: "2021-12-01T00:00:00Z",
                  combinationConfigurations: [],
                } as object),
              }
            : null,
        }
      : null,
  };
}

const ALL_USERS_TARGET = { targetType: "group", id: "all_users", isRegistrationRequired: false };

/** Every method configuration the tenant-wide policy lists, enabled where named in `enabled`. */
export function authenticationMethodsPolicy(
  now: number,
  options: { migrationState: AuthenticationMethodsPolicy["policyMigrationState"]; enabled: string[]; authenticatorContext: boolean },
): AuthenticationMethodsPolicy & Record<string, unknown> {
  const state = (id: string) => (options.enabled.includes(id) ? "enabled" : "disabled") as "enabled" | "disabled";
  const featureState = (enabled: boolean) => ({
    state: enabled ? "enabled" : "default",
    includeTarget: { targetType: "group", id: "all_users" },
    excludeTarget: { targetType: "group", id: "00000000-0000-0000-0000-000000000000" },
  });
  const configurations: AuthenticationMethodConfiguration[] = [
    {
      "@odata.type": "#microsoft.graph.fido2AuthenticationMethodConfiguration",
      id: "Fido2",
      state: state("Fido2"),
      isSelfServiceRegistrationAllowed: true,
      isAttestationEnforced: false,
      excludeTargets: [],
      keyRestrictions: { isEnforced: false, enforcementType: "block", aaGuids: [] },
      includeTargets: [ALL_USERS_TARGET],
    },
    {
      "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration",
      id: "MicrosoftAuthenticator",
      state: state("MicrosoftAuthenticator"),
      isSoftwareOathEnabled: false,
      excludeTargets: [],
      featureSettings: {
        displayAppInformationRequiredState: featureState(options.authenticatorContext),
        displayLocationInformationRequiredState: featureState(options.authenticatorContext),
      },
      includeTargets: [{ ...ALL_USERS_TARGET, authenticationMode: "any" }],
    },
    {
      "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration",
      id: "TemporaryAccessPass",
      state: state("TemporaryAccessPass"),
      defaultLifetimeInMinutes: 60,
      defaultLength: 8,
      minimumLifetimeInMinutes: 60,
      maximumLifetimeInMinutes: 480,
      isUsableOnce: false,
      excludeTargets: [],
      includeTargets: [ALL_USERS_TARGET],
    },
    {
      "@odata.type": "#microsoft.graph.smsAuthenticationMethodConfiguration",
      id: "Sms",
      state: state("Sms"),
      excludeTargets: [],
      includeTargets: [{ ...ALL_USERS_TARGET, isUsableForSignIn: true }],
    },
    {
      "@odata.type": "#microsoft.graph.voiceAuthenticationMethodConfiguration",
      id: "Voice",
      state: state("Voice"),
      isOfficePhoneAllowed: false,
      excludeTargets: [],
      includeTargets: [ALL_USERS_TARGET],
    },
    {
      "@odata.type": "#microsoft.graph.emailAuthenticationMethodConfiguration",
      id: "Email",
      state: state("Email"),
      allowExternalIdToUseEmailOtp: "default",
      excludeTargets: [],
      includeTargets: [ALL_USERS_TARGET],
    },
    {
      "@odata.type": "#microsoft.graph.softwareOathAuthenticationMethodConfiguration",
      id: "SoftwareOath",
      state: state("SoftwareOath"),
      excludeTargets: [],
      includeTargets: [ALL_USERS_TARGET],
    },
    {
      "@odata.type": "#microsoft.graph.x509CertificateAuthenticationMethodConfiguration",
      id: "X509Certificate",
      state: state("X509Certificate"),
      excludeTargets: [],
      certificateUserBindings: [
        { x509CertificateField: "PrincipalName", userProperty: "onPremisesUserPrincipalName", priority: 1 },
        { x509CertificateField: "RFC822Name", userProperty: "userPrincipalName", priority: 2 },
      ],
      authenticationModeConfiguration: { x509CertificateAuthenticationDefaultMode: "x509CertificateSingleFactor", rules: [] },
      includeTargets: [ALL_USERS_TARGET],
    },
  ];
  return {
    id: "authenticationMethodsPolicy",
    displayName: "Authentication Methods Policy",
    description:
      "The tenant-wide policy that controls which authentication methods are allowed in the tenant, authentication method " +
      "registration requirements, and self-service password reset settings",
    lastModifiedDateTime: daysFrom(now, -12),
    policyVersion: "1.5",
    policyMigrationState: options.migrationState,
    reconfirmationInDays: null,
    registrationEnforcement: {
      authenticationMethodsRegistrationCampaign: {
        snoozeDurationInDays: 1,
        enforceRegistrationAfterAllowedSnoozes: true,
        state: "default",
        excludeTargets: [],
        includeTargets: [{ id: "all_users", targetType: "group", targetedAuthenticationMethod: "microsoftAuthenticator" }],
      },
    },
    authenticationMethodConfigurations: configurations,
  };
}

export function authorizationPolicy(
  settings: Pick<AuthorizationPolicyResource, "allowInvitesFrom" | "guestUserRoleId"> &
    Partial<Omit<AuthorizationPolicyResource, "defaultUserRolePermissions">> & {
      defaultUserRolePermissions: Partial<AuthorizationPolicyResource["defaultUserRolePermissions"]>;
    },
): AuthorizationPolicyResource {
  return {
    id: "authorizationPolicy",
    displayName: "Authorization Policy",
    description: "Used to manage authorization related settings across the company.",
    allowedToSignUpEmailBasedSubscriptions: true,
    allowedToUseSSPR: true,
    allowEmailVerifiedUsersToJoinOrganization: false,
    allowUserConsentForRiskyApps: null,
    blockMsolPowerShell: false,
    ...settings,
    guestUserRoleId: settings.guestUserRoleId ?? GUEST_ROLE.guestUser,
    defaultUserRolePermissions: {
      allowedToCreateApps: true,
      allowedToCreateSecurityGroups: true,
      allowedToCreateTenants: true,
      allowedToReadBitlockerKeysForOwnedDevice: true,
      allowedToReadOtherUsers: true,
      permissionGrantPoliciesAssigned: ["ManagePermissionGrantsForSelf.microsoft-user-default-legacy"],
      ...settings.defaultUserRolePermissions,
    },
  };
}

/** Domains as GET /domains lists them; `passwordValidityPeriodInDays` 2147483647 means "never expire". */
export function domain(id: string, options: Partial<Domain> = {}): Domain {
  const isInitial = id.endsWith(".onmicrosoft.com");
  return {
    id,
    authenticationType: "Managed",
    isAdminManaged: true,
    isDefault: false,
    isInitial,
    isRoot: true,
    isVerified: true,
    passwordNotificationWindowInDays: 14,
    passwordValidityPeriodInDays: 2147483647,
    supportedServices: ["Email", "OfficeCommunicationsOnline"],
    ...({ availabilityStatus: null, manufacturer: null, model: null, state: null } as object),
    ...options,
  };
}

export function organization(tenantId: string, displayName: string, createdDaysAgo: number, now: number, domains: Domain[]): OrganizationResource {
  return {
    id: tenantId,
    displayName,
    createdDateTime: daysFrom(now, -createdDaysAgo),
    tenantType: "AAD",
    countryLetterCode: "US",
    preferredLanguage: "en",
    city: "Redmond",
    country: null,
    onPremisesSyncEnabled: null,
    onPremisesLastSyncDateTime: null,
    technicalNotificationMails: [`it@${domains.find((d) => d.isDefault)?.id ?? domains[0]?.id ?? "example.com"}`],
    verifiedDomains: domains
      .filter((d) => d.isVerified)
      .map((d) => ({ capabilities: d.supportedServices.join(", "), isDefault: d.isDefault, isInitial: d.isInitial, name: d.id, type: d.authenticationType })),
  };
}

/** signInActivity of an account that never signed in (Graph returns every property, all null). */
export function neverSignedIn(): SignInActivity {
  return {
    lastSignInDateTime: null,
    lastSignInRequestId: null,
    lastNonInteractiveSignInDateTime: null,
    lastNonInteractiveSignInRequestId: null,
    lastSuccessfulSignInDateTime: null,
    lastSuccessfulSignInRequestId: null,
  };
}

/** signInActivity with the last interactive (and successful) sign-in `daysAgo` days back; null = never signed in. */
export function signInActivity(now: number, daysAgo: number | null, requestSeed: string): SignInActivity {
  if (daysAgo === null) return neverSignedIn();
  const at = daysFrom(now, -daysAgo);
  const requestId = stableGuid(`${requestSeed}/signin`);
  return {
    lastSignInDateTime: at,
    lastSignInRequestId: requestId,
    lastNonInteractiveSignInDateTime: daysFrom(now, -Math.max(0, daysAgo - 1)),
    lastNonInteractiveSignInRequestId: stableGuid(`${requestSeed}/noninteractive`),
    lastSuccessfulSignInDateTime: at,
    lastSuccessfulSignInRequestId: requestId,
  };
}

type UserInput = {
  id: string;
  givenName: string;
  surname: string;
  createdDaysAgo: number;
  lastSignInDaysAgo: number | null;
  methods: string[];
  jobTitle?: string | null;
  department?: string | null;
  accountEnabled?: boolean;
  onPremisesSyncEnabled?: boolean | null;
  now: number;
  companyName?: string | null;
};

type KindSpecific = "userPrincipalName" | "mail" | "userType" | "externalUserState" | "externalUserStateChangeDateTime" | "creationType";

function baseUser(input: UserInput): Omit<UserResource, KindSpecific> {
  return {
    id: input.id,
    displayName: `${input.givenName} ${input.surname}`.trim(),
    givenName: input.givenName,
    surname: input.surname,
    accountEnabled: input.accountEnabled ?? true,
    createdDateTime: daysFrom(input.now, -input.createdDaysAgo),
    jobTitle: input.jobTitle ?? null,
    department: input.department ?? null,
    companyName: input.companyName ?? null,
    officeLocation: null,
    mobilePhone: null,
    businessPhones: [],
    preferredLanguage: "en-US",
    usageLocation: "US",
    onPremisesSyncEnabled: input.onPremisesSyncEnabled ?? null,
    onPremisesImmutableId: input.onPremisesSyncEnabled ? Buffer.from(input.id.replace(/-/g, ""), "hex").toString("base64") : null,
    signInActivity: signInActivity(input.now, input.lastSignInDaysAgo, input.id),
  };
}

export function member(input: UserInput & { upn: string }): SimUser {
  return {
    resource: {
      ...baseUser(input),
      userPrincipalName: input.upn,
      mail: input.upn.endsWith(".onmicrosoft.com") ? null : input.upn,
      userType: "Member",
      creationType: null,
      externalUserState: null,
      externalUserStateChangeDateTime: null,
    },
    methodsRegistered: input.methods,
  };
}

/** A B2B guest: UPN is the external address with '@' → '_' plus #EXT# at the tenant's initial domain. */
export function guest(
  input: Omit<UserInput, "jobTitle" | "department"> & {
    email: string;
    initialDomain: string;
    state: "PendingAcceptance" | "Accepted";
    stateChangeDaysAgo: number;
  },
): SimUser {
  return {
    resource: {
      ...baseUser(input),
      userPrincipalName: `${input.email.replace("@", "_")}#EXT#@${input.initialDomain}`,
      mail: input.email,
      userType: "Guest",
      creationType: "Invitation",
      externalUserState: input.state,
      externalUserStateChangeDateTime: daysFrom(input.now, -input.stateChangeDaysAgo),
      usageLocation: null,
    },
    methodsRegistered: input.methods,
  };
}

export function passwordCredential(
  now: number,
  options: { keyId: string; displayName: string | null; startDaysAgo: number; lifetimeDays: number },
): PasswordCredentialResource {
  const start = now - options.startDaysAgo * DAY_MS;
  return {
    customKeyIdentifier: null,
    displayName: options.displayName,
    endDateTime: isoAt(start + options.lifetimeDays * DAY_MS),
    hint: options.keyId.slice(0, 3),
    keyId: options.keyId,
    secretText: null,
    startDateTime: isoAt(start),
  };
}

export function keyCredential(
  now: number,
  options: { keyId: string; subject: string; startDaysAgo: number; lifetimeDays: number },
): KeyCredentialResource {
  const start = now - options.startDaysAgo * DAY_MS;
  return {
    // The certificate thumbprint, base64 of its 20 bytes.
    customKeyIdentifier: Buffer.from(options.keyId.replace(/-/g, "").padEnd(40, "0").slice(0, 40), "hex").toString("base64"),
    displayName: `CN=${options.subject}`,
    endDateTime: isoAt(start + options.lifetimeDays * DAY_MS),
    key: null,
    keyId: options.keyId,
    startDateTime: isoAt(start),
    type: "AsymmetricX509Cert",
    usage: "Verify",
  };
}

const USER_READ_SCOPE = "e1fe6dd8-ba31-4d61-89e7-88639da4683d";

export function application(options: {
  id: string;
  appId: string;
  displayName: string;
  publisherDomain: string;
  createdDaysAgo: number;
  now: number;
  passwordCredentials?: PasswordCredentialResource[];
  keyCredentials?: KeyCredentialResource[];
  webRedirectUris?: string[];
  spaRedirectUris?: string[];
  publicClientRedirectUris?: string[];
  homePageUrl?: string | null;
  signInAudience?: ApplicationResource["signInAudience"];
}): ApplicationResource {
  return {
    id: options.id,
    appId: options.appId,
    deletedDateTime: null,
    createdDateTime: daysFrom(options.now, -options.createdDaysAgo),
    displayName: options.displayName,
    description: null,
    publisherDomain: options.publisherDomain,
    signInAudience: options.signInAudience ?? "AzureADMyOrg",
    identifierUris: [],
    tags: [],
    passwordCredentials: options.passwordCredentials ?? [],
    keyCredentials: options.keyCredentials ?? [],
    web: {
      redirectUris: options.webRedirectUris ?? [],
      homePageUrl: options.homePageUrl ?? null,
      logoutUrl: null,
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    },
    spa: { redirectUris: options.spaRedirectUris ?? [] },
    publicClient: { redirectUris: options.publicClientRedirectUris ?? [] },
    requiredResourceAccess: [{ resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccess: [{ id: USER_READ_SCOPE, type: "Scope" }] }],
  };
}

export function servicePrincipalFor(app: ApplicationResource, tenantId: string, id: string): ServicePrincipalResource {
  return {
    id,
    appId: app.appId,
    displayName: app.displayName ?? "",
    appDisplayName: app.displayName ?? "",
    accountEnabled: true,
    appOwnerOrganizationId: tenantId,
    servicePrincipalType: "Application",
    servicePrincipalNames: [app.appId, ...app.identifierUris],
    signInAudience: app.signInAudience,
    preferredSingleSignOnMode: null,
    tags: ["WindowsAzureActiveDirectoryIntegratedApp"],
    passwordCredentials: [],
    keyCredentials: [],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  };
}

/** Ids of directory-scoped role assignments look like base64url(roleTemplateId bytes + principalId bytes) + "-1". */
export function roleAssignment(principalId: string, roleDefinitionId: string): RoleAssignmentResource {
  const bytes = Buffer.concat([guidBytes(roleDefinitionId), guidBytes(principalId)]);
  return {
    id: `${bytes.toString("base64url")}-1`,
    principalId,
    roleDefinitionId,
    directoryScopeId: "/",
    appScopeId: null,
    condition: null,
  };
}

function guidBytes(guid: string): Buffer {
  return Buffer.from(guid.replace(/-/g, ""), "hex");
}

export function group(options: {
  id: string;
  displayName: string;
  mailNickname: string;
  domain: string;
  createdDaysAgo: number;
  now: number;
  kind: "security" | "microsoft365" | "dynamicSecurity";
  visibility?: GroupResource["visibility"];
  membershipRule?: string;
  description?: string | null;
}): GroupResource {
  const unified = options.kind === "microsoft365";
  const dynamic = options.kind === "dynamicSecurity";
  return {
    id: options.id,
    displayName: options.displayName,
    description: options.description ?? null,
    createdDateTime: daysFrom(options.now, -options.createdDaysAgo),
    mail: unified ? `${options.mailNickname}@${options.domain}` : null,
    mailEnabled: unified,
    mailNickname: options.mailNickname,
    securityEnabled: !unified,
    groupTypes: unified ? ["Unified"] : dynamic ? ["DynamicMembership"] : [],
    visibility: unified ? (options.visibility ?? "Private") : null,
    membershipRule: dynamic ? (options.membershipRule ?? null) : null,
    membershipRuleProcessingState: dynamic ? "On" : null,
    isAssignableToRole: null,
    onPremisesSyncEnabled: null,
  };
}

/** DNS of an Exchange Online mail domain: MX to EOP, optional SPF/DMARC TXT and DKIM selector CNAMEs. */
export function mailDomainDns(
  domainName: string,
  initialDomain: string,
  options: { spf: string | null; dmarc: string | null; dkim: boolean; address: string; dkimKeys?: readonly string[] },
): DnsRecord[] {
  const dashed = domainName.replace(/\./g, "-");
  const records: DnsRecord[] = [
    { name: domainName, type: "A", address: options.address },
    { name: domainName, type: "MX", exchange: `${dashed}.mail.protection.outlook.com`, priority: 0 },
    { name: domainName, type: "TXT", data: `MS=ms${dashed.length * 7919}` },
  ];
  if (options.spf) records.push({ name: domainName, type: "TXT", data: options.spf });
  if (options.dmarc) records.push({ name: `_dmarc.${domainName}`, type: "TXT", data: options.dmarc });
  if (options.dkim) {
    (["selector1", "selector2"] as const).forEach((selector, index) => {
      const target = `${selector}-${dashed}._domainkey.${initialDomain}`;
      records.push({ name: `${selector}._domainkey.${domainName}`, type: "CNAME", target });
      records.push({ name: target, type: "TXT", data: `v=DKIM1; k=rsa; p=${options.dkimKeys?.[index] ?? ""}` });
    });
  }
  return records;
}
