import type { z } from "zod";
import { CHECKS } from "@/lib/scans/checks/registry";
import type { checkInfoSchema } from "@/lib/scans/schemas";
import type { Check, SourceId } from "@/lib/scans/checks/types";

/**
 * The check catalog as the API and the dashboard present it: metadata only, no evaluation. Framework ids are split
 * into CIS Microsoft 365 Foundations and CISA SCuBA (MS.*) controls.
 */

/** Microsoft Graph application permission each data source needs (DNS needs none beyond reading the domains). */
export const SOURCE_PERMISSIONS: Record<SourceId, string[]> = {
  licences: ["Organization.Read.All"],
  breakGlass: ["GroupMember.Read.All", "User.Read.All"],
  securityDefaults: ["Policy.Read.All"],
  conditionalAccessPolicies: ["Policy.Read.All"],
  authMethodsPolicy: ["Policy.Read.All"],
  systemCredentialPreferences: ["Policy.Read.All"],
  adminRegistrationDetails: ["AuditLog.Read.All"],
  globalAdminAssignments: ["RoleManagement.Read.Directory"],
  globalAdminGroupMembers: ["GroupMember.Read.All"],
  authorizationPolicy: ["Policy.Read.All"],
  memberUsers: ["User.Read.All"],
  memberRegistrationDetails: ["AuditLog.Read.All"],
  privilegedRoles: ["RoleManagement.Read.Directory"],
  roleAssignmentSchedules: ["RoleManagement.Read.Directory"],
  pimPolicies: ["RoleManagementPolicy.Read.Directory"],
  accessReviewDefinitions: ["AccessReview.Read.All"],
  domains: ["Domain.Read.All"],
  privilegedUsers: ["RoleManagement.Read.Directory", "User.Read.All", "AuditLog.Read.All"],
  riskyUsers: ["IdentityRiskyUser.Read.All"],
  namedLocations: ["Policy.Read.All"],
  authenticationStrengthPolicies: ["Policy.Read.All"],
  adminConsentRequestPolicy: ["Policy.Read.All"],
  appManagementPolicy: ["Policy.Read.All"],
  authenticationFlowsPolicy: ["Policy.Read.All"],
  crossTenantAccessDefault: ["Policy.Read.All"],
  sharepointSettings: ["SharePointTenantSettings.Read.All"],
  appsAndServicesSettings: ["OrgSettings-AppsAndServices.Read.All"],
  formsSettings: ["OrgSettings-Forms.Read.All"],
  teamsAppSettings: ["TeamworkAppSettings.Read.All"],
  guestUsers: ["User.Read.All", "AuditLog.Read.All"],
  applications: ["Application.Read.All"],
  emailDns: ["Domain.Read.All"],
  parkedDns: ["Domain.Read.All"],
  organizationSync: ["Organization.Read.All"],
  groupSettings: ["Directory.Read.All"],
  directorySynchronization: ["OnPremDirectorySynchronization.Read.All"],
  unifiedGroups: ["Group.Read.All"],
  dynamicGroups: ["Group.Read.All"],
  domainFederations: ["Domain.Read.All"],
  servicePrincipals: ["Application.Read.All"],
  delegatedGrants: ["Directory.Read.All"],
  graphAppRoleGrants: ["Application.Read.All"],
  tier0AppOwners: ["Application.Read.All"],
  appProxyApplications: ["Application.Read.All"],
};

export type CheckInfo = z.infer<typeof checkInfoSchema>;

export function splitFrameworks(ids: readonly string[]): { cis: string[]; scuba: string[] } {
  return { cis: ids.filter((f) => f.startsWith("CIS")).map((f) => f.replace(/^CIS\s*/, "")), scuba: ids.filter((f) => f.startsWith("MS.")) };
}

export function toCheckInfo(check: Check): CheckInfo {
  const sources = [...check.sources] as SourceId[];
  return {
    id: check.id,
    title: check.title,
    scan_type: check.scanType,
    category: check.category,
    severity: check.severity,
    frameworks: splitFrameworks(check.frameworks),
    data_sources: sources,
    permissions: [...new Set([...sources, ...(check.licence ? (["licences"] as SourceId[]) : [])].flatMap((s) => SOURCE_PERMISSIONS[s]))].sort(),
    licence: check.licence ? `Microsoft Entra ID ${check.licence.toUpperCase()}` : null,
    object_kind: check.objects?.kind ?? null,
    remediation: check.remediation,
  };
}

const byId = new Map(CHECKS.map((c) => [c.id, toCheckInfo(c)]));

export function listCheckInfo(): CheckInfo[] {
  return [...byId.values()];
}

/** Metadata of a check id, or null for a check no longer in the catalog (old scans keep their results). */
export function findCheckInfo(id: string): CheckInfo | null {
  return byId.get(id) ?? null;
}

/** Every Graph permission the catalog needs: what onboarding asks an administrator to grant. */
export function requiredPermissions(): string[] {
  return [...new Set(listCheckInfo().flatMap((c) => c.permissions))].sort();
}
