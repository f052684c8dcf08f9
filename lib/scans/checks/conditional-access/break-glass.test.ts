import { describe, expect, it } from "vitest";
import { C11 } from "@/lib/scans/checks/conditional-access/break-glass";
import { breakGlass, caPolicy, CONTEXT, NO_BREAK_GLASS } from "@/lib/scans/checks/test-fixtures";

const BG_1 = "00000000-0000-4000-8000-0000000000b1";
const BG_2 = "00000000-0000-4000-8000-0000000000b2";
const BG_GROUP = "00000000-0000-4000-8000-00000000bb01";

describe("C11 break-glass excluded from every enforced user policy", () => {
  const evaluate = (policies: ReturnType<typeof caPolicy>[], bg = breakGlass({ userIds: [BG_1], membersByGroup: { [BG_GROUP]: [BG_2] } })) =>
    C11.evaluate({ conditionalAccessPolicies: policies, breakGlass: bg }, CONTEXT);

  it("skips as not applicable when nothing is declared", () => {
    const out = C11.evaluate({ conditionalAccessPolicies: [caPolicy()], breakGlass: NO_BREAK_GLASS }, CONTEXT);
    expect(out).toMatchObject({ status: "skip", skipReason: "not_applicable" });
  });

  it("passes when each enforced policy excludes the accounts, directly or through the declared group", () => {
    const out = evaluate([
      caPolicy({ users: { excludeUsers: [BG_1, BG_2] } }),
      caPolicy({ users: { excludeUsers: [BG_1.toUpperCase()], excludeGroups: [BG_GROUP] } }),
    ]);
    expect(out.status).toBe("pass");
    expect(out.evidence).toMatchObject({ breakGlassAccountCount: 2, enforcedPolicies: 2, policiesNotExcludingCount: 0 });
  });

  it("fails naming the policy and the account it still applies to", () => {
    const out = evaluate([caPolicy({ users: { excludeUsers: [BG_1, BG_2] } }), caPolicy({ id: "p-block", displayName: "Block legacy", users: { excludeUsers: [BG_1] } })]);
    expect(out.status).toBe("fail");
    expect(out.message).toContain(`"Block legacy" (applies to ${BG_2})`);
    expect(out.evidence).toMatchObject({ policiesNotExcluding: [{ id: "p-block", displayName: "Block legacy", notExcluded: [{ id: BG_2 }] }], policiesNotExcludingCount: 1 });
  });

  it("names accounts by UPN when Graph gave their names, and reports declared accounts that no longer exist", () => {
    const bg = breakGlass({
      userIds: [BG_1, "00000000-0000-4000-8000-0000000000c3"],
      membersByGroup: { [BG_GROUP]: [BG_2] },
      names: { [BG_2]: { displayName: "Emergency Access 02", userPrincipalName: "ea02@contoso.onmicrosoft.com" } },
      missingUserIds: ["00000000-0000-4000-8000-0000000000c3"],
    });
    const out = evaluate([caPolicy({ displayName: "Require MFA", users: { excludeUsers: [BG_1] } })], bg);
    expect(out.status).toBe("fail");
    expect(out.message).toContain('"Require MFA" (applies to ea02@contoso.onmicrosoft.com)');
    expect(out.message).toContain("Declared account 00000000-0000-4000-8000-0000000000c3 no longer exists");
    expect(out.evidence).toMatchObject({ breakGlassAccountCount: 2, missingUsers: ["00000000-0000-4000-8000-0000000000c3"] });
  });

  it("ignores report-only and disabled policies and policies for workload identities", () => {
    const out = evaluate([
      caPolicy({ users: { excludeUsers: [BG_1, BG_2] } }),
      caPolicy({ state: "enabledForReportingButNotEnforced" }),
      caPolicy({ state: "disabled" }),
      caPolicy({ conditions: { clientApplications: { includeServicePrincipals: ["ServicePrincipalsInMyTenant"], excludeServicePrincipals: [] } } }),
    ]);
    expect(out.status).toBe("pass");
    expect(out.evidence).toMatchObject({ enforcedPolicies: 1 });
  });

  it("an excluded group that is not declared does not count as excluding a declared account", () => {
    const out = evaluate([caPolicy({ users: { excludeUsers: [BG_1], excludeGroups: ["22222222-3333-4444-8555-666666666666"] } })]);
    expect(out.status).toBe("fail");
  });

  it("fails when the declared groups have no members and no users are declared", () => {
    const out = evaluate([caPolicy()], breakGlass({ membersByGroup: { [BG_GROUP]: [] } }));
    expect(out.status).toBe("fail");
    expect(out.message).toMatch(/no member accounts/);
  });
});
