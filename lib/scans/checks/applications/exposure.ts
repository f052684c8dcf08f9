import type { ServicePrincipal } from "@/lib/microsoft/graph-types";
import { isMicrosoftOwned, isThirdParty, isTier0Permission } from "@/lib/scans/checks/applications/graph-permissions";
import { capList, defineCheck, listForMessage, plural } from "@/lib/scans/checks/helpers";
import type { CheckObjects, SourceData } from "@/lib/scans/checks/types";

/* Service-principal exposure (X17–X20): Graph application permissions and delegated grants to non-Microsoft apps and secrets on service principals. */

const excepted = (ids: ReadonlySet<string>, appId: string) => ids.has(appId.toLowerCase());

/** An exception names an app by appId; it leaves that app's service principal (and so its grants) out. */
const SERVICE_PRINCIPAL_OBJECTS: CheckObjects = {
  kind: "application",
  exclude: (data, ids) => ({ ...data, servicePrincipals: data.servicePrincipals!.filter((sp) => !excepted(ids, sp.appId)) }),
};

const isVerified = (sp: ServicePrincipal) => !!sp.verifiedPublisher?.verifiedPublisherId;

const nameOf = (sp: { displayName: string | null; appId: string }) => sp.displayName ?? sp.appId;

/** Delegated scopes that expose mail, files or the directory on behalf of the user. */
export const RISKY_DELEGATED_SCOPES: readonly string[] = [
  "Mail.Read",
  "Mail.ReadWrite",
  "Mail.Send",
  "Files.Read.All",
  "Files.ReadWrite.All",
  "Sites.ReadWrite.All",
  "Directory.ReadWrite.All",
  "User.ReadWrite.All",
  "MailboxSettings.ReadWrite",
  "full_access_as_user",
  "EWS.AccessAsUser.All",
];
const RISKY_SCOPES = new Set(RISKY_DELEGATED_SCOPES.map((s) => s.toLowerCase()));

export const X19 = defineCheck({
  id: "X19",
  title: "Risky delegated permissions granted to non-Microsoft apps",
  scanType: "exposure",
  category: "Applications",
  severity: "high",
  frameworks: ["CIS 5.1.5.1 (intent)", "MS.AAD.5.2v1 intent"],
  sources: ["delegatedGrants", "servicePrincipals"],
  objects: SERVICE_PRINCIPAL_OBJECTS,
  remediation:
    "In the Entra admin center → Enterprise apps → the app → Permissions, review delegated permissions to mail, files and the directory that were admin-consented for all users or granted to an unverified app; revoke the grant (Graph: DELETE /oauth2PermissionGrants/{id}) and route future requests through the admin consent workflow.",
  evaluate({ delegatedGrants, servicePrincipals }) {
    const byId = new Map(servicePrincipals.map((sp) => [sp.id.toLowerCase(), sp]));
    const findings = delegatedGrants.flatMap((g) => {
      const client = byId.get(g.clientId.toLowerCase());
      if (!client || isMicrosoftOwned(client.appOwnerOrganizationId)) return [];
      const risky = (g.scope ?? "").split(/\s+/).filter((s) => RISKY_SCOPES.has(s.toLowerCase()));
      const allUsers = g.consentType === "AllPrincipals";
      if (risky.length === 0 || (!allUsers && isVerified(client))) return [];
      return [
        {
          grantId: g.id,
          clientId: client.id,
          appId: client.appId,
          displayName: client.displayName,
          consentType: g.consentType,
          principalId: g.principalId,
          unverifiedPublisher: !isVerified(client),
          riskyScopes: risky,
        },
      ];
    });
    const evidence = { grantCount: findings.length, grants: capList(findings), grantsCut: findings.length - capList(findings).length };
    if (findings.length === 0) {
      return { status: "pass", message: "No non-Microsoft app holds a risky delegated permission consented for all users or granted to an unverified publisher.", evidence };
    }
    const names = [...new Set(findings.map(nameOf))];
    const allUsers = findings.filter((f) => f.consentType === "AllPrincipals").length;
    return {
      status: "fail",
      message: `${plural(findings.length, "risky delegated grant")} (${allUsers} for all users) let ${plural(names.length, "app")} act on mail, files or the directory: ${listForMessage(names, 3)}.`,
      evidence,
    };
  },
});

