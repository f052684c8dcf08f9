import { describe, expect, it } from "vitest";
import { C20 } from "@/lib/scans/checks/privileged-access/cloud-only";
import { C19 } from "@/lib/scans/checks/privileged-access/global-admins";
import { CONTEXT, gaAssignment, gaUsers, memberUser } from "@/lib/scans/checks/test-fixtures";

describe("C19 2–4 Global Admins", () => {
  const evaluate = (assignments: ReturnType<typeof gaUsers>) => C19.evaluate({ globalAdminAssignments: assignments }, CONTEXT);

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

  it("reports service principals and groups in evidence without counting them", () => {
    const out = evaluate([...gaUsers(1), gaAssignment("servicePrincipal", "sp-1", "Automation"), gaAssignment("group", "grp-1", "GA group")]);
    expect(out.status).toBe("fail");
    expect(out.message).toBe(
      "Only 1 user holds Global Administrator (not counted: 1 service principal and 1 group), leaving no fallback if that account is lost; assign at least 2.",
    );
    expect(out.evidence).toMatchObject({
      userCount: 1,
      servicePrincipals: [{ id: "sp-1", displayName: "Automation" }],
      groups: [{ id: "grp-1", displayName: "GA group" }],
    });
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
