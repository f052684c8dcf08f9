import type { ConditionalAccessPolicy } from "@/lib/microsoft/graph-types";
import { capList, caStarGaps, coversAllClientApps, defineCheck, exclusionGaps, grantBlockGaps, grantMfaGaps, includesId, listForMessage, narrowingGaps, plural, PRIV_ROLE_IDS, PRIV_ROLE_TEMPLATE_IDS, securityDefaultsOrPolicy, sameId, ADMIN_USER_OBJECTS } from "@/lib/scans/checks/helpers";

/*
 * Compliance checks: tenant configuration measured against CIS / CISA SCuBA baselines. Each `evaluate` is
 * pure; the framework has already skipped the check if a source or licence is unavailable.
 */

// ---------------------------------------------------------------------------------------------------------
// Conditional Access (C01–C03)
// ---------------------------------------------------------------------------------------------------------

function clientAppsAllGaps(p: ConditionalAccessPolicy): string[] {
  return coversAllClientApps(p) ? [] : [`limited to client apps ${p.conditions.clientAppTypes.join(", ")}`];
}

const LEGACY_CLIENT_APP_TYPES = ["exchangeActiveSync", "other"] as const;

function legacyClientGaps(p: ConditionalAccessPolicy): string[] {
  const missing = LEGACY_CLIENT_APP_TYPES.filter((t) => !p.conditions.clientAppTypes.includes(t));
  return missing.length === 0 ? [] : [`client apps do not include ${missing.join(" and ")}`];
}

export const C01 = defineCheck({
  id: "C01",
  title: "Multifactor authentication is required for all users",
  scanType: "compliance",
  category: "Conditional Access",
  severity: "critical",
  frameworks: ["CIS 5.2.2.2", "MS.AAD.3.2v2", 'Lighthouse "MFA for end users"'],
  sources: ["securityDefaults", "conditionalAccessPolicies"],
  remediation:
    "In the Entra admin center → Protection → Conditional Access, create a policy for All users (exclude only your break-glass accounts) and All resources with Grant → Require multifactor authentication (or an authentication strength), and set it to On, not Report-only. Without Entra ID P1, enable security defaults (Entra ID → Overview → Properties → Manage security defaults).",
  evaluate({ securityDefaults, conditionalAccessPolicies }) {
    // CA*(p) with clientAppTypes = all, and a grant that makes MFA mandatory.
    return securityDefaultsOrPolicy({
      securityDefaultsEnabled: securityDefaults.isEnabled,
      policies: conditionalAccessPolicies,
      gapsOf: (p) => [...caStarGaps(p), ...clientAppsAllGaps(p), ...grantMfaGaps(p)],
      isCandidate: (p) => grantMfaGaps(p).length === 0,
      sdPassMessage: "Security defaults are enabled, so every user must register for and use MFA.",
      policyPassMessage: (names) => `MFA is required for all users and all apps by Conditional Access policy ${names}.`,
      failMessage: "Security defaults are off and no enabled Conditional Access policy requires MFA for all users on all apps",
    });
  },
});

export const C02 = defineCheck({
  id: "C02",
  title: "Legacy authentication protocols are blocked",
  scanType: "compliance",
  category: "Conditional Access",
  severity: "high",
  frameworks: ["CIS 5.2.2.3", "MS.AAD.1.1v1"],
  sources: ["securityDefaults", "conditionalAccessPolicies"],
  remediation:
    "In the Entra admin center → Protection → Conditional Access, create a policy for All users (exclude only break-glass accounts) and All resources, set Conditions → Client apps to Exchange ActiveSync clients and Other clients, Grant → Block access, and set it to On. Without Entra ID P1, enable security defaults, which block legacy authentication.",
  evaluate({ securityDefaults, conditionalAccessPolicies }) {
    // CA*(p) with its clientAppTypes rule replaced by ⊇ {exchangeActiveSync, other}, and a block grant.
    return securityDefaultsOrPolicy({
      securityDefaultsEnabled: securityDefaults.isEnabled,
      policies: conditionalAccessPolicies,
      gapsOf: (p) => [...caStarGaps(p), ...legacyClientGaps(p), ...grantBlockGaps(p)],
      isCandidate: (p) =>
        grantBlockGaps(p).length === 0 && LEGACY_CLIENT_APP_TYPES.some((t) => p.conditions.clientAppTypes.includes(t)),
      sdPassMessage: "Security defaults are enabled, which block legacy authentication protocols.",
      policyPassMessage: (names) => `Legacy authentication (Exchange ActiveSync and other clients) is blocked by Conditional Access policy ${names}.`,
      failMessage: "Security defaults are off and no enabled Conditional Access policy blocks Exchange ActiveSync and other legacy clients for all users",
    });
  },
});

