import type {
  Application,
  AuthenticationMethodsPolicy,
  AuthorizationPolicy,
  ConditionalAccessPolicy,
  Domain,
  DynamicGroup,
  GroupSetting,
  GuestUser,
  IdentitySecurityDefaultsEnforcementPolicy,
  AccessReviewScheduleDefinition,
  InternalDomainFederation,
  AdminAppsAndServices,
  AdminConsentRequestPolicy,
  AuthenticationFlowsPolicy,
  AuthenticationStrengthPolicy,
  CrossTenantAccessPolicyConfigurationDefault,
  AdminForms,
  MemberUser,
  NamedLocation,
  PrivilegedUser,
  RiskyUser,
  TeamsAppSettings,
  TenantAppManagementPolicy,
  SharepointSettings,
  OnPremisesDirectorySynchronization,
  OrganizationSync,
  SystemCredentialPreferences,
  UnifiedRoleAssignment,
  UnifiedRoleAssignmentSchedule,
  UnifiedRoleEligibilitySchedule,
  UnifiedRoleManagementPolicyAssignment,
  UnifiedGroup,
  UserRegistrationDetails,
  AppRoleAssignment,
  DirectoryObjectOwner,
  OnPremisesPublishing,
  OAuth2PermissionGrant,
  ServicePrincipal,
} from "@/lib/microsoft/graph-types";

/**
 * The check framework's contract. A check declares the data sources it reads; the pipeline fetches each
 * source once per scan, shares it between checks, and calls the check's pure `evaluate`.
 */

export type ScanType = "compliance" | "exposure";
export type Severity = "critical" | "high" | "medium" | "low" | "info";

/**
 * Why a source (and so a check) could not be evaluated. These skip a check; they never fail it or the scan.
 * The codes are part of the API (`skip_reason` of a result).
 */
export type SkipReason = "missing_permission" | "not_licensed" | "not_available_in_cloud";

/** A check may skip itself when the setting it judges does not exist in this tenant (e.g. no federated domains). */
export const NOT_APPLICABLE = "not_applicable";

/** A failing result an admin accepted (a risk exception) is reported as skip with this reason. */
export const ACCEPTED_RISK = "accepted_risk";

/** Every skip reason a result can carry. */
export type ResultSkipReason = SkipReason | typeof NOT_APPLICABLE | typeof ACCEPTED_RISK;

export const SKIP_MESSAGES: Record<SkipReason, string> = {
  missing_permission: "missing permission",
  not_licensed: "not licensed",
  not_available_in_cloud: "not available in this cloud",
};

/** Entra licences that gate features, from /subscribedSkus service plans with provisioningStatus Success. */
export type Licences = { p1: boolean; p2: boolean; intune: boolean; skuPartNumbers: string[] };

/** DNS records of one email domain (exposure checks X01–X07). `error` is set when a lookup timed out or failed. */
export type SpfLookups = {
  /** DNS-querying terms (include, a, mx, ptr, exists, redirect), counted until past the limit. */
  lookups: number;
  /** Of those, the ones answered with no records (NXDOMAIN or NODATA). */
  voidLookups: number;
  /** "a.com → b.com → a.com" when an include or redirect leads back into a record being evaluated. */
  loop: string | null;
  /** "domain: term" for each counted lookup, in evaluation order (the first 30; termsCut says how many more). */
  terms: string[];
  termsCut: number;
  /** A lookup on the way timed out or failed (SERVFAIL): the count is unknown. */
  error: string | null;
};

