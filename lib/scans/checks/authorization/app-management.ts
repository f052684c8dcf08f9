import type { AppManagementRestrictions, CredentialRestriction, TenantAppManagementPolicy } from "@/lib/microsoft/graph-types";
import { defineCheck } from "@/lib/scans/checks/helpers";

/* The tenant's default app management policy: no new secrets (C35), short secret (C36) and certificate (C37) lifetimes. */

/**
 * A restriction with a "created after" cutoff applies only to apps created after it. Entra ID app registrations
 * older than 2010 hardly exist, so a cutoff before then counts as "every app"; a later one leaves older apps out.
 */
const ALL_APPS_CUTOFF = Date.UTC(2010, 0, 1);

/** Days in an ISO 8601 duration (PnYnMnWnDTnHnMnS; years as 365 days, months as 30), or null when it is not one. */
export function durationDays(iso: string | null | undefined): number | null {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso ?? "");
  if (!m || iso === "P" || iso?.endsWith("T")) return null;
  const [, y, mo, w, d, h, mi, s] = m.map((v) => (v === undefined ? 0 : Number(v))) as number[];
  return y! * 365 + mo! * 30 + w! * 7 + d! + h! / 24 + mi! / 1440 + s! / 86_400;
}

type Scope = "applications" | "service principals";
type Found = { restriction: CredentialRestriction | null; problem: string | null };

/** The enabled restriction of `type` in one scope, and what keeps it from covering every app now. */
function restrictionIn(restrictions: AppManagementRestrictions | null, list: "passwordCredentials" | "keyCredentials", type: string, now: number): Found {
  const restriction = (restrictions?.[list] ?? []).find((r) => r.restrictionType === type && (r.state ?? "enabled") === "enabled") ?? null;
  if (!restriction) return { restriction, problem: "not set" };
  const cutoff = restriction.restrictForAppsCreatedAfterDateTime ? Date.parse(restriction.restrictForAppsCreatedAfterDateTime) : null;
  if (cutoff !== null && cutoff > now) return { restriction, problem: `not in force until ${restriction.restrictForAppsCreatedAfterDateTime!.slice(0, 10)}` };
  if (cutoff !== null && cutoff > ALL_APPS_CUTOFF) return { restriction, problem: `only for apps created after ${restriction.restrictForAppsCreatedAfterDateTime!.slice(0, 10)}` };
  return { restriction, problem: null };
}

function judge(policy: TenantAppManagementPolicy, list: "passwordCredentials" | "keyCredentials", type: string, now: number, maxDays?: number) {
  const scopes: [Scope, AppManagementRestrictions | null][] = [
    ["applications", policy.applicationRestrictions],
    ["service principals", policy.servicePrincipalRestrictions],
  ];
  const gaps: string[] = [];
  const found: Record<string, { maxLifetime: string | null; restrictForAppsCreatedAfterDateTime: string | null } | null> = {};
  for (const [scope, restrictions] of scopes) {
    const { restriction, problem } = restrictionIn(restrictions, list, type, now);
    found[scope] = restriction ? { maxLifetime: restriction.maxLifetime, restrictForAppsCreatedAfterDateTime: restriction.restrictForAppsCreatedAfterDateTime } : null;
    if (problem) gaps.push(`${scope}: ${problem}`);
    else if (maxDays !== undefined) {
      const days = durationDays(restriction!.maxLifetime);
      if (days === null) gaps.push(`${scope}: no readable maximum lifetime (${restriction!.maxLifetime ?? "none"})`);
      else if (days > maxDays) gaps.push(`${scope}: up to ${Math.round(days)} days (${restriction!.maxLifetime})`);
    }
  }
  if (!policy.isEnabled) gaps.unshift("the policy is not enabled");
  return { gaps, evidence: { isEnabled: policy.isEnabled, restrictionType: type, ...found, gaps } };
}

const PORTAL = "Entra admin center → Identity → Applications → Enterprise applications → App management policies (Graph: PATCH /policies/defaultAppManagementPolicy)";

export const C35 = defineCheck({
  id: "C35",
  title: "New client secrets are blocked for all apps",
  scanType: "compliance",
  category: "Authorization and consent",
  severity: "medium",
  frameworks: ["MS.AAD.5.5v1", "MT.1002"],
  sources: ["appManagementPolicy"],
  remediation: `In the ${PORTAL}, enable the tenant default policy with the "Block password addition" restriction for applications and for service principals, applying to apps created after a date before your oldest app; move apps to certificates or managed identities first.`,
  evaluate({ appManagementPolicy }, { now }) {
    const { gaps, evidence } = judge(appManagementPolicy, "passwordCredentials", "passwordAddition", now.getTime());
    return gaps.length === 0
      ? { status: "pass", message: "No application or service principal can be given a new client secret.", evidence }
      : { status: "fail", message: `Client secrets can still be added: ${gaps.join("; ")}.`, evidence };
  },
});

export const C36 = defineCheck({
  id: "C36",
  title: "Client secret lifetime is limited to 180 days",
  scanType: "compliance",
  category: "Authorization and consent",
  severity: "medium",
  frameworks: ["MS.AAD.5.6v1"],
  sources: ["appManagementPolicy"],
  remediation: `In the ${PORTAL}, enable the tenant default policy with "Restrict max password lifetime" at 180 days or less for applications and for service principals (maxLifetime P180D).`,
  evaluate({ appManagementPolicy }, { now }) {
    // Nothing to limit when no secret can be added at all (C35 passes).
    if (judge(appManagementPolicy, "passwordCredentials", "passwordAddition", now.getTime()).gaps.length === 0) {
      return { status: "skip", message: "New client secrets are blocked for every app (C35), so their lifetime does not apply.", evidence: { passwordAdditionBlocked: true } };
    }
    // Entra refuses a secret whose lifetime is not strictly less than maxLifetime, so P181D still means ≤ 180 days.
    const { gaps, evidence } = judge(appManagementPolicy, "passwordCredentials", "passwordLifetime", now.getTime(), 181);
    return gaps.length === 0
      ? { status: "pass", message: "New client secrets live at most 180 days, for applications and service principals.", evidence }
      : { status: "fail", message: `Client secret lifetime is not limited to 180 days: ${gaps.join("; ")}.`, evidence };
  },
});

export const C37 = defineCheck({
  id: "C37",
  title: "Certificate credential lifetime is limited to a year",
  scanType: "compliance",
  category: "Authorization and consent",
  severity: "low",
  frameworks: ["MS.AAD.5.7v1"],
  sources: ["appManagementPolicy"],
  remediation: `In the ${PORTAL}, enable the tenant default policy with "Restrict max certificate lifetime" at 365 days or less for applications and for service principals (keyCredentials asymmetricKeyLifetime, maxLifetime P365D).`,
  evaluate({ appManagementPolicy }, { now }) {
    const { gaps, evidence } = judge(appManagementPolicy, "keyCredentials", "asymmetricKeyLifetime", now.getTime(), 366);
    return gaps.length === 0
      ? { status: "pass", message: "New certificate credentials live at most a year, for applications and service principals.", evidence }
      : { status: "fail", message: `Certificate lifetime is not limited to a year: ${gaps.join("; ")}.`, evidence };
  },
});
