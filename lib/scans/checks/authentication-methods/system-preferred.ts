import { defineCheck, includesId, listForMessage } from "@/lib/scans/checks/helpers";

/* System-preferred multifactor authentication (C15). */

export const C15 = defineCheck({
  id: "C15",
  title: "System-preferred multifactor authentication is enabled for all users",
  scanType: "compliance",
  category: "Authentication methods",
  severity: "low",
  frameworks: ["CIS 5.2.3.6"],
  // The β view of the same methods policy: a tenant that refuses the v1.0 read refuses this one too, so both are declared.
  sources: ["authMethodsPolicy", "systemCredentialPreferences"],
  remediation:
    "In the Entra admin center → Protection → Authentication methods → Settings, set 'System-preferred multifactor authentication' to Enabled, include All users and exclude no group, and save. Sign-ins then ask for the strongest method each user has registered instead of the one they picked (often SMS).",
  evaluate({ systemCredentialPreferences: prefs }) {
    const evidence = { state: prefs?.state ?? null, includeTargets: prefs?.includeTargets ?? [], excludeTargets: prefs?.excludeTargets ?? [] };
    if (!prefs) return { status: "fail", message: "Microsoft Graph reports no system-preferred MFA setting, so it is not known to be enabled.", evidence };
    const allUsers = includesId(prefs.includeTargets.map((t) => t.id), "all_users");
    if (prefs.state !== "enabled") {
      return { status: "fail", message: `System-preferred MFA is "${prefs.state}", so users are prompted for the method they chose rather than their strongest one.`, evidence };
    }
    if (!allUsers) {
      return { status: "fail", message: `System-preferred MFA is enabled only for ${listForMessage(prefs.includeTargets.map((t) => t.id), 3) || "no one"}, not all users.`, evidence };
    }
    const excluded = prefs.excludeTargets.length > 0 ? ` (${prefs.excludeTargets.length} excluded group(s) are listed in the evidence)` : "";
    return { status: "pass", message: `System-preferred MFA is enabled for all users${excluded}.`, evidence };
  },
});
