import { capList, DAY_MS, defineCheck, includesId, isBreakGlassUser, listForMessage, parseDate, plural, PRIV_ROLE_IDS, PRIV_ROLE_TEMPLATE_IDS } from "@/lib/scans/checks/helpers";
import type { CheckObjects, SourceData } from "@/lib/scans/checks/types";

/* The privileged accounts themselves: stale or disabled ones still holding roles (X25), high-risk ones (X26). */

const STALE_SIGN_IN_DAYS = 90;
const NEVER_SIGNED_IN_GRACE_DAYS = 30;

/** Privileged role names per user id (lowercased), active or eligible. */
function privilegedRolesByUser(roles: SourceData["privilegedRoles"]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const a of [...roles.assignments, ...roles.eligibilities]) {
    if (!includesId(PRIV_ROLE_IDS, a.roleDefinitionId)) continue;
    const key = a.principalId.toLowerCase();
    const set = out.get(key) ?? new Set<string>();
    set.add(PRIV_ROLE_TEMPLATE_IDS[a.roleDefinitionId.toLowerCase()] ?? a.roleDefinitionId);
    out.set(key, set);
  }
  return out;
}

const has = (ids: ReadonlySet<string>, ...keys: (string | null | undefined)[]) => keys.some((k) => k && ids.has(k.toLowerCase()));

/** An exception may cover one privileged account (object id or UPN), e.g. a service account signed in elsewhere. */
const PRIVILEGED_USER_OBJECTS: CheckObjects = {
  kind: "user",
  exclude: (data, ids) => ({ ...data, privilegedUsers: data.privilegedUsers!.filter((u) => !has(ids, u.id, u.userPrincipalName)) }),
};

export const X25 = defineCheck({
  id: "X25",
  title: "No stale or disabled account holds a privileged role",
  scanType: "exposure",
  category: "Privileged access",
  severity: "high",
  frameworks: ["MT.1029"],
  sources: ["privilegedRoles", "privilegedUsers", "breakGlass"],
  licence: "p1",
  objects: PRIVILEGED_USER_OBJECTS,
  remediation:
    "In the Entra admin center → Identity → Roles & admins (or PIM → Microsoft Entra roles → Assignments), remove the privileged roles of each listed account; for a disabled account, remove its roles before anything else (re-enabling it restores them). Review privileged access regularly with an access review of the roles. Declared break-glass accounts are exempt: they are meant to sit unused.",
  evaluate({ privilegedRoles, privilegedUsers, breakGlass }, { now }) {
    const rolesOf = privilegedRolesByUser(privilegedRoles);
    const findings: { id: string; userPrincipalName: string | null; displayName: string | null; roles: string[]; reason: string; lastSuccessfulSignInDateTime: string | null }[] = [];
    for (const u of privilegedUsers) {
      if (isBreakGlassUser(breakGlass, u.id)) continue;
      const roles = [...(rolesOf.get(u.id.toLowerCase()) ?? [])].sort();
      if (roles.length === 0) continue;
      const last = u.signInActivity?.lastSuccessfulSignInDateTime ?? null;
      const lastAt = parseDate(last);
      const createdAt = parseDate(u.createdDateTime);
      let reason: string | null = null;
      if (u.accountEnabled === false) reason = "disabled, still assigned";
      else if (lastAt !== null && now.getTime() - lastAt > STALE_SIGN_IN_DAYS * DAY_MS) reason = `no sign-in for ${Math.floor((now.getTime() - lastAt) / DAY_MS)} days`;
      else if (lastAt === null && createdAt !== null && now.getTime() - createdAt > NEVER_SIGNED_IN_GRACE_DAYS * DAY_MS) reason = "never signed in";
      if (reason) findings.push({ id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName, roles, reason, lastSuccessfulSignInDateTime: last });
    }
    const evidence = {
      privilegedAccountsChecked: privilegedUsers.length,
      eligibleAssignmentsRead: privilegedRoles.eligibilityRead,
      staleCount: findings.length,
      stale: capList(findings),
    };
    if (findings.length === 0) {
      return { status: "pass", message: `All ${plural(privilegedUsers.length, "privileged account")} signed in within ${STALE_SIGN_IN_DAYS} days and are enabled (break-glass accounts exempt).`, evidence };
    }
    const named = findings.map((f) => `${f.userPrincipalName ?? f.id} (${f.reason})`);
    return {
      status: "fail",
      message: `${plural(findings.length, "privileged account")} ${findings.length === 1 ? "is" : "are"} stale or disabled but still ${findings.length === 1 ? "holds" : "hold"} roles: ${listForMessage(named, 3)}. Unused admin accounts are takeover targets nobody notices.`,
      evidence,
    };
  },
});

export const X26 = defineCheck({
  id: "X26",
  title: "No high-risk user is left unremediated",
  scanType: "exposure",
  category: "Privileged access",
  severity: "high",
  frameworks: ["MS.AAD.2.1v1 intent"],
  sources: ["riskyUsers", "privilegedRoles"],
  licence: "p2",
  remediation:
    "In the Entra admin center → Protection → Identity Protection → Risky users, filter on risk level High and state At risk; for each account investigate its risky sign-ins, then reset the password and revoke sessions (or confirm it compromised / dismiss it once investigated). Add a Conditional Access policy that requires a secure password change for high user risk so Identity Protection remediates by itself.",
  evaluate({ riskyUsers, privilegedRoles }) {
    const rolesOf = privilegedRolesByUser(privilegedRoles);
    const atRisk = riskyUsers.filter((u) => u.riskLevel === "high" && u.riskState === "atRisk" && !u.isDeleted);
    const rows = atRisk.map((u) => ({
      id: u.id,
      userPrincipalName: u.userPrincipalName,
      displayName: u.userDisplayName,
      riskDetail: u.riskDetail,
      riskLastUpdatedDateTime: u.riskLastUpdatedDateTime,
      privilegedRoles: [...(rolesOf.get(u.id.toLowerCase()) ?? [])].sort(),
    }));
    const privileged = rows.filter((r) => r.privilegedRoles.length > 0);
    const evidence = { highRiskCount: rows.length, privilegedCount: privileged.length, users: capList(rows) };
    if (rows.length === 0) return { status: "pass", message: "Identity Protection reports no high-risk user still at risk.", evidence };
    const named = rows.map((r) => `${r.userPrincipalName ?? r.id}${r.privilegedRoles.length ? ` (${r.privilegedRoles.join(", ")})` : ""}`);
    const critical = privileged.length > 0 ? ` ${plural(privileged.length, "of them holds", "of them hold")} a privileged role: treat as critical.` : "";
    return { status: "fail", message: `${plural(rows.length, "high-risk user")} ${rows.length === 1 ? "is" : "are"} still at risk: ${listForMessage(named, 3)}.${critical}`, evidence };
  },
});
