import { z } from "zod";

/** An integer query parameter in [min, max] with a default; strings like "1.5", "abc" or "" are refused. */
export function integerParam(name: string, min: number, max: number, fallback: number) {
  const message = `${name} must be an integer between ${min} and ${max}`;
  return z
    .string()
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message))
    .optional()
    .transform((v) => v ?? fallback)
    // Query strings are strings on the wire; the OpenAPI document presents the parsed integer.
    .meta({ openapi: { type: "integer", minimum: min, maximum: max, default: fallback } });
}

export const MAX_PAGE = 1_000_000;

export const paginationQuerySchema = z.object({
  page: integerParam("page", 1, MAX_PAGE, 1).meta({ description: "Page number (default 1)" }),
  limit: integerParam("limit", 1, 100, 20).meta({ description: "Results per page (default 20, max 100)" }),
});
