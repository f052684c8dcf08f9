import { z } from "zod";

// Shared by the route handlers, the OpenAPI document and (later) the dashboard forms.

export const scanTypeSchema = z.enum(["compliance", "exposure"]).meta({ description: "compliance or exposure" });
export const scanStatusSchema = z.enum(["in_progress", "completed", "failed"]);

export const triggerScanSchema = z.strictObject({ scan_type: scanTypeSchema });
export type TriggerScanInput = z.infer<typeof triggerScanSchema>;

export const MAX_PAGE = 1_000_000;

function integerParam(name: string, min: number, max: number, fallback: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be an integer between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be an integer between ${min} and ${max}`).max(max, `${name} must be an integer between ${min} and ${max}`))
    .optional()
    .transform((v) => v ?? fallback)
    // Query strings are strings on the wire; the OpenAPI document presents the parsed integer.
    .meta({ openapi: { type: "integer", minimum: min, maximum: max, default: fallback } });
}

export const listScansQuerySchema = z.object({
  page: integerParam("page", 1, MAX_PAGE, 1).meta({ description: "Page number (default 1)" }),
  limit: integerParam("limit", 1, 100, 20).meta({ description: "Results per page (default 20, max 100)" }),
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
    trigger: z.enum(["api", "dashboard", "schedule", "plan_schedule"]),
    progress: z.object({ checks_done: z.number().int(), checks_total: z.number().int().nullable() }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  });
export type ScanResource = z.infer<typeof scanResourceSchema>;
