import type { ConditionalAccessPolicy } from "@/lib/microsoft/graph-types";
import { defineCheck, includesId, listForMessage, plural, PRIV_ROLE_IDS, PRIV_ROLE_TEMPLATE_IDS } from "@/lib/scans/checks/helpers";
import type { BreakGlass } from "@/lib/scans/checks/types";
import { exclusionGaps, qualifyingPolicy, roleAndGuestGaps } from "@/lib/scans/checks/conditional-access/coverage";

/* Security-info registration protected (C09) and short, non-persistent admin sessions (C10). */

const REGISTER_SECURITY_INFO = "urn:user:registersecurityinfo";
const REGISTRATION_GRANTS = ["compliantDevice", "domainJoinedDevice", "mfa"];

function hasLocationsCondition(p: ConditionalAccessPolicy): boolean {
  const loc = p.conditions.locations as { includeLocations?: unknown } | null | undefined;
  return Array.isArray(loc?.includeLocations) && loc.includeLocations.length > 0;
}

function registrationGaps(p: ConditionalAccessPolicy, bg: BreakGlass): string[] {
  const gaps: string[] = [];
  if (p.state !== "enabled") gaps.push(`state is ${p.state}`);
  if (!includesId(p.conditions.users.includeUsers, "All")) gaps.push("does not target all users");
  if (!p.conditions.applications.includeUserActions.includes(REGISTER_SECURITY_INFO)) gaps.push("does not target the register security information action");
  const g = p.grantControls;
  const grants = (g?.builtInControls ?? []).some((c) => REGISTRATION_GRANTS.includes(c)) || Boolean(g?.authenticationStrength);
  if (!grants && !hasLocationsCondition(p)) gaps.push("requires neither MFA nor a managed device, and sets no locations condition");
  gaps.push(...roleAndGuestGaps(p, bg), ...exclusionGaps(p, bg));
  return gaps;
}

export const C09 = defineCheck({
  id: "C09",
  title: "Registering security information requires MFA, a managed device or a trusted location",
  scanType: "compliance",
  category: "Conditional Access",
  severity: "medium",
  frameworks: ["CIS 5.2.2.10", "MS.AAD.3.8v1", "MT.1011"],
  sources: ["conditionalAccessPolicies", "breakGlass"],
  licence: "p1",
  remediation:
    "In the Entra admin center → Protection → Conditional Access, create a policy for All users (exclude only break-glass accounts) with Target resources → User actions → Register security information, Grant → Require multifactor authentication (or a compliant / hybrid joined device, or a trusted-locations condition), and set it to On (conditions.applications.includeUserActions contains \"urn:user:registersecurityinfo\").",
  evaluate({ conditionalAccessPolicies, breakGlass }) {
    return qualifyingPolicy({
      policies: conditionalAccessPolicies,
      breakGlass,
      gapsOf: (p) => registrationGaps(p, breakGlass),
      isCandidate: (p) => p.conditions.applications.includeUserActions.includes(REGISTER_SECURITY_INFO),
      passMessage: (names) => `Registering security information is protected by Conditional Access policy ${names}.`,
      failMessage: "No enabled Conditional Access policy protects the registration of security information for all users",
    });
  },
});

const MAX_ADMIN_SESSION_HOURS = 4;

/** Whether the policy targets every privileged role (or all users) on all apps, and what it excludes. */
export function adminTargetGaps(p: ConditionalAccessPolicy, bg: BreakGlass): string[] {
  const { users, applications } = p.conditions;
  const gaps: string[] = [];
  if (p.state !== "enabled") gaps.push(`state is ${p.state}`);
  if (!includesId(users.includeUsers, "All")) {
    const missing = PRIV_ROLE_IDS.filter((r) => !includesId(users.includeRoles, r));
    if (missing.length > 0) gaps.push(`does not include ${listForMessage(missing.map((r) => PRIV_ROLE_TEMPLATE_IDS[r] ?? r), 3)}`);
  }
  if (!includesId(applications.includeApplications, "All")) gaps.push("does not target all cloud apps");
  if (applications.excludeApplications.length > 0) gaps.push(`excludes ${plural(applications.excludeApplications.length, "app")}`);
  gaps.push(...roleAndGuestGaps(p, bg), ...exclusionGaps(p, bg));
  return gaps;
}

function sessionGaps(p: ConditionalAccessPolicy): string[] {
  const gaps: string[] = [];
  const freq = p.sessionControls?.signInFrequency;
  const everyTime = freq?.frequencyInterval === "everyTime";
  const shortHours = freq?.type === "hours" && freq.value !== null && freq.value <= MAX_ADMIN_SESSION_HOURS;
  if (!freq?.isEnabled) gaps.push("sets no sign-in frequency");
  else if (!everyTime && !shortHours) gaps.push(`sign-in frequency is ${freq.value ?? "?"} ${freq.type ?? ""}, longer than ${MAX_ADMIN_SESSION_HOURS} hours`.trim());
  const browser = p.sessionControls?.persistentBrowser;
  if (!browser?.isEnabled || browser.mode !== "never") gaps.push("does not set persistent browser session to never");
  return gaps;
}

export const C10 = defineCheck({
  id: "C10",
  title: "Admin sessions are re-authenticated within 4 hours and never persist in the browser",
  scanType: "compliance",
  category: "Conditional Access",
  severity: "medium",
  frameworks: ["CIS 5.2.2.4"],
  sources: ["conditionalAccessPolicies", "breakGlass"],
  licence: "p1",
  remediation:
    "In the Entra admin center → Protection → Conditional Access, in a policy whose Users → Directory roles include every privileged admin role and All resources, set Session → Sign-in frequency to 4 hours or less (or Every time) and Persistent browser session to Never persistent, and set it to On (sessionControls.signInFrequency isEnabled with type hours, value ≤ 4; sessionControls.persistentBrowser.mode \"never\").",
  evaluate({ conditionalAccessPolicies, breakGlass }) {
    return qualifyingPolicy({
      policies: conditionalAccessPolicies,
      breakGlass,
      gapsOf: (p) => [...adminTargetGaps(p, breakGlass), ...sessionGaps(p)],
      isCandidate: (p) => Boolean(p.sessionControls?.signInFrequency?.isEnabled || p.sessionControls?.persistentBrowser?.isEnabled),
      passMessage: (names) => `Admin sessions are short and never persistent under Conditional Access policy ${names}.`,
      failMessage: `No enabled Conditional Access policy for the privileged admin roles limits sign-in frequency to ${MAX_ADMIN_SESSION_HOURS} hours and disables persistent browser sessions`,
    });
  },
});
