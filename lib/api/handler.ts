import "server-only";
import { AppError, notFound } from "@/lib/api/errors";
import { errorResponse, fail } from "@/lib/api/respond";
import { getAppOrigin, sessionCookieName } from "@/lib/auth/config";
import { ROLE_SCOPES, type Scope } from "@/lib/auth/scopes";
import { authenticateSession, type AuthenticatedSession } from "@/lib/auth/sessions";
import { assertScopes, authenticateToken } from "@/lib/auth/tokens";
import type { Actor } from "@/lib/audit";
import type { Role } from "@/lib/generated/prisma/enums";
import { randomBase62 } from "@/lib/ids";
import { paramProblem, parseJsonBody, parseQuery } from "@/lib/api/input";
import { log } from "@/lib/log";

const MAX_BODY_BYTES = 64 * 1024;

type Params = Record<string, string | string[] | undefined>;
type RouteContext = { params: Promise<Params> };

/**
 * The route's params, awaited and vetted: a segment with characters no id has, or far too long, names nothing we
 * store — NOT_FOUND before any query (PostgreSQL would fail on a NUL with a 500).
 */
async function vetted<P extends Params>(context: RouteContext | undefined): Promise<P> {
  const params = ((await context?.params) ?? {}) as P;
  for (const [name, value] of Object.entries(params)) {
    for (const segment of Array.isArray(value) ? value : [value]) {
      if (typeof segment === "string" && paramProblem(segment)) {
        throw new AppError("NOT_FOUND", `${name === "tenantId" ? "Tenant" : "Resource"} not found`);
      }
    }
  }
  return params;
}

/** How the caller authenticated: an API token, or a signed-in member (with their role in the addressed tenant). */
export type Via = { kind: "token" } | { kind: "session"; session: AuthenticatedSession; role: Role };

export type TenantContext<P extends Params> = { req: Request; params: P; tenantId: string; actor: Actor; via: Via; requestId: string };

function newRequestId(): string {
  return `req_${randomBase62(16)}`;
}

