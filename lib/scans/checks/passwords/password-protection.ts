import type { GroupSetting } from "@/lib/microsoft/graph-types";
import { defineCheck, plural } from "@/lib/scans/checks/helpers";

/* Microsoft Entra Password Protection: the custom banned-password list (C39) and its on-premises enforcement (C40). */

/** templateId of the "Password Rule Settings" directory setting template. */
export const PASSWORD_RULE_TEMPLATE_ID = "5cf42378-d67d-4f36-ba46-e8b86229381d";

export function passwordRuleSettings(settings: readonly GroupSetting[]): GroupSetting | null {
  return settings.find((s) => s.templateId.toLowerCase() === PASSWORD_RULE_TEMPLATE_ID) ?? null;
}

/** A setting's value by name (case-insensitive, as the directory treats them); null when the object does not carry it. */
export function settingValue(setting: GroupSetting | null, name: string): string | null {
  return setting?.values.find((v) => v.name.toLowerCase() === name.toLowerCase())?.value ?? null;
}

const isTrue = (value: string | null) => value?.trim().toLowerCase() === "true";

/** The banned words: Entra stores them tab-separated (the portal shows one per line); commas are tolerated. */
export function bannedPasswords(list: string | null): string[] {
  return (list ?? "")
    .split(/[\t\n\r,]+/)
    .map((w) => w.trim())
    .filter(Boolean);
}

export const C39 = defineCheck({
  id: "C39",
  title: "Custom banned-password list is enforced",
  scanType: "compliance",
  category: "Passwords and hybrid identity",
  severity: "medium",
  frameworks: ["CIS 5.2.3.2", "EIDSCA.PR03"],
  sources: ["groupSettings"],
  licence: "p1",
  remediation:
    "In the Entra admin center → Protection → Authentication methods → Password protection, set \"Enforce custom list\" to Yes and add the words attackers would try first against you (company, product and place names, local sports teams), then Save. Graph: the tenant's \"Password Rule Settings\" directory setting (template 5cf42378-d67d-4f36-ba46-e8b86229381d) with EnableBannedPasswordCheck True and BannedPasswordList non-empty.",
  evaluate({ groupSettings }) {
    const setting = passwordRuleSettings(groupSettings);
    const enforced = isTrue(settingValue(setting, "EnableBannedPasswordCheck"));
    const words = bannedPasswords(settingValue(setting, "BannedPasswordList"));
    // The words themselves are left out of the evidence: they are the tenant's password blocklist.
    const evidence = { settingId: setting?.id ?? null, enableBannedPasswordCheck: settingValue(setting, "EnableBannedPasswordCheck"), bannedPasswordCount: words.length };
    if (!setting) {
      return { status: "fail", message: "Password protection was never configured: the tenant has no Password Rule Settings object, so no custom banned-password list applies.", evidence };
    }
    if (enforced && words.length > 0) {
      return { status: "pass", message: `The custom banned-password list is enforced with ${plural(words.length, "word")}.`, evidence };
    }
    const why = !enforced && words.length === 0 ? "is not enforced and empty" : !enforced ? `holds ${plural(words.length, "word")} but is not enforced` : "is enforced but empty";
    return { status: "fail", message: `The custom banned-password list ${why}.`, evidence };
  },
});

export const C40 = defineCheck({
  id: "C40",
  title: "Password protection is enforced in on-premises Active Directory",
  scanType: "compliance",
  category: "Passwords and hybrid identity",
  severity: "medium",
  frameworks: ["CIS 5.2.3.3", "EIDSCA.PR01", "EIDSCA.PR02"],
  sources: ["organizationSync", "groupSettings"],
  remediation:
    "Install the Microsoft Entra Password Protection proxy and DC agent on your domain controllers, then in the Entra admin center → Protection → Authentication methods → Password protection set \"Enable password protection on Windows Server Active Directory\" to Yes and Mode to Enforced (Audit only logs). Graph: \"Password Rule Settings\" values EnableBannedPasswordCheckOnPremises True and BannedPasswordCheckOnPremisesMode Enforce.",
  evaluate({ organizationSync, groupSettings }) {
    if (organizationSync.onPremisesSyncEnabled !== true) {
      return {
        status: "skip",
        skipReason: "not_applicable",
        message: "The directory is not synchronised from on-premises Active Directory, so there are no domain controllers to protect.",
        evidence: { onPremisesSyncEnabled: organizationSync.onPremisesSyncEnabled },
      };
    }
    const setting = passwordRuleSettings(groupSettings);
    // Without a settings object Entra applies the template defaults: enabled, in Audit mode.
    const enabled = setting ? settingValue(setting, "EnableBannedPasswordCheckOnPremises") : "True";
    const mode = setting ? settingValue(setting, "BannedPasswordCheckOnPremisesMode") : "Audit";
    const evidence = {
      settingId: setting?.id ?? null,
      templateDefaults: setting === null,
      enableBannedPasswordCheckOnPremises: enabled,
      bannedPasswordCheckOnPremisesMode: mode,
      onPremisesLastSyncDateTime: organizationSync.onPremisesLastSyncDateTime,
    };
    if (isTrue(enabled) && mode?.trim().toLowerCase() === "enforce") {
      return { status: "pass", message: "Password protection is enabled for on-premises Active Directory in Enforce mode.", evidence };
    }
    const why = !isTrue(enabled) ? "is switched off" : `runs in ${mode ?? "an unset"} mode, which only logs weak passwords instead of rejecting them`;
    return { status: "fail", message: `Password protection for on-premises Active Directory ${why}${setting ? "" : " (template defaults: never configured)"}.`, evidence };
  },
});
