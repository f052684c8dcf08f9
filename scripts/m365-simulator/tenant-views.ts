import type { UserRegistrationDetails } from "@/lib/microsoft/graph-types";
import { MFA_METHODS, PASSWORDLESS_METHODS, SSPR_METHODS } from "./catalog";
import type { GroupResource, ServicePrincipalResource, SimUser, TenantData, UserResource } from "./model";

/**
 * What Graph derives from the stored directory: licences from the SKUs, userRegistrationDetails from users'
 * methods and roles, $expand=principal objects, and the full user/application representations.
 */

export type Licences = { p1: boolean; p2: boolean; intune: boolean };
export type TenantView = {
  licences: Licences;
  registrationDetails: () => (UserRegistrationDetails & Record<string, unknown>)[];
  /** A user by object id or userPrincipalName, case-insensitively. */
  user: (key: string) => SimUser | undefined;
  /** A role assignment's principal as $expand=principal returns it (the directory object with its @odata.type). */
  principal: (id: string) => Record<string, unknown> | null;
};

const viewCache = new WeakMap<TenantData, TenantView>();

/** Derived, cached for as long as the tenant's data object lives (it is rebuilt hourly). */
export function tenantView(data: TenantData): TenantView {
  const cached = viewCache.get(data);
  if (cached) return cached;
  const plans = new Set(
    data.subscribedSkus
      .filter((sku) => sku.capabilityStatus === "Enabled")
      .flatMap((sku) => sku.servicePlans.filter((plan) => plan.provisioningStatus === "Success").map((plan) => plan.servicePlanName)),
  );
  // Indexes are built on first use: a paging-only workload never needs them.
  let userIndex: Map<string, SimUser> | null = null;
  const user = (key: string) => {
    if (!userIndex) {
      userIndex = new Map();
      for (const u of data.users) {
        userIndex.set(u.resource.id.toLowerCase(), u);
        userIndex.set(u.resource.userPrincipalName.toLowerCase(), u);
      }
    }
    return userIndex.get(key.toLowerCase());
  };
  let servicePrincipalById: Map<string, ServicePrincipalResource> | null = null;
  let groupById: Map<string, GroupResource> | null = null;
  const principal = (id: string): Record<string, unknown> | null => {
    servicePrincipalById ??= new Map(data.servicePrincipals.map((sp) => [sp.id, sp]));
    groupById ??= new Map(data.groups.map((g) => [g.id, g]));
    const found = user(id);
    if (found) return userPrincipal(found.resource);
    const sp = servicePrincipalById.get(id);
    if (sp) return servicePrincipalPrincipal(sp);
    const group = groupById.get(id);
    return group ? { "@odata.type": "#microsoft.graph.group", ...group } : null;
  };
  let registration: (UserRegistrationDetails & Record<string, unknown>)[] | null = null;
  const result: TenantView = {
    licences: { p1: plans.has("AAD_PREMIUM") || plans.has("AAD_PREMIUM_P2"), p2: plans.has("AAD_PREMIUM_P2"), intune: plans.has("INTUNE_A") },
    registrationDetails: () => (registration ??= buildRegistrationDetails(data)),
    user,
    principal,
  };
  viewCache.set(data, result);
  return result;
}

function userPrincipal(u: UserResource): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.user",
    id: u.id,
    accountEnabled: u.accountEnabled,
    businessPhones: u.businessPhones,
    displayName: u.displayName,
    givenName: u.givenName,
    jobTitle: u.jobTitle,
    mail: u.mail,
    mobilePhone: u.mobilePhone,
    officeLocation: u.officeLocation,
    preferredLanguage: u.preferredLanguage,
    surname: u.surname,
    userPrincipalName: u.userPrincipalName,
    userType: u.userType,
    onPremisesSyncEnabled: u.onPremisesSyncEnabled,
  };
}

function servicePrincipalPrincipal(sp: ServicePrincipalResource): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.servicePrincipal",
    id: sp.id,
    accountEnabled: sp.accountEnabled,
    appDisplayName: sp.appDisplayName,
    appId: sp.appId,
    appOwnerOrganizationId: sp.appOwnerOrganizationId,
    displayName: sp.displayName,
    servicePrincipalType: sp.servicePrincipalType,
    servicePrincipalNames: sp.servicePrincipalNames,
    preferredSingleSignOnMode: sp.preferredSingleSignOnMode,
    // Among a service principal's default properties: credentials without their secret (Graph never returns it).
    passwordCredentials: sp.passwordCredentials,
    keyCredentials: sp.keyCredentials,
  };
}

