import { describe, expect, it } from "vitest";
import type { DynamicGroup, UnifiedGroup } from "@/lib/microsoft/graph-types";
import { C42, C43, isAllGuestsRule } from "@/lib/scans/checks/groups/groups";
import { CONTEXT } from "@/lib/scans/checks/test-fixtures";

const m365 = (id: string, visibility: UnifiedGroup["visibility"]): UnifiedGroup => ({ id, displayName: `Group ${id}`, visibility });
const dynamic = (id: string, membershipRule: string | null, membershipRuleProcessingState: DynamicGroup["membershipRuleProcessingState"] = "On"): DynamicGroup => ({
  id,
  displayName: `Dynamic ${id}`,
  membershipRule,
  membershipRuleProcessingState,
});

describe("C42 public Microsoft 365 groups", () => {
  const run = (...unifiedGroups: UnifiedGroup[]) => C42.evaluate({ unifiedGroups }, CONTEXT);

  it("passes when no group is public (private and hidden-membership groups are fine)", () => {
    const out = run(m365("a", "Private"), m365("b", "HiddenMembership"), m365("c", null));
    expect(out.status).toBe("pass");
    expect(out.evidence).toMatchObject({ unifiedGroupCount: 3, publicCount: 0 });
  });

  it("fails naming each public group by id and display name", () => {
    const out = run(m365("a", "Public"), m365("b", "Private"), m365("c", "Public"));
    expect(out.status).toBe("fail");
    expect(out.message).toBe("2 Microsoft 365 groups are public without approval: Group a and Group c.");
    expect(out.evidence).toMatchObject({ publicCount: 2, publicGroups: [{ id: "a", displayName: "Group a" }, { id: "c", displayName: "Group c" }], publicGroupsCut: 0 });
  });

  it("caps the evidence list and says how many were cut", () => {
    const out = run(...Array.from({ length: 60 }, (_, i) => m365(`g${i}`, "Public")));
    expect(out.evidence).toMatchObject({ publicCount: 60, publicGroupsCut: 10 });
    expect((out.evidence as { publicGroups: unknown[] }).publicGroups).toHaveLength(50);
  });

  it("an exception on one group (kind group) approves it", () => {
    expect(C42.objects?.kind).toBe("group");
    const data = { unifiedGroups: [m365("A-1", "Public"), m365("b", "Private")] };
    const rest = C42.objects!.exclude(data, new Set(["a-1"])) as typeof data;
    expect(C42.evaluate(rest, CONTEXT).status).toBe("pass");
  });
});

describe("C43 dynamic group of guests", () => {
  const run = (...dynamicGroups: DynamicGroup[]) => C43.evaluate({ dynamicGroups }, CONTEXT);

  it("is licence-gated on Entra ID P1 (dynamic membership)", () => expect(C43.licence).toBe("p1"));

  it.each(['(user.userType -eq "Guest")', 'user.userType -eq "Guest"', "  ( user.usertype  -EQ 'guest' ) "])("accepts the rule %s", (rule) => {
    expect(isAllGuestsRule(rule)).toBe(true);
  });

  it.each(['(user.userType -eq "Member")', '(user.userType -eq "Guest") -and (user.department -eq "Sales")', 'user.userType -ne "Guest"', null])("rejects %s", (rule) => {
    expect(isAllGuestsRule(rule)).toBe(false);
  });

  it("passes with an all-guests group whose processing is on", () => {
    const out = run(dynamic("a", '(user.department -eq "Sales")'), dynamic("g", '(user.userType -eq "Guest")'));
    expect(out.status).toBe("pass");
    expect(out.evidence).toMatchObject({ guestGroups: [{ id: "g", membershipRuleProcessingState: "On" }] });
  });

  it("fails when the group's processing is paused, naming it", () => {
    const out = run(dynamic("g", '(user.userType -eq "Guest")', "Paused"));
    expect(out.status).toBe("fail");
    expect(out.message).toContain("Dynamic g has the rule but its processing is Paused");
    expect(out.evidence).toMatchObject({ nearMisses: [{ id: "g" }] });
  });

  it("fails with no dynamic groups, or only narrower guest rules", () => {
    expect(run().message).toContain("the tenant has no dynamic groups");
    const out = run(dynamic("n", '(user.userType -eq "Guest") -and (user.companyName -eq "Adatum")'));
    expect(out.status).toBe("fail");
    expect(out.message).toContain("1 dynamic group selects guests only together with other conditions");
  });
});
