import { describe, expect, it } from "vitest";
import type { ConditionalAccessPolicy } from "@/lib/microsoft/graph-types";
import { C05, C06, C07, C08 } from "@/lib/scans/checks/conditional-access/risk-and-flows";
import { caPolicy, CONTEXT, NO_BREAK_GLASS } from "@/lib/scans/checks/test-fixtures";

function run(check: typeof C05 | typeof C06 | typeof C07 | typeof C08, policies: ConditionalAccessPolicy[]) {
  return check.evaluate({ conditionalAccessPolicies: policies, breakGlass: NO_BREAK_GLASS }, CONTEXT);
}

const userRisk = (patch: Parameters<typeof caPolicy>[0] = {}) =>
  caPolicy({
    displayName: "High user risk",
    ...patch,
    conditions: { userRiskLevels: ["high"], ...patch.conditions },
    grant: { operator: "AND", builtInControls: ["mfa", "passwordChange"], ...patch.grant },
  });

describe("C05 high user risk", () => {
  it("declares Entra ID P2", () => expect(C05.licence).toBe("p2"));

  it("passes with password change AND MFA for high user risk", () => {
    const out = run(C05, [userRisk()]);
    expect(out.status).toBe("pass");
    expect(out.message).toContain('"High user risk"');
  });

  it("passes with a block", () => {
    expect(run(C05, [userRisk({ grant: { builtInControls: ["block"] } })]).status).toBe("pass");
  });

  it("fails a report-only policy and names it as a near miss", () => {
    const out = run(C05, [userRisk({ state: "enabledForReportingButNotEnforced" })]);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({ nearMisses: [{ displayName: "High user risk", gaps: ["state is enabledForReportingButNotEnforced"] }] });
  });

  it("fails when password change OR MFA would do", () => {
    const out = run(C05, [userRisk({ grant: { operator: "OR" } })]);
    expect(out.status).toBe("fail");
    expect(out.message).toMatch(/not both/);
  });

  it("fails a policy that excludes a role and says which", () => {
    const out = run(C05, [userRisk({ users: { excludeRoles: ["62e90394-69f5-4237-9190-012177145e10"] } })]);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({ nearMisses: [{ excludes: { roles: [{ id: "62e90394-69f5-4237-9190-012177145e10" }] } }] });
  });

  it("fails with no policies", () => {
    expect(run(C05, []).status).toBe("fail");
  });
});

describe("C06 risky sign-ins", () => {
  const signInRisk = (patch: Parameters<typeof caPolicy>[0] = {}) =>
    caPolicy({ displayName: "Risky sign-ins", ...patch, conditions: { signInRiskLevels: ["high", "medium"], ...patch.conditions }, grant: { builtInControls: ["block"], ...patch.grant } });

  it("passes with block or MFA for high sign-in risk", () => {
    expect(run(C06, [signInRisk()]).status).toBe("pass");
    expect(run(C06, [signInRisk({ grant: { builtInControls: ["mfa"] } })]).status).toBe("pass");
  });

  it("fails when only medium risk is covered", () => {
    const out = run(C06, [signInRisk({ conditions: { signInRiskLevels: ["medium"] } })]);
    expect(out.status).toBe("fail");
    expect(out.message).toMatch(/high sign-in risk/);
  });

  it("does not count a user-risk policy for sign-in risk", () => {
    expect(run(C06, [userRisk({ grant: { builtInControls: ["block"] } })]).status).toBe("fail");
  });
});

describe("C07 device code flow", () => {
  const deviceCode = (transferMethods: string, patch: Parameters<typeof caPolicy>[0] = {}) =>
    caPolicy({ displayName: "Block device code", ...patch, conditions: { authenticationFlows: { transferMethods }, ...patch.conditions }, grant: { builtInControls: ["block"], ...patch.grant } });

  it("passes when the device code flow is blocked, also among several flags", () => {
    expect(run(C07, [deviceCode("deviceCodeFlow")]).status).toBe("pass");
    expect(run(C07, [deviceCode("deviceCodeFlow,authenticationTransfer")]).status).toBe("pass");
  });

  it("fails when only authentication transfer is blocked", () => {
    expect(run(C07, [deviceCode("authenticationTransfer")]).status).toBe("fail");
  });

  it("fails a device-code policy that requires MFA instead of blocking, naming it", () => {
    const out = run(C07, [deviceCode("deviceCodeFlow", { grant: { builtInControls: ["mfa"] } })]);
    expect(out.status).toBe("fail");
    expect(out.message).toContain('"Block device code" does not block access');
  });

  it("fails with no policies at all", () => {
    expect(run(C07, []).status).toBe("fail");
  });
});

describe("C08 managed device", () => {
  const device = (patch: Parameters<typeof caPolicy>[0] = {}) =>
    caPolicy({ displayName: "Managed devices", ...patch, grant: { builtInControls: ["compliantDevice", "domainJoinedDevice"], ...patch.grant } });

  it("needs P1 and Intune", () => {
    expect(C08.licence).toBe("p1");
    expect(C08.requiresIntune).toBe(true);
  });

  it("passes with compliant OR hybrid joined device", () => {
    expect(run(C08, [device()]).status).toBe("pass");
  });

  it("fails when MFA is an alternative to the device", () => {
    const out = run(C08, [device({ grant: { builtInControls: ["compliantDevice", "mfa"] } })]);
    expect(out.status).toBe("fail");
    expect(out.message).toMatch(/optional/);
  });

  it("fails with no device policy", () => {
    expect(run(C08, [caPolicy()]).status).toBe("fail");
  });
});
