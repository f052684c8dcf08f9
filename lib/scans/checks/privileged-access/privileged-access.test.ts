import { describe, expect, it } from "vitest";
import type { AccessReviewScheduleDefinition, UnifiedRoleAssignmentSchedule, UnifiedRoleManagementPolicyAssignment } from "@/lib/microsoft/graph-types";
import { PRIV_ROLE_IDS } from "@/lib/scans/checks/helpers";
import { C25, C26 } from "@/lib/scans/checks/privileged-access/access-reviews";
import { C20 } from "@/lib/scans/checks/privileged-access/cloud-only";
import { C21, C22, C23, C24 } from "@/lib/scans/checks/privileged-access/pim";
import { C19 } from "@/lib/scans/checks/privileged-access/global-admins";
import { X25, X26 } from "@/lib/scans/checks/privileged-access/accounts";
import { X11, X21 } from "@/lib/scans/checks/privileged-access/role-holders";
import { breakGlass, CONTEXT, daysAgo, daysFromNow, gaAssignment, gaUsers, memberUser, NO_BREAK_GLASS } from "@/lib/scans/checks/test-fixtures";

describe("C19 2–4 Global Admins", () => {
  const evaluate = (assignments: ReturnType<typeof gaUsers>, globalAdminGroupMembers: Record<string, { id: string; userPrincipalName: string | null; displayName: string | null }[]> = {}) =>
    C19.evaluate({ globalAdminAssignments: assignments, globalAdminGroupMembers }, CONTEXT);

  it.each([[2], [3], [4]])("passes with exactly %i user GAs", (n) => {
    expect(evaluate(gaUsers(n)).status).toBe("pass");
  });

  it.each([[0], [1], [5]])("fails with %i user GAs", (n) => {
    expect(evaluate(gaUsers(n)).status).toBe("fail");
  });

  it("says so when nobody holds the role", () => {
    expect(evaluate([]).message).toBe("No user holds Global Administrator; assign at least 2.");
  });

  it("fails with 5 and says to reduce", () => {
    const out = evaluate(gaUsers(5));
    expect(out.message).toMatch(/^5 users hold Global Administrator; reduce to at most 4/);
    expect(out.evidence).toMatchObject({ userCount: 5 });
  });

  it("counts a user with two assignments once", () => {
    const out = evaluate([...gaUsers(2), gaAssignment("user", "user-1", "admin1")]);
    expect(out.status).toBe("pass");
    expect(out.evidence).toMatchObject({ userCount: 2 });
  });

  it("reports service principals without counting them; an empty group adds nobody", () => {
    const out = evaluate([...gaUsers(1), gaAssignment("servicePrincipal", "sp-1", "Automation"), gaAssignment("group", "grp-1", "GA group")]);
    expect(out.status).toBe("fail");
    expect(out.message).toBe(
      "Only 1 user holds Global Administrator, members of 1 role-assignable group included (not counted: 1 service principal), leaving no fallback if that account is lost; assign at least 2.",
    );
    expect(out.evidence).toMatchObject({
      userCount: 1,
      servicePrincipals: [{ id: "sp-1", displayName: "Automation" }],
      groups: [{ id: "grp-1", displayName: "GA group", memberCount: 0 }],
    });
  });

  it("counts the users of a group holding the role, each person once", () => {
    const member = (id: string) => ({ id, userPrincipalName: `${id}@contoso.com`, displayName: id });
    const members = { "grp-1": [member("user-1"), member("m-2"), member("m-3"), member("m-4")] };
    const out = evaluate([...gaUsers(2), gaAssignment("group", "grp-1", "Tier 0")], members);
    expect(out.status).toBe("fail");
    expect(out.message).toMatch(/^5 users hold Global Administrator, members of 1 role-assignable group included; reduce/);
    expect(out.evidence).toMatchObject({ userCount: 5, groups: [{ id: "grp-1", memberCount: 4 }] });
  });

  it("keeps a 4-user tenant passing when service principals are added", () => {
    const out = evaluate([...gaUsers(4), gaAssignment("servicePrincipal", "sp-1"), gaAssignment("servicePrincipal", "sp-2")]);
    expect(out.status).toBe("pass");
  });
});