/** C03: PRIV roles all included (or all users), all apps, no role/app exclusions, MFA required. */
function adminMfaGaps(p: ConditionalAccessPolicy): string[] {
  const { users, applications } = p.conditions;
  const gaps: string[] = [];
  if (p.state !== "enabled") gaps.push(`state is ${p.state}`);
  if (!includesId(users.includeUsers, "All")) {
    const missing = PRIV_ROLE_IDS.filter((r) => !includesId(users.includeRoles, r));
    if (missing.length > 0) gaps.push(`does not include ${listForMessage(missing.map((r) => PRIV_ROLE_TEMPLATE_IDS[r] ?? r), 3)}`);
  }
  if (!includesId(applications.includeApplications, "All")) gaps.push("does not target all cloud apps");
  if (applications.excludeApplications.length > 0) gaps.push(`excludes ${plural(applications.excludeApplications.length, "app")}`);
  if (users.excludeRoles.length > 0) gaps.push(`excludes ${plural(users.excludeRoles.length, "role")}`);
  gaps.push(...exclusionGaps(p), ...narrowingGaps(p), ...clientAppsAllGaps(p), ...grantMfaGaps(p));
  return gaps;
}

export const C03 = defineCheck({
  id: "C03",
  title: "Multifactor authentication is required for privileged roles",
  scanType: "compliance",
  category: "Conditional Access",
  severity: "critical",
  frameworks: ["CIS 5.2.2.1", "MT.1006"],
  sources: ["securityDefaults", "conditionalAccessPolicies"],
  remediation:
    "In the Entra admin center → Protection → Conditional Access, create a policy whose Users → Directory roles include Global, Privileged Role, User, SharePoint, Exchange, Hybrid Identity, Application and Cloud Application Administrator, with All resources, no excluded roles, Grant → Require multifactor authentication (better: a phishing-resistant authentication strength), and set it to On.",
  evaluate({ securityDefaults, conditionalAccessPolicies }) {
    return securityDefaultsOrPolicy({
      securityDefaultsEnabled: securityDefaults.isEnabled,
      policies: conditionalAccessPolicies,
      gapsOf: adminMfaGaps,
      isCandidate: (p) =>
        grantMfaGaps(p).length === 0 &&
        (includesId(p.conditions.users.includeUsers, "All") || PRIV_ROLE_IDS.some((r) => includesId(p.conditions.users.includeRoles, r))),
      sdPassMessage: "Security defaults are enabled, so administrators must use MFA at every sign-in.",
      policyPassMessage: (names) => `MFA is required for all privileged roles by Conditional Access policy ${names}.`,
      failMessage: "Security defaults are off and no enabled Conditional Access policy requires MFA for all privileged admin roles on all apps",
    });
  },
});

// ---------------------------------------------------------------------------------------------------------
// Authentication methods (C12–C13)
// ---------------------------------------------------------------------------------------------------------