export type DomainDnsRecords = {
  domain: string;
  /** Registrable domain whose _dmarc record applies (Public Suffix List). */
  orgDomain: string;
  /** TXT records of the domain that start with v=spf1 (case-insensitive). */
  spf: string[];
  /** The DNS lookups evaluating the SPF record costs (nested includes and redirects); null unless exactly one SPF record. */
  spfLookups: SpfLookups | null;
  /**
   * TXT records that start with v=DMARC1 at _dmarc.<domain>, or, when the domain has none of its own, at
   * _dmarc.<orgDomain> (RFC 7489 §6.6.3).
   */
  dmarc: string[];
  /** Where `dmarc` was found: the domain itself or its orgDomain (inherited); null when neither publishes one. */
  dmarcDomain: string | null;
  /** For selector1 and selector2: the TXT record reached (directly or through CNAME), or null. */
  dkim: { selector: string; record: string | null }[];
  /** MTA-STS and TLS-RPT (X08); null where they were not looked up (the parked domains). */
  mtaSts: MtaStsRecords | null;
  error: string | null;
};

/**
 * What a sending server sees of a domain's MTA-STS (RFC 8461) and TLS-RPT (RFC 8460). Raw facts: X08 parses and
 * judges them. `error` is a lookup that failed (DNS timeout or SERVFAIL, or the policy fetch timed out): unknown, not missing.
 */
export type MtaStsRecords = {
  /** MX hosts, lowercased, without the trailing dot. */
  mx: string[];
  /** TXT records at _mta-sts.<domain> that start with v=STSv1. */
  sts: string[];
  /** GET https://mta-sts.<domain>/.well-known/mta-sts.txt; null when not attempted (no MX, or not exactly one STS record). */
  policy: MtaStsPolicyFetch | null;
  /** TXT records at _smtp._tls.<domain> that start with v=TLSRPTv1. */
  tlsRpt: string[];
  error: string | null;
};

/** The policy body, or why a sender would get none (certificate, redirect, status, media type, size, no address). */
export type MtaStsPolicyFetch = { url: string; ok: true; body: string } | { url: string; ok: false; problem: string };

/**
 * The tenant's declared break-glass (emergency access) accounts and groups — a per-tenant setting
 * (`GET|PUT /tenants/{id}/break-glass`), with each declared group expanded transitively to its member users.
 * `configured` is false when nothing is declared.
 */
export type BreakGlass = {
  configured: boolean;
  userIds: string[];
  groupIds: string[];
  /** Users in the declared groups, nested groups included. */
  memberUserIds: string[];
  /** The same per declared group (group id → user ids), to tell which excluded group covers whom. */
  membersByGroup: Record<string, string[]>;
  /** Declared groups Graph no longer knows (deleted): they protect nobody. */
  missingGroupIds: string[];
  /** Declared users Graph no longer knows (deleted): the emergency access they stood for is gone. */
  missingUserIds: string[];
  /** Names of the accounts (declared users and group members) by lowercased object id, for evidence. */
  names: Record<string, { displayName: string | null; userPrincipalName: string | null }>;
};

