import type { SharepointSettings } from "@/lib/microsoft/graph-types";

/**
 * SharePoint and OneDrive tenant settings as GET /admin/sharepoint/settings returns them (sharepointSettings, v1.0):
 * every documented property, so that $select and the full representation behave as Graph's do.
 */
export type SharepointSettingsResource = SharepointSettings & {
  availableManagedPathsForSiteCreation: string[];
  deletedUserPersonalSiteRetentionPeriodInDays: number;
  excludedFileExtensionsForSyncApp: string[];
  imageTaggingOption: "disabled" | "basic" | "enhanced";
  isCommentingOnSitePagesEnabled: boolean;
  isFileActivityNotificationEnabled: boolean;
  isLoopEnabled: boolean;
  isMacSyncAppEnabled: boolean;
  isRequireAcceptingUserToMatchInvitedUserEnabled: boolean;
  isSharePointMobileNotificationEnabled: boolean;
  isSharePointNewsfeedEnabled: boolean;
  isSiteCreationEnabled: boolean;
  isSiteCreationUIEnabled: boolean;
  isSitePagesCreationEnabled: boolean;
  isSitesStorageLimitAutomatic: boolean;
  isSyncButtonHiddenOnPersonalSite: boolean;
  personalSiteDefaultStorageLimitInMB: number;
  siteCreationDefaultManagedPath: string;
  siteCreationDefaultStorageLimitInMB: number;
  tenantDefaultTimezone: string;
};

/**
 * A tenant's settings, starting from what a new Microsoft 365 tenant has (sharing with new and existing guests, guests
 * may reshare, legacy authentication allowed, no idle sign-out, sync from any PC), with the given changes.
 */
export function sharepointSettings(patch: Partial<SharepointSettingsResource> = {}): SharepointSettingsResource {
  return {
    allowedDomainGuidsForSyncApp: [],
    availableManagedPathsForSiteCreation: ["/sites/", "/teams/"],
    deletedUserPersonalSiteRetentionPeriodInDays: 30,
    excludedFileExtensionsForSyncApp: [],
    idleSessionSignOut: { isEnabled: false, warnAfterInSeconds: 0, signOutAfterInSeconds: 0 },
    imageTaggingOption: "basic",
    isCommentingOnSitePagesEnabled: true,
    isFileActivityNotificationEnabled: true,
    isLegacyAuthProtocolsEnabled: true,
    isLoopEnabled: true,
    isMacSyncAppEnabled: true,
    isRequireAcceptingUserToMatchInvitedUserEnabled: false,
    isResharingByExternalUsersEnabled: true,
    isSharePointMobileNotificationEnabled: true,
    isSharePointNewsfeedEnabled: true,
    isSiteCreationEnabled: true,
    isSiteCreationUIEnabled: true,
    isSitePagesCreationEnabled: true,
    isSitesStorageLimitAutomatic: true,
    isSyncButtonHiddenOnPersonalSite: false,
    isUnmanagedSyncAppForTenantRestricted: false,
    personalSiteDefaultStorageLimitInMB: 1048576,
    sharingAllowedDomainList: [],
    sharingBlockedDomainList: [],
    sharingCapability: "externalUserSharingOnly",
    sharingDomainRestrictionMode: "none",
    siteCreationDefaultManagedPath: "/sites/",
    siteCreationDefaultStorageLimitInMB: 26214400,
    tenantDefaultTimezone: "(UTC) Coordinated Universal Time",
    ...patch,
  };
}
