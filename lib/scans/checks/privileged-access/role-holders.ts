import { capList, defineCheck, includesId, listForMessage, plural, PRIV_ROLE_IDS, PRIV_ROLE_TEMPLATE_IDS } from "@/lib/scans/checks/helpers";
import type { SourceData } from "@/lib/scans/checks/types";

/* Who holds directory roles besides the organisation's own accounts: guests (X11) and applications (X21). */

type Principal = NonNullable<SourceData["privilegedRoles"]["assignments"][number]["principal"]>;
type Holding = { principal: Principal; roles: Set<string>; via: Set<"active" | "eligible"> };

const roleName = (roleId: string) => PRIV_ROLE_TEMPLATE_IDS[roleId.toLowerCase()] ?? `role ${roleId}`;

/** Every principal holding a role (active or eligible), with its roles, filtered by `keep`. */
function holders(privilegedRoles: SourceData["privilegedRoles"], keep: (p: Principal, roleId: string) => boolean): Holding[] {
  const out = new Map<string, Holding>();
  const add = (roleId: string, via: "active" | "eligible", principal: Principal | undefined) => {
    if (!principal || !keep(principal, roleId)) return;
    const key = principal.id.toLowerCase();
    const h = out.get(key) ?? { principal, roles: new Set<string>(), via: new Set<"active" | "eligible">() };
    h.roles.add(roleName(roleId));
    h.via.add(via);
    out.set(key, h);
  };
  for (const a of privilegedRoles.assignments) add(a.roleDefinitionId, "active", a.principal);
  for (const e of privilegedRoles.eligibilities) add(e.roleDefinitionId, "eligible", e.principal);
  return [...out.values()].sort((a, b) => (a.principal.displayName ?? a.principal.id).localeCompare(b.principal.displayName ?? b.principal.id));
}

const isUser = (p: Principal) => /\.user$/i.test(p["@odata.type"] ?? "");
const isServicePrincipal = (p: Principal) => /\.servicePrincipal$/i.test(p["@odata.type"] ?? "");
/** B2B guests: the expanded principal carries only a user's default properties, so the #EXT# UPN is the sure sign. */
const isGuest = (p: Principal) => isUser(p) && ((p.userType ?? "").toLowerCase() === "guest" || (p.userPrincipalName ?? "").toUpperCase().includes("#EXT#"));

const scopeNote = (roles: SourceData["privilegedRoles"]) => (roles.eligibilityRead ? "active or eligible" : "active; eligible assignments need Entra ID P2 to read");

export const X11 = defineCheck({
  id: "X11",
  title: "No guest holds a directory role",
  scanType: "exposure",
  category: "External identities",
  severity: "high",
  frameworks: ["MT.1025"],
  sources: ["privilegedRoles"],
  remediation:
    "In the Entra admin center → Identity → Roles & admins (or Identity Governance → Privileged Identity Management → Microsoft Entra roles), remove each listed guest's role assignments. If the person needs administrative access, create a member account for them in your tenant, protected by your own MFA and Conditional Access policies, and assign the role there.",
  evaluate({ privilegedRoles }) {
    const guests = holders(privilegedRoles, (p) => isGuest(p));
    const evidence = {
      guestRoleHolderCount: guests.length,
      eligibleAssignmentsRead: privilegedRoles.eligibilityRead,
      guests: capList(
        guests.map((h) => ({ id: h.principal.id, userPrincipalName: h.principal.userPrincipalName ?? null, displayName: h.principal.displayName ?? null, roles: [...h.roles].sort(), assignment: [...h.via].sort() })),
      ),
    };
    if (guests.length === 0) return { status: "pass", message: `No guest account holds a directory role (${scopeNote(privilegedRoles)}).`, evidence };
    const named = guests.map((h) => `${h.principal.userPrincipalName ?? h.principal.id} (${[...h.roles].sort().join(", ")})`);
    return {
      status: "fail",
      message: `${plural(guests.length, "guest account")} from other organisations ${guests.length === 1 ? "holds" : "hold"} directory roles: ${listForMessage(named, 3)}. Their sign-in is protected by their home tenant, not yours.`,
      evidence,
    };
  },
});

export const X21 = defineCheck({
  id: "X21",
  title: "No application holds a highly privileged directory role",
  scanType: "exposure",
  category: "Privileged access",
  severity: "high",
  frameworks: ["MT.1027"],
  sources: ["privilegedRoles"],
  remediation:
    "In the Entra admin center → Identity → Roles & admins, open each listed role and remove the service principal's assignment; grant the application the narrowest Microsoft Graph application permission or an administrative unit-scoped role it needs instead. Where an application must keep a role, authenticate it with a certificate or a managed identity, not a client secret (Enterprise applications → the app → Certificates & secrets), and review its owners.",
  evaluate({ privilegedRoles }) {
    const apps = holders(privilegedRoles, (p, roleId) => isServicePrincipal(p) && includesId(PRIV_ROLE_IDS, roleId));
    const withSecret = apps.filter((h) => (h.principal.passwordCredentials ?? []).length > 0);
    const evidence = {
      servicePrincipalCount: apps.length,
      withClientSecretCount: withSecret.length,
      eligibleAssignmentsRead: privilegedRoles.eligibilityRead,
      servicePrincipals: capList(
        apps.map((h) => ({
          id: h.principal.id,
          appId: h.principal.appId ?? null,
          displayName: h.principal.displayName ?? null,
          roles: [...h.roles].sort(),
          assignment: [...h.via].sort(),
          clientSecrets: (h.principal.passwordCredentials ?? []).map((c) => ({ keyId: c.keyId, displayName: c.displayName, endDateTime: c.endDateTime })),
          certificates: (h.principal.keyCredentials ?? []).length,
        })),
      ),
    };
    if (apps.length === 0) return { status: "pass", message: `No service principal holds a highly privileged directory role (${scopeNote(privilegedRoles)}).`, evidence };
    const named = apps.map((h) => `${h.principal.displayName ?? h.principal.id} (${[...h.roles].sort().join(", ")})`);
    const secrets = withSecret.length > 0 ? ` ${plural(withSecret.length, "of them signs", "of them sign")} in with a client secret on the service principal itself, a credential anyone who copies it can use from anywhere: treat as critical.` : "";
    return {
      status: "fail",
      message: `${plural(apps.length, "application")} ${apps.length === 1 ? "holds" : "hold"} highly privileged directory roles: ${listForMessage(named, 3)}.${secrets}`,
      evidence,
    };
  },
});
