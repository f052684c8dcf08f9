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
  /**
   * The expanded directory object with its default properties: a user's (userType is not among them, so a guest is
   * told by the #EXT# in its UPN), a service principal's (appId, passwordCredentials and keyCredentials included).
   */
  principal?: {
    "@odata.type": string;
    id: string;
    displayName?: string;
    userPrincipalName?: string;
    userType?: string;
    appId?: string;
    appOwnerOrganizationId?: string | null;
    passwordCredentials?: { keyId: string; displayName: string | null; endDateTime: string | null }[];
    keyCredentials?: { keyId: string; displayName: string | null; endDateTime: string | null }[];
  };
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
  /** In v1.0 as well as beta; null means Entra's default (users cannot consent to apps flagged risky). */
  allowUserConsentForRiskyApps?: boolean | null;
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

/** GET /organization?$select=id,onPremisesSyncEnabled,onPremisesLastSyncDateTime (whether the directory is synced from AD). */
export type OrganizationSync = { id: string; onPremisesSyncEnabled: boolean | null; onPremisesLastSyncDateTime: string | null };

/** GET /groupSettings (tenant-wide directory settings created from a template; values are strings). */
export type GroupSetting = { id: string; displayName: string | null; templateId: string; values: { name: string; value: string | null }[] };

/** GET /directory/onPremisesSynchronization (onPremisesDirectorySynchronization; only the features the checks read). */
export type OnPremisesDirectorySynchronization = {
  id: string;
  features: { passwordSyncEnabled: boolean; passwordWritebackEnabled: boolean } & Record<string, boolean>;
};

/** GET /groups?$filter=groupTypes/any(g:g eq 'Unified')&$select=id,displayName,visibility */
export type UnifiedGroup = { id: string; displayName: string | null; visibility: "Public" | "Private" | "HiddenMembership" | null };

/** GET /groups?$filter=groupTypes/any(g:g eq 'DynamicMembership')&$select=id,displayName,membershipRule,membershipRuleProcessingState */
export type DynamicGroup = { id: string; displayName: string | null; membershipRule: string | null; membershipRuleProcessingState: "On" | "Paused" | null };

/** GET /domains/{id}/federationConfiguration (internalDomainFederation; certificates are base64 DER X.509). */
export type InternalDomainFederation = {
  id: string;
  displayName: string | null;
  issuerUri: string | null;
  signingCertificate: string | null;
  nextSigningCertificate: string | null;
  federatedIdpMfaBehavior: "acceptIfMfaDoneByFederatedIdp" | "enforceMfaByFederatedIdp" | "rejectMfaByFederatedIdp" | "unknownFutureValue" | null;
};

/** GET /admin/sharepoint/settings (SharePointTenantSettings.Read.All; Global and US Government clouds) — the properties the checks read. */
export type SharepointSettings = {
  sharingCapability: "disabled" | "externalUserSharingOnly" | "externalUserAndGuestSharing" | "existingExternalUserSharingOnly" | "unknownFutureValue";
  sharingDomainRestrictionMode: "none" | "allowList" | "blockList" | "unknownFutureValue";
  sharingAllowedDomainList: string[];
  sharingBlockedDomainList: string[];
  isResharingByExternalUsersEnabled: boolean;
  isLegacyAuthProtocolsEnabled: boolean;
  idleSessionSignOut: { isEnabled: boolean; warnAfterInSeconds: number | null; signOutAfterInSeconds: number | null } | null;
  isUnmanagedSyncAppForTenantRestricted: boolean;
  allowedDomainGuidsForSyncApp: string[];
};

/** β GET /admin/appsAndServices (adminAppsAndServices; OrgSettings-AppsAndServices.Read.All; global cloud only). */
export type AdminAppsAndServices = { id: string; settings: { isAppAndServicesTrialEnabled: boolean; isOfficeStoreEnabled: boolean } };

/** β GET /admin/forms (adminForms; OrgSettings-Forms.Read.All; global cloud only) — the setting C51 reads. */
export type AdminForms = { id: string; settings: { isInOrgFormsPhishingScanEnabled: boolean } & Record<string, unknown> };

/** GET /teamwork/teamsAppSettings (TeamworkAppSettings.Read.All). */
export type TeamsAppSettings = {
  id: string;
  allowUserRequestsForAppAccess: boolean | null;
  isChatResourceSpecificConsentEnabled: boolean | null;
  isUserPersonalScopeResourceSpecificConsentEnabled: boolean | null;
};

/** GET /policies/adminConsentRequestPolicy */
export type AdminConsentRequestPolicy = {
  id: string;
  isEnabled: boolean;
  notifyReviewers: boolean;
  remindersEnabled: boolean;
  requestDurationInDays: number;
  reviewers: { query: string; queryType: string; queryRoot: string | null }[];
};

/** GET /policies/authenticationFlowsPolicy */
export type AuthenticationFlowsPolicy = { id: string; selfServiceSignUp: { isEnabled: boolean } | null };

/** One direction of a cross-tenant access setting (crossTenantAccessPolicyB2BSetting). */
export type CrossTenantAccessB2BSetting = {
  usersAndGroups: { accessType: "allowed" | "blocked" | "unknownFutureValue"; targets: { target: string; targetType: string }[] } | null;
  applications: { accessType: "allowed" | "blocked" | "unknownFutureValue"; targets: { target: string; targetType: string }[] } | null;
};

