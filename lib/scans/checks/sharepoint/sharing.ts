import { defineCheck, listForMessage } from "@/lib/scans/checks/helpers";

/* SharePoint and OneDrive external sharing (C44–C46, X12), from the tenant's sharepointSettings. */

const SHARING: Readonly<Record<string, string>> = {
  disabled: "only people in your organisation",
  existingExternalUserSharingOnly: "existing guests only",
  externalUserSharingOnly: "new and existing guests",
  externalUserAndGuestSharing: "anyone, including anonymous \"Anyone\" links that need no sign-in",
};
const describeSharing = (capability: string) => SHARING[capability] ?? `an unrecognised level (${capability})`;
const SHARING_PATH = "SharePoint admin center → Policies → Sharing";

export const C44 = defineCheck({
  id: "C44",
  title: "SharePoint and OneDrive share externally only with existing guests",
  scanType: "compliance",
  category: "SharePoint and OneDrive",
  severity: "high",
  frameworks: ["CIS 7.2.3", "MS.SHAREPOINT.1.1v1"],
  sources: ["sharepointSettings"],
  remediation: `In the ${SHARING_PATH}, move the SharePoint slider to "Existing guests" (or "Only people in your organization") and keep OneDrive at the same level or below (Graph: sharepointSettings.sharingCapability = existingExternalUserSharingOnly). New guests are then invited through your guest process, not by whoever shares a file.`,
  evaluate({ sharepointSettings: s }) {
    const evidence = { sharingCapability: s.sharingCapability };
    if (s.sharingCapability === "disabled" || s.sharingCapability === "existingExternalUserSharingOnly") {
      return { status: "pass", message: `Content can be shared with ${describeSharing(s.sharingCapability)}.`, evidence };
    }
    return {
      status: "fail",
      message: `Content can be shared with ${describeSharing(s.sharingCapability)} (sharingCapability ${s.sharingCapability}); anyone in the organisation can bring new outsiders in by sharing a file.`,
      evidence,
    };
  },
});

export const C45 = defineCheck({
  id: "C45",
  title: "External sharing is limited to allowed domains",
  scanType: "compliance",
  category: "SharePoint and OneDrive",
  severity: "medium",
  frameworks: ["CIS 7.2.6", "MS.SHAREPOINT.1.3v1"],
  sources: ["sharepointSettings"],
  remediation: `In the ${SHARING_PATH} → More external sharing settings, select "Limit external sharing by domain" → "Allow only specific domains" and list your partners' domains (Graph: sharepointSettings.sharingDomainRestrictionMode = allowList with sharingAllowedDomainList).`,
  evaluate({ sharepointSettings: s }) {
    const evidence = {
      sharingCapability: s.sharingCapability,
      sharingDomainRestrictionMode: s.sharingDomainRestrictionMode,
      sharingAllowedDomainList: s.sharingAllowedDomainList,
      sharingBlockedDomainList: s.sharingBlockedDomainList,
    };
    if (s.sharingCapability === "disabled") return { status: "pass", message: "External sharing is off, so no domain can be shared with.", evidence };
    if (s.sharingDomainRestrictionMode === "allowList" && s.sharingAllowedDomainList.length > 0) {
      return { status: "pass", message: `External sharing is allowed only with ${listForMessage(s.sharingAllowedDomainList)}.`, evidence };
    }
    const why =
      s.sharingDomainRestrictionMode === "blockList"
        ? `only ${listForMessage(s.sharingBlockedDomainList)} ${s.sharingBlockedDomainList.length === 1 ? "is" : "are"} blocked; every other domain is allowed`
        : s.sharingDomainRestrictionMode === "allowList"
          ? "the allow-list mode is on but lists no domain"
          : "no domain restriction is set";
    return { status: "fail", message: `Files can be shared with guests from any domain: ${why}.`, evidence };
  },
});

export const C46 = defineCheck({
  id: "C46",
  title: "Guests cannot reshare what was shared with them",
  scanType: "compliance",
  category: "SharePoint and OneDrive",
  severity: "medium",
  frameworks: ["CIS 7.2.5"],
  sources: ["sharepointSettings"],
  remediation: `In the ${SHARING_PATH} → More external sharing settings, clear "Allow guests to share items they don't own" (Graph: sharepointSettings.isResharingByExternalUsersEnabled = false).`,
  evaluate({ sharepointSettings: s }) {
    const evidence = { isResharingByExternalUsersEnabled: s.isResharingByExternalUsersEnabled, sharingCapability: s.sharingCapability };
    if (!s.isResharingByExternalUsersEnabled) return { status: "pass", message: "Guests cannot share files, folders or sites they do not own.", evidence };
    if (s.sharingCapability === "disabled") return { status: "pass", message: "External sharing is off, so guests have nothing to reshare.", evidence };
    return { status: "fail", message: "Guests can reshare files, folders and sites they do not own (isResharingByExternalUsersEnabled is true), past your control of who sees them.", evidence };
  },
});

export const X12 = defineCheck({
  id: "X12",
  title: "Anonymous \"Anyone\" links are off",
  scanType: "exposure",
  category: "SharePoint and OneDrive",
  severity: "high",
  frameworks: ["CIS 7.2.3", "MS.SHAREPOINT.1.1v1"],
  sources: ["sharepointSettings"],
  remediation: `In the ${SHARING_PATH}, move the SharePoint and OneDrive sliders below "Anyone" ("New and existing guests" at most; "Existing guests" is better) so every external recipient signs in (Graph: sharepointSettings.sharingCapability ≠ externalUserAndGuestSharing). Existing Anyone links stop working when the level drops.`,
  evaluate({ sharepointSettings: s }) {
    const evidence = { sharingCapability: s.sharingCapability };
    return s.sharingCapability === "externalUserAndGuestSharing"
      ? {
          status: "fail",
          message: "Anyone links are allowed: files and folders can be shared with links that work for whoever holds them, without signing in (sharingCapability externalUserAndGuestSharing).",
          evidence,
        }
      : { status: "pass", message: `No anonymous links: content can be shared with ${describeSharing(s.sharingCapability)}, who must sign in.`, evidence };
  },
});
