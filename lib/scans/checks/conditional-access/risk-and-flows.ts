import type { ConditionalAccessPolicy } from "@/lib/microsoft/graph-types";
import { defineCheck } from "@/lib/scans/checks/helpers";
import { caStarGaps, coversAllClientApps, qualifyingPolicy } from "@/lib/scans/checks/conditional-access/coverage";

/* Identity Protection risk policies (C05, C06, Entra ID P2), the device code flow block (C07) and managed devices (C08). */

function clientAppsAllGaps(p: ConditionalAccessPolicy): string[] {
  return coversAllClientApps(p) ? [] : [`limited to client apps ${p.conditions.clientAppTypes.join(", ")}`];
}

function controls(p: ConditionalAccessPolicy): string[] {
  return p.grantControls?.builtInControls ?? [];
}

/** C05: block, or both password change and MFA required together (Microsoft's "require password change" template). */
function userRiskGrantGaps(p: ConditionalAccessPolicy): string[] {
  const c = controls(p);
  if (c.includes("block")) return [];
  if (c.includes("passwordChange") && c.includes("mfa") && p.grantControls?.operator === "AND") return [];
  if (c.includes("passwordChange") && c.includes("mfa")) return ["requires password change OR MFA, not both"];
  return ["neither blocks nor requires a secure password change with MFA"];
}

function userRiskLevelGaps(p: ConditionalAccessPolicy): string[] {
  return p.conditions.userRiskLevels.includes("high") ? [] : ["does not apply to high user risk"];
}

export const C05 = defineCheck({
  id: "C05",
  title: "High-risk users are blocked or must change their password",
  scanType: "compliance",
  category: "Conditional Access",
  severity: "high",
  frameworks: ["MS.AAD.2.1v1", "CIS 5.2.2.6"],
  sources: ["conditionalAccessPolicies", "breakGlass"],
  licence: "p2",
  remediation:
    "In the Entra admin center → Protection → Conditional Access, create a policy for All users (exclude only break-glass accounts) and All resources with Conditions → User risk → High, Grant → Require multifactor authentication and Require password change (Require all the selected controls), or Block access, and set it to On (conditions.userRiskLevels contains \"high\", grantControls.builtInControls contains \"passwordChange\" and \"mfa\" with operator AND, state enabled).",
  evaluate({ conditionalAccessPolicies, breakGlass }) {
    return qualifyingPolicy({
      policies: conditionalAccessPolicies,
      breakGlass,
      gapsOf: (p) => [...caStarGaps(p, breakGlass, { userRisk: true }), ...clientAppsAllGaps(p), ...userRiskLevelGaps(p), ...userRiskGrantGaps(p)],
      isCandidate: (p) => p.conditions.userRiskLevels.length > 0,
      passMessage: (names) => `Users at high risk are blocked or must change their password with MFA under Conditional Access policy ${names}.`,
      failMessage: "No enabled Conditional Access policy blocks high-risk users or makes them change their password with MFA, across all users and apps",
    });
  },
});

function signInRiskGrantGaps(p: ConditionalAccessPolicy): string[] {
  const c = controls(p);
  return c.includes("block") || c.includes("mfa") || p.grantControls?.authenticationStrength ? [] : ["neither blocks nor requires MFA"];
}

export const C06 = defineCheck({
  id: "C06",
  title: "High-risk sign-ins are blocked or challenged with MFA",
  scanType: "compliance",
  category: "Conditional Access",
  severity: "high",
  frameworks: ["MS.AAD.2.3v1", "CIS 5.2.2.7", "CIS 5.2.2.8"],
  sources: ["conditionalAccessPolicies", "breakGlass"],
  licence: "p2",
  remediation:
    "In the Entra admin center → Protection → Conditional Access, create a policy for All users (exclude only break-glass accounts) and All resources with Conditions → Sign-in risk → High (and Medium), Grant → Block access (or Require multifactor authentication), and set it to On (conditions.signInRiskLevels contains \"high\", grantControls.builtInControls contains \"block\" or \"mfa\", state enabled).",
  evaluate({ conditionalAccessPolicies, breakGlass }) {
    return qualifyingPolicy({
      policies: conditionalAccessPolicies,
      breakGlass,
      gapsOf: (p) => [
        ...caStarGaps(p, breakGlass, { signInRisk: true }),
        ...clientAppsAllGaps(p),
        ...(p.conditions.signInRiskLevels.includes("high") ? [] : ["does not apply to high sign-in risk"]),
        ...signInRiskGrantGaps(p),
      ],
      isCandidate: (p) => p.conditions.signInRiskLevels.length > 0,
      passMessage: (names) => `High-risk sign-ins are blocked or challenged with MFA by Conditional Access policy ${names}.`,
      failMessage: "No enabled Conditional Access policy blocks or challenges high-risk sign-ins across all users and apps",
    });
  },
});

