import type { ConditionalAccessPolicy } from "@/lib/microsoft/graph-types";
import type { BreakGlass, CheckOutcome } from "@/lib/scans/checks/types";
import { capList, includesId, isBreakGlassUser, listForMessage, plural, PRIV_ROLE_TEMPLATE_IDS, sameId } from "@/lib/scans/checks/helpers";

/* Conditional Access policy coverage: the one place that decides whether a policy covers users, apps and conditions. */

export type CaPolicyRef = { id: string; displayName: string };

/** What a policy leaves out beyond the declared break-glass accounts: the objects named, for evidence. */
export type CaExclusions = {
  users: string[];
  groups: string[];
  roles: { id: string; displayName: string | null }[];
  guestsOrExternalUsers: boolean;
  applications: string[];
};
export type CaNearMiss = CaPolicyRef & { state: ConditionalAccessPolicy["state"]; gaps: string[]; excludes?: CaExclusions };

export function policyRef(p: ConditionalAccessPolicy): CaPolicyRef {
  return { id: p.id, displayName: p.displayName };
}

/** Graph's legacy value in excludeUsers meaning every guest and external user. */
const GUESTS_OR_EXTERNAL = "GuestsOrExternalUsers";

/**
 * Exclusions a policy may make without losing coverage: only the tenant's declared break-glass accounts (directly, or
 * as members of a declared group) and the declared groups themselves. Everything else it excludes is listed here.
 */
export function undeclaredExclusions(p: ConditionalAccessPolicy, bg: BreakGlass): CaExclusions {
  const { users, applications } = p.conditions;
  const guestsListed = users.excludeUsers.some((u) => sameId(u, GUESTS_OR_EXTERNAL));
  return {
    users: users.excludeUsers.filter((u) => !sameId(u, GUESTS_OR_EXTERNAL) && !isBreakGlassUser(bg, u)),
    groups: users.excludeGroups.filter((g) => !includesId(bg.groupIds, g)),
    roles: users.excludeRoles.map((id) => ({ id, displayName: PRIV_ROLE_TEMPLATE_IDS[id.toLowerCase()] ?? null })),
    guestsOrExternalUsers: guestsListed || (users.excludeGuestsOrExternalUsers !== null && users.excludeGuestsOrExternalUsers !== undefined),
    applications: [...applications.excludeApplications],
  };
}

function hasExclusions(e: CaExclusions): boolean {
  return e.users.length + e.groups.length + e.roles.length + e.applications.length > 0 || e.guestsOrExternalUsers;
}

