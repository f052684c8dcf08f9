import type { BreakGlass, Check, CheckObjects, SourceId } from "@/lib/scans/checks/types";

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

/** X09: an exception may cover one parked domain. */
export const PARKED_DOMAIN_OBJECTS: CheckObjects = {
  kind: "domain",
  exclude: (data, ids) => ({ ...data, parkedDns: data.parkedDns!.filter((d) => !has(ids, d.domain)) }),
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

/** Whether a user (object id) is one of the tenant's declared break-glass accounts, directly or through a declared group. */
export function isBreakGlassUser(bg: BreakGlass, userId: string): boolean {
  return includesId(bg.userIds, userId) || includesId(bg.memberUserIds, userId);
}

export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function includesId(list: readonly string[], id: string): boolean {
  return list.some((x) => sameId(x, id));
}
