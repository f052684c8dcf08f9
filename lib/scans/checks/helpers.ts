import type { ConditionalAccessPolicy } from "@/lib/microsoft/graph-types";
import type { Check, CheckObjects, CheckOutcome, DomainDnsRecords, SourceId } from "@/lib/scans/checks/types";

/** Global Administrator role template id. */
export const GLOBAL_ADMIN_ROLE_ID = "62e90394-69f5-4237-9190-012177145e10";

/** Highly privileged roles (ScubaGear's default PRIV set), by role template id. */
export const PRIV_ROLE_TEMPLATE_IDS: Readonly<Record<string, string>> = {
  "62e90394-69f5-4237-9190-012177145e10": "Global Administrator",
  "e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
  "fe930be7-5e62-47db-91af-98c3a49a38b1": "User Administrator",
  "f28a1f50-f6e7-4571-818b-6a12f2af6b6c": "SharePoint Administrator",
  "29232cdf-9323-42fd-ade2-1d097af3e4de": "Exchange Administrator",
  "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2": "Hybrid Identity Administrator",
  "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": "Application Administrator",
  "158c047a-c907-4556-b7ef-446551a6b5f7": "Cloud Application Administrator",
};

export const PRIV_ROLE_IDS: readonly string[] = Object.keys(PRIV_ROLE_TEMPLATE_IDS);

export const DAY_MS = 24 * 60 * 60 * 1000;

/** How many items an evidence list keeps; the total count is always reported next to it. */
export const EVIDENCE_LIST_LIMIT = 50;

/**
 * Types a check for the registry while keeping `evaluate`'s parameter precisely typed at the definition:
 * `S` is inferred from `sources`, so `data` only has the declared sources.
 */
export function defineCheck<S extends SourceId>(check: Check<S>): Check<S> {
  return check;
}

const has = (ids: ReadonlySet<string>, ...names: (string | null | undefined)[]) => names.some((n) => n && ids.has(n.toLowerCase()));

/** Per-domain checks (email authentication): an exception may cover one domain. */
export const EMAIL_DOMAIN_OBJECTS: CheckObjects = {
  kind: "domain",
  exclude: (data, ids) => ({ ...data, emailDns: data.emailDns!.filter((d) => !has(ids, d.domain)) }),
};

/** Per-app checks: an exception may cover one application (appId). */
export const APPLICATION_OBJECTS: CheckObjects = {
  kind: "application",
  exclude: (data, ids) => ({ ...data, applications: data.applications!.filter((a) => !has(ids, a.appId)) }),
};

/** Per-admin checks: an exception may cover one account (object id or UPN), e.g. a documented service admin. */
export const ADMIN_USER_OBJECTS: CheckObjects = {
  kind: "user",
  exclude: (data, ids) => ({ ...data, adminRegistrationDetails: data.adminRegistrationDetails!.filter((u) => !has(ids, u.id, u.userPrincipalName)) }),
};

/** Per-guest checks: an exception may cover one guest (object id or UPN). */
export const GUEST_OBJECTS: CheckObjects = {
  kind: "user",
  exclude: (data, ids) => ({ ...data, guestUsers: { ...data.guestUsers!, users: data.guestUsers!.users.filter((u) => !has(ids, u.id, u.userPrincipalName)) } }),
};

/** Milliseconds since the epoch, or null for a missing or unparsable date. */
export function parseDate(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Whole days from `from` to `to` (rounded down). */
export function daysBetween(from: number, to: number): number {
  return Math.floor((to - from) / DAY_MS);
}

export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** "a, b, c and 2 more" — keeps messages to one readable sentence. */
export function listForMessage(items: readonly string[], max = 5): string {
  if (items.length <= max) {
    if (items.length <= 1) return items.join("");
    return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
  }
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

/** The first EVIDENCE_LIST_LIMIT items; callers report the total separately. */
export function capList<T>(items: readonly T[], max = EVIDENCE_LIST_LIMIT): T[] {
  return items.slice(0, max);
}

export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function includesId(list: readonly string[], id: string): boolean {
  return list.some((x) => sameId(x, id));
}

// ---------------------------------------------------------------------------------------------------------
// Conditional Access
// ---------------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------------
// DNS record parsing and per-domain aggregation (X01–X07)
// ---------------------------------------------------------------------------------------------------------

/** Tag-value list (DMARC, DKIM): "k=v; k2 = v2" → Map with lower-cased keys and trimmed values. */
export function parseTags(record: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of record.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    if (key && !tags.has(key)) tags.set(key, part.slice(eq + 1).trim());
  }
  return tags;
}

export type DomainVerdict = { outcome: "pass" | "fail" | "na"; finding: string } & Record<string, unknown>;
export type DomainResult = { domain: string } & ({ outcome: "error"; finding: string } | DomainVerdict);

/**
 * Evaluates every email domain and folds the results: any fail → fail (even when another domain errored),
 * else any DNS error → error naming the domains, else pass. Domains a check does not apply to ("na") pass;
 * if none applies the check passes with a message saying so. No email domains at all → pass.
 */
export function evaluateEmailDomains(
  domains: readonly DomainDnsRecords[],
  verdict: (d: DomainDnsRecords) => DomainVerdict,
  /** `fail` gets "a.com (finding) and b.com (finding)" and returns a sentence without the final period. */
  text: { fail: (domains: string) => string; pass: string; noneApplicable: string },
): CheckOutcome {
  if (domains.length === 0) {
    return { status: "pass", message: "No custom email domains, so there is nothing to check.", evidence: { domains: [] } };
  }
  const results: DomainResult[] = domains.map((d) =>
    d.error !== null ? { domain: d.domain, outcome: "error", finding: `DNS lookup failed: ${d.error}` } : { domain: d.domain, ...verdict(d) },
  );
  const evidence = { domains: results };
  const failed = results.filter((r) => r.outcome === "fail");
  const errored = results.filter((r) => r.outcome === "error");
  const erroredNames = listForMessage(errored.map((r) => r.domain));
  if (failed.length > 0) {
    const alsoErrored = errored.length > 0 ? `; DNS lookup also failed for ${erroredNames}` : "";
    const failedList = listForMessage(failed.map((r) => `${r.domain} (${r.finding})`), 3);
    return { status: "fail", message: `${text.fail(failedList)}${alsoErrored}.`, evidence };
  }
  if (errored.length > 0) {
    const pronoun = errored.length === 1 ? "it" : "they";
    return { status: "error", message: `DNS lookup failed for ${erroredNames}, so ${pronoun} could not be checked.`, evidence };
  }
  if (results.every((r) => r.outcome === "na")) return { status: "pass", message: text.noneApplicable, evidence };
  return { status: "pass", message: text.pass, evidence };
}
