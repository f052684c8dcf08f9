/**
 * The Microsoft Graph application permissions that let an app-only token read each simulated route, as the
 * endpoint's "Permissions" table on learn.microsoft.com lists them: least privileged first, then the
 * higher-privileged read permissions Graph also accepts (ReadWrite permissions are left out: the scanner's app is
 * read-only). A token holding none of a route's permissions gets Graph's 403 Authorization_RequestDenied.
 *
 * Keyed by the ROUTES path template in graph.ts; permissions.test.ts fails, naming the route, when one is missing.
 * A route added without an entry is served unchecked rather than refused, so a missing entry never breaks a scan.
 */

const USERS = ["User.Read.All", "Directory.Read.All"]; // user-list, user-get
const GROUPS = ["GroupMember.Read.All", "Group.Read.All", "Directory.Read.All"]; // group-list, group-get
const GROUP_MEMBERS = ["GroupMember.Read.All", "Group.Read.All", "Directory.Read.All"]; // group-list-transitivemembers
const APPLICATIONS = ["Application.Read.All", "Directory.Read.All"]; // application-list, serviceprincipal-list
const ORGANIZATION = ["Organization.Read.All", "Directory.Read.All"]; // organization-list, organization-get
const DOMAINS = ["Domain.Read.All", "Directory.Read.All"]; // domain-list, domain-get
const POLICY = ["Policy.Read.All"]; // identitysecuritydefaultsenforcementpolicy-get, authorizationpolicy-get
const CONDITIONAL_ACCESS = ["Policy.Read.All"]; // conditionalaccessroot-list-policies, conditionalaccesspolicy-get
// authenticationmethodspolicy-get, authenticationmethodconfiguration-get
const AUTH_METHODS = ["Policy.Read.AuthenticationMethod", "Policy.Read.All"];
const REGISTRATION_DETAILS = ["AuditLog.Read.All"]; // authenticationmethodsroot-list-userregistrationdetails: no higher
const ROLE_ASSIGNMENTS = ["RoleManagement.Read.Directory", "RoleManagement.Read.All", "Directory.Read.All"]; // rbacapplication-list-roleassignments
// rbacapplication-list-roleeligibilityschedules, …-roleeligibilityscheduleinstances: Directory.Read.All is not accepted
const ROLE_ELIGIBILITY = ["RoleEligibilitySchedule.Read.Directory", "RoleManagement.Read.Directory", "RoleManagement.Read.All"];
const ROLE_ASSIGNMENT_SCHEDULES = ["RoleAssignmentSchedule.Read.Directory", "RoleManagement.Read.Directory", "RoleManagement.Read.All"]; // rbacapplication-list-roleassignmentschedules
// policyroot-list-rolemanagementpolicyassignments (PIM for Microsoft Entra roles)
const ROLE_POLICIES = ["RoleManagementPolicy.Read.Directory", "RoleManagement.Read.Directory", "RoleManagement.Read.All"];
const ACCESS_REVIEWS = ["AccessReview.Read.All"]; // accessreviewset-list-definitions
const LICENCES = ["LicenseAssignment.Read.All", "Organization.Read.All", "Directory.Read.All"]; // subscribedsku-list
// oauth2permissiongrant-list: DelegatedPermissionGrant.Read.All is the least-privileged read, Directory.Read.All higher.
const DELEGATED_GRANTS = ["DelegatedPermissionGrant.Read.All", "Directory.Read.All"];
const GROUP_SETTINGS = ["GroupSettings.Read.All", "Directory.Read.All"]; // group-list-settings, groupsetting-get
// onpremisesdirectorysynchronization-get. Its page says "Application: Not supported", yet the permission exists as
// an app role and posture tools read the endpoint app-only with it; the simulator follows the latter (C41 skips as
// missing_permission wherever Graph refuses).
const DIRECTORY_SYNC = ["OnPremDirectorySynchronization.Read.All"];
const FEDERATION = ["Domain.Read.All"]; // domain-list-federationconfiguration: no higher read permission
const SHAREPOINT = ["SharePointTenantSettings.Read.All"]; // sharepointsettings-get
const RISKY_USERS = ["IdentityRiskyUser.Read.All"]; // riskyuser-list, riskyuser-get
const APPS_AND_SERVICES = ["OrgSettings-AppsAndServices.Read.All"]; // adminappsandservices-get (β)
const FORMS = ["OrgSettings-Forms.Read.All"]; // adminforms-get (β)
const TEAMS_APP_SETTINGS = ["TeamworkAppSettings.Read.All"]; // teamsappsettings-get

