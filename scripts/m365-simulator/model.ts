import type {
  Application,
  AuthenticationMethodsPolicy,
  AuthorizationPolicy,
  ConditionalAccessPolicy,
  Domain,
  GroupSetting,
  GuestUser,
  IdentitySecurityDefaultsEnforcementPolicy,
  AppRole,
  AppRoleAssignment,
  KeyCredential,
  NamedLocation,
  OAuth2PermissionGrant,
  PasswordCredential,
  RiskyUser,
  SubscribedSku,
  UnifiedRoleAssignment,
} from "@/lib/microsoft/graph-types";

import type {
  AccessReviewScheduleDefinitionResource,
  RoleAssignmentScheduleResource,
  RoleManagementPolicyAssignmentResource,
  RoleManagementPolicyResource,
} from "./governance";
import type { OrgSettings } from "./org-settings";
import type { TenantPolicies } from "./policies";
import type { SharepointSettingsResource } from "./sharepoint";
import type { InternalDomainFederationResource, OnPremisesSynchronizationResource } from "./passwords";

/**
 * The simulator's in-memory directory of one tenant. Every resource is stored in its Graph v1.0 shape (the
 * shared types plus further real Graph properties), so serving it is projection and paging only.
 */

export type SignInActivity = {
  lastSignInDateTime: string | null;
  lastSignInRequestId: string | null;
  lastNonInteractiveSignInDateTime: string | null;
  lastNonInteractiveSignInRequestId: string | null;
  lastSuccessfulSignInDateTime: string | null;
  lastSuccessfulSignInRequestId: string | null;
};

export type UserResource = GuestUser & {
  accountEnabled: boolean;
  givenName: string | null;
  surname: string | null;
  jobTitle: string | null;
  department: string | null;
  companyName: string | null;
  officeLocation: string | null;
  mobilePhone: string | null;
  businessPhones: string[];
  preferredLanguage: string | null;
  usageLocation: string | null;
  creationType: string | null;
  onPremisesSyncEnabled: boolean | null;
  onPremisesImmutableId: string | null;
  signInActivity: SignInActivity | null;
};

/** A user and the authentication methods they registered (what userRegistrationDetails reports). */
export type SimUser = { resource: UserResource; methodsRegistered: string[] };

export type PasswordCredentialResource = PasswordCredential & { customKeyIdentifier: string | null; secretText: null };
export type KeyCredentialResource = KeyCredential & { customKeyIdentifier: string | null; key: null };

export type ApplicationResource = Application & {
  createdDateTime: string;
  deletedDateTime: null;
  description: string | null;
  publisherDomain: string;
  signInAudience: "AzureADMyOrg" | "AzureADMultipleOrgs" | "AzureADandPersonalMicrosoftAccount";
  identifierUris: string[];
  tags: string[];
  passwordCredentials: PasswordCredentialResource[];
  keyCredentials: KeyCredentialResource[];
  web: {
    redirectUris: string[];
    homePageUrl: string | null;
    logoutUrl: string | null;
    implicitGrantSettings: { enableAccessTokenIssuance: boolean; enableIdTokenIssuance: boolean };
  };
  spa: { redirectUris: string[] };
  publicClient: { redirectUris: string[] };
  requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: "Role" | "Scope" }[] }[];
};

export type ServicePrincipalResource = {
  id: string;
  appId: string;
  displayName: string;
  appDisplayName: string;
  accountEnabled: boolean;
  appOwnerOrganizationId: string;
  servicePrincipalType: "Application" | "ManagedIdentity";
  servicePrincipalNames: string[];
  signInAudience: string;
  preferredSingleSignOnMode: string | null;
  tags: string[];
  passwordCredentials: PasswordCredentialResource[];
  keyCredentials: KeyCredentialResource[];
  verifiedPublisher: { displayName: string | null; verifiedPublisherId: string | null; addedDateTime: string | null };
  /** The roles the app defines (Microsoft Graph's are its application permissions); [] when absent. */
  appRoles?: AppRole[];
};

export type GroupResource = {
  id: string;
  displayName: string;
  description: string | null;
  createdDateTime: string;
  mail: string | null;
  mailEnabled: boolean;
  mailNickname: string;
  securityEnabled: boolean;
  groupTypes: string[];
  visibility: "Public" | "Private" | "HiddenMembership" | null;
  membershipRule: string | null;
  membershipRuleProcessingState: "On" | "Paused" | null;
  isAssignableToRole: boolean | null;
  onPremisesSyncEnabled: boolean | null;
};

export type RoleAssignmentResource = Omit<UnifiedRoleAssignment, "principal"> & { appScopeId: string | null; condition: string | null };

/** Graph's unifiedRoleScheduleBase with the schedule: what eligibility and assignment schedules share. */
export type RoleScheduleResource = {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  appScopeId: string | null;
  createdUsing: string;
  createdDateTime: string;
  modifiedDateTime: string | null;
  status: string;
  memberType: "Direct" | "Group" | "Inherited";
  scheduleInfo: {
    startDateTime: string;
    recurrence: null;
    expiration: { type: "noExpiration" | "afterDateTime" | "afterDuration"; endDateTime: string | null; duration: string | null };
  };
};

