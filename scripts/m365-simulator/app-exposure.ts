import type { OAuth2PermissionGrant } from "@/lib/microsoft/graph-types";
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
    if (member) grants.push(delegatedGrant(pdf.id, graph.id, "User.Read Files.ReadWrite.All", member));
  } else {
    const cli = { ...thirdPartyServicePrincipal(fixture, "Microsoft Graph Command Line Tools", MICROSOFT_TENANT, null), appId: "14d82eec-204b-4c2f-b7e8-296a70dab67e" };
    added.push(cli);
    if (member) grants.push(delegatedGrant(cli.id, graph.id, "openid profile User.Read Mail.Read", member));
  }
  return { ...data, servicePrincipals: [...data.servicePrincipals, ...added], oauth2PermissionGrants: [...(data.oauth2PermissionGrants ?? []), ...grants] };
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
  return { ...data, servicePrincipals: [...data.servicePrincipals, graph, ...vendors], oauth2PermissionGrants: grants };
}