/** Every data source the checks may declare, with the data it yields. */
export type SourceData = {
  breakGlass: BreakGlass;
  licences: Licences;
  securityDefaults: IdentitySecurityDefaultsEnforcementPolicy;
  conditionalAccessPolicies: ConditionalAccessPolicy[];
  authMethodsPolicy: AuthenticationMethodsPolicy;
  /** β: the methods policy's system-preferred MFA setting (null when Graph does not report it). */
  systemCredentialPreferences: SystemCredentialPreferences | null;
  /** userRegistrationDetails filtered to isAdmin eq true (needs Entra ID P1). */
  adminRegistrationDetails: UserRegistrationDetails[];
  /** Active Global Administrator role assignments with the principal expanded. */
  globalAdminAssignments: UnifiedRoleAssignment[];
  /** The user members (nested groups included) of each group holding an active Global Administrator assignment. */
  globalAdminGroupMembers: Record<string, { id: string; userPrincipalName: string | null; displayName: string | null }[]>;
  authorizationPolicy: AuthorizationPolicy;
  /** Member users with their account state and on-premises sync markers. */
  memberUsers: MemberUser[];
  /** userRegistrationDetails of member users, the properties C17 reads (needs Entra ID P1). */
  memberRegistrationDetails: Pick<UserRegistrationDetails, "id" | "userPrincipalName" | "isMfaCapable" | "methodsRegistered">[];
  /**
   * Every directory role assignment (principal expanded) and, where PIM can be read (Entra ID P2), every eligibility;
   * `eligibilityRead` says which.
   */
  privilegedRoles: { assignments: UnifiedRoleAssignment[]; eligibilities: UnifiedRoleEligibilitySchedule[]; eligibilityRead: boolean };
  /** Active PIM assignment schedules with the principal expanded (Entra ID P2). */
  roleAssignmentSchedules: UnifiedRoleAssignmentSchedule[];
  /** The PIM policy (rules included) assigned to each privileged role, one entry per role that has one (Entra ID P2). */
  pimPolicies: UnifiedRoleManagementPolicyAssignment[];
  /** Access review definitions (Entra ID P2 or Governance). */
  accessReviewDefinitions: AccessReviewScheduleDefinition[];
  domains: Domain[];
  /** Guest users; `signInActivity` is present only when the tenant has P1 (otherwise `withSignInActivity` is false). */
  guestUsers: { users: GuestUser[]; withSignInActivity: boolean };
  applications: Application[];
  /** The users holding a privileged role (active or eligible): account state, creation and sign-in activity (P1). */
  privilegedUsers: PrivilegedUser[];
  /** Authentication strengths, to resolve a policy's combinations when Graph does not return them inline. */
  authenticationStrengthPolicies: AuthenticationStrengthPolicy[];
  /** Conditional Access named locations (IP ranges and countries). */
  namedLocations: NamedLocation[];
  /** Users Identity Protection rates high risk and still at risk (Entra ID P2). */
  riskyUsers: RiskyUser[];
  /** The tenant-wide app management policy: credential restrictions for apps and service principals. */
  appManagementPolicy: TenantAppManagementPolicy;
  adminConsentRequestPolicy: AdminConsentRequestPolicy;
  authenticationFlowsPolicy: AuthenticationFlowsPolicy;
  /** The default inbound/outbound cross-tenant access settings (partners' own settings are not read). */
  crossTenantAccessDefault: CrossTenantAccessPolicyConfigurationDefault;
  /** β Microsoft 365 apps and services settings (Office Store, trials); global cloud only. */
  appsAndServicesSettings: AdminAppsAndServices["settings"];
  /** β Microsoft Forms settings; global cloud only. */
  formsSettings: AdminForms["settings"];
  /** Teams app settings (resource-specific consent); not served in GCC High and DoD. */
  teamsAppSettings: TeamsAppSettings;
  /** SharePoint and OneDrive tenant settings (not served in every national cloud). */
  sharepointSettings: SharepointSettings;
  /** Every service principal, with its owner organization, publisher verification, secrets and tags. */
  servicePrincipals: ServicePrincipal[];
  /**
   * Microsoft Graph's application permissions held by service principals: Graph's app roles (id → value) and its
   * appRoleAssignedTo, with the tenant's own id (to tell the tenant's apps from third-party ones).
   */
  graphAppRoleGrants: { tenantId: string; scannerAppId?: string | null; appRoles: Record<string, string>; assignments: AppRoleAssignment[] };
  /**
   * Owners (GET /servicePrincipals/{id}/owners) of the service principals holding a tier-0 Graph app role, by service
   * principal id; at most TIER0_OWNER_READ_LIMIT principals are read and `notRead` counts the rest.
   */
  tier0AppOwners: { ownersBySpId: Record<string, DirectoryObjectOwner[]>; notRead: number };
  /**
   * β: App Proxy settings of the applications whose service principal is tagged WindowsAzureActiveDirectoryOnPremApp
   * (at most APP_PROXY_READ_LIMIT read; `notRead` counts the rest).
   */
  appProxyApplications: { apps: { id: string; appId: string; displayName: string | null; onPremisesPublishing: OnPremisesPublishing | null }[]; notRead: number };
  /** Delegated permission grants (oauth2PermissionGrants), admin-consented and per user. */
  delegatedGrants: OAuth2PermissionGrant[];
  /** DNS of the verified email domains (not *.onmicrosoft.com). */
  emailDns: DomainDnsRecords[];
  /** DNS of the verified custom domains that do not offer the Email service (parked or web-only domains). */
  parkedDns: DomainDnsRecords[];
  /** Whether the directory is synchronised from on-premises AD (/organization). */
  organizationSync: OrganizationSync;
  /** Tenant-wide directory settings (/groupSettings), e.g. the "Password Rule Settings" object when one was created. */
  groupSettings: GroupSetting[];
  /** Entra Connect sync features (/directory/onPremisesSynchronization); null when Graph returns no object. */
  directorySynchronization: OnPremisesDirectorySynchronization | null;
  /** Microsoft 365 (Unified) groups with their visibility. */
  unifiedGroups: UnifiedGroup[];
  /** Groups with dynamic membership and their rules. */
  dynamicGroups: DynamicGroup[];
  /** Each verified Federated domain with its federation configuration (null when Graph returned none). */
  domainFederations: { domain: string; federation: InternalDomainFederation | null }[];
};

