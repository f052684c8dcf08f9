import type { UnifiedRoleManagementPolicyAssignment, UnifiedRoleManagementPolicyRule } from "@/lib/microsoft/graph-types";
import { capList, defineCheck, GLOBAL_ADMIN_ROLE_ID, includesId, isBreakGlassUser, listForMessage, plural, PRIV_ROLE_IDS, PRIV_ROLE_TEMPLATE_IDS, sameId } from "@/lib/scans/checks/helpers";

/* Privileged Identity Management: no standing access (C21), approval for the top roles (C22–C23), alerts (C24). */

const PRIVILEGED_ROLE_ADMIN_ID = "e8611ab8-c189-46e8-94e1-60213ab1f814";

const roleName = (id: string) => PRIV_ROLE_TEMPLATE_IDS[id.toLowerCase()] ?? id;

export const C21 = defineCheck({
  id: "C21",
  title: "Privileged roles have no permanent active assignments",
  scanType: "compliance",
  category: "Privileged access",
  severity: "high",
  frameworks: ["CIS 5.3.1", "MS.AAD.7.4v1", "MS.AAD.7.5v1", "MT.1031"],
  sources: ["roleAssignmentSchedules", "privilegedRoles", "breakGlass"],
  licence: "p2",
  remediation:
    "In the Entra admin center → Identity governance → Privileged Identity Management → Microsoft Entra roles → Roles, open each listed role → Assignments → Active assignments and convert permanent assignments to Eligible (or give them an end date); re-create assignments made outside PIM through PIM so they have a schedule. Keep only the declared break-glass accounts permanently active.",
  evaluate({ roleAssignmentSchedules, privilegedRoles, breakGlass }) {
    const priv = (roleId: string) => includesId(PRIV_ROLE_IDS, roleId);
    const principalName = (p?: { displayName?: string; userPrincipalName?: string }, id?: string) => p?.userPrincipalName ?? p?.displayName ?? id ?? "";
    const permanent = roleAssignmentSchedules
      .filter((s) => priv(s.roleDefinitionId) && s.assignmentType !== "Activated" && (s.scheduleInfo?.expiration?.type ?? "noExpiration") === "noExpiration")
      .filter((s) => !isBreakGlassUser(breakGlass, s.principalId))
      .map((s) => ({ principalId: s.principalId, name: principalName(s.principal, s.principalId), role: roleName(s.roleDefinitionId), scheduleId: s.id }));
    const scheduled = new Set(roleAssignmentSchedules.map((s) => `${s.principalId.toLowerCase()}|${s.roleDefinitionId.toLowerCase()}`));
    const outsidePim = privilegedRoles.assignments
      .filter((a) => priv(a.roleDefinitionId) && !scheduled.has(`${a.principalId.toLowerCase()}|${a.roleDefinitionId.toLowerCase()}`))
      .filter((a) => !isBreakGlassUser(breakGlass, a.principalId))
      .map((a) => ({ principalId: a.principalId, name: principalName(a.principal, a.principalId), role: roleName(a.roleDefinitionId), assignmentId: a.id }));
    const evidence = {
      permanentCount: permanent.length,
      permanent: capList(permanent),
      outsidePimCount: outsidePim.length,
      outsidePim: capList(outsidePim),
      breakGlassExcepted: breakGlass.configured,
    };
    if (permanent.length === 0 && outsidePim.length === 0) {
      return { status: "pass", message: "Every active privileged role assignment is time-bound and managed by PIM (break-glass accounts excepted).", evidence };
    }
    const parts = [
      permanent.length > 0 ? `${plural(permanent.length, "permanent active assignment")}: ${listForMessage(permanent.map((p) => `${p.name} (${p.role})`), 3)}` : "",
      outsidePim.length > 0 ? `${plural(outsidePim.length, "assignment")} made outside PIM: ${listForMessage(outsidePim.map((p) => `${p.name} (${p.role})`), 3)}` : "",
    ].filter(Boolean);
    return { status: "fail", message: `Privileged roles have standing access — ${parts.join("; ")}.`, evidence };
  },
});

function policyFor(pimPolicies: UnifiedRoleManagementPolicyAssignment[], roleId: string) {
  return pimPolicies.find((p) => sameId(p.roleDefinitionId, roleId)) ?? null;
}

function ruleOf(policy: UnifiedRoleManagementPolicyAssignment | null, ruleId: string): UnifiedRoleManagementPolicyRule | null {
  return policy?.policy?.rules?.find((r) => sameId(r.id, ruleId)) ?? null;
}

