import { describe, expect, it } from "vitest";
import type { AppRoleAssignment, OAuth2PermissionGrant, ServicePrincipal } from "@/lib/microsoft/graph-types";
import { X17, X18, X19, X20, X23, X24 } from "@/lib/scans/checks/applications/exposure";
import { CONTEXT, daysAgo, daysFromNow, secret } from "@/lib/scans/checks/test-fixtures";
import type { SourceData } from "@/lib/scans/checks/types";

const TENANT = "11111111-1111-4111-8111-111111111111";
const ROLES: Record<string, string> = { "r-dirrw": "Directory.ReadWrite.All", "r-mail": "Mail.Read", "r-org": "Organization.Read.All", "r-files": "Files.Read.All" };
const VENDOR = "22222222-2222-4222-8222-222222222222";
const MICROSOFT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

function sp(id: string, patch: Partial<ServicePrincipal> = {}): ServicePrincipal {
  return {
    id,
    appId: `app-${id}`,
    displayName: id,
    appOwnerOrganizationId: VENDOR,
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    passwordCredentials: [],
    preferredSingleSignOnMode: null,
    tags: [],
    ...patch,
  };
}

const verified = { displayName: "Vendor Ltd", verifiedPublisherId: "1234567", addedDateTime: daysAgo(100) };

function assignment(principalId: string, appRoleId: string): AppRoleAssignment {
  return { id: `${principalId}-${appRoleId}`, appRoleId, principalId, principalDisplayName: principalId, principalType: "ServicePrincipal", resourceId: "graph", resourceDisplayName: "Microsoft Graph", createdDateTime: daysAgo(10) };
}

const grants = (...assignments: AppRoleAssignment[]): SourceData["graphAppRoleGrants"] => ({ tenantId: TENANT, appRoles: ROLES, assignments });

