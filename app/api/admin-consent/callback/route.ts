// GET /api/admin-consent/callback — Microsoft's redirect after admin consent: checks state, verifies the connection, redirects to a page
import { readSession } from "@/lib/api/handler";
import { getAppOrigin } from "@/lib/auth/config";
import { switchActiveTenant } from "@/lib/auth/sessions";
import { describeError, log } from "@/lib/log";
import { completeAdminConsent, type ConsentOutcome } from "@/lib/tenants/connection";

export const dynamic = "force-dynamic";

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store", "referrer-policy": "no-referrer" } });
}

/**
 * Never renders what Microsoft (or whoever crafted the link) put in the query: it redirects with one of a fixed
 * set of outcome codes, and the page words them. Microsoft's own error text is kept on the tenant only when the
 * state proved the round trip was this user's.
 */
export async function GET(req: Request): Promise<Response> {
  const app = getAppOrigin(req);
  const url = new URL(req.url);
  const session = await readSession(req);
  if (!session) {
    // Signed out meanwhile (idle timeout, another tab): sign in and come back here; the state is still checked.
    return seeOther(`${app}/sign-in?callbackUrl=${encodeURIComponent(`${url.pathname}${url.search}`)}`);
  }
  const query: Record<string, string> = {};
  for (const key of ["state", "admin_consent", "tenant", "error", "error_description"]) {
    const value = url.searchParams.get(key);
    if (value !== null) query[key] = value;
  }
  let outcome: ConsentOutcome;
  try {
    const result = await completeAdminConsent(session.user.id, query);
    outcome = result.outcome;
    if (result.tenantId && session.memberships.some((m) => m.tenantId === result.tenantId)) await switchActiveTenant(session, result.tenantId);
  } catch (error) {
    log.error("admin consent callback failed", describeError(error));
    outcome = "consent_error";
  }
  if (outcome === "connected") return seeOther(`${app}/dashboard/settings/connection?consent=connected`);
  return seeOther(`${app}/dashboard/onboarding?consent=${outcome}`);
}
