import type { AccessReviewScheduleDefinition } from "@/lib/microsoft/graph-types";
import { capList, defineCheck, includesId, listForMessage, PRIV_ROLE_IDS, PRIV_ROLE_TEMPLATE_IDS } from "@/lib/scans/checks/helpers";

/* Recurring access reviews of privileged roles (C25) and of guests (C26). */

/** Every query string in a review scope, nested scopes (principalScopes, resourceScopes) included. */
function queriesOf(scope: unknown): string[] {
  if (!scope || typeof scope !== "object") return [];
  if (Array.isArray(scope)) return scope.flatMap(queriesOf);
  return Object.entries(scope as Record<string, unknown>).flatMap(([key, value]) => (key === "query" && typeof value === "string" ? [value] : queriesOf(value)));
}

/** Active (not completed) and recurring: a one-off review proves nothing about the next quarter. */
function isLiveRecurring(d: AccessReviewScheduleDefinition): boolean {
  return d.status !== "Completed" && Boolean(d.settings?.recurrence?.pattern);
}

const ROLE_INSTANCES = /roleManagement\/directory\/role(Assignment|Eligibility)Schedule(Instance)?s|roleManagement\/directory\/roleDefinitions/i;
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Roles a role review covers: all of them when its queries name no role, otherwise the role ids they name. */
function reviewedRoles(d: AccessReviewScheduleDefinition): "all" | string[] | null {
  const queries = queriesOf(d.scope).filter((q) => ROLE_INSTANCES.test(q));
  if (queries.length === 0) return null;
  const named = queries.flatMap((q) => q.match(GUID) ?? []).map((id) => id.toLowerCase());
  return named.length === 0 ? "all" : named;
}

const ref = (d: AccessReviewScheduleDefinition) => ({ id: d.id, displayName: d.displayName, status: d.status, recurring: Boolean(d.settings?.recurrence?.pattern) });

export const C25 = defineCheck({
  id: "C25",
  title: "Privileged roles are reviewed on a recurring schedule",
  scanType: "compliance",
  category: "Privileged access",
  severity: "medium",
  frameworks: ["CIS 5.3.3"],
  sources: ["accessReviewDefinitions"],
  licence: "p2",
  remediation:
    "In the Entra admin center → Identity governance → Privileged Identity Management → Microsoft Entra roles → Access reviews → New, select Global, Privileged Role, User, SharePoint, Exchange, Hybrid Identity, Application and Cloud Application Administrator (or create one review per role), set Frequency to Monthly or Quarterly with no end, pick reviewers who do not review themselves, and enable 'Auto apply results' so denied access is removed.",
  evaluate({ accessReviewDefinitions }) {
    const roleReviews = accessReviewDefinitions.map((d) => ({ d, roles: reviewedRoles(d) })).filter((r) => r.roles !== null);
    const live = roleReviews.filter((r) => isLiveRecurring(r.d));
    const covered = new Set(live.flatMap((r) => (r.roles === "all" ? PRIV_ROLE_IDS : (r.roles as string[]))));
    const missing = PRIV_ROLE_IDS.filter((id) => !includesId([...covered], id));
    const evidence = {
      definitionsEvaluated: accessReviewDefinitions.length,
      recurringRoleReviews: capList(live.map((r) => ({ ...ref(r.d), roles: r.roles }))),
      otherRoleReviews: capList(roleReviews.filter((r) => !isLiveRecurring(r.d)).map((r) => ref(r.d))),
      unreviewedRoles: missing.map((id) => ({ id, displayName: PRIV_ROLE_TEMPLATE_IDS[id] ?? id })),
    };
    if (missing.length === 0) {
      return { status: "pass", message: `Recurring access reviews cover every privileged role (${listForMessage(live.map((r) => `"${r.d.displayName}"`), 3)}).`, evidence };
    }
    const hint = roleReviews.length > live.length ? ` (${roleReviews.length - live.length} role review(s) are one-off or completed and do not count)` : "";
    return {
      status: "fail",
      message: `No recurring access review covers ${listForMessage(missing.map((id) => PRIV_ROLE_TEMPLATE_IDS[id] ?? id), 3)}${hint}.`,
      evidence,
    };
  },
});

const GUEST_FILTER = /userType\s+eq\s+'guest'/i;

export const C26 = defineCheck({
  id: "C26",
  title: "Guest access is reviewed on a recurring schedule",
  scanType: "compliance",
  category: "Privileged access",
  severity: "medium",
  frameworks: ["CIS 5.3.2"],
  sources: ["accessReviewDefinitions"],
  licence: "p2",
  remediation:
    "In the Entra admin center → Identity governance → Access reviews → New access review, review 'Teams + Groups' → All Microsoft 365 groups with guest users, scope 'Guest users only', set Frequency to Monthly or Quarterly with no end, have group owners review, and enable 'Auto apply results' with 'Remove access' for denied or unreviewed guests.",
  evaluate({ accessReviewDefinitions }) {
    const guestReviews = accessReviewDefinitions.filter((d) => [...queriesOf(d.scope), ...queriesOf(d.instanceEnumerationScope)].some((q) => GUEST_FILTER.test(q)));
    const live = guestReviews.filter(isLiveRecurring);
    const evidence = {
      definitionsEvaluated: accessReviewDefinitions.length,
      recurringGuestReviews: capList(live.map(ref)),
      otherGuestReviews: capList(guestReviews.filter((d) => !isLiveRecurring(d)).map(ref)),
    };
    if (live.length > 0) {
      return { status: "pass", message: `Guest access is reviewed on a schedule by ${listForMessage(live.map((d) => `"${d.displayName}"`), 3)}.`, evidence };
    }
    const hint = guestReviews.length > 0 ? ` (${listForMessage(guestReviews.map((d) => `"${d.displayName}"`), 3)} is one-off or completed)` : "";
    return { status: "fail", message: `No recurring access review covers guest users${hint}.`, evidence };
  },
});