/** transferMethods is a flags enum: Graph serialises several values comma-separated. */
function blocksDeviceCode(p: ConditionalAccessPolicy): boolean {
  const methods = p.conditions.authenticationFlows?.transferMethods ?? "";
  return methods.split(",").some((m) => m.trim() === "deviceCodeFlow");
}

export const C07 = defineCheck({
  id: "C07",
  title: "Device code flow is blocked",
  scanType: "compliance",
  category: "Conditional Access",
  severity: "high",
  frameworks: ["CIS 5.2.2.12", "MS.AAD.3.9v1", "MT.1052"],
  sources: ["conditionalAccessPolicies", "breakGlass"],
  licence: "p1",
  remediation:
    "In the Entra admin center → Protection → Conditional Access, create a policy for All users (exclude only break-glass accounts) and All resources with Conditions → Authentication flows → Device code flow, Grant → Block access, and set it to On (conditions.authenticationFlows.transferMethods contains \"deviceCodeFlow\", grantControls.builtInControls contains \"block\").",
  evaluate({ conditionalAccessPolicies, breakGlass }) {
    return qualifyingPolicy({
      policies: conditionalAccessPolicies,
      breakGlass,
      gapsOf: (p) => [
        ...caStarGaps(p, breakGlass),
        ...clientAppsAllGaps(p),
        ...(blocksDeviceCode(p) ? [] : ["does not target the device code flow"]),
        ...(controls(p).includes("block") ? [] : ["does not block access"]),
      ],
      isCandidate: (p) => blocksDeviceCode(p),
      passMessage: (names) => `The device code flow is blocked for all users by Conditional Access policy ${names}.`,
      failMessage: "No enabled Conditional Access policy blocks the device code authentication flow for all users and apps",
    });
  },
});

const MANAGED_DEVICE_CONTROLS = ["compliantDevice", "domainJoinedDevice"];

/** C08: a compliant or hybrid-joined device; with operator OR, MFA or another control must not be a way around it. */
function managedDeviceGaps(p: ConditionalAccessPolicy): string[] {
  const c = controls(p);
  if (!c.some((x) => MANAGED_DEVICE_CONTROLS.includes(x))) return ["does not require a compliant or hybrid joined device"];
  const others = c.filter((x) => !MANAGED_DEVICE_CONTROLS.includes(x));
  if (p.grantControls?.operator === "OR" && others.length > 0) return [`a managed device is optional: operator OR with ${others.join(", ")}`];
  return [];
}

export const C08 = defineCheck({
  id: "C08",
  title: "A managed device is required to sign in",
  scanType: "compliance",
  category: "Conditional Access",
  severity: "medium",
  frameworks: ["CIS 5.2.2.9", "MS.AAD.3.7v1"],
  sources: ["conditionalAccessPolicies", "breakGlass"],
  licence: "p1",
  requiresIntune: true,
  remediation:
    "In the Entra admin center → Protection → Conditional Access, create a policy for All users (exclude only break-glass accounts) and All resources with Grant → Require device to be marked as compliant and/or Require Microsoft Entra hybrid joined device (Require one of the selected controls), and set it to On (grantControls.builtInControls contains \"compliantDevice\" or \"domainJoinedDevice\").",
  evaluate({ conditionalAccessPolicies, breakGlass }) {
    return qualifyingPolicy({
      policies: conditionalAccessPolicies,
      breakGlass,
      gapsOf: (p) => [...caStarGaps(p, breakGlass), ...clientAppsAllGaps(p), ...managedDeviceGaps(p)],
      isCandidate: (p) => controls(p).some((x) => MANAGED_DEVICE_CONTROLS.includes(x)),
      passMessage: (names) => `A compliant or hybrid joined device is required by Conditional Access policy ${names}.`,
      failMessage: "No enabled Conditional Access policy requires a compliant or hybrid joined device for all users and apps",
    });
  },
});