export const X20 = defineCheck({
  id: "X20",
  title: "Secrets on service principal objects",
  scanType: "exposure",
  category: "Applications",
  severity: "high",
  frameworks: ["MT.1027"],
  sources: ["servicePrincipals"],
  objects: SERVICE_PRINCIPAL_OBJECTS,
  remediation:
    "Client secrets on an enterprise app's service principal (rather than its app registration) are invisible in the App registrations blade and a known persistence technique. Confirm who added each one (Entra admin center → Audit logs, 'Add service principal credentials'), then remove it (Graph: POST /servicePrincipals/{id}/removePassword) and give the workload a certificate or managed identity on its app registration instead.",
  evaluate({ servicePrincipals }) {
    const findings = servicePrincipals
      .filter((sp) => sp.passwordCredentials.length > 0 && sp.preferredSingleSignOnMode !== "saml")
      .map((sp) => ({
        servicePrincipalId: sp.id,
        appId: sp.appId,
        displayName: sp.displayName,
        appOwnerOrganizationId: sp.appOwnerOrganizationId,
        secrets: sp.passwordCredentials.map((c) => ({ keyId: c.keyId, displayName: c.displayName, startDateTime: c.startDateTime, endDateTime: c.endDateTime })),
      }));
    const evidence = { servicePrincipalCount: servicePrincipals.length, affected: findings.length, servicePrincipals: capList(findings), servicePrincipalsCut: findings.length - capList(findings).length };
    if (findings.length === 0) {
      return { status: "pass", message: `None of the ${plural(servicePrincipals.length, "service principal")} carries a client secret outside SAML signing.`, evidence };
    }
    return {
      status: "fail",
      message: `${plural(findings.length, "service principal")} ${findings.length === 1 ? "carries" : "carry"} client secrets on the object itself: ${listForMessage(findings.map(nameOf), 3)}.`,
      evidence,
    };
  },
});

type HeldPermissions = { sp: ServicePrincipal; permissions: string[] };

/** The Graph application permissions each third-party service principal holds, those matching `wanted`. */
function thirdPartyGraphPermissions(grants: SourceData["graphAppRoleGrants"], servicePrincipals: ServicePrincipal[], wanted: (permission: string) => boolean): HeldPermissions[] {
  const byId = new Map(servicePrincipals.map((sp) => [sp.id.toLowerCase(), sp]));
  const held = new Map<string, HeldPermissions>();
  for (const a of grants.assignments) {
    const sp = byId.get(a.principalId.toLowerCase());
    const value = grants.appRoles[a.appRoleId.toLowerCase()];
    if (!sp || !value || !wanted(value) || !isThirdParty(sp.appOwnerOrganizationId, grants.tenantId)) continue;
    // Aether365's own read-only app: the admin granted it (Directory.Read.All, User.Read.All …) to run these scans.
    if (grants.scannerAppId && sp.appId.toLowerCase() === grants.scannerAppId.toLowerCase()) continue;
    const entry = held.get(sp.id) ?? { sp, permissions: [] };
    if (!entry.permissions.includes(value)) entry.permissions.push(value);
    held.set(sp.id, entry);
  }
  return [...held.values()].sort((a, b) => nameOf(a.sp).localeCompare(nameOf(b.sp)));
}

function appView({ sp, permissions }: HeldPermissions) {
  return {
    servicePrincipalId: sp.id,
    appId: sp.appId,
    displayName: sp.displayName,
    appOwnerOrganizationId: sp.appOwnerOrganizationId,
    verifiedPublisher: isVerified(sp) ? sp.verifiedPublisher!.displayName : null,
    permissions: [...permissions].sort(),
  };
}