function withRequestId(response: Response, requestId: string): Response {
  response.headers.set("x-request-id", requestId);
  return response;
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function readCookie(req: Request, name: string): string | null {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/**
 * CSRF defence for cookie-authenticated changes (the session cookie is also SameSite=Lax): the browser must say
 * the request comes from our own origin — `Sec-Fetch-Site: same-origin` and/or an `Origin` equal to the app's.
 * A cookie-carrying change that says neither is refused too (every browser we support sends Origin on
 * POST/PUT/PATCH/DELETE). Bearer-token requests are not affected: no browser attaches a token by itself.
 */
export function assertSameOrigin(req: Request): void {
  const site = req.headers.get("sec-fetch-site");
  const origin = req.headers.get("origin");
  const refuse = () => new AppError("FORBIDDEN", "Cross-site request refused: changes made with a sign-in cookie must come from the Aether365 app itself");
  if (site !== null && site !== "same-origin") throw refuse();
  if (origin !== null && origin !== getAppOrigin(req)) throw refuse();
  if (site === null && origin === null) throw refuse();
}

function unauthorized(message: string): Response {
  return fail("UNAUTHORIZED", message, undefined, { "www-authenticate": 'Bearer realm="aether365"' });
}

/** The signed-in member behind the request's session cookie (no CSRF check: for GETs and redirect flows). */
export async function readSession(req: Request): Promise<AuthenticatedSession | null> {
  const token = readCookie(req, sessionCookieName());
  return token ? authenticateSession(token) : null;
}

/**
 * The signed-in member behind the request's session cookie, CSRF-checked for changes; without a cookie, or with one
 * whose session has ended, the 401 to answer instead.
 */
async function sessionOrUnauthorized(req: Request, noCookie: string): Promise<AuthenticatedSession | Response> {
  const token = readCookie(req, sessionCookieName());
  if (!token) return unauthorized(noCookie);
  if (UNSAFE_METHODS.has(req.method)) assertSameOrigin(req);
  return (await authenticateSession(token)) ?? unauthorized("Your session has ended; sign in again");
}

/**
 * Authenticated, tenant-scoped route (`scope: null`: any caller of the tenant). The caller is a Bearer token (its scopes) or a signed-in member (their role's
 * scopes, lib/auth/scopes.ts) — the same handlers serve integrations and the dashboard. Resolves `{tenantId}`:
 * `me` is the token's tenant or the member's active tenant; an id must be the token's tenant or one the member
 * belongs to; anything else is NOT_FOUND, never FORBIDDEN, so other tenants' ids are not confirmed. Awaits the
 * params and maps every error to the envelope.
 */
export function withTenant<P extends Params = Params>(
  options: { scope: Scope | null },
  handler: (ctx: TenantContext<P>) => Promise<Response>,
): (req: Request, context: RouteContext) => Promise<Response> {
  return async (req, context) => {
    const requestId = newRequestId();
    try {
      const header = req.headers.get("authorization");
      let tenantId: string;
      let actor: Actor;
      let via: Via;
      let params: P;
      if (header !== null) {
        const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
        const auth = match ? await authenticateToken(match[1]!) : null;
        if (!auth) return withRequestId(unauthorized(match ? "The API token is invalid, expired or has been revoked" : "Use Authorization: Bearer <token>"), requestId);
        if (options.scope) assertScopes(auth.scopes, options.scope);
        params = await vetted<P>(context);
        const tenantParam = params.tenantId;
        if (typeof tenantParam === "string" && tenantParam !== "me" && tenantParam !== auth.tenantId) throw notFound("Tenant");
        tenantId = auth.tenantId;
        actor = { type: "token", id: auth.id };
        via = { kind: "token" };
      } else {
        const session = await sessionOrUnauthorized(req, "Sign in, or send Authorization: Bearer <token>");
        if (session instanceof Response) return withRequestId(session, requestId);
        params = await vetted<P>(context);
        const tenantParam = params.tenantId;
        const membership =
          typeof tenantParam === "string" && tenantParam !== "me" ? session.memberships.find((m) => m.tenantId === tenantParam) : session.active;
        if (!membership) throw notFound("Tenant");
        if (options.scope) assertScopes(ROLE_SCOPES[membership.role], options.scope, `Your role (${membership.role})`);
        tenantId = membership.tenantId;
        actor = { type: "user", id: session.user.id };
        via = { kind: "session", session, role: membership.role };
      }
      const response = await handler({ req, params, tenantId, actor, via, requestId });
      return withRequestId(response, requestId);
    } catch (error) {
      return withRequestId(errorResponse(error, requestId), requestId);
    }
  };
}

/** A route only a signed-in member can call (session cookie; changes CSRF-checked), not tied to one tenant. */
export function withSession<P extends Params = Params>(
  handler: (ctx: { req: Request; params: P; session: AuthenticatedSession; requestId: string }) => Promise<Response>,
): (req: Request, context: RouteContext) => Promise<Response> {
  return async (req, context) => {
    const requestId = newRequestId();
    try {
      const session = await sessionOrUnauthorized(req, "Sign in first");
      if (session instanceof Response) return withRequestId(session, requestId);
      const params = await vetted<P>(context);
      return withRequestId(await handler({ req, params, session, requestId }), requestId);
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
 * Reads a JSON request body under the strict rules of lib/api/input.ts. Malformed JSON, a non-object body and
 * oversized bodies are VALIDATION_ERROR / PAYLOAD_TOO_LARGE, never a 500.
 */
export async function readJson(req: Request): Promise<unknown> {
  const contentType = req.headers.get("content-type");
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as JSON (Content-Type: application/json)");
  }
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The request body exceeds ${MAX_BODY_BYTES} bytes`);
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  // Read with a cap: a chunked body declares no length, and must not be buffered whole before it is refused.
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        // The client went away (or broke the framing) mid-body: its doing, not ours — no INTERNAL_ERROR in the log.
        log.info("request body aborted by the client", { error: error instanceof Error ? error.message : String(error) });
        throw new AppError("VALIDATION_ERROR", "The request body was not received in full");
      }
      if (chunk.done) break;
      size += chunk.value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(chunk.value);
    }
  }
  return parseJsonBody(Buffer.concat(chunks));
}

/** Query parameters as a plain object (lib/api/input.ts: given at most once, storable strings, int4 numbers). */
export function readQuery(req: Request): Record<string, string> {
  return parseQuery(req.url);
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
