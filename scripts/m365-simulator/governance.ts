import type { RoleScheduleResource } from "./model";
import { daysFrom, stableGuid } from "./random";

/**
 * Privileged Identity Management and access reviews in Graph v1.0 shapes: role management policies (with their
 * rules) and their assignments to directory roles, active role assignment schedules, and access review
 * definitions. All need Entra ID P2 (or Governance).
 */

export type RoleManagementPolicyRule = { "@odata.type": string; id: string; target: Record<string, unknown> } & Record<string, unknown>;

export type RoleManagementPolicyResource = {
  id: string;
  displayName: string;
  description: string;
  isOrganizationDefault: boolean;
  scopeId: string;
  scopeType: "Directory" | "DirectoryRole";
  lastModifiedDateTime: string | null;
  lastModifiedBy: { displayName: string | null; id: string | null } | null;
  rules: RoleManagementPolicyRule[];
};

export type RoleManagementPolicyAssignmentResource = { id: string; policyId: string; scopeId: string; scopeType: "Directory" | "DirectoryRole"; roleDefinitionId: string };

export type RoleAssignmentScheduleResource = RoleScheduleResource & { assignmentType: "Assigned" | "Activated" };

export type AccessReviewQuery = { "@odata.type"?: string; query: string; queryType: "MicrosoftGraph"; queryRoot: string | null };

export type AccessReviewScheduleDefinitionResource = {
  id: string;
  displayName: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  status: "NotStarted" | "InProgress" | "Completed" | "Applying" | "Applied" | "Initializing";
  descriptionForAdmins: string;
  descriptionForReviewers: string;
  createdBy: { id: string; displayName: string; userPrincipalName: string };
  scope: Record<string, unknown>;
  instanceEnumerationScope: AccessReviewQuery | null;
  reviewers: AccessReviewQuery[];
  fallbackReviewers: AccessReviewQuery[];
  settings: {
    mailNotificationsEnabled: boolean;
    reminderNotificationsEnabled: boolean;
    justificationRequiredOnApproval: boolean;
    defaultDecisionEnabled: boolean;
    defaultDecision: string;
    instanceDurationInDays: number;
    autoApplyDecisionsEnabled: boolean;
    recommendationsEnabled: boolean;
    recurrence: {
      pattern: { type: string; interval: number; month: number; dayOfMonth: number; daysOfWeek: string[]; firstDayOfWeek: string; index: string };
      range: { type: string; numberOfOccurrences: number; recurrenceTimeZone: string | null; startDate: string; endDate: string };
    } | null;
    applyActions: { "@odata.type": string }[];
  };
};

const ADMIN_TARGET = (caller: "Admin" | "EndUser", level: "Assignment" | "Eligibility") => ({
  "@odata.type": "microsoft.graph.unifiedRoleManagementPolicyRuleTarget",
  caller,
  operations: ["All"],
  level,
  inheritableSettings: [],
  enforcedSettings: [],
});

function notificationRule(id: string, caller: "Admin" | "EndUser", level: "Assignment" | "Eligibility", recipients: string[]): RoleManagementPolicyRule {
  return {
    "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyNotificationRule",
    id,
    notificationType: "Email",
    recipientType: "Admin",
    notificationLevel: "All",
    isDefaultRecipientsEnabled: true,
    notificationRecipients: recipients,
    target: ADMIN_TARGET(caller, level),
  };
}

/**
 * The PIM policy of one directory role. `approvers` are user object ids that approve activations (none: activation
 * needs no approval); `alertRecipients` get the admin notifications on assignment and activation.
 */
