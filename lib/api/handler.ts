import "server-only";
import { AppError, notFound } from "@/lib/api/errors";
import { errorResponse, fail } from "@/lib/api/respond";
import { assertScopes, authenticateToken } from "@/lib/auth/tokens";
import type { Scope } from "@/lib/auth/scopes";
import type { Actor } from "@/lib/audit";
import { randomBase62 } from "@/lib/ids";

const MAX_BODY_BYTES = 64 * 1024;

type Params = Record<string, string | string[] | undefined>;
type RouteContext = { params: Promise<Params> };

export type TenantContext<P extends Params> = { req: Request; params: P; tenantId: string; actor: Actor; requestId: string };

function newRequestId(): string {
  return `req_${randomBase62(16)}`;
}

function withRequestId(response: Response, requestId: string): Response {
  response.headers.set("x-request-id", requestId);
  return response;
}

/**
 * Authenticated, tenant-scoped route: resolves the caller from the Bearer token, checks the scope, resolves
 * `{tenantId}` (`me` or the caller's own id; anything else is NOT_FOUND, never FORBIDDEN, so other tenants'
 * ids are not confirmed), awaits the params and maps every error to the envelope.
 */
export function withTenant<P extends Params = Params>(
  options: { scope: Scope },
  handler: (ctx: TenantContext<P>) => Promise<Response>,
): (req: Request, context: RouteContext) => Promise<Response> {
  return async (req, context) => {
    const requestId = newRequestId();
    try {
      const header = req.headers.get("authorization") ?? "";
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const auth = match ? await authenticateToken(match[1]!) : null;
      if (!auth) {
        const message = match ? "The API token is invalid or has been revoked" : "Missing Authorization: Bearer <token> header";
        return withRequestId(fail("UNAUTHORIZED", message, undefined, { "www-authenticate": 'Bearer realm="aether365"' }), requestId);
      }
      assertScopes(auth.scopes, options.scope);
      const params = (await context.params) as P;
      const tenantParam = params.tenantId;
      if (typeof tenantParam === "string" && tenantParam !== "me" && tenantParam !== auth.tenantId) {
        throw notFound("Tenant");
      }
      const response = await handler({ req, params, tenantId: auth.tenantId, actor: { type: "token", id: auth.id }, requestId });
      return withRequestId(response, requestId);
    } catch (error) {
      return withRequestId(errorResponse(error, requestId), requestId);
    }
  };
}

/** Unauthenticated route with the same error mapping (e.g. the OpenAPI document). */
export function withPublic(handler: (req: Request) => Promise<Response>): (req: Request) => Promise<Response> {
  return async (req) => {
    const requestId = newRequestId();
    try {
      return withRequestId(await handler(req), requestId);
    } catch (error) {
      return withRequestId(errorResponse(error, requestId), requestId);
    }
  };
}

/**
 * Reads a JSON request body. Malformed JSON, a non-object body and oversized bodies are VALIDATION_ERROR /
 * PAYLOAD_TOO_LARGE, never a 500.
 */
export async function readJson(req: Request): Promise<unknown> {
  const contentType = req.headers.get("content-type");
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as JSON (Content-Type: application/json)");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `The request body exceeds ${MAX_BODY_BYTES} bytes`);
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `The request body exceeds ${MAX_BODY_BYTES} bytes`);
  if (text.trim() === "") throw new AppError("VALIDATION_ERROR", "The request body is empty; send a JSON object");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION_ERROR", "The request body is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AppError("VALIDATION_ERROR", "The request body must be a JSON object");
  }
  return body;
}

/** Query parameters as a plain object; a parameter given twice is a VALIDATION_ERROR rather than a guess. */
export function readQuery(req: Request): Record<string, string> {
  const params = new URL(req.url).searchParams;
  const out: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    if (values.length > 1) {
      throw new AppError("VALIDATION_ERROR", "The request is invalid", [{ field: key, message: "must be given at most once" }]);
    }
    out[key] = values[0]!;
  }
  return out;
}

const ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof ALL_METHODS)[number];

/**
 * Envelope 405s for the methods a route does not implement (Next answers those with an empty body).
 * Usage: `export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);`
 */
export function methodsNotAllowed(allowed: Method[]): Record<Method, () => Response> {
  const allow = [...allowed, "OPTIONS"].join(", ");
  const respond = () => fail("METHOD_NOT_ALLOWED", `Method not allowed. Allowed: ${allow}`, undefined, { allow });
  return Object.fromEntries(ALL_METHODS.map((m) => [m, respond])) as Record<Method, () => Response>;
}
