import type { GuestUser } from "@/lib/microsoft/graph-types";
import { DAY_MS, GUEST_OBJECTS, capList, defineCheck, listForMessage, parseDate, plural } from "@/lib/scans/checks/helpers";

/* Guest accounts (X10). */

export const PENDING_INVITE_DAYS = 30;
export const STALE_GUEST_DAYS = 90;

type GuestFinding = {
  id: string;
  userPrincipalName: string;
  displayName: string | null;
  reasons: ("pendingAcceptance" | "noRecentSignIn" | "neverSignedIn")[];
  pendingSince?: string;
  lastSuccessfulSignInDateTime?: string | null;
  createdDateTime?: string | null;
};

function assessGuest(u: GuestUser, now: number, withSignInActivity: boolean): GuestFinding | null {
  const reasons: GuestFinding["reasons"] = [];
  const finding: GuestFinding = { id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName, reasons };
  if (u.externalUserState === "PendingAcceptance") {
    const since = u.externalUserStateChangeDateTime ?? u.createdDateTime;
    const sinceMs = parseDate(since);
    if (sinceMs !== null && now - sinceMs > PENDING_INVITE_DAYS * DAY_MS && since) {
      reasons.push("pendingAcceptance");
      finding.pendingSince = since;
    }
  }
  if (withSignInActivity) {
    const lastRaw = u.signInActivity?.lastSuccessfulSignInDateTime ?? null;
    const last = parseDate(lastRaw);
    const created = parseDate(u.createdDateTime);
    if (last !== null) {
      if (now - last > STALE_GUEST_DAYS * DAY_MS) reasons.push("noRecentSignIn");
    } else if (created !== null && now - created > STALE_GUEST_DAYS * DAY_MS) {
      reasons.push("neverSignedIn");
    }
    if (reasons.includes("noRecentSignIn") || reasons.includes("neverSignedIn")) {
      finding.lastSuccessfulSignInDateTime = lastRaw;
      finding.createdDateTime = u.createdDateTime;
    }
  }
  return reasons.length > 0 ? finding : null;
}

export const X10 = defineCheck({
  id: "X10",
  title: "Stale or never-redeemed guest accounts",
  scanType: "exposure",
  category: "External identities",
  severity: "medium",
  frameworks: ["CIS 5.3.2 intent"],
  sources: ["guestUsers"],
  objects: GUEST_OBJECTS,
  remediation:
    "In the Entra admin center → Users, filter User type = Guest: delete (or resend) invitations pending for more than 30 days and block or remove guests with no sign-in in 90 days; then automate this with a recurring guest access review (ID Governance → Access reviews) that removes inactive guests.",
  evaluate({ guestUsers }, { now }) {
    const nowMs = now.getTime();
    const { users, withSignInActivity } = guestUsers;
    const flagged = users.map((u) => assessGuest(u, nowMs, withSignInActivity)).filter((f): f is GuestFinding => f !== null);
    const pending = flagged.filter((f) => f.reasons.includes("pendingAcceptance")).length;
    const inactive = flagged.filter((f) => f.reasons.includes("noRecentSignIn") || f.reasons.includes("neverSignedIn")).length;
    const evidence = {
      guestCount: users.length,
      withSignInActivity,
      pendingOver30Days: pending,
      noSignInOver90Days: withSignInActivity ? inactive : null,
      flagged: capList(flagged),
    };
    const scope = withSignInActivity
      ? ""
      : " (sign-in activity needs Entra ID P1, so only pending invitations were checked)";
    if (flagged.length === 0) {
      const what = withSignInActivity
        ? `None of the ${plural(users.length, "guest")} has an invitation pending over ${PENDING_INVITE_DAYS} days or no sign-in in ${STALE_GUEST_DAYS} days`
        : `None of the ${plural(users.length, "guest")} has an invitation pending over ${PENDING_INVITE_DAYS} days`;
      return { status: "pass", message: `${what}${scope}.`, evidence };
    }
    const parts = [`${pending} pending over ${PENDING_INVITE_DAYS} days`];
    if (withSignInActivity) parts.push(`${inactive} without a sign-in in ${STALE_GUEST_DAYS} days`);
    return {
      status: "fail",
      message: `${flagged.length} of ${plural(users.length, "guest")} are stale or never redeemed (${parts.join(", ")}): ${listForMessage(
        flagged.map((f) => f.userPrincipalName),
        3,
      )}${scope}.`,
      evidence,
    };
  },
});
