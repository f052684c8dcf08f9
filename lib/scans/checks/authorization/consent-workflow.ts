import { defineCheck, plural } from "@/lib/scans/checks/helpers";

/* Admin consent workflow (C31): users who may not consent can ask, and someone answers. */

export const C31 = defineCheck({
  id: "C31",
  title: "The admin consent workflow is on, with reviewers",
  scanType: "compliance",
  category: "Authorization and consent",
  severity: "medium",
  frameworks: ["CIS 5.1.5.2", "MS.AAD.5.3v1", "EIDSCA.CR01"],
  sources: ["adminConsentRequestPolicy"],
  remediation:
    "In the Entra admin center → Identity → Applications → Enterprise applications → Consent and permissions → Admin consent settings, set \"Users can request admin consent to apps they are unable to consent to\" to Yes and select the users, groups or roles who review requests (Graph: adminConsentRequestPolicy isEnabled = true with reviewers).",
  evaluate({ adminConsentRequestPolicy: p }) {
    const evidence = { isEnabled: p.isEnabled, reviewerCount: p.reviewers.length, reviewers: p.reviewers.map((r) => r.query), notifyReviewers: p.notifyReviewers, requestDurationInDays: p.requestDurationInDays };
    if (!p.isEnabled) {
      return { status: "fail", message: "The admin consent workflow is off: users who cannot consent to an app have no sanctioned way to ask, and look for workarounds.", evidence };
    }
    if (p.reviewers.length === 0) return { status: "fail", message: "The admin consent workflow is on but has no reviewers, so requests are never answered.", evidence };
    return { status: "pass", message: `Users can request admin consent; ${plural(p.reviewers.length, "reviewer scope")} ${p.reviewers.length === 1 ? "answers" : "answer"} the requests.`, evidence };
  },
});