export type SourceId = keyof SourceData;

/**
 * A source the tenant cannot give us skips its checks (`reason`); one that failed to be read (a 5xx or timeout after
 * retries, a DNS SERVFAIL) makes its checks `error` — neither a fail nor a pass, and out of the score.
 */
export type SourceResult<K extends SourceId> =
  | { ok: true; data: SourceData[K] }
  | { ok: false; reason: SkipReason; detail: string }
  | { ok: false; reason: "error"; detail: string };

export type CheckStatus = "pass" | "fail" | "skip" | "error";

export type CheckOutcome = {
  status: CheckStatus;
  /** One sentence for the admin: what was found. */
  message: string;
  /** Machine-readable facts behind the outcome (size-capped when stored). */
  evidence?: unknown;
  /** Set when the check skips itself (status skip); the only reason a check gives itself is not_applicable. */
  skipReason?: typeof NOT_APPLICABLE;
};

export type CheckContext = { now: Date };

/**
 * For checks that judge a list of objects: which kind, and how to leave excepted ones (lowercased ids; a user may be
 * named by object id or UPN) out of the data before evaluating, so an exception can cover one domain, app or user.
 */
export type CheckObjects = {
  kind: "domain" | "application" | "user" | "group";
  /** Receives the check's declared sources (present, by construction) and returns them without the excepted objects. */
  exclude(data: Partial<SourceData>, ids: ReadonlySet<string>): Partial<SourceData>;
};

export type Check<S extends SourceId = SourceId> = {
  /** Stable id from the catalog, e.g. "C01", "X05". Never reused. */
  id: string;
  title: string;
  scanType: ScanType;
  category: string;
  severity: Severity;
  /** Framework control ids, e.g. ["CIS 5.2.2.2", "MS.AAD.3.2v2"]. */
  frameworks: string[];
  /** Sources the check needs; if one is unavailable the check is skipped with that source's reason. */
  sources: readonly S[];
  /** Licence the feature needs; without it the check is skipped as "not licensed" before evaluate runs. */
  licence?: "p1" | "p2";
  /** Also needs Microsoft Intune (INTUNE_A): device compliance only exists with it; skipped as "not licensed" otherwise. */
  requiresIntune?: boolean;
  remediation: string;
  /** Set when the check judges a list of objects that an exception may cover one by one. */
  objects?: CheckObjects;
  /** Pure: same data in, same outcome out. Receives only the data of its declared sources. */
  evaluate(data: { [K in S]: SourceData[K] }, context: CheckContext): CheckOutcome;
};
