import { z } from "zod";
import { futureInstantSchema, textSchema } from "@/lib/api/schemas";

// Accepted risk: inputs and the resource, shared by the route handlers, the OpenAPI document and the dashboard form.

const MAX_EXCEPTION_DAYS = 730;

export const createExceptionSchema = z.strictObject({
  check_id: z.string().regex(/^[A-Z][0-9]{2,3}$/, "check_id must be a catalog id such as C01 or X05"),
  object_id: z
    .string()
    .trim()
    .toLowerCase()
    .min(1)
    .max(256)
    .regex(/^[^\p{Cc}\s]+$/u, "object_id is one domain, app id, user object id or UPN")
    .nullable()
    .optional()
    .meta({ description: "Only this object of the check: a domain, an app id, or a user's object id or UPN (null: the whole check)" }),
  reason: textSchema("reason", 10, 1000).meta({ description: "Why the risk is accepted; shown with every result it covers" }),
  expires_at: futureInstantSchema("expires_at", MAX_EXCEPTION_DAYS).meta({ description: "When the exception stops applying (omit or null: never)" }),
});
export type CreateExceptionInput = z.infer<typeof createExceptionSchema>;

const isoTimestamp = z.string().meta({ format: "date-time", description: "ISO 8601, UTC (Z)" });

export const exceptionResourceSchema = z.object({
  id: z.string(),
  check_id: z.string(),
  check_title: z.string(),
  object_id: z.string().nullable(),
  reason: z.string(),
  created_by: z.object({ id: z.string(), name: z.string().nullable(), email: z.string() }).nullable(),
  created_at: isoTimestamp,
  expires_at: isoTimestamp.nullable(),
  status: z.enum(["active", "expired"]),
});
export type ExceptionResource = z.infer<typeof exceptionResourceSchema>;