function buildRegistrationDetails(data: TenantData): (UserRegistrationDetails & Record<string, unknown>)[] {
  const admins = new Set(data.roleAssignments.map((a) => a.principalId));
  const updated = data.authenticationMethodsPolicy.lastModifiedDateTime;
  return data.users.map(({ resource: u, methodsRegistered }) => {
    const mfa = methodsRegistered.some((m) => MFA_METHODS.has(m));
    const sspr = methodsRegistered.some((m) => SSPR_METHODS.has(m));
    const member = u.userType === "Member";
    return {
      id: u.id,
      userPrincipalName: u.userPrincipalName,
      userDisplayName: u.displayName ?? "",
      userType: member ? "member" : "guest",
      isAdmin: admins.has(u.id),
      isSsprRegistered: sspr,
      isSsprEnabled: member,
      isSsprCapable: member && sspr,
      isMfaRegistered: mfa,
      isMfaCapable: mfa,
      isPasswordlessCapable: methodsRegistered.some((m) => PASSWORDLESS_METHODS.has(m)),
      isSystemPreferredAuthenticationMethodEnabled: true,
      systemPreferredAuthenticationMethods: methodsRegistered.includes("fido2") ? ["Fido2"] : mfa ? ["PushNotification"] : [],
      userPreferredMethodForSecondaryAuthentication: methodsRegistered.includes("microsoftAuthenticatorPush") ? "push" : mfa ? "sms" : "none",
      lastUpdatedDateTime: updated,
      methodsRegistered,
    };
  });
}

// ---- how users and applications look when Graph returns them ----

export const USER_DEFAULTS = [
  "businessPhones",
  "displayName",
  "givenName",
  "jobTitle",
  "mail",
  "mobilePhone",
  "officeLocation",
  "preferredLanguage",
  "surname",
  "userPrincipalName",
  "id",
];
/** Real user properties the simulator does not model; served as Graph serves them when unset. */
const USER_UNSET: Record<string, unknown> = {
  deletedDateTime: null,
  employeeId: null,
  employeeType: null,
  faxNumber: null,
  city: null,
  country: null,
  state: null,
  streetAddress: null,
  postalCode: null,
  otherMails: [],
  imAddresses: [],
  onPremisesDomainName: null,
  onPremisesSamAccountName: null,
  onPremisesUserPrincipalName: null,
  onPremisesSecurityIdentifier: null,
  onPremisesLastSyncDateTime: null,
  passwordPolicies: null,
  externalUserConvertedOn: null,
  showInAddressList: null,
  ageGroup: null,
};
export const APPLICATION_UNSET: Record<string, unknown> = {
  api: { acceptMappedClaims: null, knownClientApplications: [], requestedAccessTokenVersion: null, oauth2PermissionScopes: [], preAuthorizedApplications: [] },
  appRoles: [],
  isFallbackPublicClient: null,
  groupMembershipClaims: null,
  notes: null,
  optionalClaims: null,
  serviceManagementReference: null,
  tokenEncryptionKeyId: null,
  defaultRedirectUri: null,
  disabledByMicrosoftStatus: null,
  verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
};

function userProperty(u: UserResource, name: string): unknown {
  switch (name) {
    case "mailNickname":
      return u.userPrincipalName.split("@")[0];
    case "proxyAddresses":
      return u.mail ? [`SMTP:${u.mail}`] : [];
    case "lastPasswordChangeDateTime":
      return u.createdDateTime;
    default:
      return name in u ? u[name as keyof UserResource] : USER_UNSET[name];
  }
}

const USER_PROPERTY_NAMES = ["mailNickname", "proxyAddresses", "lastPasswordChangeDateTime", ...Object.keys(USER_UNSET)];

/** The user as Graph returns it; only `names` are built when given, as pages are projected anyway. */
export function userView(u: UserResource, names: readonly string[] | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names ?? [...Object.keys(u), ...USER_PROPERTY_NAMES]) out[name] = userProperty(u, name);
  return out;
}
