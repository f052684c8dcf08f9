import type { SkipReason } from "@/lib/scans/checks/types";

/**
 * Typed outcomes of a Graph call that did not return data.
 * - missing_permission / not_licensed / not_available: the tenant cannot give us this data → dependent checks
 *   skip with the reason; never a failed check, never a failed scan.
 * - throttled / unavailable / other on one endpoint: still failing after our retries → that source's checks are
 *   `error` (see lib/scans/sources.ts); the scan fails only when nothing at all could be read.
 * - auth: we could not get or use a token for the tenant (consent revoked, wrong credentials).
 * - other: anything else Graph refused.
 */
export type GraphErrorKind = "missing_permission" | "not_licensed" | "not_available" | "throttled" | "unavailable" | "auth" | "other";

export class GraphError extends Error {
  constructor(
    readonly kind: GraphErrorKind,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = "GraphError";
  }

  get skipReason(): SkipReason | null {
    if (this.kind === "not_available") return "not_available_in_cloud";
    return this.kind === "missing_permission" || this.kind === "not_licensed" ? this.kind : null;
  }
}

/** Classifies a Graph error response (status + error.code), per the catalog's skip rules. */
export function classifyGraphError(status: number, code: string, featureEndpoint: boolean): GraphErrorKind {
  if (status === 403 && code === "Authorization_RequestDenied") return "missing_permission";
  if (status === 403 && code === "Authentication_RequestFromNonPremiumTenantOrB2CTenant") return "not_licensed";
  if (code === "InvalidCloudInstance") return "not_available";
  if ((status === 400 || status === 404) && featureEndpoint) return "not_available";
  if (status === 401) return "auth";
  if (status === 429) return "throttled";
  if (status === 503 || status === 504 || status === 502 || status === 500) return "unavailable";
  if (status === 403) return "missing_permission";
  return "other";
}
