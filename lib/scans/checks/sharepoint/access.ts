import { defineCheck } from "@/lib/scans/checks/helpers";

/* SharePoint and OneDrive access controls: legacy authentication, idle sign-out, sync clients (C47–C49). */

/** CIS 1.3.2: idle sessions signed out after at most three hours. */
const IDLE_LIMIT_SECONDS = 3 * 60 * 60;

export const C47 = defineCheck({
  id: "C47",
  title: "SharePoint refuses legacy authentication",
  scanType: "compliance",
  category: "SharePoint and OneDrive",
  severity: "high",
  frameworks: ["CIS 7.2.1"],
  sources: ["sharepointSettings"],
  remediation:
    "In the SharePoint admin center → Policies → Access control → Apps that don't use modern authentication, select Block access (Graph: sharepointSettings.isLegacyAuthProtocolsEnabled = false). Old Office clients and scripts that cannot do MFA then stop connecting.",
  evaluate({ sharepointSettings: s }) {
    const evidence = { isLegacyAuthProtocolsEnabled: s.isLegacyAuthProtocolsEnabled };
    return s.isLegacyAuthProtocolsEnabled
      ? { status: "fail", message: "SharePoint and OneDrive accept legacy authentication protocols (isLegacyAuthProtocolsEnabled is true), which bypass MFA and Conditional Access.", evidence }
      : { status: "pass", message: "SharePoint and OneDrive accept modern authentication only.", evidence };
  },
});

export const C48 = defineCheck({
  id: "C48",
  title: "Idle SharePoint sessions are signed out within 3 hours",
  scanType: "compliance",
  category: "SharePoint and OneDrive",
  severity: "low",
  frameworks: ["CIS 1.3.2"],
  sources: ["sharepointSettings"],
  remediation:
    "In the Microsoft 365 admin center → Settings → Org settings → Security & privacy → Idle session timeout, turn it on with a timeout of 3 hours or less (for SharePoint alone: SharePoint admin center → Policies → Access control → Idle session sign-out). Graph reports it as sharepointSettings.idleSessionSignOut.",
  evaluate({ sharepointSettings: s }) {
    const idle = s.idleSessionSignOut;
    const evidence = { idleSessionSignOut: idle ?? null, limitSeconds: IDLE_LIMIT_SECONDS };
    if (!idle?.isEnabled) return { status: "fail", message: "Idle browser sessions in SharePoint and OneDrive are never signed out.", evidence };
    const after = idle.signOutAfterInSeconds ?? 0;
    if (after > 0 && after <= IDLE_LIMIT_SECONDS) {
      return { status: "pass", message: `Idle sessions are signed out after ${Math.round(after / 60)} minutes.`, evidence };
    }
    return { status: "fail", message: `Idle sessions are signed out only after ${Math.round(after / 60)} minutes; at most ${IDLE_LIMIT_SECONDS / 60} is recommended.`, evidence };
  },
});

export const C49 = defineCheck({
  id: "C49",
  title: "OneDrive syncs only on domain-joined PCs",
  scanType: "compliance",
  category: "SharePoint and OneDrive",
  severity: "low",
  frameworks: ["CIS 7.3.2"],
  sources: ["sharepointSettings"],
  remediation:
    "In the SharePoint admin center → Settings → OneDrive → Sync, select \"Allow syncing only on computers joined to specific domains\" and add the GUIDs of your Active Directory domains (Get-ADDomain | Select ObjectGuid); Graph: sharepointSettings.isUnmanagedSyncAppForTenantRestricted = true with allowedDomainGuidsForSyncApp.",
  evaluate({ sharepointSettings: s }) {
    const evidence = { isUnmanagedSyncAppForTenantRestricted: s.isUnmanagedSyncAppForTenantRestricted, allowedDomainGuidsForSyncApp: s.allowedDomainGuidsForSyncApp };
    if (s.isUnmanagedSyncAppForTenantRestricted && s.allowedDomainGuidsForSyncApp.length > 0) {
      return { status: "pass", message: `The OneDrive sync app works only on PCs joined to ${s.allowedDomainGuidsForSyncApp.length === 1 ? "your domain" : `${s.allowedDomainGuidsForSyncApp.length} allowed domains`}.`, evidence };
    }
    return s.isUnmanagedSyncAppForTenantRestricted
      ? { status: "fail", message: "Sync is restricted to domain-joined PCs but no domain is listed, so the setting has no effect.", evidence }
      : { status: "fail", message: "The OneDrive sync app can copy the organisation's files to any computer, managed or not.", evidence };
  },
});
