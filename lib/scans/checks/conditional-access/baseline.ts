import type { ConditionalAccessPolicy } from "@/lib/microsoft/graph-types";
import { PRIV_ROLE_IDS, PRIV_ROLE_TEMPLATE_IDS, defineCheck, includesId, listForMessage, plural } from "@/lib/scans/checks/helpers";
import type { BreakGlass } from "@/lib/scans/checks/types";
import { caStarGaps, coversAllClientApps, exclusionGaps, grantBlockGaps, grantMfaGaps, narrowingGaps, roleAndGuestGaps, securityDefaultsOrPolicy } from "@/lib/scans/checks/conditional-access/coverage";

/* Conditional Access baseline: MFA for everyone, legacy authentication blocked, MFA for admins (C01–C03). */

function clientAppsAllGaps(p: ConditionalAccessPolicy): string[] {
  return coversAllClientApps(p) ? [] : [`limited to client apps ${p.conditions.clientAppTypes.join(", ")}`];
}

const LEGACY_CLIENT_APP_TYPES = ["exchangeActiveSync", "other"] as const;

function legacyClientGaps(p: ConditionalAccessPolicy): string[] {
  const missing = LEGACY_CLIENT_APP_TYPES.filter((t) => !p.conditions.clientAppTypes.includes(t));
  return missing.length === 0 ? [] : [`client apps do not include ${missing.join(" and ")}`];
}

export const C01 = defineCheck({
  id: "C01",
  title: "Multifactor authentication is required for all users",
  scanType: "compliance",
  category: "Conditional Access",
  severity: "critical",
  frameworks: ["CIS 5.2.2.2", "MS.AAD.3.2v2", 'Lighthouse "MFA for end users"'],
  sources: ["securityDefaults", "conditionalAccessPolicies", "breakGlass"],
  remediation:
    "In the Entra admin center → Protection → Conditional Access, create a policy for All users (exclude only your break-glass accounts) and All resources with Grant → Require multifactor authentication (or an authentication strength), and set it to On, not Report-only. Without Entra ID P1, enable security defaults (Entra ID → Overview → Properties → Manage security defaults).",
  evaluate({ securityDefaults, conditionalAccessPolicies, breakGlass }) {
    // CA*(p) with clientAppTypes = all, and a grant that makes MFA mandatory.
    return securityDefaultsOrPolicy({
      securityDefaultsEnabled: securityDefaults.isEnabled,
      policies: conditionalAccessPolicies,
      breakGlass,
      gapsOf: (p) => [...caStarGaps(p, breakGlass), ...clientAppsAllGaps(p), ...grantMfaGaps(p)],
      isCandidate: (p) => grantMfaGaps(p).length === 0,
      sdPassMessage: "Security defaults are enabled, so every user must register for and use MFA.",
      policyPassMessage: (names) => `MFA is required for all users and all apps by Conditional Access policy ${names}.`,
      failMessage: "Security defaults are off and no enabled Conditional Access policy requires MFA for all users on all apps",
    });
  },
});

export const C02 = defineCheck({
  id: "C02",
  title: "Legacy authentication protocols are blocked",
  scanType: "compliance",
  category: "Conditional Access",
  severity: "high",
  frameworks: ["CIS 5.2.2.3", "MS.AAD.1.1v1"],
  sources: ["securityDefaults", "conditionalAccessPolicies", "breakGlass"],
  remediation:
    "In the Entra admin center → Protection → Conditional Access, create a policy for All users (exclude only break-glass accounts) and All resources, set Conditions → Client apps to Exchange ActiveSync clients and Other clients, Grant → Block access, and set it to On. Without Entra ID P1, enable security defaults, which block legacy authentication.",
  evaluate({ securityDefaults, conditionalAccessPolicies, breakGlass }) {
    // CA*(p) with its clientAppTypes rule replaced by ⊇ {exchangeActiveSync, other}, and a block grant.
    return securityDefaultsOrPolicy({
      securityDefaultsEnabled: securityDefaults.isEnabled,
      policies: conditionalAccessPolicies,
      breakGlass,
      gapsOf: (p) => [...caStarGaps(p, breakGlass), ...legacyClientGaps(p), ...grantBlockGaps(p)],
      isCandidate: (p) =>
        grantBlockGaps(p).length === 0 && LEGACY_CLIENT_APP_TYPES.some((t) => p.conditions.clientAppTypes.includes(t)),
      sdPassMessage: "Security defaults are enabled, which block legacy authentication protocols.",
      policyPassMessage: (names) => `Legacy authentication (Exchange ActiveSync and other clients) is blocked by Conditional Access policy ${names}.`,
      failMessage: "Security defaults are off and no enabled Conditional Access policy blocks Exchange ActiveSync and other legacy clients for all users",
    });
  },
});

/** C03: PRIV roles all included (or all users), all apps, no role/app exclusions, MFA required. */
function adminMfaGaps(p: ConditionalAccessPolicy, bg: BreakGlass): string[] {
  const { users, applications } = p.conditions;
  const gaps: string[] = [];
  if (p.state !== "enabled") gaps.push(`state is ${p.state}`);
  if (!includesId(users.includeUsers, "All")) {
    const missing = PRIV_ROLE_IDS.filter((r) => !includesId(users.includeRoles, r));
    if (missing.length > 0) gaps.push(`does not include ${listForMessage(missing.map((r) => PRIV_ROLE_TEMPLATE_IDS[r] ?? r), 3)}`);
  }
  if (!includesId(applications.includeApplications, "All")) gaps.push("does not target all cloud apps");
  if (applications.excludeApplications.length > 0) gaps.push(`excludes ${plural(applications.excludeApplications.length, "app")}`);
  gaps.push(...roleAndGuestGaps(p, bg), ...exclusionGaps(p, bg), ...narrowingGaps(p), ...clientAppsAllGaps(p), ...grantMfaGaps(p));
  return gaps;
}

export const C03 = defineCheck({
  id: "C03",
  title: "Multifactor authentication is required for privileged roles",
  scanType: "compliance",
  category: "Conditional Access",
  severity: "critical",
  frameworks: ["CIS 5.2.2.1", "MT.1006"],
  sources: ["securityDefaults", "conditionalAccessPolicies", "breakGlass"],
  remediation:
    "In the Entra admin center → Protection → Conditional Access, create a policy whose Users → Directory roles include Global, Privileged Role, User, SharePoint, Exchange, Hybrid Identity, Application and Cloud Application Administrator, with All resources, no excluded roles, Grant → Require multifactor authentication (better: a phishing-resistant authentication strength), and set it to On.",
  evaluate({ securityDefaults, conditionalAccessPolicies, breakGlass }) {
    return securityDefaultsOrPolicy({
      securityDefaultsEnabled: securityDefaults.isEnabled,
      policies: conditionalAccessPolicies,
      breakGlass,
      gapsOf: (p) => adminMfaGaps(p, breakGlass),
      isCandidate: (p) =>
        grantMfaGaps(p).length === 0 &&
        (includesId(p.conditions.users.includeUsers, "All") || PRIV_ROLE_IDS.some((r) => includesId(p.conditions.users.includeRoles, r))),
      sdPassMessage: "Security defaults are enabled, so administrators must use MFA at every sign-in.",
      policyPassMessage: (names) => `MFA is required for all privileged roles by Conditional Access policy ${names}.`,
      failMessage: "Security defaults are off and no enabled Conditional Access policy requires MFA for all privileged admin roles on all apps",
    });
  },
});
