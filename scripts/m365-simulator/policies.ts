import type { NamedLocation, RiskyUser, TenantAppManagementPolicy } from "@/lib/microsoft/graph-types";

/**
 * Tenant-wide policies under /policies the simulator serves beyond the authorization policy: the admin consent
 * request policy, the authentication flows policy and the default cross-tenant access policy, in Graph v1.0's shapes
 * (adminConsentRequestPolicy, authenticationFlowsPolicy, crossTenantAccessPolicyConfigurationDefault). Defaults are
 * a new tenant's: no consent workflow, no self-service sign-up, B2B collaboration open and B2B direct connect blocked.
 */

export type AccessReviewReviewerScope = { query: string; queryType: "MicrosoftGraph"; queryRoot: string | null };

export type AdminConsentRequestPolicyResource = {
  id: string;
  isEnabled: boolean;
  notifyReviewers: boolean;
  remindersEnabled: boolean;
  requestDurationInDays: number;
  version: number;
  reviewers: AccessReviewReviewerScope[];
};

export type AuthenticationFlowsPolicyResource = { id: string; displayName: string; description: string; selfServiceSignUp: { isEnabled: boolean } };

type Targets = { accessType: "allowed" | "blocked"; targets: { target: string; targetType: "user" | "group" | "application" }[] };
export type CrossTenantAccessSetting = { usersAndGroups: Targets; applications: Targets };

export type CrossTenantAccessDefaultResource = {
  id: string;
  isServiceDefault: boolean;
  b2bCollaborationInbound: CrossTenantAccessSetting;
  b2bCollaborationOutbound: CrossTenantAccessSetting;
  b2bDirectConnectInbound: CrossTenantAccessSetting;
  b2bDirectConnectOutbound: CrossTenantAccessSetting;
  inboundTrust: { isMfaAccepted: boolean; isCompliantDeviceAccepted: boolean; isHybridAzureADJoinedDeviceAccepted: boolean };
  automaticUserConsentSettings: { inboundAllowed: boolean; outboundAllowed: boolean };
};

export type TenantAppManagementPolicyResource = TenantAppManagementPolicy & { displayName: string; description: string };

export type TenantPolicies = {
  appManagementPolicy: TenantAppManagementPolicyResource;
  adminConsentRequestPolicy: AdminConsentRequestPolicyResource;
  authenticationFlowsPolicy: AuthenticationFlowsPolicyResource;
  crossTenantAccessDefault: CrossTenantAccessDefaultResource;
};

const ALL_USERS = { accessType: "allowed" as const, targets: [{ target: "AllUsers", targetType: "user" as const }] };
const ALL_APPS = { accessType: "allowed" as const, targets: [{ target: "AllApplications", targetType: "application" as const }] };
const setting = (accessType: "allowed" | "blocked"): CrossTenantAccessSetting => ({
  usersAndGroups: { ...ALL_USERS, accessType },
  applications: { ...ALL_APPS, accessType },
});

export function tenantPolicies(
  patch: {
    adminConsentRequestPolicy?: Partial<AdminConsentRequestPolicyResource>;
    appManagementPolicy?: Partial<TenantAppManagementPolicyResource>;
    selfServiceSignUp?: boolean;
    crossTenantAccessDefault?: Partial<CrossTenantAccessDefaultResource>;
  } = {},
): TenantPolicies {
  return {
    // A new tenant's default policy: present but off, no restrictions.
    appManagementPolicy: {
      id: "00000000-0000-0000-0000-000000000000",
      displayName: "Default app management tenant policy",
      description: "Default tenant policy that enforces app management restrictions on applications and service principals.",
      isEnabled: false,
      applicationRestrictions: { passwordCredentials: [], keyCredentials: [] },
      servicePrincipalRestrictions: { passwordCredentials: [], keyCredentials: [] },
      ...patch.appManagementPolicy,
    },
    adminConsentRequestPolicy: {
      id: "",
      isEnabled: false,
      notifyReviewers: false,
      remindersEnabled: false,
      requestDurationInDays: 0,
      version: 0,
      reviewers: [],
      ...patch.adminConsentRequestPolicy,
    },
    authenticationFlowsPolicy: {
      id: "authenticationFlowsPolicy",
      displayName: "Authentication flows policy",
      description: "Authentication flows policy allows modification of settings related to authentication flows in AAD tenant, such as self-service sign up configuration.",
      selfServiceSignUp: { isEnabled: patch.selfServiceSignUp ?? false },
    },
    crossTenantAccessDefault: {
      id: "crossTenantAccessPolicyConfigurationDefault",
      isServiceDefault: patch.crossTenantAccessDefault === undefined,
      b2bCollaborationInbound: setting("allowed"),
      b2bCollaborationOutbound: setting("allowed"),
      b2bDirectConnectInbound: setting("blocked"),
      b2bDirectConnectOutbound: setting("blocked"),
      inboundTrust: { isMfaAccepted: false, isCompliantDeviceAccepted: false, isHybridAzureADJoinedDeviceAccepted: false },
      automaticUserConsentSettings: { inboundAllowed: false, outboundAllowed: false },
      ...patch.crossTenantAccessDefault,
    },
  };
}

export { setting as crossTenantSetting };

/** An Identity Protection riskyUser, as GET /identityProtection/riskyUsers returns it. */
export function riskyUser(
  id: string,
  userPrincipalName: string,
  userDisplayName: string,
  now: number,
  risk: Pick<RiskyUser, "riskLevel" | "riskState" | "riskDetail">,
): RiskyUser {
  return { id, userPrincipalName, userDisplayName, ...risk, riskLastUpdatedDateTime: new Date(now - 3 * 86_400_000).toISOString(), isDeleted: false, isProcessing: false };
}

/** A trusted or untrusted IP named location, as GET /identity/conditionalAccess/namedLocations returns it. */
export function ipNamedLocation(id: string, displayName: string, isTrusted: boolean, cidrs: string[], now: number): NamedLocation {
  return {
    "@odata.type": "#microsoft.graph.ipNamedLocation",
    id,
    displayName,
    createdDateTime: new Date(now - 300 * 86_400_000).toISOString(),
    modifiedDateTime: new Date(now - 40 * 86_400_000).toISOString(),
    isTrusted,
    ipRanges: cidrs.map((cidrAddress) => ({ "@odata.type": cidrAddress.includes(":") ? "#microsoft.graph.iPv6CidrRange" : "#microsoft.graph.iPv4CidrRange", cidrAddress })),
  };
}
