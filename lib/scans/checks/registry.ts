import { COMPLIANCE_CHECKS } from "@/lib/scans/checks/compliance";
import { EXPOSURE_CHECKS } from "@/lib/scans/checks/exposure";
import type { Check, ScanType } from "@/lib/scans/checks/types";

/**
 * Every check the engine runs: compliance first, then exposure, each in id order. A `Check<S>` with a narrower
 * source set is assignable to `Check` (its `evaluate` accepts any superset of its data), so no cast is needed.
 */
export const CHECKS: readonly Check[] = [...COMPLIANCE_CHECKS, ...EXPOSURE_CHECKS];

/** The checks of one scan type, in registry order. */
export function checksFor(scanType: ScanType): Check[] {
  return CHECKS.filter((c) => c.scanType === scanType);
}
