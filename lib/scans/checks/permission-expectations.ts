/**
 * Which checks skip with missing_permission when one Graph application permission is taken away from an app that
 * otherwise holds every permission the scanner requests (scripts/m365-simulator/catalog.ts GRANTED_APP_ROLES), on
 * the well-configured fixture. Written by hand from the endpoints' Graph permission tables, not derived from the
 * simulator's map, so a wrong map or a wrong SOURCE_PERMISSIONS makes the tests fail:
 * scripts/m365-simulator/permissions.test.ts (in-process, fast) and tests/http/permissions.test.ts (over HTTP).
 *
 * One row per permission that GET /checks/permissions lists; a row is the check ids that must skip. An empty row is
 * a claim too: Graph also accepts a still-granted higher permission (mostly Directory.Read.All) for every endpoint
 * behind it, so nothing may skip. When adding a check, add its id to the row of each permission whose loss makes it
 * skip; when adding a permission, add a row (the tests fail naming rows that are missing).
 */
export const PERMISSION_SKIPS: Readonly<Record<string, readonly string[]>> = {
  // Conditional Access, security defaults, authorization and authentication-methods policies: no other granted
  // permission reads them (Policy.Read.AuthenticationMethod would, but the scanner does not request it).
  "Policy.Read.All": ["C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10", "C11", "C12", "C13", "C14", "C15", "C27", "C28", "C29", "C30", "C31", "C32", "C33", "C34", "C35", "C36", "C37", "X13", "X14", "X27"],
  // userRegistrationDetails accepts AuditLog.Read.All only; users' signInActivity needs it on top of User.Read.All.
  "AuditLog.Read.All": ["C16", "C17", "C18", "X10", "X25"],
  // roleAssignments also accepts Directory.Read.All (C19 still runs); roleEligibilitySchedules and
  // roleAssignmentSchedules do not (C20, C21, X11, X21 read them).
  "RoleManagement.Read.Directory": ["C20", "C21", "X11", "X21", "X25", "X26"],
  // roleManagementPolicyAssignments also accepts RoleManagement.Read.Directory.
  "RoleManagementPolicy.Read.Directory": [],
  "AccessReview.Read.All": ["C25", "C26"],
  // Directory.Read.All reads /applications too.
  "Application.Read.All": [],
  // Directory.Read.All reads /domains too (the DNS checks X01–X09 still get their domains), but not a domain's
  // federationConfiguration (X28).
  "Domain.Read.All": ["X28"],
  // The group settings (password rules) accept GroupSettings.Read.All, which the scanner does not request, or this.
  // … and the delegated permission grants (X19) take DelegatedPermissionGrant.Read.All, not requested, or this.
  "Directory.Read.All": ["C39", "C40", "X19"],
  "OnPremDirectorySynchronization.Read.All": ["C41"],
  "IdentityRiskyUser.Read.All": ["X26"],
  // Directory.Read.All lists groups too (C42, C43 still run).
  "Group.Read.All": [],
  "SharePointTenantSettings.Read.All": ["C44", "C45", "C46", "C47", "C48", "C49", "X12"],
  "OrgSettings-AppsAndServices.Read.All": ["C50"],
  "OrgSettings-Forms.Read.All": ["C51"],
  "TeamworkAppSettings.Read.All": ["C52"],
  // Group.Read.All and Directory.Read.All read transitiveMembers too (break-glass groups).
  "GroupMember.Read.All": [],
  // Directory.Read.All reads /subscribedSkus too (licence gates).
  "Organization.Read.All": [],
  // Directory.Read.All reads /users too.
  "User.Read.All": [],
};

/** The fixture the permission tests take permissions away from: every check concludes there (pass, fail or not applicable). */
export const PERMISSION_FIXTURE = "well-configured" as const;

/** One check's result as both permission tests see it (engine result or GET /scans/{id}/results row). */
export type PermissionOutcome = { status: string; skipReason: string | null; message: string };

/**
 * What is wrong with a scan run without `permission`, against the full-permission baseline of the same scan type:
 * checks that skipped with missing_permission but are not in the row, checks in the row that did not, skip messages
 * that do not name the permission to grant, and any other check whose outcome changed. Empty when all is as expected.
 */
export function permissionMismatches(permission: string, baseline: ReadonlyMap<string, PermissionOutcome>, got: ReadonlyMap<string, PermissionOutcome>): string[] {
  const row = PERMISSION_SKIPS[permission];
  if (!row) return [`${permission}: no row in PERMISSION_SKIPS (lib/scans/checks/permission-expectations.ts)`];
  const expected = new Set(row.filter((id) => baseline.has(id)));
  const skipped = [...got].filter(([, r]) => r.status === "skip" && r.skipReason === "missing_permission").map(([id]) => id);
  const out: string[] = [];
  const unexpected = skipped.filter((id) => !expected.has(id));
  const missing = [...expected].filter((id) => !skipped.includes(id));
  if (unexpected.length > 0) out.push(`${permission}: also skipped with missing_permission, add to its row: ${unexpected.join(", ")}`);
  if (missing.length > 0) out.push(`${permission}: did not skip with missing_permission, remove from its row or fix the map: ${missing.join(", ")}`);
  for (const id of skipped) {
    const message = got.get(id)!.message;
    if (!new RegExp(`grant [^;]*\\b${permission.replace(/\./g, "\\.")}\\b`).test(message)) out.push(`${permission}: ${id}'s skip message does not name it to grant: ${message}`);
  }
  for (const [id, before] of baseline) {
    if (expected.has(id) || skipped.includes(id)) continue;
    const after = got.get(id);
    if (!after) out.push(`${permission}: ${id} has no result`);
    else if (after.status !== before.status || after.skipReason !== before.skipReason) {
      out.push(`${permission}: ${id} changed from ${before.status}${before.skipReason ? `:${before.skipReason}` : ""} to ${after.status}${after.skipReason ? `:${after.skipReason}` : ""} — ${after.message}`);
    }
  }
  return out;
}
