import { defineCheck } from "@/lib/scans/checks/helpers";

/* Password hash synchronisation for a directory synchronised from on-premises AD (C41). */

export const C41 = defineCheck({
  id: "C41",
  title: "Password hash sync is on for the synchronised directory",
  scanType: "compliance",
  category: "Passwords and hybrid identity",
  severity: "medium",
  frameworks: ["CIS 5.1.8.1"],
  sources: ["organizationSync", "directorySynchronization"],
  remediation:
    "Password hash sync lets Entra ID Protection detect leaked credentials and keeps cloud sign-in working if AD FS or the on-premises network is down. On the Entra Connect server run the Microsoft Entra Connect wizard → Customize synchronization options → Optional features, tick \"Password hash synchronization\" and finish (Cloud Sync: Entra admin center → Hybrid management → Cloud sync → the configuration → Password hash sync). Graph reports it as onPremisesSynchronization features.passwordSyncEnabled.",
  evaluate({ organizationSync, directorySynchronization }) {
    if (organizationSync.onPremisesSyncEnabled !== true) {
      return {
        status: "skip",
        skipReason: "not_applicable",
        message: "The directory is not synchronised from on-premises Active Directory: there are no password hashes to sync.",
        evidence: { onPremisesSyncEnabled: organizationSync.onPremisesSyncEnabled },
      };
    }
    const features = directorySynchronization?.features ?? null;
    const evidence = {
      onPremisesLastSyncDateTime: organizationSync.onPremisesLastSyncDateTime,
      synchronizationObjectId: directorySynchronization?.id ?? null,
      passwordSyncEnabled: features?.passwordSyncEnabled ?? null,
      passwordWritebackEnabled: features?.passwordWritebackEnabled ?? null,
    };
    if (features?.passwordSyncEnabled === true) {
      return { status: "pass", message: "Password hash synchronisation is on for the directory synchronised from on-premises.", evidence };
    }
    return {
      status: "fail",
      message: features
        ? "The directory is synchronised from on-premises but password hash sync is off: leaked-credential detection and a cloud sign-in fallback are missing."
        : "The directory is synchronised from on-premises but Graph returned no synchronisation settings, so password hash sync is not on.",
      evidence,
    };
  },
});