export const X17 = defineCheck({
  id: "X17",
  title: "Third-party apps hold tier-0 Microsoft Graph permissions",
  scanType: "exposure",
  category: "Applications",
  severity: "critical",
  frameworks: ["MT.1050", "MT.1051"],
  sources: ["graphAppRoleGrants", "servicePrincipals"],
  objects: SERVICE_PRINCIPAL_OBJECTS,
  remediation:
    "In the Entra admin center → Enterprise apps → the app → Permissions, review the admin-consented Microsoft Graph application permissions; revoke tier-0 ones (Directory.ReadWrite.All, RoleManagement.ReadWrite.Directory, AppRoleAssignment.ReadWrite.All, Application.ReadWrite.All …) the vendor does not strictly need, or delete the app (Graph: DELETE /servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}).",
  evaluate({ graphAppRoleGrants, servicePrincipals }) {
    const findings = thirdPartyGraphPermissions(graphAppRoleGrants, servicePrincipals, isTier0Permission);
    const apps = capList(findings.map(appView));
    const evidence = { appCount: findings.length, apps, appsCut: findings.length - apps.length };
    if (findings.length === 0) return { status: "pass", message: "No app from another organization holds a tier-0 Microsoft Graph application permission.", evidence };
    const permissions = [...new Set(findings.flatMap((f) => f.permissions))].sort();
    return {
      status: "fail",
      message: `${plural(findings.length, "third-party app")} could take over the tenant through tier-0 Graph permissions (${listForMessage(permissions, 3)}): ${listForMessage(findings.map((f) => nameOf(f.sp)), 3)}.`,
      evidence,
    };
  },
});

/** Graph application permissions that read (or change) mail, files, sites, chats or the directory. */
const DATA_PERMISSION = [/^Mail\./i, /^Files\..*\.All$/i, /^Sites\..*\.All$/i, /^Chat\./i, /^Directory\.Read\.All$/i, /^User\.Read\.All$/i];
export const isDataPermission = (value: string) => DATA_PERMISSION.some((re) => re.test(value));

export const X18 = defineCheck({
  id: "X18",
  title: "Third-party apps read tenant data without a user (app-only)",
  scanType: "exposure",
  category: "Applications",
  severity: "high",
  frameworks: ["MS.AAD.5.2v1 intent"],
  sources: ["graphAppRoleGrants", "servicePrincipals"],
  objects: SERVICE_PRINCIPAL_OBJECTS,
  remediation:
    "In the Entra admin center → Enterprise apps → the app → Permissions, confirm the vendor and its need for each application permission to mail, files, sites, chats or the directory; revoke what is not needed (prefer Sites.Selected, or an Exchange application access policy to scope mailbox access) and remove apps from unverified publishers you cannot vouch for.",
  evaluate({ graphAppRoleGrants, servicePrincipals }) {
    const findings = thirdPartyGraphPermissions(graphAppRoleGrants, servicePrincipals, isDataPermission);
    const unverified = findings.filter((f) => !isVerified(f.sp)).length;
    const apps = capList(findings.map((f) => ({ ...appView(f), unverifiedPublisher: !isVerified(f.sp) })));
    const evidence = { appCount: findings.length, unverifiedCount: unverified, apps, appsCut: findings.length - apps.length };
    if (findings.length === 0) return { status: "pass", message: "No app from another organization holds app-only access to mail, files, sites, chats or the directory.", evidence };
    const note = unverified > 0 ? `, ${unverified} of them from an unverified publisher` : "";
    return { status: "fail", message: `${plural(findings.length, "third-party app")} can read tenant data without a signed-in user${note}: ${listForMessage(findings.map((f) => nameOf(f.sp)), 3)}.`, evidence };
  },
});