/** Excluded users and groups that are not declared break-glass accounts (C01–C03 and every "all users" policy test). */
export function exclusionGaps(p: ConditionalAccessPolicy, bg: BreakGlass): string[] {
  const e = undeclaredExclusions(p, bg);
  const gaps: string[] = [];
  const declared = bg.configured ? "" : " (no break-glass accounts are declared)";
  if (e.users.length > 0) gaps.push(`excludes ${plural(e.users.length, "user")} not declared as break-glass: ${listForMessage(e.users, 3)}${declared}`);
  if (e.groups.length > 0) gaps.push(`excludes ${plural(e.groups.length, "group")} not declared as break-glass: ${listForMessage(e.groups, 3)}${declared}`);
  return gaps;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : null;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** A platforms/locations condition narrows the policy unless it includes "all" and excludes nothing. */
function conditionNarrows(condition: unknown, includeKey: string, excludeKey: string): boolean {
  const c = asRecord(condition);
  if (!c) return false;
  const include = stringArray(c[includeKey]);
  const exclude = stringArray(c[excludeKey]);
  return !(include.some((v) => v.toLowerCase() === "all") && exclude.length === 0);
}

const ALL_CLIENT_APP_TYPES = ["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"] as const;

export function coversAllClientApps(p: ConditionalAccessPolicy): boolean {
  const types = p.conditions.clientAppTypes;
  return types.includes("all") || ALL_CLIENT_APP_TYPES.every((t) => types.includes(t));
}

/** Risk conditions a check is about (C05 user risk, C06 sign-in risk) are its subject, not a narrowing gap. */
export type RiskAllowance = { userRisk?: boolean; signInRisk?: boolean };

/**
 * Conditions that limit when a policy applies. Beyond the catalog's locations/platforms/devices, sign-in or
 * user risk levels and workload-identity targeting (clientApplications) also make a policy conditional.
 * Client app types are checked by the caller because C02 requires specific ones.
 */
export function narrowingGaps(p: ConditionalAccessPolicy, allow: RiskAllowance = {}): string[] {
  const c = p.conditions;
  const gaps: string[] = [];
  if (conditionNarrows(c.locations, "includeLocations", "excludeLocations")) gaps.push("limited by a locations condition");
  if (conditionNarrows(c.platforms, "includePlatforms", "excludePlatforms")) gaps.push("limited by a device platforms condition");
  if (c.devices !== null && c.devices !== undefined) gaps.push("limited by a device filter");
  if (c.userRiskLevels.length > 0 && !allow.userRisk) gaps.push("limited to user risk levels");
  if (c.signInRiskLevels.length > 0 && !allow.signInRisk) gaps.push("limited to sign-in risk levels");
  if (c.clientApplications !== null && c.clientApplications !== undefined) gaps.push("targets workload identities");
  return gaps;
}

/** Excluded directory roles and guests: never acceptable, whatever is declared. */
export function roleAndGuestGaps(p: ConditionalAccessPolicy, bg: BreakGlass): string[] {
  const e = undeclaredExclusions(p, bg);
  const gaps: string[] = [];
  if (e.roles.length > 0) gaps.push(`excludes ${plural(e.roles.length, "role")}: ${listForMessage(e.roles.map((r) => r.displayName ?? r.id), 3)}`);
  if (e.guestsOrExternalUsers) gaps.push("excludes guests or external users");
  return gaps;
}

/**
 * CA*(p) from the catalog, except the client-app-types rule (the caller adds it): enabled, all users, all
 * apps, nothing excluded except the declared break-glass accounts and groups, and no narrowing condition.
 */
export function caStarGaps(p: ConditionalAccessPolicy, bg: BreakGlass, allow: RiskAllowance = {}): string[] {
  const gaps: string[] = [];
  const { users, applications } = p.conditions;
  if (p.state !== "enabled") gaps.push(`state is ${p.state}`);
  if (!includesId(users.includeUsers, "All")) gaps.push("does not target all users");
  if (!includesId(applications.includeApplications, "All")) gaps.push("does not target all cloud apps");
  if (applications.excludeApplications.length > 0) gaps.push(`excludes ${plural(applications.excludeApplications.length, "app")}`);
  gaps.push(...roleAndGuestGaps(p, bg), ...exclusionGaps(p, bg), ...narrowingGaps(p, allow));
  return gaps;
}

/**
 * Whether the grant requires MFA: 'mfa' or an authentication strength, and no alternative control that
 * lets the user skip it (with operator OR, e.g. "MFA or compliant device", MFA is optional).
 */
export function grantMfaGaps(p: ConditionalAccessPolicy): string[] {
  const g = p.grantControls;
  if (!g) return ["has no grant controls"];
  if (!g.builtInControls.includes("mfa") && g.authenticationStrength === null) {
    return ["does not require MFA or an authentication strength"];
  }
  if (g.operator === "OR") {
    const alternatives = [...g.builtInControls.filter((c) => c !== "mfa"), ...g.customAuthenticationFactors, ...g.termsOfUse];
    if (alternatives.length > 0) return [`MFA is optional: operator OR with ${alternatives.join(", ")}`];
  }
  return [];
}

export function grantBlockGaps(p: ConditionalAccessPolicy): string[] {
  return p.grantControls?.builtInControls.includes("block") ? [] : ["does not block access"];
}

/**
 * Shared outcome of the "security defaults OR a qualifying CA policy" checks (C01–C03). `gapsOf` lists the
 * unmet conditions of a policy; policies that meet the grant condition but miss others are reported as near
 * misses so the admin sees why an existing policy did not count (e.g. report-only).
 */
export function securityDefaultsOrPolicy(args: {
  securityDefaultsEnabled: boolean;
  policies: readonly ConditionalAccessPolicy[];
  breakGlass: BreakGlass;
  gapsOf: (p: ConditionalAccessPolicy) => string[];
  isCandidate: (p: ConditionalAccessPolicy) => boolean;
  sdPassMessage: string;
  policyPassMessage: (names: string) => string;
  failMessage: string;
}): CheckOutcome {
  const matching: CaPolicyRef[] = [];
  const nearMisses: CaNearMiss[] = [];
  for (const p of args.policies) {
    const gaps = args.gapsOf(p);
    if (gaps.length === 0) matching.push(policyRef(p));
    else if (args.isCandidate(p)) {
      const excludes = undeclaredExclusions(p, args.breakGlass);
      nearMisses.push({ ...policyRef(p), state: p.state, gaps, ...(hasExclusions(excludes) ? { excludes } : {}) });
    }
  }
  const evidence = {
    securityDefaultsEnabled: args.securityDefaultsEnabled,
    policiesEvaluated: args.policies.length,
    breakGlass: { declaredUsers: args.breakGlass.userIds.length, declaredGroups: args.breakGlass.groupIds.length },
    matchingPolicies: capList(matching),
    matchingPolicyCount: matching.length,
    nearMisses: capList(nearMisses),
    nearMissCount: nearMisses.length,
  };
  if (args.securityDefaultsEnabled) return { status: "pass", message: args.sdPassMessage, evidence };
  if (matching.length > 0) {
    return { status: "pass", message: args.policyPassMessage(listForMessage(matching.map((m) => `"${m.displayName}"`))), evidence };
  }
  const hint =
    nearMisses.length > 0
      ? ` (${plural(nearMisses.length, "policy", "policies")} came close but did not count: ${listForMessage(
          nearMisses.map((n) => `"${n.displayName}" ${n.gaps[0]}`),
          3,
        )})`
      : "";
  return { status: "fail", message: `${args.failMessage}${hint}.`, evidence };
}

/**
 * Outcome of the "some enabled policy does X" checks (C05 onward): pass naming the matching policies, or fail
 * naming the policies that meet the grant/condition but miss coverage, and what each excludes.
 */
export function qualifyingPolicy(args: {
  policies: readonly ConditionalAccessPolicy[];
  breakGlass: BreakGlass;
  gapsOf: (p: ConditionalAccessPolicy) => string[];
  isCandidate: (p: ConditionalAccessPolicy) => boolean;
  passMessage: (names: string) => string;
  failMessage: string;
}): CheckOutcome {
  const outcome = securityDefaultsOrPolicy({
    ...args,
    securityDefaultsEnabled: false,
    sdPassMessage: "",
    policyPassMessage: args.passMessage,
  });
  // Security defaults have no say in these checks, so the evidence does not mention them.
  const { securityDefaultsEnabled, ...evidence } = outcome.evidence as Record<string, unknown>;
  void securityDefaultsEnabled;
  return { ...outcome, evidence };
}