export const C12 = defineCheck({
  id: "C12",
  title: "Authentication methods policy migration is complete",
  scanType: "compliance",
  category: "Authentication methods",
  severity: "medium",
  frameworks: ["MS.AAD.3.4v1", "EIDSCA.AG01"],
  sources: ["authMethodsPolicy"],
  remediation:
    "In the Entra admin center → Protection → Authentication methods → Policies, enable the methods you need, then under Manage migration choose Migration Complete so the legacy per-user MFA and SSPR method settings no longer apply (Graph: PATCH /policies/authenticationMethodsPolicy with policyMigrationState = migrationComplete).",
  evaluate({ authMethodsPolicy }) {
    const state = authMethodsPolicy.policyMigrationState;
    const evidence = { policyMigrationState: state };
    if (state === "migrationComplete") {
      return { status: "pass", message: "Authentication methods are managed only by the Authentication methods policy (migration complete).", evidence };
    }
    if (state === null) {
      return { status: "pass", message: "No migration state is reported, so the legacy MFA and SSPR method settings do not apply.", evidence };
    }
    return {
      status: "fail",
      message: `Authentication methods migration is "${state}", so the legacy MFA and SSPR method settings still apply alongside the Authentication methods policy.`,
      evidence,
    };
  },
});

const WEAK_METHODS = [
  { id: "Sms", label: "SMS" },
  { id: "Voice", label: "Voice call" },
  { id: "Email", label: "Email OTP" },
] as const;

export const C13 = defineCheck({
  id: "C13",
  title: "SMS, voice call and email one-time passcodes are disabled",
  scanType: "compliance",
  category: "Authentication methods",
  severity: "high",
  frameworks: ["CIS 5.2.3.5", "MS.AAD.3.5v2"],
  sources: ["authMethodsPolicy"],
  remediation:
    "Once users have registered Microsoft Authenticator or passkeys, go to the Entra admin center → Protection → Authentication methods → Policies and set SMS, Voice call and Email OTP to Disabled (Graph: PATCH /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{Sms|Voice|Email} with state = disabled).",
  evaluate({ authMethodsPolicy }) {
    const configs = authMethodsPolicy.authenticationMethodConfigurations;
    // A configuration that is absent from the policy counts as disabled.
    const methods = WEAK_METHODS.map((m) => ({ id: m.id, label: m.label, state: configs.find((c) => sameId(c.id, m.id))?.state ?? "absent" }));
    const enabled = methods.filter((m) => m.state === "enabled");
    const evidence = { methods: methods.map(({ id, state }) => ({ id, state })), enabled: enabled.map((m) => m.id) };
    if (enabled.length === 0) {
      return { status: "pass", message: "SMS, Voice call and Email OTP are all disabled in the Authentication methods policy.", evidence };
    }
    return {
      status: "fail",
      message: `${listForMessage(enabled.map((m) => m.label))} ${enabled.length === 1 ? "is" : "are"} still enabled as ${enabled.length === 1 ? "an authentication method" : "authentication methods"}.`,
      evidence,
    };
  },
});

// ---------------------------------------------------------------------------------------------------------
// MFA registration (C16)
// ---------------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------------
// Privileged access (C19)
// ---------------------------------------------------------------------------------------------------------

export const MIN_GLOBAL_ADMINS = 2;
export const MAX_GLOBAL_ADMINS = 4;

