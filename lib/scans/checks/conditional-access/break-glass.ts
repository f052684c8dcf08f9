import type { ConditionalAccessPolicy } from "@/lib/microsoft/graph-types";
import { capList, defineCheck, includesId, listForMessage, plural } from "@/lib/scans/checks/helpers";
import type { BreakGlass } from "@/lib/scans/checks/types";

/* Break-glass accounts excluded from every enforced user policy (C11). */

/** The declared break-glass accounts that exist: declared users plus the members of declared groups. */
export function breakGlassAccounts(bg: BreakGlass): string[] {
  const missing = new Set(bg.missingUserIds.map((id) => id.toLowerCase()));
  return [...new Set([...bg.userIds, ...bg.memberUserIds].map((id) => id.toLowerCase()))].filter((id) => !missing.has(id)).sort();
}

function account(bg: BreakGlass, id: string) {
  const known = bg.names[id.toLowerCase()];
  return { id, userPrincipalName: known?.userPrincipalName ?? null, displayName: known?.displayName ?? null };
}

/**
 * A policy targets workload identities (service principals, agents) rather than people when it sets
 * conditions.clientApplications; such a policy cannot lock out an emergency-access account.
 */
function targetsWorkloadIdentities(p: ConditionalAccessPolicy): boolean {
  const c = p.conditions.clientApplications as Record<string, unknown> | null | undefined;
  if (!c) return false;
  return Object.entries(c).some(([key, value]) => key.startsWith("include") && Array.isArray(value) && value.length > 0);
}

/** The break-glass accounts a policy still applies to: neither excluded directly nor through an excluded declared group. */
export function breakGlassNotExcluded(p: ConditionalAccessPolicy, bg: BreakGlass): string[] {
  const { excludeUsers, excludeGroups } = p.conditions.users;
  const viaGroups = new Set(
    Object.entries(bg.membersByGroup)
      .filter(([groupId]) => includesId(excludeGroups, groupId))
      .flatMap(([, members]) => members.map((m) => m.toLowerCase())),
  );
  return breakGlassAccounts(bg).filter((id) => !includesId(excludeUsers, id) && !viaGroups.has(id));
}

export const C11 = defineCheck({
  id: "C11",
  title: "Break-glass accounts are excluded from every enforced Conditional Access policy",
  scanType: "compliance",
  category: "Conditional Access",
  severity: "high",
  frameworks: ["CIS 1.1.2 (intent)", "MT.1005"],
  sources: ["conditionalAccessPolicies", "breakGlass"],
  licence: "p1",
  remediation:
    "In the Entra admin center → Protection → Conditional Access, open each listed policy → Users → Exclude and add your emergency-access accounts (or the declared break-glass group), then save. Declare the accounts and groups to Aether365 with PUT /tenants/{tenantId}/break-glass so the checks know them; keep them cloud-only with a phishing-resistant method and monitor their sign-ins.",
  evaluate({ conditionalAccessPolicies, breakGlass }) {
    if (!breakGlass.configured) {
      return {
        status: "skip",
        skipReason: "not_applicable",
        message: "No break-glass accounts or groups are declared for this tenant, so there is nothing to verify; declare them to enable this check.",
        evidence: { declaredUsers: 0, declaredGroups: 0 },
      };
    }
    const accounts = breakGlassAccounts(breakGlass);
    const enforced = conditionalAccessPolicies.filter((p) => p.state === "enabled" && !targetsWorkloadIdentities(p));
    const offending = enforced
      .map((p) => ({ id: p.id, displayName: p.displayName, notExcluded: breakGlassNotExcluded(p, breakGlass) }))
      .filter((p) => p.notExcluded.length > 0);
    const evidence = {
      breakGlassAccounts: capList(accounts.map((id) => account(breakGlass, id))),
      breakGlassAccountCount: accounts.length,
      declaredGroups: breakGlass.groupIds,
      missingGroups: breakGlass.missingGroupIds,
      missingUsers: breakGlass.missingUserIds,
      enforcedPolicies: enforced.length,
      policiesNotExcluding: capList(offending.map((p) => ({ ...p, notExcluded: capList(p.notExcluded.map((id) => account(breakGlass, id))) }))),
      policiesNotExcludingCount: offending.length,
    };
    const gone = [
      breakGlass.missingGroupIds.length > 0 ? ` Declared group ${listForMessage(breakGlass.missingGroupIds, 3)} no longer exists.` : "",
      breakGlass.missingUserIds.length > 0 ? ` Declared account ${listForMessage(breakGlass.missingUserIds, 3)} no longer exists; update the declaration.` : "",
    ];
    const missing = gone.join("");
    if (accounts.length === 0) {
      return { status: "fail", message: `The declared break-glass groups have no member accounts, so no emergency access is set up.${missing}`, evidence };
    }
    if (offending.length === 0) {
      return {
        status: "pass",
        message: `All ${plural(accounts.length, "break-glass account")} are excluded from each of the ${plural(enforced.length, "enforced user policy", "enforced user policies")}.${missing}`,
        evidence,
      };
    }
    const label = (id: string) => account(breakGlass, id).userPrincipalName ?? id;
    const named = offending.map((p) => `"${p.displayName}" (applies to ${listForMessage(p.notExcluded.map(label), 2)})`);
    return {
      status: "fail",
      message: `${plural(offending.length, "enforced policy", "enforced policies")} could lock out break-glass accounts: ${listForMessage(named, 3)}.${missing}`,
      evidence,
    };
  },
});

