import { describe, expect, it } from "vitest";
import type { SharepointSettings } from "@/lib/microsoft/graph-types";
import { C47, C48, C49 } from "@/lib/scans/checks/sharepoint/access";
import { C44, C45, C46, X12 } from "@/lib/scans/checks/sharepoint/sharing";
import { CONTEXT } from "@/lib/scans/checks/test-fixtures";

/** Settings that pass every check; each test changes what it is about. */
function settings(patch: Partial<SharepointSettings> = {}): { sharepointSettings: SharepointSettings } {
  return {
    sharepointSettings: {
      sharingCapability: "existingExternalUserSharingOnly",
      sharingDomainRestrictionMode: "allowList",
      sharingAllowedDomainList: ["partner.com"],
      sharingBlockedDomainList: [],
      isResharingByExternalUsersEnabled: false,
      isLegacyAuthProtocolsEnabled: false,
      idleSessionSignOut: { isEnabled: true, warnAfterInSeconds: 3000, signOutAfterInSeconds: 3600 },
      isUnmanagedSyncAppForTenantRestricted: true,
      allowedDomainGuidsForSyncApp: ["6b3b7b0c-4a8e-4d1f-9c2a-3e5f7a9b1c2d"],
      ...patch,
    },
  };
}

describe("C44 External sharing ≤ existing guests", () => {
  it.each([["disabled"], ["existingExternalUserSharingOnly"]] as const)("passes for %s", (sharingCapability) => {
    expect(C44.evaluate(settings({ sharingCapability }), CONTEXT).status).toBe("pass");
  });

  it.each([["externalUserSharingOnly", "new and existing guests"], ["externalUserAndGuestSharing", "Anyone"]] as const)("fails for %s", (sharingCapability, words) => {
    const out = C44.evaluate(settings({ sharingCapability }), CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toContain(words);
    expect(out.evidence).toEqual({ sharingCapability });
  });
});

describe("C45 External sharing limited by domain", () => {
  it("passes with an allow-list of domains, or with sharing off", () => {
    expect(C45.evaluate(settings(), CONTEXT).message).toContain("partner.com");
    expect(C45.evaluate(settings({ sharingCapability: "disabled", sharingDomainRestrictionMode: "none", sharingAllowedDomainList: [] }), CONTEXT).status).toBe("pass");
  });

  it("fails for a block-list (every other domain stays open), naming the blocked ones", () => {
    const out = C45.evaluate(settings({ sharingDomainRestrictionMode: "blockList", sharingAllowedDomainList: [], sharingBlockedDomainList: ["rival.com"] }), CONTEXT);
    expect(out.status).toBe("fail");
    expect(out.message).toContain("only rival.com is blocked");
  });

  it("fails with no restriction, and with an empty allow-list", () => {
    expect(C45.evaluate(settings({ sharingDomainRestrictionMode: "none" }), CONTEXT).status).toBe("fail");
    expect(C45.evaluate(settings({ sharingAllowedDomainList: [] }), CONTEXT).message).toContain("lists no domain");
  });
});

describe("C46 Guests cannot reshare", () => {
  it("passes when resharing is off, or when nothing is shared externally", () => {
    expect(C46.evaluate(settings(), CONTEXT).status).toBe("pass");
    expect(C46.evaluate(settings({ isResharingByExternalUsersEnabled: true, sharingCapability: "disabled" }), CONTEXT).status).toBe("pass");
  });

  it("fails when guests may reshare", () => {
    expect(C46.evaluate(settings({ isResharingByExternalUsersEnabled: true }), CONTEXT)).toMatchObject({ status: "fail", evidence: { isResharingByExternalUsersEnabled: true } });
  });
});

describe("C47 SharePoint legacy auth off", () => {
  it("passes when legacy protocols are refused and fails when they are accepted", () => {
    expect(C47.evaluate(settings(), CONTEXT).status).toBe("pass");
    expect(C47.evaluate(settings({ isLegacyAuthProtocolsEnabled: true }), CONTEXT).status).toBe("fail");
  });
});

describe("C48 Idle session sign-out ≤ 3 h", () => {
  const idle = (isEnabled: boolean, signOutAfterInSeconds: number | null) => settings({ idleSessionSignOut: { isEnabled, warnAfterInSeconds: null, signOutAfterInSeconds } });

  it("passes at one hour and at exactly three", () => {
    expect(C48.evaluate(idle(true, 3600), CONTEXT).message).toContain("60 minutes");
    expect(C48.evaluate(idle(true, 10_800), CONTEXT).status).toBe("pass");
  });

  it("fails when off, missing or longer than three hours", () => {
    expect(C48.evaluate(idle(false, 3600), CONTEXT).status).toBe("fail");
    expect(C48.evaluate(settings({ idleSessionSignOut: null }), CONTEXT).status).toBe("fail");
    expect(C48.evaluate(idle(true, 14_400), CONTEXT).message).toContain("only after 240 minutes");
  });
});

describe("C49 OneDrive sync only on domain-joined PCs", () => {
  it("passes with the restriction and a domain", () => {
    expect(C49.evaluate(settings(), CONTEXT).status).toBe("pass");
  });

  it("fails without the restriction, and with the restriction but no domain", () => {
    expect(C49.evaluate(settings({ isUnmanagedSyncAppForTenantRestricted: false }), CONTEXT).status).toBe("fail");
    expect(C49.evaluate(settings({ allowedDomainGuidsForSyncApp: [] }), CONTEXT).message).toContain("no domain is listed");
  });
});

describe("X12 Anyone links", () => {
  it("fails only for externalUserAndGuestSharing", () => {
    expect(X12.evaluate(settings({ sharingCapability: "externalUserAndGuestSharing" }), CONTEXT).status).toBe("fail");
    for (const sharingCapability of ["disabled", "existingExternalUserSharingOnly", "externalUserSharingOnly"] as const) {
      expect(X12.evaluate(settings({ sharingCapability }), CONTEXT).status).toBe("pass");
    }
  });
});
