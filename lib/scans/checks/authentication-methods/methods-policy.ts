import { defineCheck, listForMessage, sameId } from "@/lib/scans/checks/helpers";

/* Authentication methods policy (C12–C13). */

export const C12 = defineCheck({
  id: "C12",
  title: "Authentication methods policy migration is complete",
  scanType: "compliance",
  category: "Authentication methods",
  severity: "medium",
  frameworks: ["MS.AAD.3.4v1", "EIDSCA.AG01"],
  sources: ["authMethodsPolicy"],
  remediation:
    "In the Entra admin center → Protection → Authentication methods → Policies, enable the methods you need, then under Manage migration choose Migration Complete so the legacy per-user MFA and SSPR method settings no longer apply (Graph: PATCH /policies/authenticationMethodsPolicy with policyMigrationState = migrationComplete).",
  evaluate({ authMethodsPolicy }) {
    const state = authMethodsPolicy.policyMigrationState;
    const evidence = { policyMigrationState: state };
    if (state === "migrationComplete") {
      return { status: "pass", message: "Authentication methods are managed only by the Authentication methods policy (migration complete).", evidence };
    }
    if (state === null) {
      return { status: "pass", message: "No migration state is reported, so the legacy MFA and SSPR method settings do not apply.", evidence };
    }
    return {
      status: "fail",
      message: `Authentication methods migration is "${state}", so the legacy MFA and SSPR method settings still apply alongside the Authentication methods policy.`,
      evidence,
    };
  },
});

const WEAK_METHODS = [
  { id: "Sms", label: "SMS" },
  { id: "Voice", label: "Voice call" },
  { id: "Email", label: "Email OTP" },
] as const;

export const C13 = defineCheck({
  id: "C13",
  title: "SMS, voice call and email one-time passcodes are disabled",
  scanType: "compliance",
  category: "Authentication methods",
  severity: "high",
  frameworks: ["CIS 5.2.3.5", "MS.AAD.3.5v2"],
  sources: ["authMethodsPolicy"],
  remediation:
    "Once users have registered Microsoft Authenticator or passkeys, go to the Entra admin center → Protection → Authentication methods → Policies and set SMS, Voice call and Email OTP to Disabled (Graph: PATCH /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{Sms|Voice|Email} with state = disabled).",
  evaluate({ authMethodsPolicy }) {
    const configs = authMethodsPolicy.authenticationMethodConfigurations;
    // A configuration that is absent from the policy counts as disabled.
    const methods = WEAK_METHODS.map((m) => ({ id: m.id, label: m.label, state: configs.find((c) => sameId(c.id, m.id))?.state ?? "absent" }));
    const enabled = methods.filter((m) => m.state === "enabled");
    const evidence = { methods: methods.map(({ id, state }) => ({ id, state })), enabled: enabled.map((m) => m.id) };
    if (enabled.length === 0) {
      return { status: "pass", message: "SMS, Voice call and Email OTP are all disabled in the Authentication methods policy.", evidence };
    }
    return {
      status: "fail",
      message: `${listForMessage(enabled.map((m) => m.label))} ${enabled.length === 1 ? "is" : "are"} still enabled as ${enabled.length === 1 ? "an authentication method" : "authentication methods"}.`,
      evidence,
    };
  },
});
