import { z } from "zod";
import { paginationQuerySchema } from "@/lib/api/query";

// Shared by the route handlers, the OpenAPI document and (later) the dashboard forms.

export const scanTypeSchema = z.enum(["compliance", "exposure"]).meta({ description: "compliance or exposure" });
export const scanStatusSchema = z.enum(["in_progress", "completed", "failed"]);

export const triggerScanSchema = z.strictObject({ scan_type: scanTypeSchema });
export type TriggerScanInput = z.infer<typeof triggerScanSchema>;

export const listScansQuerySchema = paginationQuerySchema.extend({
  status: scanStatusSchema.optional(),
  scan_type: scanTypeSchema.optional(),
});
export type ListScansQuery = z.infer<typeof listScansQuerySchema>;

const isoTimestamp = z.string().meta({ format: "date-time", description: "ISO 8601, UTC (Z)" });

export const scanResourceSchema = z.object({
    id: z.string().meta({ example: "scan_4fQz8Lr2WmT0pXa7bC3d" }),
    tenant_id: z.string(),
    scan_type: scanTypeSchema,
    status: scanStatusSchema,
    started_at: isoTimestamp,
    completed_at: isoTimestamp.nullable(),
    pass_count: z.number().int().nullable(),
    fail_count: z.number().int().nullable(),
    skip_count: z.number().int().nullable(),
    score: z.number().nullable().meta({ description: "pass / (pass + fail) × 100, one decimal; null while in progress" }),
    // Additive fields (not in the original contract; integrations may ignore them).
    error_count: z.number().int().nullable().meta({
      description: "Checks that could not be judged because a read failed (a Graph 5xx or a DNS timeout after retries): neither pass nor fail, out of the score",
    }),
    trigger: z.enum(["api", "dashboard", "schedule", "plan_schedule"]),
    progress: z.object({ checks_done: z.number().int(), checks_total: z.number().int().nullable() }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  });
export type ScanResource = z.infer<typeof scanResourceSchema>;

/** Findings are listed by severity, then by outcome in this order. */
export const SEVERITY_ORDER = ["critical", "high", "medium", "low", "info"] as const;
export const STATUS_ORDER = ["fail", "error", "skip", "pass"] as const;

export const resultFilterSchema = z.object({
  status: z.enum(STATUS_ORDER).optional(),
  severity: z.enum(SEVERITY_ORDER).optional(),
  category: z.string().max(100).optional(),
  framework: z.string().max(100).optional().meta({ description: "A control id (CIS 1.2.3, MS.AAD.3.2v1) or a family: cis, scuba" }),
});
export type ResultFilter = z.infer<typeof resultFilterSchema>;
export const listResultsQuerySchema = paginationQuerySchema.extend(resultFilterSchema.shape);

export const driftQuerySchema = z.strictObject({
  against: z.string().min(1).max(64).optional().meta({ description: "Another completed scan of the tenant and type (default: the previous one)" }),
});

const checkStatusSchema = z.enum(STATUS_ORDER);
const severitySchema = z.enum(SEVERITY_ORDER);
const frameworksSchema = z.object({
  cis: z.array(z.string()).meta({ description: "CIS Microsoft 365 Foundations control ids" }),
  scuba: z.array(z.string()).meta({ description: "CISA SCuBA baseline policy ids (MS.*)" }),
});

export const checkInfoSchema = z.object({
  id: z.string().meta({ example: "C01" }),
  title: z.string(),
  scan_type: scanTypeSchema,
  category: z.string(),
  severity: severitySchema,
  frameworks: frameworksSchema,
  data_sources: z.array(z.string()),
  permissions: z.array(z.string()).meta({ description: "Microsoft Graph application permissions the check needs" }),
  licence: z.string().nullable(),
  object_kind: z.enum(["domain", "application", "user", "group"]).nullable().meta({ description: "What one exception of this check may cover (null: only the whole check)" }),
  remediation: z.string(),
});

export const findingResourceSchema = z.object({
  check_id: z.string(),
  title: z.string(),
  category: z.string(),
  severity: severitySchema,
  status: checkStatusSchema,
  message: z.string(),
  evidence: z.unknown().meta({ description: "The objects behind the outcome (policies, accounts, apps, DNS records), size-capped" }),
  skip_reason: z.string().nullable(),
  frameworks: frameworksSchema,
  remediation: z.string().nullable(),
  object_kind: z.enum(["domain", "application", "user", "group"]).nullable().meta({ description: "What one accepted-risk exception of this check may cover" }),
});

export const driftEntrySchema = z.object({
  check_id: z.string(),
  title: z.string(),
  category: z.string(),
  severity: severitySchema,
  before: checkStatusSchema.nullable(),
  after: checkStatusSchema.nullable(),
  message: z.string(),
});
export const driftResourceSchema = z.object({
  scan_id: z.string(),
  against_scan_id: z.string().nullable().meta({ description: "null for the first completed scan of its type: nothing to compare" }),
  newly_failing: z.array(driftEntrySchema),
  newly_passing: z.array(driftEntrySchema),
  other_changes: z.array(driftEntrySchema),
  still_failing: z.array(driftEntrySchema),
  new: z.array(driftEntrySchema),
  removed: z.array(driftEntrySchema),
  unchanged: z.number().int(),
});
