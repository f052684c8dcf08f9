import { describe, expect, it } from "vitest";
import type { OAuth2PermissionGrant, ServicePrincipal } from "@/lib/microsoft/graph-types";
import { X19, X20 } from "@/lib/scans/checks/applications/exposure";
import { CONTEXT, daysAgo, daysFromNow, secret } from "@/lib/scans/checks/test-fixtures";

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
