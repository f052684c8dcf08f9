import type { ConditionalAccessPolicy } from "@/lib/microsoft/graph-types";
import type { CheckOutcome } from "@/lib/scans/checks/types";
import { capList, includesId, listForMessage, plural } from "@/lib/scans/checks/helpers";

/* Conditional Access policy coverage: the one place that decides whether a policy covers users, apps and conditions. */

/**
 * Break-glass (BG) accounts are not configurable in this version. Without a BG list, a policy's user
 * exclusions are tolerated as presumed emergency-access accounts only while they stay small: at most 2
 * excluded users (Microsoft recommends two break-glass accounts) and no excluded groups (a group can grow
 * silently, so it cannot stand in for a fixed BG set).
 */
export const MAX_UNCONFIGURED_BREAK_GLASS_USERS = 2;

export type CaPolicyRef = { id: string; displayName: string };
export type CaNearMiss = CaPolicyRef & { state: ConditionalAccessPolicy["state"]; gaps: string[] };

export function policyRef(p: ConditionalAccessPolicy): CaPolicyRef {
  return { id: p.id, displayName: p.displayName };
}

/** Break-glass tolerance on excludeUsers / excludeGroups (see MAX_UNCONFIGURED_BREAK_GLASS_USERS). */
export function exclusionGaps(p: ConditionalAccessPolicy): string[] {
  const gaps: string[] = [];
  const users = p.conditions.users;
  if (users.excludeUsers.length > MAX_UNCONFIGURED_BREAK_GLASS_USERS) {
    gaps.push(`excludes ${users.excludeUsers.length} users (more than ${MAX_UNCONFIGURED_BREAK_GLASS_USERS} break-glass accounts)`);
  }
  if (users.excludeGroups.length > 0) gaps.push(`excludes ${plural(users.excludeGroups.length, "group")}`);
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

/**
 * Conditions that limit when a policy applies. Beyond the catalog's locations/platforms/devices, sign-in or
 * user risk levels and workload-identity targeting (clientApplications) also make a policy conditional.
 * Client app types are checked by the caller because C02 requires specific ones.
 */
export function narrowingGaps(p: ConditionalAccessPolicy): string[] {
  const c = p.conditions;
  const gaps: string[] = [];
  if (conditionNarrows(c.locations, "includeLocations", "excludeLocations")) gaps.push("limited by a locations condition");
  if (conditionNarrows(c.platforms, "includePlatforms", "excludePlatforms")) gaps.push("limited by a device platforms condition");
  if (c.devices !== null && c.devices !== undefined) gaps.push("limited by a device filter");
  if (c.userRiskLevels.length > 0) gaps.push("limited to user risk levels");
  if (c.signInRiskLevels.length > 0) gaps.push("limited to sign-in risk levels");
  if (c.clientApplications !== null && c.clientApplications !== undefined) gaps.push("targets workload identities");
  return gaps;
}

/**
 * CA*(p) from the catalog, except the client-app-types rule (the caller adds it): enabled, all users, all
 * apps, nothing excluded except tolerated break-glass users, and no narrowing condition.
 */
export function caStarGaps(p: ConditionalAccessPolicy): string[] {
  const gaps: string[] = [];
  const { users, applications } = p.conditions;
  if (p.state !== "enabled") gaps.push(`state is ${p.state}`);
  if (!includesId(users.includeUsers, "All")) gaps.push("does not target all users");
  if (!includesId(applications.includeApplications, "All")) gaps.push("does not target all cloud apps");
  if (applications.excludeApplications.length > 0) gaps.push(`excludes ${plural(applications.excludeApplications.length, "app")}`);
  if (users.excludeRoles.length > 0) gaps.push(`excludes ${plural(users.excludeRoles.length, "role")}`);
  if (users.excludeGuestsOrExternalUsers !== null && users.excludeGuestsOrExternalUsers !== undefined) {
    gaps.push("excludes guests or external users");
  }
  gaps.push(...exclusionGaps(p), ...narrowingGaps(p));
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
    else if (args.isCandidate(p)) nearMisses.push({ ...policyRef(p), state: p.state, gaps });
  }
  const evidence = {
    securityDefaultsEnabled: args.securityDefaultsEnabled,
    policiesEvaluated: args.policies.length,
    matchingPolicies: capList(matching),
    nearMisses: capList(nearMisses),
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
