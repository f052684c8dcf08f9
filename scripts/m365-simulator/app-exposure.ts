import type { AppRole, AppRoleAssignment, OAuth2PermissionGrant } from "@/lib/microsoft/graph-types";
import { notFound, PAGE, properties, serveCollection, type GraphContext, type GraphRequest } from "./collections";
import type { ODataQuery } from "./odata";
import { contextUrl, ok, type GraphResult } from "./responses";
import { tenantView } from "./tenant-views";
import { stableGuid } from "./random";
import type { ServicePrincipalResource, TenantData } from "./model";

/*
 * Service-principal exposure data (checks X19, X20): delegated permission grants (oauth2PermissionGrants) and the
 * third-party service principals they are granted to.
 */

/** A third-party (multi-tenant) app's service principal as consent creates it in the customer tenant. */
export function thirdPartyServicePrincipal(
  fixture: string,
  name: string,
  publisherTenantId: string,
  verifiedPublisher: ServicePrincipalResource["verifiedPublisher"] | null,
): ServicePrincipalResource {
  const appId = stableGuid(`${fixture}/vendor-app/${name}`);
  return {
    id: stableGuid(`${fixture}/vendor-sp/${name}`),
    appId,
    displayName: name,
    appDisplayName: name,
    accountEnabled: true,
    appOwnerOrganizationId: publisherTenantId,
    servicePrincipalType: "Application",
    servicePrincipalNames: [appId],
    signInAudience: "AzureADMultipleOrgs",
    preferredSingleSignOnMode: null,
    tags: ["WindowsAzureActiveDirectoryIntegratedApp"],
    passwordCredentials: [],
    keyCredentials: [],
    verifiedPublisher: verifiedPublisher ?? { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  };
}

/** oAuth2PermissionGrant ids are base64url(clientId + resourceId [+ principalId]) in Graph; the shape is what matters here. */
export function delegatedGrant(clientId: string, resourceId: string, scope: string, principalId: string | null = null): OAuth2PermissionGrant {
  const hex = (clientId + resourceId + (principalId ?? "")).replace(/-/g, "");
  return {
    id: Buffer.from(hex, "hex").toString("base64url"),
    clientId,
    consentType: principalId ? "Principal" : "AllPrincipals",
    principalId,
    resourceId,
    scope: ` ${scope} `.replace(/\s+/g, " ").trim(),
  };
}

/** Microsoft Graph's service principal in a customer tenant (the resource of every Graph grant). */
export function microsoftGraphServicePrincipal(fixture: string, microsoftTenantId: string): ServicePrincipalResource {
  return {
    ...thirdPartyServicePrincipal(fixture, "Microsoft Graph", microsoftTenantId, null),
    id: stableGuid(`${fixture}/sp/microsoft-graph`),
    appId: "00000003-0000-0000-c000-000000000000",
    servicePrincipalNames: ["00000003-0000-0000-c000-000000000000", "https://graph.microsoft.com"],
    tags: [],
    appRoles: GRAPH_APP_ROLES,
  };
}

const MICROSOFT_TENANT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
const VERIFIED_NORTHWIND = { displayName: "Northwind Traders", verifiedPublisherId: "5104393", addedDateTime: "2023-03-01T09:00:00Z" };

/**
 * Adds Graph's service principal, consented vendor apps and their delegated grants to a fixture: well-configured only
 * harmless or verified per-user grants; misconfigured an unverified vendor with tenant-wide mail access and a
 * per-user Files grant to another unverified app; unlicensed a Microsoft tool's per-user grant.
 */
export function withServicePrincipalExposure(fixture: "well-configured" | "misconfigured" | "unlicensed", data: TenantData): TenantData {
  const graph = microsoftGraphServicePrincipal(fixture, MICROSOFT_TENANT);
  const member = data.users.find((u) => u.resource.userType === "Member")?.resource.id ?? null;
  const added: ServicePrincipalResource[] = [graph];
  const grants: OAuth2PermissionGrant[] = [];
  const assignments: AppRoleAssignment[] = [];
  // The tenant's own apps may hold strong permissions (X17/X18 judge other organizations' apps only).
  const own = data.servicePrincipals[0];
  if (own) assignments.push(graphAssignment(graph, own, "Directory.Read.All"));
  const owners: Record<string, string[]> = {};
  // Well-configured: the tenant's provisioning app holds a tier-0 permission and has no user owner.
  if (own && fixture === "well-configured") assignments.push(graphAssignment(graph, own, "Application.ReadWrite.All"));
  if (fixture === "well-configured") {
    const expenses = thirdPartyServicePrincipal(fixture, "Northwind Expenses", stableGuid("tenant/northwind"), VERIFIED_NORTHWIND);
    added.push(expenses);
    grants.push(delegatedGrant(expenses.id, graph.id, "openid profile offline_access User.Read"));
    if (member) grants.push(delegatedGrant(expenses.id, graph.id, "Files.Read.All", member));
  } else if (fixture === "misconfigured") {
    const mailMerge = thirdPartyServicePrincipal(fixture, "MailMerge Pro", stableGuid("tenant/mailmerge"), null);
    const pdf = thirdPartyServicePrincipal(fixture, "PDF Converter Online", stableGuid("tenant/pdfconv"), null);
    added.push(mailMerge, pdf);
    grants.push(delegatedGrant(mailMerge.id, graph.id, "openid User.Read Mail.ReadWrite Mail.Send"));
    assignments.push(graphAssignment(graph, mailMerge, "Directory.ReadWrite.All"), graphAssignment(graph, mailMerge, "Mail.Read"));
    if (member) owners[mailMerge.id] = [member];
    if (member) grants.push(delegatedGrant(pdf.id, graph.id, "User.Read Files.ReadWrite.All", member));
  } else {
    const cli = { ...thirdPartyServicePrincipal(fixture, "Microsoft Graph Command Line Tools", MICROSOFT_TENANT, null), appId: "14d82eec-204b-4c2f-b7e8-296a70dab67e" };
    added.push(cli);
    if (member) grants.push(delegatedGrant(cli.id, graph.id, "openid profile User.Read Mail.Read", member));
  }
  const proxy: TenantData["onPremisesPublishing"] = {};
  const apps = [...data.applications];
  if (fixture !== "unlicensed") {
    // An on-premises HR portal published through App Proxy: pre-authenticated when well-configured, passthru otherwise.
    const hr = { ...data.applications[0]!, id: stableGuid(`${fixture}/app/hr-portal`), appId: stableGuid(`${fixture}/appId/hr-portal`), displayName: "HR Portal (on-premises)", passwordCredentials: [], keyCredentials: [], web: { ...data.applications[0]!.web, redirectUris: [] }, spa: { redirectUris: [] }, publicClient: { redirectUris: [] } };
    apps.push(hr);
    added.push({ ...thirdPartyServicePrincipal(fixture, "HR Portal (on-premises)", data.tenantId, null), appId: hr.appId, tags: ["WindowsAzureActiveDirectoryOnPremApp", "WindowsAzureActiveDirectoryIntegratedApp"] });
    proxy[hr.id] = { externalAuthenticationType: fixture === "misconfigured" ? "passthru" : "aadPreAuthentication", externalUrl: `https://hrportal-${data.tenantId.slice(0, 8)}.msappproxy.net/`, internalUrl: "http://hr01.corp.local/" };
  }
  return { ...data, applications: apps, onPremisesPublishing: { ...data.onPremisesPublishing, ...proxy }, servicePrincipals: [...data.servicePrincipals, ...added], oauth2PermissionGrants: [...(data.oauth2PermissionGrants ?? []), ...grants], appRoleAssignments: [...(data.appRoleAssignments ?? []), ...assignments], servicePrincipalOwners: { ...data.servicePrincipalOwners, ...owners } };
}

/** The generated tenant: Graph, a few dozen consented vendor apps, and per-user grants from about one user in forty. */
export function withGeneratedServicePrincipalExposure(data: TenantData, rng: () => number): TenantData {
  const graph = microsoftGraphServicePrincipal(data.tenantId, MICROSOFT_TENANT);
  const vendors = Array.from({ length: 40 }, (_, i) =>
    thirdPartyServicePrincipal(data.tenantId, `Vendor app ${i + 1}`, stableGuid(`${data.tenantId}/vendor-tenant/${i % 25}`), i % 3 === 0 ? null : VERIFIED_NORTHWIND),
  );
  const scopes = ["openid profile User.Read", "User.Read Calendars.Read", "User.Read Files.Read.All", "User.Read Mail.Read offline_access"];
  const grants: OAuth2PermissionGrant[] = vendors.slice(0, 10).map((v) => delegatedGrant(v.id, graph.id, "openid profile User.Read"));
  data.users.forEach((u, i) => {
    if (i % 40 !== 0 || u.resource.userType !== "Member") return;
    const vendor = vendors[Math.floor(rng() * vendors.length)]!;
    grants.push(delegatedGrant(vendor.id, graph.id, scopes[Math.floor(rng() * scopes.length)]!, u.resource.id));
  });
  const permissions = ["User.Read.All", "Mail.Send", "Organization.Read.All", "Files.Read.All"];
  const assignments = vendors.slice(0, 24).map((v, i) => graphAssignment(graph, v, permissions[i % permissions.length]!));
  return { ...data, servicePrincipals: [...data.servicePrincipals, graph, ...vendors], oauth2PermissionGrants: grants, appRoleAssignments: assignments };
}

/**
 * Key addressing by alternate key: `servicePrincipals(appId='…')` and `applications(appId='…')` stand for the object
 * with that appId (Graph answers 404 Request_ResourceNotFound when there is none).
 */
export function resolveAppIdKeys(data: TenantData, segments: string[]): { segments: string[] } | { missing: string } {
  const out: string[] = [];
  for (const segment of segments) {
    const m = /^(servicePrincipals|applications)\(appId='([^']*)'\)$/i.exec(segment);
    if (!m) {
      out.push(segment);
      continue;
    }
    const list: { id: string; appId: string }[] = m[1]!.toLowerCase() === "applications" ? data.applications : data.servicePrincipals;
    const found = list.find((o) => o.appId.toLowerCase() === m[2]!.toLowerCase());
    if (!found) return { missing: `appId='${m[2]}'` };
    out.push(m[1]!, found.id);
  }
  return { segments: out };
}

