/**
 * The Microsoft Graph resources the checks read — only the properties they use, named and typed exactly as
 * Graph v1.0 defines them (https://learn.microsoft.com/graph/api/resources/...). The simulator serves these
 * shapes, so a property renamed here is a property renamed against Microsoft.
 */

export type GraphCollection<T> = { "@odata.context"?: string; "@odata.nextLink"?: string; value: T[] };

/** Graph error body: { error: { code, message, innerError } }. */
export type GraphErrorBody = { error: { code: string; message: string; innerError?: Record<string, unknown> } };

/** GET /subscribedSkus */
export type SubscribedSku = {
  id: string;
  skuId: string;
  skuPartNumber: string;
  capabilityStatus: "Enabled" | "Warning" | "Suspended" | "Deleted" | "LockedOut";
  appliesTo: "User" | "Company";
  servicePlans: { servicePlanId: string; servicePlanName: string; provisioningStatus: string; appliesTo: string }[];
};

/** GET /policies/identitySecurityDefaultsEnforcementPolicy */
export type IdentitySecurityDefaultsEnforcementPolicy = { id: string; displayName: string; description: string; isEnabled: boolean };

/** GET /identity/conditionalAccess/policies */
export type ConditionalAccessPolicy = {
  id: string;
  displayName: string;
  state: "enabled" | "disabled" | "enabledForReportingButNotEnforced";
  createdDateTime: string | null;
  modifiedDateTime: string | null;
  conditions: {
    users: {
      includeUsers: string[];
      excludeUsers: string[];
      includeGroups: string[];
      excludeGroups: string[];
      includeRoles: string[];
      excludeRoles: string[];
      includeGuestsOrExternalUsers: unknown | null;
      excludeGuestsOrExternalUsers: unknown | null;
    };
    applications: { includeApplications: string[]; excludeApplications: string[]; includeUserActions: string[] };
    clientAppTypes: ("all" | "browser" | "mobileAppsAndDesktopClients" | "exchangeActiveSync" | "easSupported" | "other")[];
    userRiskLevels: string[];
    signInRiskLevels: string[];
    platforms: unknown | null;
    locations: unknown | null;
    devices: unknown | null;
    clientApplications: unknown | null;
    /** conditionalAccessAuthenticationFlows; transferMethods is a flags enum serialised as "deviceCodeFlow,authenticationTransfer". */
    authenticationFlows?: { transferMethods: string } | null;
  };
  grantControls: {
    operator: "AND" | "OR";
    builtInControls: string[];
    customAuthenticationFactors: string[];
    termsOfUse: string[];
    authenticationStrength: { id: string; displayName?: string; allowedCombinations?: string[] } | null;
  } | null;
  sessionControls: ConditionalAccessSessionControls | null;
};

/** conditionalAccessSessionControls (v1.0); the controls the checks read are typed, the rest left open. */
export type ConditionalAccessSessionControls = {
  persistentBrowser?: { isEnabled: boolean; mode: "always" | "never" | null } | null;
  signInFrequency?: {
    isEnabled: boolean;
    type: "days" | "hours" | null;
    value: number | null;
    authenticationType?: "primaryAndSecondaryAuthentication" | "secondaryAuthentication" | null;
    frequencyInterval?: "timeBased" | "everyTime" | null;
  } | null;
  applicationEnforcedRestrictions?: unknown | null;
  cloudAppSecurity?: unknown | null;
  disableResilienceDefaults?: boolean | null;
};

/** One entry of authenticationMethodsPolicy.authenticationMethodConfigurations (id: Sms, Voice, Email, Fido2, …). */
export type AuthenticationMethodConfiguration = { "@odata.type": string; id: string; state: "enabled" | "disabled" } & Record<string, unknown>;

/** GET /policies/authenticationMethodsPolicy */
export type AuthenticationMethodsPolicy = {
  id: string;
  displayName: string;
  description: string;
  lastModifiedDateTime: string;
  policyVersion: string;
  policyMigrationState: "preMigration" | "migrationInProgress" | "migrationComplete" | "unknownFutureValue" | null;
  authenticationMethodConfigurations: AuthenticationMethodConfiguration[];
};

/** GET /reports/authenticationMethods/userRegistrationDetails */
export type UserRegistrationDetails = {
  id: string;
  userPrincipalName: string;
  userDisplayName: string;
  userType: "member" | "guest";
  isAdmin: boolean;
  isMfaCapable: boolean;
  isMfaRegistered: boolean;
  isPasswordlessCapable: boolean;
  isSsprCapable: boolean;
  isSsprEnabled: boolean;
  isSsprRegistered: boolean;
  isSystemPreferredAuthenticationMethodEnabled: boolean;
  lastUpdatedDateTime: string;
  methodsRegistered: string[];
};

/** GET /roleManagement/directory/roleAssignments?$expand=principal */
export type UnifiedRoleAssignment = {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  principal?: { "@odata.type": string; id: string; displayName?: string; userPrincipalName?: string; userType?: string };
};

/** GET /roleManagement/directory/roleEligibilitySchedules?$expand=principal (PIM; needs Entra ID P2) */
export type UnifiedRoleEligibilitySchedule = {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  memberType?: string;
  principal?: UnifiedRoleAssignment["principal"];
};

