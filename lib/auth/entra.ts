import "server-only";
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import type { EntraIdentity } from "@/lib/auth/identity";
import { getEnv } from "@/lib/env";
import { getMicrosoftConfig } from "@/lib/microsoft/config";

/**
 * Validation of the id token Entra ID returns at sign-in, for a multi-tenant app: RS256 signature from the
 * authority's JWKS, our client id as audience, lifetime with clock tolerance, the nonce we sent, and the issuer
 * **of the token's own tenant** (`{authority}/{tid}/v2.0`) — the `organizations` discovery document's issuer is the
 * template `…/{tenantid}/v2.0`, so no fixed issuer can be compared (openid-client only substitutes it for the
 * literal login.microsoftonline.com host, which would make tests and sovereign clouds take another path).
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The tenant of personal Microsoft accounts: this product is for work and school accounts only. */
export const CONSUMER_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";

export type EntraIdClaims = JWTPayload & {
  tid: string;
  oid: string;
  preferred_username?: string;
  name?: string;
  email?: string;
  xms_edov?: boolean | string;
  nonce?: string;
};

export class IdTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IdTokenError";
  }
}

/** Personal Microsoft accounts (outlook.com …) authenticate fine but have no organization to scan. */
export function isPersonalAccount(claims: Pick<EntraIdClaims, "tid">): boolean {
  return claims.tid.toLowerCase() === CONSUMER_TENANT_ID;
}

const jwksByUri = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function jwksFor(uri: string) {
  let jwks = jwksByUri.get(uri);
  if (!jwks) jwksByUri.set(uri, (jwks = createRemoteJWKSet(new URL(uri), { timeoutDuration: 10_000, cooldownDuration: 30_000 })));
  return jwks;
}

export async function verifyEntraIdToken(idToken: string, options: { jwksUri: string; nonce?: string }): Promise<EntraIdClaims> {
  const { authorityHost, clientId } = getMicrosoftConfig();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, jwksFor(options.jwksUri), {
      audience: clientId,
      algorithms: ["RS256"],
      clockTolerance: getEnv().ENTRA_CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["iss", "sub", "exp", "iat", "tid", "oid"],
    }));
  } catch (error) {
    const detail = error instanceof joseErrors.JOSEError ? error.code : "unreadable";
    throw new IdTokenError(`The id token was rejected (${detail})`);
  }
  const claims = payload as EntraIdClaims;
  if (typeof claims.tid !== "string" || !GUID.test(claims.tid) || typeof claims.oid !== "string" || !GUID.test(claims.oid)) {
    throw new IdTokenError("The id token has no valid tenant or object id");
  }
  if (claims.iss !== `${authorityHost}/${claims.tid}/v2.0`) throw new IdTokenError("The id token's issuer is not its tenant's issuer");
  if (options.nonce === undefined || claims.nonce !== options.nonce) throw new IdTokenError("The id token's nonce does not match the sign-in request");
  return claims;
}

/** The identity a validated id token asserts. */
export function identityFromClaims(claims: EntraIdClaims): EntraIdentity {
  const emailVerified = claims.xms_edov === true || claims.xms_edov === "true" || claims.xms_edov === "1";
  // Never the unverified `email` claim: a tenant admin can set it to any address (the "nOAuth" pattern), and the sign-in
  // name is matched against invitations.
  const username = (claims.preferred_username ?? (emailVerified ? claims.email : undefined) ?? "").trim().toLowerCase();
  return {
    tid: claims.tid.toLowerCase(),
    oid: claims.oid.toLowerCase(),
    username: username || `${claims.oid}@${claims.tid}`.toLowerCase(),
    name: typeof claims.name === "string" && claims.name.trim() ? claims.name.trim().slice(0, 200) : null,
    verifiedEmail: emailVerified && typeof claims.email === "string" ? claims.email.trim().toLowerCase() : null,
  };
}
