import { describe, expect, it } from "vitest";
import { C19 } from "@/lib/scans/checks/privileged-access/global-admins";
import { CONTEXT, gaAssignment, gaUsers } from "@/lib/scans/checks/test-fixtures";

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