/** C22/C23: activation of the role needs approval by at least one named approver. */
function approvalCheck(id: "C22" | "C23", roleId: string, frameworks: string[]) {
  const name = roleName(roleId);
  return defineCheck({
    id,
    title: `${name} activation requires approval`,
    scanType: "compliance",
    category: "Privileged access",
    severity: "high",
    frameworks,
    sources: ["pimPolicies"],
    licence: "p2",
    remediation: `In the Entra admin center → Identity governance → Privileged Identity Management → Microsoft Entra roles → Settings → ${name} → Edit, tick 'Require approval to activate', select at least two approvers (people who do not hold the role themselves only as eligible), and save.`,
    evaluate({ pimPolicies }) {
      const policy = policyFor(pimPolicies, roleId);
      const rule = ruleOf(policy, "Approval_EndUser_Assignment");
      const approvers = (rule?.setting?.approvalStages ?? []).flatMap((s) => s.primaryApprovers ?? []);
      const evidence = {
        roleDefinitionId: roleId,
        policyId: policy?.policyId ?? null,
        isApprovalRequired: rule?.setting?.isApprovalRequired ?? null,
        primaryApprovers: capList(approvers.map((a) => ({ type: a["@odata.type"] ?? null, id: a.userId ?? a.groupId ?? null }))),
        primaryApproverCount: approvers.length,
      };
      if (!policy) return { status: "fail", message: `No PIM policy is assigned to ${name}, so activation is not governed.`, evidence };
      if (rule?.setting?.isApprovalRequired !== true) return { status: "fail", message: `Eligible ${name}s can activate the role without anyone's approval.`, evidence };
      if (approvers.length === 0) return { status: "fail", message: `${name} activation requires approval, but no approver is named.`, evidence };
      return { status: "pass", message: `${name} activation requires approval by ${plural(approvers.length, "named approver")}.`, evidence };
    },
  });
}

export const C22 = approvalCheck("C22", GLOBAL_ADMIN_ROLE_ID, ["CIS 5.3.4", "MS.AAD.7.6v1"]);
export const C23 = approvalCheck("C23", PRIVILEGED_ROLE_ADMIN_ID, ["CIS 5.3.5"]);

const ALERT_RULES = [
  { id: "Notification_Admin_Admin_Assignment", what: "active assignment" },
  { id: "Notification_Admin_Admin_Eligibility", what: "eligible assignment" },
] as const;
const GA_ACTIVATION_RULE = { id: "Notification_Admin_EndUser_Assignment", what: "activation" } as const;

export const C24 = defineCheck({
  id: "C24",
  title: "Alerts are sent on privileged role assignment and activation",
  scanType: "compliance",
  category: "Privileged access",
  severity: "medium",
  frameworks: ["MS.AAD.7.7v1", "MS.AAD.7.8v1", "MS.AAD.7.9v1"],
  sources: ["pimPolicies"],
  licence: "p2",
  remediation:
    "In the Entra admin center → Identity governance → Privileged Identity Management → Microsoft Entra roles → Settings, for each listed role → Edit → Notification, add your security team's mailbox as an additional recipient of 'Send notifications when members are assigned as eligible to this role' and '… assigned as active', and for Global Administrator also of 'Send notifications when eligible members activate this role'.",
  evaluate({ pimPolicies }) {
    const gaps: { roleDefinitionId: string; role: string; missing: string[] }[] = [];
    for (const roleId of PRIV_ROLE_IDS) {
      const policy = policyFor(pimPolicies, roleId);
      const wanted = sameId(roleId, GLOBAL_ADMIN_ROLE_ID) ? [...ALERT_RULES, GA_ACTIVATION_RULE] : ALERT_RULES;
      const missing = policy
        ? wanted.filter((w) => (ruleOf(policy, w.id)?.notificationRecipients ?? []).length === 0).map((w) => w.what)
        : ["a PIM policy"];
      if (missing.length > 0) gaps.push({ roleDefinitionId: roleId, role: roleName(roleId), missing });
    }
    const evidence = { rolesEvaluated: PRIV_ROLE_IDS.length, rolesWithoutAlertsCount: gaps.length, rolesWithoutAlerts: capList(gaps) };
    if (gaps.length === 0) {
      return { status: "pass", message: `All ${PRIV_ROLE_IDS.length} privileged roles alert named recipients on assignment (and Global Administrator on activation).`, evidence };
    }
    return {
      status: "fail",
      message: `${plural(gaps.length, "privileged role")} send no alert to a named recipient: ${listForMessage(gaps.map((g) => `${g.role} (${g.missing.join(", ")})`), 3)}.`,
      evidence,
    };
  },
});
