// Runs before every page render (not before the API, except paths with percent-escapes: see the matcher): a fresh CSP nonce per request, and a redirect to
// sign-in for dashboard pages without a session cookie. It is never the access check — pages and route handlers
// authenticate the session themselves.
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/constants";
import { malformedUrlResponse } from "@/lib/api/malformed-url";
import { getEnv } from "@/lib/env";

function contentSecurityPolicy(nonce: string): string {
  const env = getEnv();
  const secure = (env.NEXTAUTH_URL ?? "").startsWith("https://");
  const dev = env.NODE_ENV === "development";
  // The admin-consent form posts to us and we redirect to Microsoft; browsers apply form-action to that redirect.
  const authority = new URL(env.ENTRA_AUTHORITY_HOST).origin;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${authority}`,
    "frame-ancestors 'none'",
    ...(secure ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

function hasSessionCookie(request: NextRequest): boolean {
  return request.cookies.has(SESSION_COOKIE.plain) || request.cookies.has(SESSION_COOKIE.secure);
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const malformed = malformedUrlResponse(pathname);
  if (malformed) return malformed;
  if ((pathname === "/dashboard" || pathname.startsWith("/dashboard/")) && !hasSessionCookie(request)) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(signIn);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  if ((getEnv().NEXTAUTH_URL ?? "").startsWith("https://")) response.headers.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: the API (/tenants, /scans, /openapi.json, /api) answers JSON and stays off this path.
      source: "/((?!api/|tenants|scans|checks|openapi\\.json|_next/static|_next/image|favicon\\.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
    // API paths only when they carry percent-escapes, so the hot path stays off the proxy: a malformed escape
    // would otherwise get Next's plain-text 500 (lib/api/malformed-url.ts).
    { source: "/((?:api/|tenants|scans|checks|openapi\\.json).*%.*)" },
  ],
};
