import { ADMIN_USER_OBJECTS, capList, defineCheck, listForMessage, plural } from "@/lib/scans/checks/helpers";

/* MFA registration of administrators (C16). */

export const C16 = defineCheck({
  id: "C16",
  title: "Every administrator can complete MFA",
  scanType: "compliance",
  category: "MFA registration",
  severity: "critical",
  frameworks: ["CIS 5.2.3.4 (subset)"],
  sources: ["adminRegistrationDetails"],
  objects: ADMIN_USER_OBJECTS,
  licence: "p1",
  remediation:
    "Have each listed admin register a strong method (Microsoft Authenticator, a passkey or Windows Hello) at https://aka.ms/mysecurityinfo; if they cannot sign in to do so, issue a Temporary Access Pass under Entra admin center → Users → the user → Authentication methods. Then require MFA for admin roles with Conditional Access.",
  evaluate({ adminRegistrationDetails }) {
    const notCapable = adminRegistrationDetails.filter((a) => !a.isMfaCapable);
    const evidence = {
      adminCount: adminRegistrationDetails.length,
      notMfaCapableCount: notCapable.length,
      notMfaCapable: capList(notCapable.map((a) => ({ id: a.id, userPrincipalName: a.userPrincipalName, methodsRegistered: a.methodsRegistered }))),
    };
    if (adminRegistrationDetails.length === 0) {
      return { status: "pass", message: "The registration report lists no admin accounts.", evidence };
    }
    if (notCapable.length === 0) {
      return { status: "pass", message: `All ${plural(adminRegistrationDetails.length, "admin")} have registered a method that can complete MFA.`, evidence };
    }
    return {
      status: "fail",
      message: `${notCapable.length} of ${plural(adminRegistrationDetails.length, "admin")} cannot complete MFA: ${listForMessage(notCapable.map((a) => a.userPrincipalName))}.`,
      evidence,
    };
  },
});
