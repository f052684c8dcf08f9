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
    trigger: z.enum(["api", "dashboard", "schedule", "plan_schedule"]),
    progress: z.object({ checks_done: z.number().int(), checks_total: z.number().int().nullable() }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  });
export type ScanResource = z.infer<typeof scanResourceSchema>;
