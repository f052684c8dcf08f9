import { capList, defineCheck, listForMessage, plural } from "@/lib/scans/checks/helpers";
import type { CheckObjects } from "@/lib/scans/checks/types";

/* MFA capability of member users (C17). */

/** Share of enabled member accounts that must be able to complete MFA (CIS: all of them). */
export const MEMBER_MFA_THRESHOLD = 1;

const has = (ids: ReadonlySet<string>, ...names: (string | null | undefined)[]) => names.some((n) => n && ids.has(n.toLowerCase()));

/** An exception may cover one account (object id or UPN), e.g. a shared kiosk or a documented service account. */
const MEMBER_OBJECTS: CheckObjects = {
  kind: "user",
  exclude: (data, ids) => ({ ...data, memberUsers: data.memberUsers!.filter((u) => !has(ids, u.id, u.userPrincipalName)) }),
};

export const C17 = defineCheck({
  id: "C17",
  title: "Every enabled member account can complete MFA",
  scanType: "compliance",
  category: "MFA registration",
  severity: "high",
  frameworks: ["CIS 5.2.3.4"],
  sources: ["memberUsers", "memberRegistrationDetails"],
  objects: MEMBER_OBJECTS,
  licence: "p1",
  remediation:
    "Run a registration campaign: Entra admin center → Protection → Authentication methods → Registration campaign → Enabled for All users with Microsoft Authenticator, or require registration through a Conditional Access policy with the 'Register security information' user action. Follow up with the listed users (or disable accounts nobody uses) until each shows as MFA capable under Protection → Authentication methods → User registration details.",
  evaluate({ memberUsers, memberRegistrationDetails }) {
    const registration = new Map(memberRegistrationDetails.map((r) => [r.id.toLowerCase(), r]));
    const enabled = memberUsers.filter((u) => u.accountEnabled && u.userType !== "Guest");
    const notCapable = enabled.filter((u) => !registration.get(u.id.toLowerCase())?.isMfaCapable);
    const capable = enabled.length - notCapable.length;
    const share = enabled.length === 0 ? 1 : capable / enabled.length;
    const evidence = {
      enabledMemberCount: enabled.length,
      mfaCapableCount: capable,
      mfaCapablePercent: Math.round(share * 1000) / 10,
      thresholdPercent: MEMBER_MFA_THRESHOLD * 100,
      notMfaCapableCount: notCapable.length,
      notMfaCapable: capList(
        notCapable.map((u) => ({
          id: u.id,
          userPrincipalName: u.userPrincipalName,
          displayName: u.displayName,
          methodsRegistered: registration.get(u.id.toLowerCase())?.methodsRegistered ?? null,
        })),
      ),
    };
    if (share >= MEMBER_MFA_THRESHOLD) {
      return { status: "pass", message: `All ${plural(enabled.length, "enabled member account")} can complete MFA.`, evidence };
    }
    return {
      status: "fail",
      message: `${notCapable.length} of ${plural(enabled.length, "enabled member account")} cannot complete MFA (${evidence.mfaCapablePercent}% capable): ${listForMessage(notCapable.map((u) => u.userPrincipalName))}.`,
      evidence,
    };
  },
});
