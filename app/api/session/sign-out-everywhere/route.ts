// POST /api/session/sign-out-everywhere — end every session of the signed-in user, on every browser (session only)
import { methodsNotAllowed, withSession } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { sessionCookieName, usesSecureCookies } from "@/lib/auth/config";
import { signOutEverywhere } from "@/lib/auth/identity";

export const dynamic = "force-dynamic";

export const POST = withSession(async ({ session }) => {
  const ended = await signOutEverywhere(session);
  const expired = `${sessionCookieName()}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${usesSecureCookies() ? "; Secure" : ""}`;
  return ok({ sessions_ended: ended }, { headers: { "set-cookie": expired } });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