describe("C20 Privileged accounts are cloud-only", () => {
  const PRA = "e8611ab8-c189-46e8-94e1-60213ab1f814";
  const roles = (assignments: ReturnType<typeof gaUsers>, eligibilities: ReturnType<typeof gaUsers> = [], eligibilityRead = true) => ({ assignments, eligibilities, eligibilityRead });
  const evaluate = (r: ReturnType<typeof roles>, users: ReturnType<typeof memberUser>[]) => C20.evaluate({ privilegedRoles: r, memberUsers: users }, CONTEXT);

  it("passes when every privileged holder is cloud-only", () => {
    const out = evaluate(roles(gaUsers(2)), [memberUser("admin1@contoso.com", { id: "user-1" }), memberUser("admin2@contoso.com", { id: "user-2" })]);
    expect(out.status).toBe("pass");
    expect(out.evidence).toMatchObject({ privilegedUserCount: 2, syncedCount: 0 });
  });

  it("fails naming a synced Global Administrator and the role", () => {
    const out = evaluate(roles(gaUsers(2)), [memberUser("admin1@contoso.com", { id: "user-1", onPremisesSyncEnabled: true }), memberUser("admin2@contoso.com", { id: "user-2" })]);
    expect(out.status).toBe("fail");
    expect(out.message).toBe("1 privileged account is synchronised from on-premises: admin1@contoso.com (Global Administrator).");
  });

  it("also fails on an eligible (PIM) assignment held by an account with an immutable id", () => {
    const eligible = { ...gaAssignment("user", "user-9", "eligible9"), roleDefinitionId: PRA };
    const out = evaluate(roles([], [eligible]), [memberUser("eligible9@contoso.com", { id: "user-9", onPremisesImmutableId: "abc==" })]);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({ synced: [{ id: "user-9", roles: ["Privileged Role Administrator"], assignment: ["eligible"] }] });
  });

  it("ignores synced holders of roles outside the privileged set and service principals", () => {
    const other = { ...gaAssignment("user", "user-3", "helpdesk"), roleDefinitionId: "729827e3-9c14-49f7-bb1b-9608f156bbb8" };
    const out = evaluate(roles([other, gaAssignment("servicePrincipal", "sp-1")]), [memberUser("helpdesk@contoso.com", { id: "user-3", onPremisesSyncEnabled: true })]);
    expect(out.status).toBe("pass");
  });

  it("says when eligible assignments could not be read", () => {
    expect(evaluate(roles(gaUsers(1), [], false), []).message).toContain("eligible assignments need Entra ID P2");
  });
});

const GA = "62e90394-69f5-4237-9190-012177145e10";
const PRA = "e8611ab8-c189-46e8-94e1-60213ab1f814";

function schedule(principalId: string, roleDefinitionId: string, expiration: "noExpiration" | "afterDateTime", patch: Partial<UnifiedRoleAssignmentSchedule> = {}): UnifiedRoleAssignmentSchedule {
  return {
    id: `sched-${principalId}-${roleDefinitionId}`,
    principalId,
    roleDefinitionId,
    directoryScopeId: "/",
    assignmentType: "Assigned",
    scheduleInfo: { startDateTime: daysAgo(10), expiration: { type: expiration, endDateTime: expiration === "noExpiration" ? null : daysFromNow(90), duration: null } },
    principal: { "@odata.type": "#microsoft.graph.user", id: principalId, userPrincipalName: `${principalId}@contoso.com` },
    ...patch,
  };
}

describe("C21 No permanent active assignment for PRIV roles", () => {
  const evaluate = (schedules: UnifiedRoleAssignmentSchedule[], assignments = gaUsers(2), bg = NO_BREAK_GLASS) =>
    C21.evaluate({ roleAssignmentSchedules: schedules, privilegedRoles: { assignments, eligibilities: [], eligibilityRead: true }, breakGlass: bg }, CONTEXT);

  it("is gated on Entra ID P2", () => expect(C21.licence).toBe("p2"));

  it("passes when each active assignment is time-bound and has a PIM schedule", () => {
    expect(evaluate([schedule("user-1", GA, "afterDateTime"), schedule("user-2", GA, "afterDateTime")]).status).toBe("pass");
  });

  it("fails on a permanent active Global Administrator, naming the account", () => {
    const out = evaluate([schedule("user-1", GA, "noExpiration"), schedule("user-2", GA, "afterDateTime")]);
    expect(out.status).toBe("fail");
    expect(out.message).toContain("1 permanent active assignment: user-1@contoso.com (Global Administrator)");
  });

  it("excepts the declared break-glass account", () => {
    expect(evaluate([schedule("user-1", GA, "noExpiration"), schedule("user-2", GA, "afterDateTime")], gaUsers(2), breakGlass({ userIds: ["user-1"] })).status).toBe("pass");
  });

  it("fails on an assignment made outside PIM (no schedule)", () => {
    const out = evaluate([schedule("user-1", GA, "afterDateTime")]);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({ outsidePimCount: 1, outsidePim: [{ principalId: "user-2", role: "Global Administrator" }] });
  });

  it("ignores permanent assignments of roles outside the privileged set", () => {
    expect(evaluate([schedule("user-1", GA, "afterDateTime"), schedule("user-2", GA, "afterDateTime"), schedule("user-3", "729827e3-9c14-49f7-bb1b-9608f156bbb8", "noExpiration")]).status).toBe("pass");
  });
});