/** GET /policies/crossTenantAccessPolicy/default (crossTenantAccessPolicyConfigurationDefault) — what X14 reads. */
export type CrossTenantAccessPolicyConfigurationDefault = {
  id: string;
  isServiceDefault: boolean;
  b2bCollaborationInbound: CrossTenantAccessB2BSetting | null;
  b2bDirectConnectInbound: CrossTenantAccessB2BSetting | null;
};

/** GET /users/{id}?$select=id,displayName,userPrincipalName,accountEnabled,createdDateTime,signInActivity (signInActivity: P1 + AuditLog.Read.All) */
export type PrivilegedUser = {
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
  accountEnabled: boolean | null;
  createdDateTime: string | null;
  signInActivity: { lastSuccessfulSignInDateTime?: string | null; lastSignInDateTime?: string | null } | null;
};

/** GET /identityProtection/riskyUsers (IdentityRiskyUser.Read.All; Entra ID P2) */
export type RiskyUser = {
  id: string;
  userPrincipalName: string | null;
  userDisplayName: string | null;
  riskLevel: "low" | "medium" | "high" | "hidden" | "none" | "unknownFutureValue";
  riskState: "none" | "confirmedSafe" | "remediated" | "dismissed" | "atRisk" | "confirmedCompromised" | "unknownFutureValue";
  riskDetail: string;
  riskLastUpdatedDateTime: string | null;
  isDeleted: boolean;
  isProcessing: boolean;
};

/** GET /identity/conditionalAccess/namedLocations: IP ranges (ipNamedLocation) or countries (countryNamedLocation). */
export type NamedLocation =
  | {
      "@odata.type": "#microsoft.graph.ipNamedLocation";
      id: string;
      displayName: string;
      createdDateTime: string | null;
      modifiedDateTime: string | null;
      isTrusted: boolean;
      ipRanges: { "@odata.type": "#microsoft.graph.iPv4CidrRange" | "#microsoft.graph.iPv6CidrRange"; cidrAddress: string }[];
    }
  | {
      "@odata.type": "#microsoft.graph.countryNamedLocation";
      id: string;
      displayName: string;
      createdDateTime: string | null;
      modifiedDateTime: string | null;
      countriesAndRegions: string[];
      includeUnknownCountriesAndRegions: boolean;
      countryLookupMethod: string;
    };
/** verifiedPublisher of an application or service principal (all null when the publisher is not verified). */
export type VerifiedPublisher = { displayName: string | null; verifiedPublisherId: string | null; addedDateTime: string | null };

/** GET /servicePrincipals?$select=id,appId,displayName,appOwnerOrganizationId,verifiedPublisher,passwordCredentials,preferredSingleSignOnMode,tags */
export type ServicePrincipal = {
  id: string;
  appId: string;
  displayName: string | null;
  appOwnerOrganizationId: string | null;
  verifiedPublisher: VerifiedPublisher | null;
  passwordCredentials: PasswordCredential[];
  preferredSingleSignOnMode: string | null;
  tags: string[];
};

/** GET /oauth2PermissionGrants: delegated permissions granted to a client (scope is space-separated). */
export type OAuth2PermissionGrant = {
  id: string;
  clientId: string;
  consentType: "AllPrincipals" | "Principal";
  principalId: string | null;
  resourceId: string;
  scope: string | null;
};

/** An app role a resource service principal defines (application permissions are app roles). */
export type AppRole = { id: string; value: string | null; displayName: string | null; allowedMemberTypes: string[]; isEnabled: boolean };

/** GET /servicePrincipals/{id}/appRoleAssignedTo: who holds which of the resource's app roles. */
export type AppRoleAssignment = {
  id: string;
  appRoleId: string;
  principalId: string;
  principalDisplayName: string | null;
  principalType: string;
  resourceId: string;
  resourceDisplayName: string | null;
  createdDateTime: string | null;
};

/** An owner of an application or service principal: a directoryObject (user or service principal). */
export type DirectoryObjectOwner = { "@odata.type": string; id: string; displayName: string | null; userPrincipalName?: string | null };

/** β GET /applications/{id}?$select=onPremisesPublishing: App Proxy publishing (null when the app is not published). */
export type OnPremisesPublishing = { externalAuthenticationType: string | null; externalUrl: string | null; internalUrl: string | null };

/** One restriction of an app management policy (passwordCredentialConfiguration / keyCredentialConfiguration). */
export type CredentialRestriction = {
  restrictionType: string;
  state?: "enabled" | "disabled" | null;
  /** ISO 8601 duration, for the lifetime restrictions. */
  maxLifetime: string | null;
  restrictForAppsCreatedAfterDateTime: string | null;
};
export type AppManagementRestrictions = { passwordCredentials: CredentialRestriction[] | null; keyCredentials: CredentialRestriction[] | null };

/** GET /policies/defaultAppManagementPolicy (tenantAppManagementPolicy) */
export type TenantAppManagementPolicy = {
  id: string;
  isEnabled: boolean;
  applicationRestrictions: AppManagementRestrictions | null;
  servicePrincipalRestrictions: AppManagementRestrictions | null;
};

/** GET /policies/authenticationStrengthPolicies (built-in and custom strengths; the combinations each allows). */
export type AuthenticationStrengthPolicy = { id: string; displayName: string; policyType: "builtIn" | "custom" | "unknownFutureValue"; allowedCombinations: string[] };