const ASSIGNMENT_PROPERTIES = ["id", "appRoleId", "principalId", "principalDisplayName", "principalType", "resourceId", "resourceDisplayName", "createdDateTime", "deletedDateTime"];

/** GET /servicePrincipals/{id}/appRoleAssignedTo: the assignments whose resource is that service principal, paged. */
export const appRoleAssignedTo = (ctx: GraphContext, req: GraphRequest, query: ODataQuery, id: string | undefined): GraphResult => {
  const sp = ctx.data.servicePrincipals.find((s) => s.id.toLowerCase() === (id ?? "").toLowerCase());
  if (!sp) return notFound(req, id ?? "");
  const items = (ctx.data.appRoleAssignments ?? []).filter((a) => a.resourceId === sp.id).map((a) => ({ deletedDateTime: null, ...a }));
  return serveCollection(ctx, req, query, {
    items,
    entityType: "appRoleAssignment",
    props: properties("appRoleAssignment", items[0], ASSIGNMENT_PROPERTIES),
    contextPath: `servicePrincipals('${sp.id}')/appRoleAssignedTo`,
    read: (a) => a,
    paging: PAGE,
  });
};

/** Microsoft Graph application permissions the fixtures use, with Graph's published app role ids. */
export const GRAPH_APP_ROLES: AppRole[] = [
  ["19dbc75e-c2e2-444c-a770-ec69d8559fc7", "Directory.ReadWrite.All"],
  ["7ab1d382-f21e-4acd-a863-ba3e13f7da61", "Directory.Read.All"],
  ["df021288-bdef-4463-88db-98f22de89214", "User.Read.All"],
  ["810c84a8-4a9e-49e6-bf7d-12d183f40d01", "Mail.Read"],
  ["b633e1c5-b582-4048-a93e-9f11b44c7e96", "Mail.Send"],
  ["01d4889c-1287-42c6-ac1f-5d1e02578ef6", "Files.Read.All"],
  ["9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", "RoleManagement.ReadWrite.Directory"],
  ["1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", "Application.ReadWrite.All"],
  ["498476ce-e0fe-48b0-b801-37ba7e2685c6", "Organization.Read.All"],
].map(([id, value]) => ({ id: id!, value: value!, displayName: value!, allowedMemberTypes: ["Application"], isEnabled: true, description: null, origin: "Application" }) as AppRole);

