import { describe, expect, it } from "vitest";
import { C14 } from "@/lib/scans/checks/authentication-methods/authenticator";
import { C12, C13 } from "@/lib/scans/checks/authentication-methods/methods-policy";
import { C15 } from "@/lib/scans/checks/authentication-methods/system-preferred";
import { authenticatorConfig, authMethodsPolicy, CONTEXT } from "@/lib/scans/checks/test-fixtures";

describe("C12 Auth-methods policy migration complete", () => {
  it.each([["migrationComplete"], [null]] as const)("passes for %s", (state) => {
    expect(C12.evaluate({ authMethodsPolicy: authMethodsPolicy({ policyMigrationState: state }) }, CONTEXT).status).toBe("pass");
  });

  it.each([["preMigration"], ["migrationInProgress"], ["unknownFutureValue"]] as const)("fails for %s", (state) => {
    const out = C12.evaluate({ authMethodsPolicy: authMethodsPolicy({ policyMigrationState: state }) }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toContain(state);
    expect(out.evidence).toEqual({ policyMigrationState: state });
  });
});

describe("C13 SMS, Voice and Email OTP disabled", () => {
  it("passes when all three are disabled", () => {
    expect(C13.evaluate({ authMethodsPolicy: authMethodsPolicy() }, CONTEXT).status).toBe("pass");
  });

  it("passes when the configurations are missing (counts as disabled)", () => {
    const out = C13.evaluate({ authMethodsPolicy: authMethodsPolicy({ methods: { Fido2: "enabled" } }) }, CONTEXT);
    expect(out.status).toBe("pass");
    expect(out.evidence).toMatchObject({ methods: [{ id: "Sms", state: "absent" }, { id: "Voice", state: "absent" }, { id: "Email", state: "absent" }] });
  });

  it("fails and lists the enabled methods", () => {
    const policy = authMethodsPolicy({ methods: { Sms: "enabled", Voice: "disabled", Email: "enabled" } });
    const out = C13.evaluate({ authMethodsPolicy: policy }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toBe("SMS and Email OTP are still enabled as authentication methods.");
    expect(out.evidence).toMatchObject({ enabled: ["Sms", "Email"] });
  });

  it("fails when only Voice is enabled", () => {
    const out = C13.evaluate({ authMethodsPolicy: authMethodsPolicy({ methods: { Voice: "enabled" } }) }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toBe("Voice call is still enabled as an authentication method.");
  });
});

describe("C14 Authenticator shows app name and location", () => {
  const withAuthenticator = (config: ReturnType<typeof authenticatorConfig>) => ({
    ...authMethodsPolicy(),
    authenticationMethodConfigurations: [...authMethodsPolicy({ methods: { Fido2: "enabled" } }).authenticationMethodConfigurations, config],
  });
  const evaluate = (config: ReturnType<typeof authenticatorConfig>) => C14.evaluate({ authMethodsPolicy: withAuthenticator(config) }, CONTEXT);

  it("passes when both features are enabled for all users", () => {
    expect(evaluate(authenticatorConfig("enabled", "enabled")).status).toBe("pass");
  });

  it("fails when a feature is left Microsoft-managed, naming it", () => {
    const out = evaluate(authenticatorConfig("enabled", "default"));
    expect(out.status).toBe("fail");
    expect(out.message).toContain('Geographic location is "default"');
  });

  it("fails when the features target only one group", () => {
    const out = evaluate(authenticatorConfig("enabled", "enabled", { includeTargetId: "5c6b3c8a-0000-4000-8000-000000000001" }));
    expect(out.status).toBe("fail");
    expect(out.message).toContain("enabled only for group 5c6b3c8a-0000-4000-8000-000000000001");
  });

  it("skips as not applicable when Microsoft Authenticator is disabled or absent", () => {
    expect(evaluate(authenticatorConfig("default", "default", { state: "disabled" }))).toMatchObject({ status: "skip", skipReason: "not_applicable" });
    expect(C14.evaluate({ authMethodsPolicy: authMethodsPolicy({ methods: { Fido2: "enabled" } }) }, CONTEXT)).toMatchObject({ status: "skip", skipReason: "not_applicable" });
  });
});

describe("C15 System-preferred MFA on", () => {
  const prefs = (state: "default" | "enabled" | "disabled", include = ["all_users"], exclude: string[] = []) => ({
    state,
    includeTargets: include.map((id) => ({ id, targetType: "group" })),
    excludeTargets: exclude.map((id) => ({ id, targetType: "group" })),
  });
  const evaluate = (p: ReturnType<typeof prefs> | null) => C15.evaluate({ authMethodsPolicy: authMethodsPolicy(), systemCredentialPreferences: p }, CONTEXT);

  it("passes when enabled for all users, and says when groups are excluded", () => {
    expect(evaluate(prefs("enabled")).status).toBe("pass");
    expect(evaluate(prefs("enabled", ["all_users"], ["g1"])).message).toContain("1 excluded group(s)");
  });

  it.each([["default"], ["disabled"]] as const)("fails when the state is %s", (state) => {
    const out = evaluate(prefs(state));
    expect(out.status).toBe("fail");
    expect(out.message).toContain(`"${state}"`);
  });

  it("fails when enabled only for a group, or not reported at all", () => {
    expect(evaluate(prefs("enabled", ["a1b2c3d4-0000-4000-8000-000000000001"])).message).toContain("enabled only for a1b2c3d4-0000-4000-8000-000000000001");
    expect(evaluate(null).status).toBe("fail");
  });
});
