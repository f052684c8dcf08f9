import { APPLICATION_CHECKS } from "@/lib/scans/checks/applications";
import { AUTHENTICATION_METHODS_CHECKS } from "@/lib/scans/checks/authentication-methods";
import { AUTHORIZATION_CHECKS } from "@/lib/scans/checks/authorization";
import { CONDITIONAL_ACCESS_CHECKS } from "@/lib/scans/checks/conditional-access";
import { EMAIL_AUTHENTICATION_CHECKS } from "@/lib/scans/checks/email-authentication";
import { EXTERNAL_IDENTITIES_CHECKS } from "@/lib/scans/checks/external-identities";
import { GROUP_CHECKS } from "@/lib/scans/checks/groups";
import { MFA_REGISTRATION_CHECKS } from "@/lib/scans/checks/mfa-registration";
import { ORG_SETTINGS_CHECKS } from "@/lib/scans/checks/org-settings";
import { PASSWORD_CHECKS } from "@/lib/scans/checks/passwords";
import { PRIVILEGED_ACCESS_CHECKS } from "@/lib/scans/checks/privileged-access";
import { SHAREPOINT_CHECKS } from "@/lib/scans/checks/sharepoint";
import type { Check, ScanType } from "@/lib/scans/checks/types";

/*
 * The registry: every check the engine runs. Checks live one folder per category (`conditional-access/`,
 * `email-authentication/` …), one file per check or small family; each folder's index lists its checks.
 * Adding a check = writing it in its category and listing it in that index; nothing else needs to know.
 */

const BY_CATEGORY: readonly (readonly Check[])[] = [
  CONDITIONAL_ACCESS_CHECKS,
  AUTHENTICATION_METHODS_CHECKS,
  MFA_REGISTRATION_CHECKS,
  PRIVILEGED_ACCESS_CHECKS,
  AUTHORIZATION_CHECKS,
  EMAIL_AUTHENTICATION_CHECKS,
  EXTERNAL_IDENTITIES_CHECKS,
  APPLICATION_CHECKS,
  SHAREPOINT_CHECKS,
  ORG_SETTINGS_CHECKS,
  PASSWORD_CHECKS,
  GROUP_CHECKS,
];

const SCAN_TYPE_ORDER: Record<ScanType, number> = { compliance: 0, exposure: 1 };

/**
 * Compliance first, then exposure, each in id order (ids sort numerically within their letter). A `Check<S>` with a
 * narrower source set is assignable to `Check` (its `evaluate` accepts any superset of its data), so no cast is needed.
 */
export const CHECKS: readonly Check[] = BY_CATEGORY.flat().sort(
  (a, b) => SCAN_TYPE_ORDER[a.scanType] - SCAN_TYPE_ORDER[b.scanType] || a.id.localeCompare(b.id, "en", { numeric: true }),
);

/** The checks of one scan type, in registry order. */
export function checksFor(scanType: ScanType): Check[] {
  return CHECKS.filter((c) => c.scanType === scanType);
}
