import type { AuthenticationStrengthPolicy, ConditionalAccessPolicy } from "@/lib/microsoft/graph-types";
import { adminTargetGaps } from "@/lib/scans/checks/conditional-access/admin-session";
import { qualifyingPolicy } from "@/lib/scans/checks/conditional-access/coverage";
import { defineCheck } from "@/lib/scans/checks/helpers";

/* Phishing-resistant MFA for admins (C04): an authentication strength that allows only phishing-resistant methods. */

/** Methods that resist phishing (authenticationMethodModes). */
const PHISHING_RESISTANT = new Set(["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"]);

/** The combinations a policy's strength allows: inline when Graph returns them, else from the strength policies. */
function combinationsOf(p: ConditionalAccessPolicy, strengths: readonly AuthenticationStrengthPolicy[]): string[] | null {
  const strength = p.grantControls?.authenticationStrength;
  if (!strength) return null;
  if (strength.allowedCombinations && strength.allowedCombinations.length > 0) return strength.allowedCombinations;
  return strengths.find((s) => s.id.toLowerCase() === strength.id.toLowerCase())?.allowedCombinations ?? [];
}

function strengthGaps(p: ConditionalAccessPolicy, strengths: readonly AuthenticationStrengthPolicy[]): string[] {
  const combinations = combinationsOf(p, strengths);
  if (combinations === null) return ["requires no authentication strength"];
  if (combinations.length === 0) return [`strength ${p.grantControls?.authenticationStrength?.displayName ?? p.grantControls?.authenticationStrength?.id} allows no known method`];
  const weak = combinations.filter((c) => !PHISHING_RESISTANT.has(c));
  return weak.length > 0 ? [`its strength also allows ${weak.slice(0, 3).join(", ")}${weak.length > 3 ? ` and ${weak.length - 3} more` : ""}`] : [];
}

export const C04 = defineCheck({
  id: "C04",
  title: "Administrators must use phishing-resistant MFA",
  scanType: "compliance",
  category: "Conditional Access",
  severity: "high",
  frameworks: ["CIS 5.2.2.5", "MS.AAD.3.6v1"],
  sources: ["conditionalAccessPolicies", "authenticationStrengthPolicies", "breakGlass"],
  licence: "p1",
  remediation:
    "In the Entra admin center → Protection → Conditional Access, create a policy whose Users → Directory roles include Global, Privileged Role, User, SharePoint, Exchange, Hybrid Identity, Application and Cloud Application Administrator (exclude only break-glass accounts), with All resources and Grant → Require authentication strength → Phishing-resistant MFA, and set it to On. Register FIDO2 keys or Windows Hello for Business for the admins first.",
  evaluate({ conditionalAccessPolicies, authenticationStrengthPolicies, breakGlass }) {
    return qualifyingPolicy({
      policies: conditionalAccessPolicies,
      breakGlass,
      gapsOf: (p) => [...adminTargetGaps(p, breakGlass), ...strengthGaps(p, authenticationStrengthPolicies)],
      isCandidate: (p) => p.grantControls?.authenticationStrength != null,
      passMessage: (names) => `Privileged roles must sign in with phishing-resistant MFA (Conditional Access policy ${names}).`,
      failMessage: "No enabled Conditional Access policy requires a phishing-resistant authentication strength for every privileged role on all apps",
    });
  },
});
