// POST /api/admin-consent/start — "Connect Microsoft 365": a form post that redirects (303) to Microsoft's admin-consent page (owners)
import { assertSameOrigin, readSession } from "@/lib/api/handler";
import { getAppOrigin } from "@/lib/auth/config";
import { roleAllows } from "@/lib/auth/scopes";
import { log, describeError } from "@/lib/log";
import { startAdminConsent } from "@/lib/tenants/connection";

export const dynamic = "force-dynamic";

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}

export async function POST(req: Request): Promise<Response> {
  const app = getAppOrigin(req);
  const back = (outcome: string) => seeOther(`${app}/dashboard/onboarding?consent=${outcome}`);
  try {
    assertSameOrigin(req);
  } catch {
    return back("forbidden");
  }
  const session = await readSession(req);
  if (!session) return seeOther(`${app}/sign-in?callbackUrl=${encodeURIComponent("/dashboard/onboarding")}`);
  const form = await req.formData().catch(() => null);
  const requested = form?.get("tenant_id");
  const membership = typeof requested === "string" ? session.memberships.find((m) => m.tenantId === requested) : session.active;
  if (!membership || !roleAllows(membership.role, "connection:write")) return back("forbidden");
  try {
    const { url } = await startAdminConsent(membership.tenantId, session.user.id);
    return seeOther(url);
  } catch (error) {
    log.error("admin consent could not start", { tenantId: membership.tenantId, ...describeError(error) });
    return back("consent_error");
  }
}
