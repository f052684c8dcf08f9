import "server-only";
import type { NextAuthOptions } from "next-auth";
import type { Adapter, AdapterSession, AdapterUser } from "next-auth/adapters";
import AzureADProvider from "next-auth/providers/azure-ad";
import { ENTRA_PROVIDER_ID } from "@/lib/auth/constants";
import { getAuthSecret, sessionCookieName, sessionLimits, usesSecureCookies } from "@/lib/auth/config";
import { identityFromClaims, isPersonalAccount, verifyEntraIdToken, type EntraIdClaims } from "@/lib/auth/entra";
import { signInIdentity } from "@/lib/auth/identity";
import { authenticateSession, createSession, deleteSessionByToken, generateSessionToken } from "@/lib/auth/sessions";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { getMicrosoftConfig } from "@/lib/microsoft/config";

/**
 * next-auth (v4, the design's library) does the OpenID Connect round trip with Entra ID — authorization code with
 * PKCE, state and nonce, each in its own short-lived cookie — and keeps sessions in our database (lib/auth/sessions.ts).
 * The same code runs against login.microsoftonline.com and against the simulator: only ENTRA_AUTHORITY_HOST differs.
 */

function toAdapterUser(user: { id: string; email: string; name: string | null }): AdapterUser {
  return { id: user.id, email: user.email, name: user.name, emailVerified: null };
}

/**
 * The adapter over our tables. Users are created by the signIn callback from the validated id token (so
 * `createUser`/`linkAccount` have nothing to do), are found by (tid, oid) — `providerAccountId` is "tid.oid" —
 * and never by e-mail (`getUserByEmail` → null, so next-auth never links accounts by address). OAuth tokens are
 * not stored: sign-in needs only the identity. Session tokens are stored as sha256 hashes.
 */
const adapter: Adapter = {
  async createUser() {
    throw new Error("users are created from the validated id token at sign-in");
  },
  async getUser(id) {
    const user = await getDb().user.findUnique({ where: { id } });
    return user ? toAdapterUser(user) : null;
  },
  async getUserByEmail() {
    return null;
  },
  async getUserByAccount({ providerAccountId }) {
    const [msTenantId, msObjectId] = providerAccountId.split(".");
    if (!msTenantId || !msObjectId) return null;
    const user = await getDb().user.findUnique({ where: { msTenantId_msObjectId: { msTenantId, msObjectId } } });
    return user ? toAdapterUser(user) : null;
  },
  async updateUser(user) {
    const found = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
    return toAdapterUser(found);
  },
  async linkAccount() {
    return undefined;
  },
  async createSession({ sessionToken, userId }) {
    const session = await createSession(userId, sessionToken);
    return { sessionToken, userId, expires: session.expiresAt };
  },
  async getSessionAndUser(sessionToken) {
    const session = await authenticateSession(sessionToken);
    if (!session) return null;
    const adapterSession: AdapterSession = { sessionToken, userId: session.user.id, expires: session.expiresAt };
    return { session: adapterSession, user: toAdapterUser(session.user) };
  },
  async updateSession({ sessionToken }) {
    // Sessions are never extended (the absolute limit); the idle clock is kept by authenticateSession.
    const session = await authenticateSession(sessionToken);
    return session ? { sessionToken, userId: session.user.id, expires: session.expiresAt } : null;
  },
  async deleteSession(sessionToken) {
    await deleteSessionByToken(sessionToken);
  },
};

let cached: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  if (cached) return cached;
  const env = getEnv();
  const microsoft = getMicrosoftConfig();
  const authority = `${microsoft.authorityHost}/${env.ENTRA_SIGN_IN_AUTHORITY}`;
  cached = {
    secret: getAuthSecret(),
    adapter,
    session: { strategy: "database", maxAge: Math.floor(sessionLimits().maxMs / 1000), updateAge: 24 * 3600, generateSessionToken },
    useSecureCookies: usesSecureCookies(),
    cookies: {
      sessionToken: { name: sessionCookieName(), options: { httpOnly: true, sameSite: "lax", path: "/", secure: usesSecureCookies() } },
    },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      AzureADProvider({
        id: ENTRA_PROVIDER_ID,
        name: "Microsoft",
        clientId: microsoft.clientId,
        clientSecret: microsoft.clientSecret,
        tenantId: env.ENTRA_SIGN_IN_AUTHORITY,
        wellKnown: `${authority}/v2.0/.well-known/openid-configuration?appid=${encodeURIComponent(microsoft.clientId)}`,
        authorization: { params: { scope: "openid profile email", prompt: "select_account" } },
        checks: ["pkce", "state", "nonce"],
        token: {
          async request({ client, params, checks, provider }) {
            // With a custom token request next-auth only loads the checks from their cookies; comparing is ours.
            if (!checks.state || params.state !== checks.state) throw new Error("The sign-in state does not match");
            const tokens = await client.grant({
              grant_type: "authorization_code",
              code: params.code,
              redirect_uri: provider.callbackUrl,
              code_verifier: checks.code_verifier,
            });
            if (!tokens.id_token) throw new Error("Microsoft returned no id token");
            await verifyEntraIdToken(tokens.id_token, { jwksUri: client.issuer.metadata.jwks_uri!, nonce: (checks as { nonce?: string }).nonce });
            // Only the id token is needed; access tokens for the user are never kept.
            return { tokens: { id_token: tokens.id_token, token_type: tokens.token_type } };
          },
        },
        profile(claims) {
          const c = claims as EntraIdClaims;
          const identity = identityFromClaims(c);
          return { id: `${identity.tid}.${identity.oid}`, name: identity.name, email: identity.username, image: null };
        },
      }),
    ],
    callbacks: {
      async signIn({ profile }) {
        const claims = profile as EntraIdClaims;
        if (isPersonalAccount(claims)) return "/sign-in?error=PersonalAccount";
        try {
          await signInIdentity(identityFromClaims(claims));
        } catch (error) {
          log.error("sign-in provisioning failed", { error: (error as Error).message });
          return "/sign-in?error=SignInFailed"; // a fixed code: next-auth would put the message in the URL
        }
        return true;
      },
      async redirect({ url, baseUrl }) {
        // Only ever back into the app: a relative path or our own origin, never an open redirect.
        if (url.startsWith("/") && !url.startsWith("//")) return `${baseUrl}${url}`;
        try {
          if (new URL(url).origin === baseUrl) return url;
        } catch {
          // not a URL
        }
        return `${baseUrl}/dashboard`;
      },
    },
    // next-auth's own logger would print token responses and profiles at debug level: log codes only.
    logger: {
      error(code, metadata) {
        const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown })?.error;
        log.warn("sign-in error", { code, message: error instanceof Error ? error.message.slice(0, 200) : undefined });
      },
      warn(code) {
        log.debug("next-auth warning", { code });
      },
      debug() {},
    },
  };
  return cached;
}