/** GET /users?$filter=userType eq 'Member'&$select=id,displayName,userPrincipalName,accountEnabled,userType,onPremisesSyncEnabled,onPremisesImmutableId */
export type MemberUser = {
  id: string;
  displayName: string | null;
  userPrincipalName: string;
  accountEnabled: boolean | null;
  userType: "Member" | "Guest" | null;
  onPremisesSyncEnabled: boolean | null;
  onPremisesImmutableId: string | null;
};

/** GET /roleManagement/directory/roleAssignmentSchedules?$expand=principal (PIM; needs Entra ID P2) */
export type UnifiedRoleAssignmentSchedule = {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  assignmentType: "Assigned" | "Activated" | null;
  memberType?: string;
  scheduleInfo: { startDateTime: string | null; expiration: { type: "noExpiration" | "afterDateTime" | "afterDuration" | "notSpecified"; endDateTime: string | null; duration: string | null } | null } | null;
  principal?: UnifiedRoleAssignment["principal"];
};

/** One rule of a PIM policy (unifiedRoleManagementPolicyRule and its derived types), only what the checks read. */
export type UnifiedRoleManagementPolicyRule = {
  "@odata.type": string;
  id: string;
  /** Approval rules. */
  setting?: { isApprovalRequired?: boolean; approvalStages?: { primaryApprovers?: { "@odata.type"?: string; userId?: string; groupId?: string }[] }[] } | null;
  /** Notification rules. */
  notificationRecipients?: string[];
  isDefaultRecipientsEnabled?: boolean;
};

/** GET /policies/roleManagementPolicyAssignments?$filter=…roleDefinitionId eq '…'&$expand=policy($expand=rules) */
export type UnifiedRoleManagementPolicyAssignment = {
  id: string;
  policyId: string;
  roleDefinitionId: string;
  scopeId: string;
  scopeType: string;
  policy?: { id: string; rules?: UnifiedRoleManagementPolicyRule[] } | null;
};

/** GET /identityGovernance/accessReviews/definitions (accessReviewScheduleDefinition) */
export type AccessReviewScheduleDefinition = {
  id: string;
  displayName: string;
  status: string;
  scope: Record<string, unknown> | null;
  instanceEnumerationScope: Record<string, unknown> | null;
  settings: { recurrence: { pattern: { type: string; interval: number } | null; range: { type: string } | null } | null } | null;
};

/** β GET /policies/authenticationMethodsPolicy → systemCredentialPreferences (system-preferred MFA) */
export type SystemCredentialPreferences = {
  state: "default" | "enabled" | "disabled" | "unknownFutureValue";
  includeTargets: { id: string; targetType: string }[];
  excludeTargets: { id: string; targetType: string }[];
};

/** GET /policies/authorizationPolicy (a singleton in v1.0) */
export type AuthorizationPolicy = {
  id: string;
  displayName: string;
  description: string;
  allowInvitesFrom: "none" | "adminsAndGuestInviters" | "adminsGuestInvitersAndAllMembers" | "everyone" | "unknownFutureValue";
  allowedToSignUpEmailBasedSubscriptions: boolean;
  allowedToUseSSPR: boolean;
  allowEmailVerifiedUsersToJoinOrganization: boolean;
  blockMsolPowerShell: boolean;
  guestUserRoleId: string;
  defaultUserRolePermissions: {
    allowedToCreateApps: boolean;
    allowedToCreateSecurityGroups: boolean;
    allowedToCreateTenants: boolean;
    allowedToReadBitlockerKeysForOwnedDevice: boolean;
    allowedToReadOtherUsers: boolean;
    permissionGrantPoliciesAssigned: string[];
  };
};

/** GET /domains */
export type Domain = {
  id: string;
  authenticationType: "Managed" | "Federated";
  isAdminManaged: boolean;
  isDefault: boolean;
  isInitial: boolean;
  isRoot: boolean;
  isVerified: boolean;
  passwordNotificationWindowInDays: number | null;
  passwordValidityPeriodInDays: number | null;
  supportedServices: string[];
};

/** GET /users?$filter=userType eq 'Guest'&$select=… (signInActivity needs Entra ID P1 and AuditLog.Read.All) */
export type GuestUser = {
  id: string;
  displayName: string | null;
  userPrincipalName: string;
  mail: string | null;
  userType: "Guest" | "Member";
  createdDateTime: string | null;
  externalUserState: "PendingAcceptance" | "Accepted" | null;
  externalUserStateChangeDateTime: string | null;
  signInActivity?: {
    lastSignInDateTime: string | null;
    lastNonInteractiveSignInDateTime: string | null;
    lastSuccessfulSignInDateTime: string | null;
  } | null;
};

export type PasswordCredential = { keyId: string; displayName: string | null; hint: string | null; startDateTime: string | null; endDateTime: string | null };
export type KeyCredential = { keyId: string; displayName: string | null; type: string; usage: string; startDateTime: string | null; endDateTime: string | null };

/** GET /applications?$select=id,appId,displayName,passwordCredentials,keyCredentials,web,spa,publicClient */
export type Application = {
  id: string;
  appId: string;
  displayName: string | null;
  passwordCredentials: PasswordCredential[];
  keyCredentials: KeyCredential[];
  web: { redirectUris: string[]; homePageUrl: string | null; logoutUrl: string | null } | null;
  spa: { redirectUris: string[] } | null;
  publicClient: { redirectUris: string[] } | null;
};

/** GET /organization (the tenant's own organization resource). */
export type Organization = {
  id: string;
  displayName: string;
  verifiedDomains: { capabilities: string; isDefault: boolean; isInitial: boolean; name: string; type: string }[];
};
