import { ADMIN_USER_OBJECTS, capList, defineCheck, listForMessage, plural } from "@/lib/scans/checks/helpers";

/* Phishing-resistant methods registered by administrators (C18). */

/** Methods userRegistrationDetails reports that resist phishing (bound to the device or the origin). */
export const PHISHING_RESISTANT_METHODS = ["fido2", "passKeyDeviceBound", "passKeyDeviceBoundAuthenticator", "windowsHelloForBusiness"] as const;

export const C18 = defineCheck({
  id: "C18",
  title: "Every administrator has a phishing-resistant method registered",
  scanType: "compliance",
  category: "MFA registration",
  severity: "medium",
  frameworks: ["CIS 5.2.2.5 (subset)", "MS.AAD.3.6v1 intent"],
  sources: ["adminRegistrationDetails"],
  objects: ADMIN_USER_OBJECTS,
  licence: "p1",
  remediation:
    "Have each listed admin register a passkey (FIDO2 security key or Microsoft Authenticator passkey) or Windows Hello for Business at https://aka.ms/mysecurityinfo — issue a Temporary Access Pass under Entra admin center → Users → the user → Authentication methods if needed. Enable the Passkey (FIDO2) method under Protection → Authentication methods → Policies first, then require a phishing-resistant authentication strength for admin roles.",
  evaluate({ adminRegistrationDetails }) {
    const lacking = adminRegistrationDetails.filter((a) => !a.methodsRegistered.some((m) => (PHISHING_RESISTANT_METHODS as readonly string[]).includes(m)));
    const evidence = {
      adminCount: adminRegistrationDetails.length,
      withoutPhishingResistantCount: lacking.length,
      withoutPhishingResistant: capList(lacking.map((a) => ({ id: a.id, userPrincipalName: a.userPrincipalName, methodsRegistered: a.methodsRegistered }))),
    };
    if (adminRegistrationDetails.length === 0) return { status: "pass", message: "The registration report lists no admin accounts.", evidence };
    if (lacking.length === 0) {
      return { status: "pass", message: `All ${plural(adminRegistrationDetails.length, "admin")} have a passkey, security key or Windows Hello registered.`, evidence };
    }
    return {
      status: "fail",
      message: `${lacking.length} of ${plural(adminRegistrationDetails.length, "admin")} have no phishing-resistant method: ${listForMessage(lacking.map((a) => a.userPrincipalName))}.`,
      evidence,
    };
  },
});
