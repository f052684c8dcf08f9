import { z } from "zod";

// Declared break-glass (emergency access) accounts and groups: the PUT input and the resource, shared by the route
// handler, the OpenAPI document and the dashboard.

/** Microsoft recommends two emergency-access accounts; a long list would hollow out every Conditional Access policy. */
export const MAX_BREAK_GLASS_USERS = 10;
export const MAX_BREAK_GLASS_GROUPS = 5;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function objectIdsSchema(what: string, max: number) {
  return z
    .array(z.string().trim().regex(GUID, `each ${what} id must be a Microsoft Entra object id (a GUID)`).toLowerCase())
    .max(max, `at most ${max} ${what}s`)
    .refine((ids) => new Set(ids).size === ids.length, `${what} ids must not repeat`);
}

export const updateBreakGlassSchema = z.strictObject({
  user_ids: objectIdsSchema("user", MAX_BREAK_GLASS_USERS).meta({
    description: `Object ids of the emergency-access user accounts (at most ${MAX_BREAK_GLASS_USERS})`,
  }),
  group_ids: objectIdsSchema("group", MAX_BREAK_GLASS_GROUPS).meta({
    description: `Object ids of groups whose members (transitively) are emergency-access accounts (at most ${MAX_BREAK_GLASS_GROUPS})`,
  }),
});
export type UpdateBreakGlassInput = z.infer<typeof updateBreakGlassSchema>;

export const breakGlassResourceSchema = z.object({
  user_ids: z.array(z.string()),
  group_ids: z.array(z.string()),
  updated_at: z.string().nullable().meta({ format: "date-time", description: "ISO 8601, UTC (Z); null while nothing was ever declared" }),
});
export type BreakGlassResource = z.infer<typeof breakGlassResourceSchema>;
