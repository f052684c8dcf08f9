import { describe, expect, it } from "vitest";
import type { ConditionalAccessPolicy } from "@/lib/microsoft/graph-types";
import { C09, C10 } from "@/lib/scans/checks/conditional-access/admin-session";
import { PRIV_ROLE_IDS } from "@/lib/scans/checks/helpers";
import { caPolicy, CONTEXT, NO_BREAK_GLASS } from "@/lib/scans/checks/test-fixtures";

function run(check: typeof C09 | typeof C10, policies: ConditionalAccessPolicy[]) {
  return check.evaluate({ conditionalAccessPolicies: policies, breakGlass: NO_BREAK_GLASS }, CONTEXT);
}

const registration = (patch: Parameters<typeof caPolicy>[0] = {}) =>
  caPolicy({ displayName: "Secure registration", ...patch, applications: { includeApplications: [], includeUserActions: ["urn:user:registersecurityinfo"], ...patch.applications } });

describe("C09 security-info registration", () => {
  it("passes with MFA on the register security info action", () => {
    const out = run(C09, [registration()]);
    expect(out.status).toBe("pass");
    expect(out.message).toContain('"Secure registration"');
  });

  it("passes with a trusted-locations condition instead of a grant", () => {
    const out = run(C09, [registration({ grant: { builtInControls: ["block"] }, conditions: { locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } } })]);
    expect(out.status).toBe("pass");
  });

  it("fails when the registration policy is report-only, naming it", () => {
    const out = run(C09, [registration({ state: "enabledForReportingButNotEnforced" })]);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({ nearMisses: [{ displayName: "Secure registration" }] });
  });

  it("fails when no policy targets the user action", () => {
    expect(run(C09, [caPolicy()]).status).toBe("fail");
  });
});

const adminSession = (freq: NonNullable<ConditionalAccessPolicy["sessionControls"]>["signInFrequency"], mode: "always" | "never" = "never") => {
  const p = caPolicy({ displayName: "Admin sessions", users: { includeUsers: [], includeRoles: [...PRIV_ROLE_IDS] } });
  return { ...p, sessionControls: { signInFrequency: freq, persistentBrowser: { isEnabled: true, mode } } };
};

describe("C10 admin sign-in frequency", () => {
  it("passes with 4 hours and never-persistent browser", () => {
    expect(run(C10, [adminSession({ isEnabled: true, type: "hours", value: 4, frequencyInterval: "timeBased" })]).status).toBe("pass");
  });

  it("passes with every-time re-authentication", () => {
    expect(run(C10, [adminSession({ isEnabled: true, type: null, value: null, frequencyInterval: "everyTime" })]).status).toBe("pass");
  });

  it("fails with a 1-day frequency and says so", () => {
    const out = run(C10, [adminSession({ isEnabled: true, type: "days", value: 1, frequencyInterval: "timeBased" })]);
    expect(out.status).toBe("fail");
    expect(out.message).toMatch(/1 days, longer than 4 hours/);
  });

  it("fails when the browser session may persist", () => {
    expect(run(C10, [adminSession({ isEnabled: true, type: "hours", value: 2 }, "always")]).status).toBe("fail");
  });

  it("fails when a role is excluded", () => {
    const p = adminSession({ isEnabled: true, type: "hours", value: 4 });
    p.conditions.users.excludeRoles = [PRIV_ROLE_IDS[0] as string];
    expect(run(C10, [p]).status).toBe("fail");
  });
});
