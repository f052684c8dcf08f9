import { defineCheck, sameId } from "@/lib/scans/checks/helpers";

/* Microsoft Authenticator context in push notifications (C14). */

type FeatureTarget = { targetType?: string; id?: string };
type FeatureSetting = { state?: string; includeTarget?: FeatureTarget; excludeTarget?: FeatureTarget } | null | undefined;

const NO_GROUP = "00000000-0000-0000-0000-000000000000";

/** Why one feature setting falls short: it must be enabled for all users and exclude nobody. */
function featureGap(label: string, setting: FeatureSetting): string | null {
  if (!setting || setting.state !== "enabled") return `${label} is "${setting?.state ?? "not set"}" (Microsoft-managed, not enforced)`;
  if (!setting.includeTarget || !sameId(setting.includeTarget.id ?? "", "all_users")) return `${label} is enabled only for group ${setting.includeTarget?.id ?? "(none)"}`;
  const excluded = setting.excludeTarget?.id;
  if (excluded && !sameId(excluded, NO_GROUP)) return `${label} excludes group ${excluded}`;
  return null;
}

export const C14 = defineCheck({
  id: "C14",
  title: "Microsoft Authenticator shows the app name and location in sign-in requests",
  scanType: "compliance",
  category: "Authentication methods",
  severity: "medium",
  frameworks: ["CIS 5.2.3.1", "MS.AAD.3.3v2", "EIDSCA.AM03"],
  sources: ["authMethodsPolicy"],
  remediation:
    "In the Entra admin center → Protection → Authentication methods → Policies → Microsoft Authenticator → Configure, set 'Show application name in push and passwordless notifications' and 'Show geographic location in push and passwordless notifications' to Enabled, target All users with no excluded group, and save. Users then see which app and where a request comes from, which defeats MFA-fatigue approvals.",
  evaluate({ authMethodsPolicy }) {
    const config = authMethodsPolicy.authenticationMethodConfigurations.find((c) => sameId(c.id, "MicrosoftAuthenticator"));
    if (!config || config.state !== "enabled") {
      return {
        status: "skip",
        skipReason: "not_applicable",
        message: "Microsoft Authenticator is not enabled as an authentication method, so its notification settings do not apply.",
        evidence: { state: config?.state ?? "absent" },
      };
    }
    const features = (config.featureSettings ?? {}) as Record<string, FeatureSetting>;
    const gaps = [
      featureGap("Application name", features.displayAppInformationRequiredState),
      featureGap("Geographic location", features.displayLocationInformationRequiredState),
    ].filter((g): g is string => g !== null);
    const evidence = {
      displayAppInformationRequiredState: features.displayAppInformationRequiredState ?? null,
      displayLocationInformationRequiredState: features.displayLocationInformationRequiredState ?? null,
      gaps,
    };
    if (gaps.length === 0) {
      return { status: "pass", message: "Microsoft Authenticator notifications show the requesting app and location to all users.", evidence };
    }
    return { status: "fail", message: `Microsoft Authenticator notifications lack context: ${gaps.join("; ")}.`, evidence };
  },
});