const roleId = (value: string) => GRAPH_APP_ROLES.find((r) => r.value === value)!.id;

export function graphAssignment(graph: ServicePrincipalResource, holder: ServicePrincipalResource, permission: string): AppRoleAssignment {
  return {
    id: Buffer.from(holder.id.replace(/-/g, "") + "00", "hex").toString("base64url") + roleId(permission).slice(0, 4),
    appRoleId: roleId(permission),
    principalId: holder.id,
    principalDisplayName: holder.displayName,
    principalType: "ServicePrincipal",
    resourceId: graph.id,
    resourceDisplayName: graph.displayName,
    createdDateTime: "2025-01-10T08:00:00Z",
  };
}

/** GET /servicePrincipals/{id}/owners: directoryObjects (users or service principals), each with its @odata.type. */
export const servicePrincipalOwners = (ctx: GraphContext, req: GraphRequest, query: ODataQuery, id: string | undefined): GraphResult => {
  const sp = ctx.data.servicePrincipals.find((s) => s.id.toLowerCase() === (id ?? "").toLowerCase());
  if (!sp) return notFound(req, id ?? "");
  const view = tenantView(ctx.data);
  const objects = (ctx.data.servicePrincipalOwners?.[sp.id] ?? []).map((o) => view.principal(o)).filter((o): o is Record<string, unknown> => o !== null);
  const value = objects.map((o) => {
    if (!query.select) return o;
    const out: Record<string, unknown> = { "@odata.type": o["@odata.type"], id: o.id };
    for (const name of query.select) if (name in o) out[name] = o[name];
    return out;
  });
  return ok({ "@odata.context": contextUrl(ctx.version, "directoryObjects"), value });
};
