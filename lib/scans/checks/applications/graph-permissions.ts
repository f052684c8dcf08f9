/* Whose apps are first-party (Microsoft's own), for the service-principal exposure checks. */

/** appOwnerOrganizationId of Microsoft's own apps (the Microsoft Services and Microsoft corporate tenants). */
export const MICROSOFT_TENANT_IDS: readonly string[] = ["f8cdef31-a31e-4b4a-93e4-5f571e91255a", "72f988bf-86f1-41af-91ab-2d7cd011db47"];

/** Whether an app belongs to Microsoft (first-party). */
export function isMicrosoftOwned(appOwnerOrganizationId: string | null | undefined): boolean {
  return !!appOwnerOrganizationId && MICROSOFT_TENANT_IDS.includes(appOwnerOrganizationId.toLowerCase());
}

/** Neither Microsoft's nor the tenant's own: an app another organization publishes. */
export function isThirdParty(appOwnerOrganizationId: string | null | undefined, tenantId: string): boolean {
  return !isMicrosoftOwned(appOwnerOrganizationId) && (appOwnerOrganizationId ?? "").toLowerCase() !== tenantId.toLowerCase();
}

/**
 * Graph application permissions that let an app take over the tenant (grant itself roles or permissions, reset
 * credentials, rewrite policy or group membership): Maester's MT.1050/MT.1051 list.
 */
export const TIER0_GRAPH_PERMISSIONS: readonly string[] = [
  "RoleManagement.ReadWrite.Directory",
  "RoleAssignmentSchedule.ReadWrite.Directory",
  "AppRoleAssignment.ReadWrite.All",
  "Application.ReadWrite.All",
  "Application.ReadWrite.OwnedBy",
  "Directory.ReadWrite.All",
  "UserAuthenticationMethod.ReadWrite.All",
  "Policy.ReadWrite.AuthenticationMethod",
  "Policy.ReadWrite.PermissionGrant",
  "PrivilegedAccess.ReadWrite.AzureADGroup",
  "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup",
  "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup",
  "Group.ReadWrite.All",
  "GroupMember.ReadWrite.All",
  "User.EnableDisableAccount.All",
  "User.DeleteRestore.All",
];

const TIER0 = new Set(TIER0_GRAPH_PERMISSIONS.map((p) => p.toLowerCase()));

export function isTier0Permission(value: string): boolean {
  return TIER0.has(value.toLowerCase());
}
