import { defineCheck, includesId, listForMessage } from "@/lib/scans/checks/helpers";

/* Authorization policy: what default users and guests may do (C27, C28, C29, C32, C33, C34). */

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

export const C28 = defineCheck({
  id: "C28",
  title: "Users cannot create tenants",
  scanType: "compliance",
  category: "Authorization and consent",
  severity: "medium",
  frameworks: ["CIS 5.1.2.3", "MT.1068"],
  sources: ["authorizationPolicy"],
  remediation:
    "In the Entra admin center → Identity → Users → User settings, set \"Restrict non-admin users from creating tenants\" to Yes (Graph: PATCH /policies/authorizationPolicy with defaultUserRolePermissions.allowedToCreateTenants = false). Creating tenants stays possible for the Tenant Creator role.",
  evaluate({ authorizationPolicy }) {
    const allowed = authorizationPolicy.defaultUserRolePermissions.allowedToCreateTenants;
    const evidence = { allowedToCreateTenants: allowed };
    return allowed === false
      ? { status: "pass", message: "Only administrators (and the Tenant Creator role) can create new Entra tenants.", evidence }
      : {
          status: "fail",
          message: "Any user can create a new Entra tenant and become its Global Administrator (allowedToCreateTenants is true), outside your governance.",
          evidence,
        };
  },
});

const INVITE_SETTINGS: Readonly<Record<string, string>> = {
  none: "no one, administrators included",
  adminsAndGuestInviters: "administrators and the Guest Inviter role only",
  adminsGuestInvitersAndAllMembers: "administrators, Guest Inviters and every member user",
  everyone: "anyone in the organisation, guests included",
};

export const C33 = defineCheck({
  id: "C33",
  title: "Guest invitations are limited to administrators and Guest Inviters",
  scanType: "compliance",
  category: "Authorization and consent",
  severity: "medium",
  frameworks: ["CIS 5.1.6.3", "MS.AAD.8.2v1"],
  sources: ["authorizationPolicy"],
  remediation:
    "In the Entra admin center → External Identities → External collaboration settings → Guest invite settings, choose \"Only users assigned to specific admin roles can invite guest users\" (Graph: PATCH /policies/authorizationPolicy with allowInvitesFrom = adminsAndGuestInviters), and give the Guest Inviter role to the people who need it.",
  evaluate({ authorizationPolicy }) {
    const setting = authorizationPolicy.allowInvitesFrom;
    const who = INVITE_SETTINGS[setting] ?? `an unrecognised setting (${setting})`;
    const evidence = { allowInvitesFrom: setting };
    return setting === "adminsAndGuestInviters" || setting === "none"
      ? { status: "pass", message: `Guest invitations can be sent by ${who}.`, evidence }
      : { status: "fail", message: `Guest invitations can be sent by ${who} (allowInvitesFrom is ${setting}).`, evidence };
  },
});

export const C34 = defineCheck({
  id: "C34",
  title: "Users cannot read the BitLocker keys of their own devices",
  scanType: "compliance",
  category: "Authorization and consent",
  severity: "low",
  frameworks: ["CIS 5.1.4.6"],
  sources: ["authorizationPolicy"],
  remediation:
    "In the Entra admin center → Identity → Devices → Device settings, set \"Restrict users from recovering the BitLocker key(s) for their owned devices\" to Yes (Graph: PATCH /policies/authorizationPolicy with defaultUserRolePermissions.allowedToReadBitlockerKeysForOwnedDevice = false); the help desk recovers keys on request instead.",
  evaluate({ authorizationPolicy }) {
    const allowed = authorizationPolicy.defaultUserRolePermissions.allowedToReadBitlockerKeysForOwnedDevice;
    const evidence = { allowedToReadBitlockerKeysForOwnedDevice: allowed };
    return allowed === false
      ? { status: "pass", message: "Users cannot read the BitLocker recovery keys of devices they own; recovery goes through an administrator.", evidence }
      : {
          status: "fail",
          message: "Users can read the BitLocker recovery keys of devices they own (allowedToReadBitlockerKeysForOwnedDevice is true), so a stolen account unlocks its laptop's disk.",
          evidence,
        };
  },
});

export const C30 = defineCheck({
  id: "C30",
  title: "Users cannot consent to apps Microsoft flags as risky",
  scanType: "compliance",
  category: "Authorization and consent",
  severity: "medium",
  frameworks: ["EIDSCA.AP09"],
  // allowUserConsentForRiskyApps is in the v1.0 authorization policy too, so no β read is needed.
  sources: ["authorizationPolicy"],
  remediation:
    "Leave the setting at its default or set it back: Graph PATCH /policies/authorizationPolicy with allowUserConsentForRiskyApps = false (it has no portal switch). Risky apps then always go through the admin consent workflow.",
  evaluate({ authorizationPolicy }) {
    const allowed = authorizationPolicy.allowUserConsentForRiskyApps ?? null;
    const evidence = { allowUserConsentForRiskyApps: allowed };
    return allowed === true
      ? { status: "fail", message: "Users can consent to applications Microsoft has flagged as risky (allowUserConsentForRiskyApps is true).", evidence }
      : { status: "pass", message: "Users cannot consent to applications Microsoft flags as risky; those need an administrator.", evidence };
  },
});
