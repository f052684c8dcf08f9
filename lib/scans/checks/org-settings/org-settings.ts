import { defineCheck } from "@/lib/scans/checks/helpers";

/* Microsoft 365 org settings and Teams (C50–C52). Teams meeting and external-access policies are not in Graph. */

export const C50 = defineCheck({
  id: "C50",
  title: "Users cannot install Office Store add-ins or start trials on their own",
  scanType: "compliance",
  category: "Microsoft 365 org settings and Teams",
  severity: "medium",
  frameworks: ["CIS 1.3.4"],
  sources: ["appsAndServicesSettings"],
  remediation:
    "In the Microsoft 365 admin center → Settings → Org settings → Services → User owned apps and services, clear \"Let users access the Office Store\" and \"Let users start trials on behalf of your organization\" (Graph β: PATCH /admin/appsAndServices with settings.isOfficeStoreEnabled and isAppAndServicesTrialEnabled = false).",
  evaluate({ appsAndServicesSettings: s }) {
    const evidence = { isOfficeStoreEnabled: s.isOfficeStoreEnabled, isAppAndServicesTrialEnabled: s.isAppAndServicesTrialEnabled };
    const open = [s.isOfficeStoreEnabled && "install add-ins from the Office Store", s.isAppAndServicesTrialEnabled && "start trials on the organisation's behalf"].filter(
      (x): x is string => typeof x === "string",
    );
    return open.length === 0
      ? { status: "pass", message: "Users cannot install Office Store add-ins or start trials; administrators decide which apps and services come in.", evidence }
      : { status: "fail", message: `Users can ${open.join(" and ")}, bringing in apps and services nobody reviewed.`, evidence };
  },
});

export const C51 = defineCheck({
  id: "C51",
  title: "Microsoft Forms scans internal forms for phishing",
  scanType: "compliance",
  category: "Microsoft 365 org settings and Teams",
  severity: "medium",
  frameworks: ["CIS 1.3.5"],
  sources: ["formsSettings"],
  remediation:
    "In the Microsoft 365 admin center → Settings → Org settings → Services → Microsoft Forms, select \"Add internal phishing protection\" (Graph β: PATCH /admin/forms with settings.isInOrgFormsPhishingScanEnabled = true).",
  evaluate({ formsSettings: s }) {
    const evidence = { isInOrgFormsPhishingScanEnabled: s.isInOrgFormsPhishingScanEnabled };
    return s.isInOrgFormsPhishingScanEnabled
      ? { status: "pass", message: "Microsoft Forms scans forms created in the organisation for password-phishing questions.", evidence }
      : { status: "fail", message: "Microsoft Forms does not scan internal forms for phishing (isInOrgFormsPhishingScanEnabled is false): a form asking for passwords is not caught.", evidence };
  },
});

export const C52 = defineCheck({
  id: "C52",
  title: "Users cannot let Teams apps read their own data (personal-scope consent)",
  scanType: "compliance",
  category: "Microsoft 365 org settings and Teams",
  severity: "low",
  // No CIS or SCuBA control covers it (CIS 8.x Teams controls are not in Graph); Microsoft documents the setting.
  frameworks: ['Microsoft Learn "Resource-specific consent in Microsoft Teams"'],
  sources: ["teamsAppSettings"],
  remediation:
    "In the Teams admin center → Teams apps → Permission policies → Org-wide app settings (or Entra admin center → Enterprise apps → Consent and permissions → Resource-specific consent), turn off user consent for apps to access their chats and data in personal scope (Graph: teamsAppSettings.isUserPersonalScopeResourceSpecificConsentEnabled = false).",
  evaluate({ teamsAppSettings: s }) {
    const enabled = s.isUserPersonalScopeResourceSpecificConsentEnabled;
    const evidence = { isUserPersonalScopeResourceSpecificConsentEnabled: enabled, isChatResourceSpecificConsentEnabled: s.isChatResourceSpecificConsentEnabled };
    return enabled === false
      ? { status: "pass", message: "Users cannot grant Teams apps access to their own chats and data; an administrator consents.", evidence }
      : {
          status: "fail",
          message: "Users can consent for Teams apps to read their chats and data in personal scope (isUserPersonalScopeResourceSpecificConsentEnabled), outside the tenant's admin-consent review.",
          evidence,
        };
  },
});