export const X24 = defineCheck({
  id: "X24",
  title: "Apps with tier-0 Graph permissions have user owners",
  scanType: "exposure",
  category: "Applications",
  severity: "medium",
  frameworks: ["MT.1078"],
  sources: ["tier0AppOwners", "graphAppRoleGrants", "servicePrincipals"],
  objects: SERVICE_PRINCIPAL_OBJECTS,
  remediation:
    "An owner can add credentials to an app and act with all its permissions. In the Entra admin center → Enterprise apps → the app → Owners (and App registrations → Owners for your own apps), remove user owners and manage these apps through the PIM-protected Cloud Application Administrator role instead (Graph: DELETE /servicePrincipals/{id}/owners/{ownerId}/$ref).",
  evaluate({ tier0AppOwners, graphAppRoleGrants, servicePrincipals }) {
    // The tenant's own apps count too: an owner of a tier-0 app is a path to tier 0 whoever published it.
    const tier0 = servicePrincipals.filter((sp) => !isMicrosoftOwned(sp.appOwnerOrganizationId) && tier0AppOwners.ownersBySpId[sp.id] !== undefined);
    if (tier0.length === 0 && tier0AppOwners.notRead === 0) {
      return { status: "skip", skipReason: "not_applicable", message: "No non-Microsoft app holds a tier-0 Microsoft Graph permission.", evidence: { appCount: 0 } };
    }
    const held = thirdPartyOrOwnPermissions(graphAppRoleGrants);
    const findings = tier0.flatMap((sp) => {
      const users = tier0AppOwners.ownersBySpId[sp.id]!.filter((o) => o["@odata.type"].toLowerCase() === "#microsoft.graph.user");
      if (users.length === 0) return [];
      const owners = users.map((o) => ({ id: o.id, displayName: o.displayName, userPrincipalName: o.userPrincipalName ?? null }));
      return [{ servicePrincipalId: sp.id, appId: sp.appId, displayName: sp.displayName, permissions: held.get(sp.id.toLowerCase()) ?? [], owners }];
    });
    const apps = capList(findings);
    const evidence = { appCount: tier0.length, notRead: tier0AppOwners.notRead, affected: findings.length, apps, appsCut: findings.length - apps.length };
    if (findings.length === 0) return { status: "pass", message: `None of the ${plural(tier0.length, "app")} holding tier-0 Graph permissions is owned by a user.`, evidence };
    const owners = [...new Set(findings.flatMap((f) => f.owners.map((o) => o.userPrincipalName ?? o.displayName ?? o.id)))];
    return {
      status: "fail",
      message: `${plural(findings.length, "app")} with tier-0 Graph permissions ${findings.length === 1 ? "is" : "are"} owned by users who could act with ${findings.length === 1 ? "its" : "their"} permissions (${listForMessage(owners, 3)}): ${listForMessage(findings.map(nameOf), 3)}.`,
      evidence,
    };
  },
});

/** Tier-0 Graph permissions by holder (lowercased service principal id). */
function thirdPartyOrOwnPermissions(grants: SourceData["graphAppRoleGrants"]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of grants.assignments) {
    const value = grants.appRoles[a.appRoleId.toLowerCase()];
    if (!value || !isTier0Permission(value)) continue;
    const list = out.get(a.principalId.toLowerCase()) ?? [];
    if (!list.includes(value)) list.push(value);
    out.set(a.principalId.toLowerCase(), list.sort());
  }
  return out;
}

const APP_PROXY_OBJECTS: CheckObjects = {
  kind: "application",
  exclude: (data, ids) => ({ ...data, appProxyApplications: { ...data.appProxyApplications!, apps: data.appProxyApplications!.apps.filter((a) => !excepted(ids, a.appId)) } }),
};

export const X23 = defineCheck({
  id: "X23",
  title: "App Proxy apps published without pre-authentication",
  scanType: "exposure",
  category: "Applications",
  severity: "high",
  frameworks: ["MS.AAD.3.2v2 intent"],
  sources: ["appProxyApplications"],
  objects: APP_PROXY_OBJECTS,
  remediation:
    "In the Entra admin center → Enterprise apps → the app → Application proxy, set Pre Authentication to 'Microsoft Entra ID' so only signed-in users (subject to Conditional Access) reach the on-premises server (Graph β: onPremisesPublishing.externalAuthenticationType 'aadPreAuthentication').",
  evaluate({ appProxyApplications }) {
    const { apps, notRead } = appProxyApplications;
    if (apps.length === 0 && notRead === 0) {
      return { status: "skip", skipReason: "not_applicable", message: "No on-premises app is published through Application Proxy.", evidence: { appCount: 0 } };
    }
    const findings = apps
      .filter((a) => a.onPremisesPublishing?.externalAuthenticationType?.toLowerCase() === "passthru")
      .map((a) => ({ id: a.id, appId: a.appId, displayName: a.displayName, externalUrl: a.onPremisesPublishing!.externalUrl, internalUrl: a.onPremisesPublishing!.internalUrl }));
    const listed = capList(findings);
    const evidence = { appCount: apps.length, notRead, passthru: findings.length, apps: listed, appsCut: findings.length - listed.length };
    if (findings.length === 0) {
      return { status: "pass", message: `Every App Proxy app read (${apps.length}${notRead > 0 ? `, ${notRead} more not read` : ""}) requires Entra pre-authentication.`, evidence };
    }
    return {
      status: "fail",
      message: `${plural(findings.length, "App Proxy app")} ${findings.length === 1 ? "passes" : "pass"} unauthenticated internet traffic straight to the on-premises server: ${listForMessage(findings.map(nameOf), 3)}.`,
      evidence,
    };
  },
});
