import { ZodError } from "zod";
import { AppError, ERROR_STATUS, type ErrorCode, type FieldIssue } from "@/lib/api/errors";
import { describeUnavailable, isDatabaseUnavailable } from "@/lib/db/unavailable";
import { describeError, log } from "@/lib/log";

export type SuccessEnvelope<T> = { success: true; data: T; meta?: Record<string, unknown> };
export type ErrorEnvelope = { success: false; error: { code: ErrorCode; message: string; details?: unknown } };

export function ok<T>(data: T, init: { status?: number; meta?: Record<string, unknown>; headers?: HeadersInit } = {}): Response {
  const body: SuccessEnvelope<T> = init.meta ? { success: true, data, meta: init.meta } : { success: true, data };
  return Response.json(body, { status: init.status ?? 200, headers: init.headers });
}

/** A success envelope serialised ahead of time (lib/scans/list-cache.ts): the same body and headers as ok(). */
export function okSerialized(body: string, init: { status?: number } = {}): Response {
  return new Response(body, { status: init.status ?? 200, headers: { "content-type": "application/json" } });
}

/**
 * Seconds a client should wait before retrying a 503 (`Retry-After`). Short: an outage of the database or the job
 * layer is usually over in seconds, and clients that honour it spread their retries instead of hammering.
 */
export const RETRY_AFTER_SECONDS = 5;

export function fail(code: ErrorCode, message: string, details?: unknown, headers?: HeadersInit): Response {
  const error: ErrorEnvelope["error"] = details === undefined ? { code, message } : { code, message, details };
  const response = Response.json({ success: false, error } satisfies ErrorEnvelope, { status: ERROR_STATUS[code], headers });
  // Every 503 says when to come back (RFC 9110 §10.2.3), documented in the OpenAPI document.
  if (code === "SERVICE_UNAVAILABLE" && !response.headers.has("retry-after")) response.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
  return response;
}

export function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join(".") : "(body)",
    message: issue.message,
  }));
}

function isPrismaKnownError(error: unknown): error is { code: string; name: string } {
  return typeof error === "object" && error !== null && (error as { name?: string }).name === "PrismaClientKnownRequestError";
}

/**
 * Turns anything thrown by a handler or service into the error envelope. Unknown errors are logged with the
 * request id and reach the client only as a generic INTERNAL_ERROR carrying that id — never a stack trace.
 */
export function errorResponse(error: unknown, requestId: string): Response {
  if (error instanceof AppError) return fail(error.code, error.message, error.details);
  if (error instanceof ZodError) return fail("VALIDATION_ERROR", "The request is invalid", zodIssues(error));
  if (isPrismaKnownError(error) && error.code === "P2025") return fail("NOT_FOUND", "Resource not found");
  // The database is unreachable (down, restarting, cut off, pool timeout): transient, so a 503 to retry, not a 500.
  // The transaction it interrupted was rolled back by PostgreSQL, so nothing half-written stays behind.
  if (isDatabaseUnavailable(error)) {
    log.warn("database unavailable", { requestId, ...describeUnavailable(error) });
    return fail("SERVICE_UNAVAILABLE", "The service is temporarily unavailable; retry shortly");
  }
  log.error("unhandled error", { requestId, ...describeError(error) });
  return fail("INTERNAL_ERROR", `An unexpected error occurred. Reference: ${requestId}`);
}
