import type { TeamsAppSettings } from "@/lib/microsoft/graph-types";

/**
 * Microsoft 365 org settings the simulator serves: β /admin/appsAndServices and β /admin/forms (adminAppsAndServices,
 * adminForms: `{ id, settings }`), and v1.0 /teamwork/teamsAppSettings. Defaults are a new tenant's.
 */

export type AppsAndServicesSettingsResource = { isAppAndServicesTrialEnabled: boolean; isOfficeStoreEnabled: boolean };

export type FormsSettingsResource = {
  isBingImageSearchEnabled: boolean;
  isExternalSendFormEnabled: boolean;
  isExternalShareCollaborationEnabled: boolean;
  isExternalShareResultEnabled: boolean;
  isExternalShareTemplateEnabled: boolean;
  isInOrgFormsPhishingScanEnabled: boolean;
  isPhotoVideoUploadEnabled: boolean;
  isRecordIdentityByDefaultEnabled: boolean;
};

export type OrgSettings = {
  appsAndServices: AppsAndServicesSettingsResource;
  forms: FormsSettingsResource;
  teamsAppSettings: TeamsAppSettings;
};

/** A tenant's org settings from a new tenant's defaults (store and trials on, phishing scan on, personal-scope RSC on). */
export function orgSettings(patch: { appsAndServices?: Partial<AppsAndServicesSettingsResource>; forms?: Partial<FormsSettingsResource>; teamsAppSettings?: Partial<TeamsAppSettings> } = {}): OrgSettings {
  return {
    appsAndServices: { isAppAndServicesTrialEnabled: true, isOfficeStoreEnabled: true, ...patch.appsAndServices },
    forms: {
      isBingImageSearchEnabled: true,
      isExternalSendFormEnabled: true,
      isExternalShareCollaborationEnabled: true,
      isExternalShareResultEnabled: true,
      isExternalShareTemplateEnabled: true,
      isInOrgFormsPhishingScanEnabled: true,
      isPhotoVideoUploadEnabled: true,
      isRecordIdentityByDefaultEnabled: false,
      ...patch.forms,
    },
    teamsAppSettings: {
      id: "teamsAppSettings",
      allowUserRequestsForAppAccess: true,
      isChatResourceSpecificConsentEnabled: true,
      isUserPersonalScopeResourceSpecificConsentEnabled: true,
      ...patch.teamsAppSettings,
    },
  };
}
