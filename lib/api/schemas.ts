import { z } from "zod";

// Field schemas several inputs share.

/** An optional expiry: an ISO 8601 instant in the future, at most `maxDays` away; null or omitted = never. */
export function futureInstantSchema(field: string, maxDays: number) {
  return z.iso
    .datetime({ offset: true, message: `${field} must be an ISO 8601 date-time` })
    .nullable()
    .optional()
    .refine((v) => v == null || Date.parse(v) > Date.now(), `${field} must be in the future`)
    .refine((v) => v == null || Date.parse(v) <= Date.now() + maxDays * 86_400_000, `${field} is at most ${maxDays} days away`);
}

/** Free text a person types (names, reasons): trimmed, bounded, no control characters. */
export function textSchema(what: string, min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min, min <= 1 ? `${what} is required` : `${what} needs at least ${min} characters`)
    .max(max, `${what} is at most ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, `${what} cannot contain control characters`);
}
