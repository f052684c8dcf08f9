import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { sessionCookieName } from "@/lib/auth/config";
import { roleAllows, type Scope } from "@/lib/auth/scopes";
import { authenticateSession, type AuthenticatedSession, type SessionMembership } from "@/lib/auth/sessions";

/** The signed-in member of this page request (one lookup per request, however many components ask). */
export const getCurrentSession = cache(async (): Promise<AuthenticatedSession | null> => {
  const token = (await cookies()).get(sessionCookieName())?.value;
  return token ? authenticateSession(token) : null;
});

/** For dashboard pages: the session, or a redirect to sign-in. */
export async function requireSession(returnTo = "/dashboard"): Promise<AuthenticatedSession> {
  const session = await getCurrentSession();
  if (!session) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return session;
}

/** For pages about the active tenant: the session and the membership in it (no membership → the no-tenant page). */
export async function requireTenant(returnTo = "/dashboard"): Promise<{ session: AuthenticatedSession; membership: SessionMembership; can: (scope: Scope) => boolean }> {
  const session = await requireSession(returnTo);
  const membership = session.active;
  if (!membership) redirect("/dashboard/no-tenant");
  return { session, membership, can: (scope) => roleAllows(membership.role, scope) };
}