describe("X17 third-party apps with tier-0 Graph permissions", () => {
  it("fails for a vendor app with Directory.ReadWrite.All and names it", () => {
    const out = X17.evaluate({ graphAppRoleGrants: grants(assignment("shadow", "r-dirrw"), assignment("shadow", "r-mail")), servicePrincipals: [sp("shadow", { displayName: "Shadow Sync" })] }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toContain("Shadow Sync");
    expect(out.evidence).toMatchObject({ appCount: 1, apps: [{ appId: "app-shadow", permissions: ["Directory.ReadWrite.All"], verifiedPublisher: null }] });
  });

  it("passes for the tenant's own and Microsoft's apps and for non-tier-0 permissions", () => {
    const out = X17.evaluate(
      {
        graphAppRoleGrants: grants(assignment("own", "r-dirrw"), assignment("ms", "r-dirrw"), assignment("vendor", "r-org")),
        servicePrincipals: [sp("own", { appOwnerOrganizationId: TENANT }), sp("ms", { appOwnerOrganizationId: MICROSOFT }), sp("vendor")],
      },
      CONTEXT,
    );
    expect(out.status).toBe("pass");
  });

  it("lets an exception cover one app", () => {
    const data = { graphAppRoleGrants: grants(assignment("shadow", "r-dirrw")), servicePrincipals: [sp("shadow")] };
    const kept = X17.objects!.exclude(data, new Set(["app-shadow"])) as typeof data;
    expect(X17.evaluate(kept, CONTEXT).status).toBe("pass");
  });
});

describe("X18 third-party app-only data access", () => {
  it("fails and flags the unverified publisher", () => {
    const out = X18.evaluate(
      { graphAppRoleGrants: grants(assignment("a", "r-mail"), assignment("b", "r-files")), servicePrincipals: [sp("a", { displayName: "Mail Archiver" }), sp("b", { verifiedPublisher: verified })] },
      CONTEXT,
    );
    expect(out.status).toBe("fail");
    expect(out.message).toContain("1 of them from an unverified publisher");
    expect(out.evidence).toMatchObject({ appCount: 2, unverifiedCount: 1 });
  });

  it("leaves out the scanner's own read-only app (the admin granted it Directory.Read.All to run these scans)", () => {
    const withScanner = { ...grants(assignment("aether", "r-files")), scannerAppId: "APP-AETHER" };
    expect(X18.evaluate({ graphAppRoleGrants: withScanner, servicePrincipals: [sp("aether")] }, CONTEXT).status).toBe("pass");
    expect(X18.evaluate({ graphAppRoleGrants: grants(assignment("aether", "r-files")), servicePrincipals: [sp("aether")] }, CONTEXT).status).toBe("fail");
  });

  it("passes when vendors hold only non-data permissions", () => {
    expect(X18.evaluate({ graphAppRoleGrants: grants(assignment("a", "r-org")), servicePrincipals: [sp("a")] }, CONTEXT).status).toBe("pass");
  });
});

describe("X19 risky delegated grants", () => {
  const grant = (patch: Partial<OAuth2PermissionGrant>): OAuth2PermissionGrant => ({ id: "g1", clientId: "c", consentType: "AllPrincipals", principalId: null, resourceId: "graph", scope: "openid User.Read", ...patch });

  it("fails for an admin-consented Mail.ReadWrite grant to a vendor app", () => {
    const out = X19.evaluate({ delegatedGrants: [grant({ scope: "User.Read Mail.ReadWrite" })], servicePrincipals: [sp("c", { displayName: "Inbox Helper", verifiedPublisher: verified })] }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({ grantCount: 1, grants: [{ displayName: "Inbox Helper", riskyScopes: ["Mail.ReadWrite"], consentType: "AllPrincipals" }] });
  });

  it("fails for a per-user grant to an unverified app, passes for a verified one and for Microsoft apps", () => {
    const perUser = grant({ consentType: "Principal", principalId: "u1", scope: "Files.Read.All" });
    expect(X19.evaluate({ delegatedGrants: [perUser], servicePrincipals: [sp("c")] }, CONTEXT).status).toBe("fail");
    expect(X19.evaluate({ delegatedGrants: [perUser], servicePrincipals: [sp("c", { verifiedPublisher: verified })] }, CONTEXT).status).toBe("pass");
    expect(X19.evaluate({ delegatedGrants: [grant({ scope: "Mail.Read" })], servicePrincipals: [sp("c", { appOwnerOrganizationId: MICROSOFT })] }, CONTEXT).status).toBe("pass");
  });

  it("passes for harmless scopes", () => {
    expect(X19.evaluate({ delegatedGrants: [grant({})], servicePrincipals: [sp("c")] }, CONTEXT).status).toBe("pass");
  });
});

describe("X20 secrets on service principals", () => {
  it("fails for a secret on a non-SAML service principal, with its key id", () => {
    const out = X20.evaluate({ servicePrincipals: [sp("auto", { displayName: "Automation", passwordCredentials: [secret({ keyId: "k1", endDateTime: daysFromNow(300) })] })] }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({ affected: 1, servicePrincipals: [{ displayName: "Automation", secrets: [{ keyId: "k1" }] }] });
  });

  it("passes for SAML apps (their signing material) and principals without secrets", () => {
    const saml = sp("saml", { preferredSingleSignOnMode: "saml", passwordCredentials: [secret()] });
    expect(X20.evaluate({ servicePrincipals: [saml, sp("plain")] }, CONTEXT).status).toBe("pass");
  });
});

describe("X24 tier-0 apps with user owners", () => {
  const user = { "@odata.type": "#microsoft.graph.user", id: "u1", displayName: "Pat", userPrincipalName: "pat@contoso.com" };
  const robot = { "@odata.type": "#microsoft.graph.servicePrincipal", id: "s1", displayName: "Deployer" };
  const data = (owners: (typeof user | typeof robot)[], holder = sp("shadow", { displayName: "Shadow Sync" })) => ({
    tier0AppOwners: { ownersBySpId: { [holder.id]: owners }, notRead: 0 },
    graphAppRoleGrants: grants(assignment(holder.id, "r-dirrw")),
    servicePrincipals: [holder],
  });

  it("fails for a user owner and names the UPN", () => {
    const out = X24.evaluate(data([user, robot]), CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toContain("pat@contoso.com");
    expect(out.evidence).toMatchObject({ affected: 1, apps: [{ appId: "app-shadow", permissions: ["Directory.ReadWrite.All"], owners: [{ userPrincipalName: "pat@contoso.com" }] }] });
  });

  it("passes for service-principal owners, counts the tenant's own apps, and is not applicable without tier-0 apps", () => {
    expect(X24.evaluate(data([robot], sp("own", { appOwnerOrganizationId: TENANT })), CONTEXT).status).toBe("pass");
    expect(X24.evaluate(data([user], sp("own", { appOwnerOrganizationId: TENANT })), CONTEXT).status).toBe("fail");
    expect(X24.evaluate(data([user], sp("ms", { appOwnerOrganizationId: MICROSOFT })), CONTEXT)).toMatchObject({ status: "skip", skipReason: "not_applicable" });
  });
});

describe("X23 App Proxy pre-authentication", () => {
  const proxied = (appId: string, type: string) => ({ id: `obj-${appId}`, appId, displayName: appId, onPremisesPublishing: { externalAuthenticationType: type, externalUrl: `https://${appId}-contoso.msappproxy.net/`, internalUrl: "http://hr.local/" } });

  it("fails for a passthru app and names its external URL", () => {
    const out = X23.evaluate({ appProxyApplications: { apps: [proxied("hr", "passthru"), proxied("wiki", "aadPreAuthentication")], notRead: 0 } }, CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({ appCount: 2, passthru: 1, apps: [{ appId: "hr", externalUrl: "https://hr-contoso.msappproxy.net/" }] });
  });

  it("passes with pre-authentication and is not applicable without App Proxy apps", () => {
    expect(X23.evaluate({ appProxyApplications: { apps: [proxied("wiki", "aadPreAuthentication")], notRead: 0 } }, CONTEXT).status).toBe("pass");
    expect(X23.evaluate({ appProxyApplications: { apps: [], notRead: 0 } }, CONTEXT)).toMatchObject({ status: "skip", skipReason: "not_applicable" });
  });
});
