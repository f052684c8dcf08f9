import { z } from "zod";

// Declared break-glass (emergency access) accounts and groups: the PUT input and the resource, shared by the route
// handler, the OpenAPI document and the dashboard.

/** Microsoft recommends two emergency-access accounts; a long list would hollow out every Conditional Access policy. */
export const MAX_BREAK_GLASS_USERS = 10;
export const MAX_BREAK_GLASS_GROUPS = 5;

export const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function objectIdsSchema(what: string, max: number) {
  return z
    .array(z.string().trim().regex(OBJECT_ID, `each ${what} id must be a Microsoft Entra object id (a GUID)`).toLowerCase())
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

/** An account or group the tenant's Conditional Access policies exclude that is not declared: a likely break-glass. */
export type BreakGlassCandidate = { kind: "user" | "group"; id: string; policies: string[] };
/** The candidates the latest completed compliance scan saw (the dashboard's suggestions). */
export type BreakGlassCandidates = { scanId: string; completedAt: string; candidates: BreakGlassCandidate[] };

/**
 * The dashboard's form: one textarea per list, ids separated by new lines, spaces, commas or semicolons (as pasted
 * from the Entra admin center or a spreadsheet). It yields the PUT input; the first bad id is named in the error.
 */
function idListField(what: string, max: number) {
  const list = objectIdsSchema(what, max);
  return z.string().transform((text, ctx) => {
    const ids = text.split(/[\s,;]+/).filter(Boolean);
    const parsed = list.safeParse(ids);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    const index = typeof issue.path[0] === "number" ? issue.path[0] : null;
    ctx.addIssue({ code: "custom", message: index === null ? issue.message : `"${ids[index]}" is not a Microsoft Entra object id (a GUID)` });
    return z.NEVER;
  });
}

export const breakGlassFormSchema = z.object({ users: idListField("user", MAX_BREAK_GLASS_USERS), groups: idListField("group", MAX_BREAK_GLASS_GROUPS) });