function pimPolicy(roleDefinitionId: string, options: { approval?: boolean; approvers?: string[]; recipients?: string[] } = {}): UnifiedRoleManagementPolicyAssignment {
  const notify = (id: string) => ({ "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyNotificationRule", id, notificationRecipients: options.recipients ?? ["soc@contoso.com"] });
  return {
    id: `assign-${roleDefinitionId}`,
    policyId: `policy-${roleDefinitionId}`,
    roleDefinitionId,
    scopeId: "/",
    scopeType: "DirectoryRole",
    policy: {
      id: `policy-${roleDefinitionId}`,
      rules: [
        {
          "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
          id: "Approval_EndUser_Assignment",
          setting: { isApprovalRequired: options.approval ?? true, approvalStages: [{ primaryApprovers: (options.approvers ?? ["approver-1"]).map((userId) => ({ "@odata.type": "#microsoft.graph.singleUser", userId })) }] },
        },
        notify("Notification_Admin_Admin_Assignment"),
        notify("Notification_Admin_Admin_Eligibility"),
        notify("Notification_Admin_EndUser_Assignment"),
      ],
    },
  };
}

describe("C22 / C23 activation needs approval", () => {
  it.each([[C22, GA], [C23, PRA]] as const)("%s passes with approval and a named approver", (check, role) => {
    expect(check.evaluate({ pimPolicies: [pimPolicy(role)] }, CONTEXT).status).toBe("pass");
  });

  it("C22 fails when approval is off, or on with nobody to approve", () => {
    expect(C22.evaluate({ pimPolicies: [pimPolicy(GA, { approval: false })] }, CONTEXT).message).toBe("Eligible Global Administrators can activate the role without anyone's approval.");
    expect(C22.evaluate({ pimPolicies: [pimPolicy(GA, { approvers: [] })] }, CONTEXT).message).toBe("Global Administrator activation requires approval, but no approver is named.");
  });

  it("C23 judges only the Privileged Role Administrator policy and fails without one", () => {
    const out = C23.evaluate({ pimPolicies: [pimPolicy(GA)] }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toContain("No PIM policy is assigned to Privileged Role Administrator");
  });
});

describe("C24 alerts on privileged assignment and activation", () => {
  const all = () => PRIV_ROLE_IDS.map((r) => pimPolicy(r));

  it("passes when every privileged role notifies a named recipient", () => {
    expect(C24.evaluate({ pimPolicies: all() }, CONTEXT).status).toBe("pass");
  });

  it("fails naming the roles that notify nobody, and a role without a policy", () => {
    const policies = all().filter((p) => p.roleDefinitionId !== PRA).map((p) => (p.roleDefinitionId === GA ? pimPolicy(GA, { recipients: [] }) : p));
    const out = C24.evaluate({ pimPolicies: policies }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({
      rolesWithoutAlertsCount: 2,
      rolesWithoutAlerts: [
        { role: "Global Administrator", missing: ["active assignment", "eligible assignment", "activation"] },
        { role: "Privileged Role Administrator", missing: ["a PIM policy"] },
      ],
    });
  });
});

function review(patch: Partial<AccessReviewScheduleDefinition> & { query?: string; enumeration?: string; recurring?: boolean } = {}): AccessReviewScheduleDefinition {
  return {
    id: patch.id ?? "review-1",
    displayName: patch.displayName ?? "Quarterly review",
    status: patch.status ?? "InProgress",
    scope: { "@odata.type": "#microsoft.graph.accessReviewQueryScope", query: patch.query ?? "/roleManagement/directory/roleAssignmentScheduleInstances?$expand=principal", queryType: "MicrosoftGraph" },
    instanceEnumerationScope: patch.enumeration ? { query: patch.enumeration, queryType: "MicrosoftGraph" } : null,
    settings: { recurrence: patch.recurring === false ? null : { pattern: { type: "absoluteMonthly", interval: 3 }, range: { type: "noEnd" } } },
  };
}

describe("C25 access reviews of privileged roles", () => {
  it("passes with a recurring review of all role assignments", () => {
    expect(C25.evaluate({ accessReviewDefinitions: [review()] }, CONTEXT).status).toBe("pass");
  });

  it("fails when reviews name only some roles, listing the rest", () => {
    const out = C25.evaluate({ accessReviewDefinitions: [review({ query: `/roleManagement/directory/roleAssignmentScheduleInstances?$filter=roleDefinitionId eq '${GA}'` })] }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toContain("Privileged Role Administrator");
    expect(out.message).not.toContain("Global Administrator,");
  });

  it("does not count one-off or completed reviews, nor reviews of groups", () => {
    expect(C25.evaluate({ accessReviewDefinitions: [review({ recurring: false }), review({ status: "Completed" }), review({ query: "/groups/x/transitiveMembers" })] }, CONTEXT).status).toBe("fail");
  });
});

describe("C26 access reviews of guests", () => {
  it("passes with a recurring review whose scope filters guests", () => {
    const out = C26.evaluate({ accessReviewDefinitions: [review({ query: "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')", enumeration: "/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))" })] }, CONTEXT);
    expect(out.status).toBe("pass");
  });

  it("fails without a guest review, or with only a one-off one", () => {
    expect(C26.evaluate({ accessReviewDefinitions: [review()] }, CONTEXT).status).toBe("fail");
    const out = C26.evaluate({ accessReviewDefinitions: [review({ displayName: "Guest cleanup", query: "/users?$filter=(userType eq 'Guest')", recurring: false })] }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toContain('"Guest cleanup" is one-off or completed');
  });
});

describe("X11 Guests hold directory roles / X21 Service principals in privileged roles", () => {
  const USER_ADMIN = "fe930be7-5e62-47db-91af-98c3a49a38b1";
  const DIRECTORY_READERS = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
  const withRole = (a: ReturnType<typeof gaAssignment>, roleDefinitionId: string) => ({ ...a, roleDefinitionId });
  const roles = (assignments: ReturnType<typeof gaAssignment>[], eligibilities: ReturnType<typeof gaAssignment>[] = [], eligibilityRead = true) => ({ assignments, eligibilities, eligibilityRead });
  const guest = (name: string) => {
    const a = gaAssignment("user", `guest-${name}`, name);
    // As $expand=principal really returns a guest: default properties only (no userType), the #EXT# UPN.
    a.principal = { "@odata.type": "#microsoft.graph.user", id: a.principalId, displayName: name, userPrincipalName: `${name}_partner.com#EXT#@contoso.onmicrosoft.com` };
    return a;
  };
  const app = (name: string, secret: boolean) => {
    const a = gaAssignment("servicePrincipal", `sp-${name}`, name);
    a.principal = {
      ...a.principal!,
      appId: `app-${name}`,
      passwordCredentials: secret ? [{ keyId: `key-${name}`, displayName: "ci", endDateTime: "2030-01-01T00:00:00Z" }] : [],
      keyCredentials: [],
    };
    return a;
  };

  it("X11 passes when only members hold roles", () => {
    const out = X11.evaluate({ privilegedRoles: roles(gaUsers(3)) }, CONTEXT);
    expect(out).toMatchObject({ status: "pass", evidence: { guestRoleHolderCount: 0 } });
  });

  it("X11 fails for a guest holding any role, active or eligible, and names it with its roles", () => {
    const out = X11.evaluate({ privilegedRoles: roles([...gaUsers(2), withRole(guest("kim"), DIRECTORY_READERS)], [withRole(guest("kim"), USER_ADMIN)]) }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toContain("kim_partner.com#EXT#@contoso.onmicrosoft.com");
    expect(out.evidence).toMatchObject({
      guestRoleHolderCount: 1,
      guests: [{ id: "guest-kim", roles: ["User Administrator", `role ${DIRECTORY_READERS}`], assignment: ["active", "eligible"] }],
    });
  });

  it("X11 recognises a guest by userType when the principal carries it", () => {
    const a = gaAssignment("user", "g2", "pat");
    a.principal = { ...a.principal!, userType: "Guest" };
    expect(X11.evaluate({ privilegedRoles: roles([a]) }, CONTEXT).status).toBe("fail");
  });

  it("X21 passes when no service principal holds a privileged role (a non-privileged one is fine)", () => {
    const out = X21.evaluate({ privilegedRoles: roles([...gaUsers(2), withRole(app("reader", true), DIRECTORY_READERS)]) }, CONTEXT);
    expect(out).toMatchObject({ status: "pass", evidence: { servicePrincipalCount: 0 } });
  });

  it("X21 fails for an application in a privileged role and calls a client secret on it critical", () => {
    const out = X21.evaluate({ privilegedRoles: roles([app("deploy", false), withRole(app("sync", true), USER_ADMIN)]) }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toMatch(/2 applications hold highly privileged directory roles: deploy \(Global Administrator\) and sync \(User Administrator\)\. 1 of them signs in with a client secret/);
    expect(out.evidence).toMatchObject({ servicePrincipalCount: 2, withClientSecretCount: 1 });
  });

  it("X21 says when eligible assignments could not be read", () => {
    expect(X21.evaluate({ privilegedRoles: roles([], [], false) }, CONTEXT).message).toContain("need Entra ID P2");
  });
});

describe("X25 Stale privileged accounts / X26 High-risk users not remediated", () => {
  const USER_ADMIN = "fe930be7-5e62-47db-91af-98c3a49a38b1";
  const roles = (ids: string[]) => ({ assignments: ids.map((id) => gaAssignment("user", id)), eligibilities: [], eligibilityRead: true });
  const user = (id: string, patch: { accountEnabled?: boolean; createdDaysAgo?: number; lastSignInDaysAgo?: number | null } = {}) => ({
    id,
    displayName: id,
    userPrincipalName: `${id}@contoso.com`,
    accountEnabled: patch.accountEnabled ?? true,
    createdDateTime: daysAgo(patch.createdDaysAgo ?? 400),
    signInActivity: patch.lastSignInDaysAgo === null ? null : { lastSuccessfulSignInDateTime: daysAgo(patch.lastSignInDaysAgo ?? 3) },
  });
  const x25 = (ids: string[], users: ReturnType<typeof user>[], bg = NO_BREAK_GLASS) => X25.evaluate({ privilegedRoles: roles(ids), privilegedUsers: users, breakGlass: bg }, CONTEXT);

  it("X25 passes when every privileged account is enabled and signed in lately", () => {
    expect(x25(["a", "b"], [user("a"), user("b", { lastSignInDaysAgo: 89 })]).status).toBe("pass");
  });

  it("X25 fails for a disabled, a stale and a never-used account, with the reason for each", () => {
    const out = x25(["a", "b", "c", "d"], [user("a", { accountEnabled: false }), user("b", { lastSignInDaysAgo: 200 }), user("c", { lastSignInDaysAgo: null, createdDaysAgo: 60 }), user("d", { lastSignInDaysAgo: null, createdDaysAgo: 5 })]);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({
      staleCount: 3,
      stale: [
        { id: "a", reason: "disabled, still assigned", roles: ["Global Administrator"] },
        { id: "b", reason: "no sign-in for 200 days" },
        { id: "c", reason: "never signed in" },
      ],
    });
  });

  it("X25 exempts declared break-glass accounts and users without a privileged role", () => {
    expect(x25(["bg"], [user("bg", { lastSignInDaysAgo: 400 })], breakGlass({ userIds: ["bg"] })).status).toBe("pass");
    expect(x25([], [user("x", { accountEnabled: false })]).status).toBe("pass");
  });

  const risky = (id: string, riskLevel: "high" | "medium", riskState: "atRisk" | "remediated") => ({
    id, userPrincipalName: `${id}@contoso.com`, userDisplayName: id, riskLevel, riskState, riskDetail: "none", riskLastUpdatedDateTime: daysAgo(1), isDeleted: false, isProcessing: false,
  });

  it("X26 passes with no high-risk user at risk (remediated and medium ones don't count)", () => {
    expect(X26.evaluate({ riskyUsers: [risky("a", "high", "remediated"), risky("b", "medium", "atRisk")], privilegedRoles: roles([]) }, CONTEXT).status).toBe("pass");
  });

  it("X26 fails for a high-risk user at risk, and calls a privileged one critical", () => {
    const plain = X26.evaluate({ riskyUsers: [risky("a", "high", "atRisk")], privilegedRoles: roles([]) }, CONTEXT);
    expect(plain.status).toBe("fail");
    expect(plain.message).not.toContain("critical");
    const admin = X26.evaluate({ riskyUsers: [risky("a", "high", "atRisk")], privilegedRoles: { ...roles([]), assignments: [{ ...gaAssignment("user", "a"), roleDefinitionId: USER_ADMIN }] } }, CONTEXT);
    expect(admin.message).toContain("a@contoso.com (User Administrator)");
    expect(admin.message).toContain("critical");
    expect(admin.evidence).toMatchObject({ privilegedCount: 1 });
  });
});