export const ROUTE_PERMISSIONS: Record<string, readonly string[]> = {
  "/subscribedSkus": LICENCES,
  "/organization": ORGANIZATION,
  "/organization/{id}": ORGANIZATION,
  "/policies/identitySecurityDefaultsEnforcementPolicy": POLICY,
  "/identity/conditionalAccess/policies": CONDITIONAL_ACCESS,
  "/identity/conditionalAccess/policies/{id}": CONDITIONAL_ACCESS,
  "/identity/conditionalAccess/namedLocations": CONDITIONAL_ACCESS, // conditionalaccessroot-list-namedlocations
  "/policies/authenticationStrengthPolicies": POLICY, // authenticationstrengthroot-list-policies
  "/policies/authenticationStrengthPolicies/{id}": POLICY,
  "/identity/conditionalAccess/namedLocations/{id}": CONDITIONAL_ACCESS,
  "/policies/authenticationMethodsPolicy": AUTH_METHODS,
  "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations": AUTH_METHODS,
  "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}": AUTH_METHODS,
  "/policies/authorizationPolicy": POLICY,
  "/reports/authenticationMethods/userRegistrationDetails": REGISTRATION_DETAILS,
  "/reports/authenticationMethods/userRegistrationDetails/{id}": REGISTRATION_DETAILS,
  "/roleManagement/directory/roleAssignments": ROLE_ASSIGNMENTS,
  "/roleManagement/directory/roleEligibilitySchedules": ROLE_ELIGIBILITY,
  "/roleManagement/directory/roleEligibilityScheduleInstances": ROLE_ELIGIBILITY,
  "/roleManagement/directory/roleAssignmentSchedules": ROLE_ASSIGNMENT_SCHEDULES,
  "/policies/roleManagementPolicyAssignments": ROLE_POLICIES,
  "/identityGovernance/accessReviews/definitions": ACCESS_REVIEWS,
  "/identityGovernance/accessReviews/definitions/{id}": ACCESS_REVIEWS,
  "/domains": DOMAINS,
  "/domains/{id}": DOMAINS,
  "/users": USERS,
  "/users/{id}": USERS,
  "/applications": APPLICATIONS,
  "/applications/{id}": APPLICATIONS,
  "/servicePrincipals": APPLICATIONS,
  "/servicePrincipals/{id}": APPLICATIONS,
  "/groups": GROUPS,
  "/groups/{id}": GROUPS,
  "/groups/{id}/transitiveMembers": GROUP_MEMBERS,
  "/servicePrincipals/{id}/appRoleAssignedTo": APPLICATIONS, // serviceprincipal-list-approleassignedto
  "/servicePrincipals/{id}/owners": APPLICATIONS, // serviceprincipal-list-owners
  "/oauth2PermissionGrants": DELEGATED_GRANTS,
  "/oauth2PermissionGrants/{id}": DELEGATED_GRANTS,
  "/groupSettings": GROUP_SETTINGS,
  "/groupSettings/{id}": GROUP_SETTINGS,
  "/directory/onPremisesSynchronization": DIRECTORY_SYNC,
  "/directory/onPremisesSynchronization/{id}": DIRECTORY_SYNC,
  "/domains/{id}/federationConfiguration": FEDERATION,
  "/identityProtection/riskyUsers": RISKY_USERS,
  "/identityProtection/riskyUsers/{id}": RISKY_USERS,
  "/policies/adminConsentRequestPolicy": POLICY, // adminconsentrequestpolicy-get
  "/policies/defaultAppManagementPolicy": POLICY, // tenantappmanagementpolicy-get
  "/policies/authenticationFlowsPolicy": POLICY, // authenticationflowspolicy-get
  "/policies/crossTenantAccessPolicy/default": POLICY, // crosstenantaccesspolicyconfigurationdefault-get
  "/admin/sharepoint/settings": SHAREPOINT,
  "/admin/appsAndServices": APPS_AND_SERVICES,
  "/admin/forms": FORMS,
  "/teamwork/teamsAppSettings": TEAMS_APP_SETTINGS,
};

/**
 * Properties Graph guards with a permission of their own on top of the route's (user-list: "to read signInActivity,
 * the app needs AuditLog.Read.All in addition to User.Read.All").
 */
export const PROPERTY_PERMISSIONS: Record<string, { property: string; permissions: readonly string[] }[]> = {
  "/users": [{ property: "signInActivity", permissions: ["AuditLog.Read.All"] }],
  "/users/{id}": [{ property: "signInActivity", permissions: ["AuditLog.Read.All"] }],
};

/** Whether a token with these roles may read the route (unmapped routes are allowed; the unit test names them). */
export function mayRead(template: string, roles: readonly string[]): boolean {
  const needed = ROUTE_PERMISSIONS[template];
  return !needed || needed.some((p) => roles.includes(p));
}