function principalKind(odataType: string | undefined): "user" | "servicePrincipal" | "group" | "unknown" {
  const t = (odataType ?? "").toLowerCase().replace(/^#/, "");
  if (t === "microsoft.graph.user") return "user";
  if (t === "microsoft.graph.serviceprincipal") return "servicePrincipal";
  if (t === "microsoft.graph.group") return "group";
  return "unknown";
}

export const C19 = defineCheck({
  id: "C19",
  title: "Between two and four Global Administrators",
  scanType: "compliance",
  category: "Privileged access",
  severity: "high",
  frameworks: ["CIS 1.1.3", "MS.AAD.7.1v1", "MT.1032"],
  sources: ["globalAdminAssignments"],
  remediation:
    "In the Entra admin center → Roles & admins → Global Administrator, keep 2 to 4 named, cloud-only accounts (break-glass accounts included): add a second emergency-access account if there is only one, or move extra holders to least-privileged roles such as User or Exchange Administrator.",
  evaluate({ globalAdminAssignments }) {
    const users = new Map<string, { id: string; userPrincipalName: string | null; displayName: string | null }>();
    const servicePrincipals: { id: string; displayName: string | null }[] = [];
    const groups: { id: string; displayName: string | null }[] = [];
    const unresolved: { assignmentId: string; principalId: string; odataType: string | null }[] = [];
    for (const a of globalAdminAssignments) {
      const kind = principalKind(a.principal?.["@odata.type"]);
      const id = a.principal?.id ?? a.principalId;
      const displayName = a.principal?.displayName ?? null;
      if (kind === "user") {
        if (!users.has(id.toLowerCase())) users.set(id.toLowerCase(), { id, userPrincipalName: a.principal?.userPrincipalName ?? null, displayName });
      } else if (kind === "servicePrincipal") {
        if (!servicePrincipals.some((s) => sameId(s.id, id))) servicePrincipals.push({ id, displayName });
      } else if (kind === "group") {
        if (!groups.some((g) => sameId(g.id, id))) groups.push({ id, displayName });
      } else {
        unresolved.push({ assignmentId: a.id, principalId: a.principalId, odataType: a.principal?.["@odata.type"] ?? null });
      }
    }
    const n = users.size;
    const evidence = {
      userCount: n,
      users: capList([...users.values()]),
      // Reported but not counted: service principals are not people, and groups are not expanded here.
      servicePrincipals: capList(servicePrincipals),
      groups: capList(groups),
      unresolved: capList(unresolved),
    };
    const notCounted = [
      servicePrincipals.length > 0 ? plural(servicePrincipals.length, "service principal") : "",
      groups.length > 0 ? plural(groups.length, "group") : "",
    ].filter(Boolean);
    const holders = `${n === 0 ? "No user holds" : n === 1 ? "Only 1 user holds" : `${n} users hold`} Global Administrator${
      notCounted.length > 0 ? ` (not counted: ${notCounted.join(" and ")})` : ""
    }`;
    if (n < MIN_GLOBAL_ADMINS) {
      const why = n === 1 ? ", leaving no fallback if that account is lost" : "";
      return { status: "fail", message: `${holders}${why}; assign at least ${MIN_GLOBAL_ADMINS}.`, evidence };
    }
    if (n > MAX_GLOBAL_ADMINS) {
      return { status: "fail", message: `${holders}; reduce to at most ${MAX_GLOBAL_ADMINS}.`, evidence };
    }
    return { status: "pass", message: `${holders}, within the recommended ${MIN_GLOBAL_ADMINS}–${MAX_GLOBAL_ADMINS}.`, evidence };
  },
});

// ---------------------------------------------------------------------------------------------------------
// Authorization and consent (C27, C29, C32)
// ---------------------------------------------------------------------------------------------------------

export const C27 = defineCheck({
  id: "C27",
  title: "Users cannot register applications",
  scanType: "compliance",
  category: "Authorization and consent",
  severity: "medium",
  frameworks: ["CIS 5.1.2.2", "MS.AAD.5.1v1"],
  sources: ["authorizationPolicy"],
  remediation:
    "In the Entra admin center → Users → User settings, set \"Users can register applications\" to No (Graph: PATCH /policies/authorizationPolicy with defaultUserRolePermissions.allowedToCreateApps = false); give developers the Application Developer role instead.",
  evaluate({ authorizationPolicy }) {
    const allowed = authorizationPolicy.defaultUserRolePermissions.allowedToCreateApps;
    const evidence = { allowedToCreateApps: allowed };
    return allowed === false
      ? { status: "pass", message: "Regular users cannot register applications.", evidence }
      : { status: "fail", message: "Any user can register applications (allowedToCreateApps is true).", evidence };
  },
});

const USER_CONSENT_POLICY_LABELS: Readonly<Record<string, string>> = {
  "managepermissiongrantsforself.microsoft-user-default-legacy": "consent to any app",
  "managepermissiongrantsforself.microsoft-user-default-low": "consent to verified-publisher apps for low-impact permissions",
  "managepermissiongrantsforself.microsoft-user-default-recommended": "consent per Microsoft's current recommendation",
};

export const C29 = defineCheck({
  id: "C29",
  title: "Users cannot consent to applications",
  scanType: "compliance",
  category: "Authorization and consent",
  severity: "high",
  frameworks: ["CIS 5.1.5.1", "MS.AAD.5.2v1"],
  sources: ["authorizationPolicy"],
  remediation:
    "In the Entra admin center → Enterprise apps → Consent and permissions → User consent settings, select \"Do not allow user consent\" and turn on the admin consent workflow (Graph: PATCH /policies/authorizationPolicy so defaultUserRolePermissions.permissionGrantPoliciesAssigned has no ManagePermissionGrantsForSelf.* entry).",
  evaluate({ authorizationPolicy }) {
    const assigned = authorizationPolicy.defaultUserRolePermissions.permissionGrantPoliciesAssigned;
    const selfConsent = assigned.filter((p) => p.toLowerCase().startsWith("managepermissiongrantsforself."));
    const evidence = { permissionGrantPoliciesAssigned: assigned, userConsentPolicies: selfConsent };
    if (selfConsent.length === 0) return { status: "pass", message: "Users cannot consent to applications on their own; an admin must approve.", evidence };
    const described = selfConsent.map((p) => {
      const label = USER_CONSENT_POLICY_LABELS[p.toLowerCase()];
      return label ? `${label} (${p})` : p;
    });
    return { status: "fail", message: `Users can grant apps access to organisation data themselves: ${listForMessage(described)}.`, evidence };
  },
});

const GUEST_ROLES: Readonly<Record<string, string>> = {
  "a0b1b346-4d3e-4e8b-98f8-753987be4970": "same access as members",
  "10dae51f-b6af-4016-8d66-8c2a99b929b3": "limited access",
  "2af84b1e-32c8-42b7-82bc-daa82404023b": "restricted to their own directory objects",
};
const RESTRICTED_GUEST_ROLE_IDS = ["10dae51f-b6af-4016-8d66-8c2a99b929b3", "2af84b1e-32c8-42b7-82bc-daa82404023b"];

export const C32 = defineCheck({
  id: "C32",
  title: "Guest access to directory data is restricted",
  scanType: "compliance",
  category: "Authorization and consent",
  severity: "medium",
  frameworks: ["CIS 5.1.6.2", "MS.AAD.8.1v1"],
  sources: ["authorizationPolicy"],
  remediation:
    "In the Entra admin center → External Identities → External collaboration settings, set Guest user access to \"restricted to properties and memberships of their own directory objects\" (most restrictive) or at least \"limited access\" (Graph: authorizationPolicy.guestUserRoleId = 2af84b1e-32c8-42b7-82bc-daa82404023b).",
  evaluate({ authorizationPolicy }) {
    const roleId = authorizationPolicy.guestUserRoleId;
    const label = GUEST_ROLES[roleId.toLowerCase()] ?? "an unrecognised guest role";
    const evidence = { guestUserRoleId: roleId, access: label };
    return includesId(RESTRICTED_GUEST_ROLE_IDS, roleId)
      ? { status: "pass", message: `Guest directory access is restricted (${label}).`, evidence }
      : { status: "fail", message: `Guest user access is set to "${label}" (guestUserRoleId ${roleId}), so guests can enumerate more of the directory than recommended.`, evidence };
  },
});

export const COMPLIANCE_CHECKS = [C01, C02, C03, C12, C13, C16, C19, C27, C29, C32] as const;