export type RoleEligibilityScheduleResource = RoleScheduleResource;

export type SubscribedSkuResource = SubscribedSku & {
  accountId: string;
  accountName: string;
  consumedUnits: number;
  prepaidUnits: { enabled: number; suspended: number; warning: number; lockedOut: number };
  subscriptionIds: string[];
};

export type OrganizationResource = {
  id: string;
  displayName: string;
  createdDateTime: string;
  tenantType: "AAD";
  countryLetterCode: string;
  preferredLanguage: string;
  city: string | null;
  country: string | null;
  onPremisesSyncEnabled: boolean | null;
  onPremisesLastSyncDateTime: string | null;
  technicalNotificationMails: string[];
  verifiedDomains: { capabilities: string; isDefault: boolean; isInitial: boolean; name: string; type: "Managed" | "Federated" }[];
};

export type ConditionalAccessPolicyResource = ConditionalAccessPolicy & { templateId: string | null };

export type AuthorizationPolicyResource = AuthorizationPolicy & { allowUserConsentForRiskyApps: boolean | null };

export type TenantData = {
  tenantId: string;
  displayName: string;
  organization: OrganizationResource;
  subscribedSkus: SubscribedSkuResource[];
  securityDefaults: IdentitySecurityDefaultsEnforcementPolicy;
  conditionalAccessPolicies: ConditionalAccessPolicyResource[];
  authenticationMethodsPolicy: AuthenticationMethodsPolicy & Record<string, unknown>;
  /** The beta-only systemCredentialPreferences of the methods policy (absent: enabled for all users). */
  systemCredentialPreferences?: { state: "default" | "enabled" | "disabled"; excludeTargets: { id: string; targetType: string }[]; includeTargets: { id: string; targetType: string }[] };
  authorizationPolicy: AuthorizationPolicyResource;
  domains: Domain[];
  users: SimUser[];
  applications: ApplicationResource[];
  servicePrincipals: ServicePrincipalResource[];
  groups: GroupResource[];
  /**
   * Direct members of each group by group id (user, group or service-principal object ids). Graph's `members`
   * relationship, kept apart from the group resource because it is not one of its properties.
   */
  groupMembers?: Record<string, string[]>;
  roleAssignments: RoleAssignmentResource[];
  roleEligibilitySchedules: RoleEligibilityScheduleResource[];
  /** PIM (Entra ID P2): active assignment schedules, role management policies and their role assignments. */
  roleAssignmentSchedules?: RoleAssignmentScheduleResource[];
  roleManagementPolicies?: RoleManagementPolicyResource[];
  roleManagementPolicyAssignments?: RoleManagementPolicyAssignmentResource[];
  /** Access reviews (Entra ID P2 or Governance). */
  accessReviewDefinitions?: AccessReviewScheduleDefinitionResource[];
  /** Tenant-wide directory settings (GET /groupSettings), e.g. "Password Rule Settings"; absent: none created. */
  groupSettings?: GroupSetting[];
  /** Entra Connect sync features (GET /directory/onPremisesSynchronization); absent: a cloud-only directory. */
  onPremisesSynchronization?: OnPremisesSynchronizationResource;
  /** Conditional Access named locations (GET /identity/conditionalAccess/namedLocations). */
  namedLocations?: NamedLocation[];
  /** Identity Protection's risky users (GET /identityProtection/riskyUsers; Entra ID P2). */
  riskyUsers?: RiskyUser[];
  /** Admin consent request, authentication flows and default cross-tenant access policies; absent: defaults. */
  policies?: TenantPolicies;
  /** β /admin/appsAndServices, β /admin/forms and /teamwork/teamsAppSettings; absent: a new tenant's defaults. */
  orgSettings?: OrgSettings;
  /** SharePoint and OneDrive tenant settings (GET /admin/sharepoint/settings); absent: a new tenant's defaults. */
  sharepointSettings?: SharepointSettingsResource;
  /** Federation configuration of Federated domains, by domain name (GET /domains/{id}/federationConfiguration). */
  domainFederations?: Record<string, InternalDomainFederationResource>;
  /** Delegated permission grants (GET /oauth2PermissionGrants). */
  oauth2PermissionGrants?: OAuth2PermissionGrant[];
  /** App role assignments (application permissions and app assignments), served under the resource's appRoleAssignedTo. */
  appRoleAssignments?: AppRoleAssignment[];
  /** Owners (user or service-principal ids) of service principals, by service principal id. */
  servicePrincipalOwners?: Record<string, string[]>;
  /** β: App Proxy publishing (onPremisesPublishing) by application object id. */
  onPremisesPublishing?: Record<string, { externalAuthenticationType: string; externalUrl: string; internalUrl: string }>;
};

export type DnsRecord =
  | { name: string; type: "TXT"; data: string }
  | { name: string; type: "CNAME"; target: string }
  | { name: string; type: "MX"; exchange: string; priority: number }
  | { name: string; type: "A"; address: string };