export function roleManagementPolicy(
  fixture: string,
  roleDefinitionId: string,
  now: number,
  options: { approvers: string[]; alertRecipients: string[] },
): { policy: RoleManagementPolicyResource; assignment: RoleManagementPolicyAssignmentResource } {
  const policyId = `Directory_${stableGuid(`${fixture}/tenant`)}_${stableGuid(`${fixture}/pim-policy/${roleDefinitionId}`)}`;
  const approval = options.approvers.length > 0;
  const rules: RoleManagementPolicyRule[] = [
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
      id: "Expiration_EndUser_Assignment",
      isExpirationRequired: true,
      maximumDuration: "PT8H",
      target: ADMIN_TARGET("EndUser", "Assignment"),
    },
    {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
      id: "Approval_EndUser_Assignment",
      setting: {
        isApprovalRequired: approval,
        isApprovalRequiredForExtension: false,
        isRequestorJustificationRequired: true,
        approvalMode: "SingleStage",
        approvalStages: [
          {
            approvalStageTimeOutInDays: 1,
            isApproverJustificationRequired: true,
            escalationTimeInMinutes: 0,
            isEscalationEnabled: false,
            primaryApprovers: options.approvers.map((userId) => ({ "@odata.type": "#microsoft.graph.singleUser", userId, description: null })),
            escalationApprovers: [],
          },
        ],
      },
      target: ADMIN_TARGET("EndUser", "Assignment"),
    },
    notificationRule("Notification_Admin_Admin_Assignment", "Admin", "Assignment", options.alertRecipients),
    notificationRule("Notification_Admin_Admin_Eligibility", "Admin", "Eligibility", options.alertRecipients),
    notificationRule("Notification_Admin_EndUser_Assignment", "EndUser", "Assignment", options.alertRecipients),
  ];
  return {
    policy: {
      id: policyId,
      displayName: "DirectoryRole",
      description: "DirectoryRole",
      isOrganizationDefault: false,
      scopeId: "/",
      scopeType: "DirectoryRole",
      lastModifiedDateTime: daysFrom(now, -30),
      lastModifiedBy: { displayName: null, id: null },
      rules,
    },
    assignment: { id: `${policyId}_${roleDefinitionId}`, policyId, scopeId: "/", scopeType: "DirectoryRole", roleDefinitionId },
  };
}

/** An active role assignment schedule: permanent ("noExpiration") or time-bound. */
export function roleAssignmentSchedule(
  fixture: string,
  principalId: string,
  roleDefinitionId: string,
  now: number,
  expiresInDays: number | null,
): RoleAssignmentScheduleResource {
  return {
    id: stableGuid(`${fixture}/assignment-schedule/${principalId}/${roleDefinitionId}`),
    principalId,
    roleDefinitionId,
    directoryScopeId: "/",
    appScopeId: null,
    createdUsing: stableGuid(`${fixture}/assignment-request/${principalId}/${roleDefinitionId}`),
    createdDateTime: daysFrom(now, -120),
    modifiedDateTime: null,
    status: "Provisioned",
    memberType: "Direct",
    assignmentType: "Assigned",
    scheduleInfo: {
      startDateTime: daysFrom(now, -120),
      recurrence: null,
      expiration:
        expiresInDays === null
          ? { type: "noExpiration", endDateTime: null, duration: null }
          : { type: "afterDateTime", endDateTime: daysFrom(now, expiresInDays), duration: null },
    },
  };
}

/** A recurring (quarterly) access review definition over `scope`, reviewed by `reviewerId`. */
export function accessReviewDefinition(
  fixture: string,
  key: string,
  now: number,
  options: { displayName: string; scope: Record<string, unknown>; instanceEnumerationScope?: AccessReviewQuery | null; reviewerId: string; creator: { id: string; displayName: string; userPrincipalName: string }; recurring: boolean },
): AccessReviewScheduleDefinitionResource {
  return {
    id: stableGuid(`${fixture}/access-review/${key}`),
    displayName: options.displayName,
    createdDateTime: daysFrom(now, -200),
    lastModifiedDateTime: daysFrom(now, -20),
    status: "InProgress",
    descriptionForAdmins: options.displayName,
    descriptionForReviewers: "Confirm each person still needs this access.",
    createdBy: options.creator,
    scope: options.scope,
    instanceEnumerationScope: options.instanceEnumerationScope ?? null,
    reviewers: [{ query: `/users/${options.reviewerId}`, queryType: "MicrosoftGraph", queryRoot: null }],
    fallbackReviewers: [],
    settings: {
      mailNotificationsEnabled: true,
      reminderNotificationsEnabled: true,
      justificationRequiredOnApproval: true,
      defaultDecisionEnabled: false,
      defaultDecision: "None",
      instanceDurationInDays: 14,
      autoApplyDecisionsEnabled: true,
      recommendationsEnabled: true,
      recurrence: options.recurring
        ? {
            pattern: { type: "absoluteMonthly", interval: 3, month: 0, dayOfMonth: 1, daysOfWeek: [], firstDayOfWeek: "sunday", index: "first" },
            range: { type: "noEnd", numberOfOccurrences: 0, recurrenceTimeZone: null, startDate: daysFrom(now, -200).slice(0, 10), endDate: "9999-12-31" },
          }
        : null,
      applyActions: [{ "@odata.type": "#microsoft.graph.removeAccessApplyAction" }],
    },
  };
}
