import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { GRANTED_APP_ROLES, MICROSOFT_GRAPH_APP_ID } from "./catalog";
import { GUID_PATTERN, stableGuid } from "./random";

/**
 * The Entra ID v2.0 token endpoint for the client credentials grant
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow), and validation of
 * the access tokens it issues when they come back to Graph.
 */

export const GRAPH_AUDIENCE = "https://graph.microsoft.com";
const TOKEN_LIFETIME_SECONDS = 3599;

export type TokenResult = { status: number; headers: Record<string, string>; body: unknown };

export type TokenEndpointConfig = {
  clientId: string;
  clientSecret: string;
  signingKey: Buffer;
  isConsented: (tenantId: string) => boolean;
  /** Application permissions the tenant granted the app (the roles claim); GRANTED_APP_ROLES when unset. */
  rolesOf?: (tenantId: string) => readonly string[];
};

/** Entra's timestamps in error bodies look like "2024-05-07 12:34:56Z". */
function entraTimestamp(): string {
  return new Date().toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z");
}

export function entraError(status: number, error: string, code: number, description: string): TokenResult {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = entraTimestamp();
  return {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store, no-cache", "x-ms-request-id": traceId },
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function sign(input: string, key: Buffer): string {
  return createHmac("sha256", key).update(input).digest("base64url");
}

export function issueAccessToken(tenantId: string, clientId: string, key: Buffer, roles: readonly string[] = GRANTED_APP_ROLES): string {
  const now = Math.floor(Date.now() / 1000);
  const servicePrincipalId = stableGuid(`${tenantId}/sp/${clientId}`);
  const header = { typ: "JWT", alg: "HS256", kid: "m365-simulator" };
  const payload = {
    aud: GRAPH_AUDIENCE,
    iss: `https://sts.windows.net/${tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + TOKEN_LIFETIME_SECONDS,
    app_displayname: "M365 posture scanner",
    appid: clientId,
    appidacr: "1",
    idp: `https://sts.windows.net/${tenantId}/`,
    idtyp: "app",
    oid: servicePrincipalId,
    roles,
    sub: servicePrincipalId,
    tid: tenantId,
    uti: randomUUID().replace(/-/g, "").slice(0, 22),
    ver: "1.0",
  };
  const unsigned = `${base64UrlJson(header)}.${base64UrlJson(payload)}`;
  return `${unsigned}.${sign(unsigned, key)}`;
}

export type TokenCheck = { ok: true; tenantId: string; roles: string[] } | { ok: false; message: string };

/** Validates a bearer token the way Graph reports failures (all as 401 InvalidAuthenticationToken). */
export function verifyAccessToken(authorization: string | undefined, key: Buffer): TokenCheck {
  const match = /^Bearer\s+(.*)$/i.exec(authorization?.trim() ?? "");
  const token = match?.[1]?.trim() ?? "";
  if (!token) return { ok: false, message: "Access token is empty." };
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, message: "IDX14100: JWT is not well formed, there are no dots (.)." };
  const [header, payload, signature] = parts as [string, string, string];
  const expected = Buffer.from(sign(`${header}.${payload}`, key));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, message: "Access token validation failure." };
  let claims: { aud?: unknown; exp?: unknown; nbf?: unknown; tid?: unknown; roles?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, message: "Access token validation failure." };
  }
  if (claims.aud !== GRAPH_AUDIENCE && claims.aud !== MICROSOFT_GRAPH_APP_ID) {
    return { ok: false, message: "Access token validation failure. Invalid audience." };
  }
  const now = Date.now() / 1000;
  if (typeof claims.exp !== "number" || claims.exp <= now) return { ok: false, message: "Lifetime validation failed, the token is expired." };
  if (typeof claims.nbf === "number" && claims.nbf > now + 300) return { ok: false, message: "Lifetime validation failed, the token is not yet valid." };
  if (typeof claims.tid !== "string") return { ok: false, message: "Access token validation failure." };
  // An app-only token without a roles claim holds no application permission at all.
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
  return { ok: true, tenantId: claims.tid, roles };
}

const NOT_CONSENTED_HINT =
  "This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. " +
  "You may have sent your authentication request to the wrong tenant.";

const GRAPH_RESOURCES = [GRAPH_AUDIENCE, MICROSOFT_GRAPH_APP_ID, "https://graph.microsoft.com/"];

export function clientFromBasicAuth(authorization: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+(.+)$/i.exec(authorization ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

/** POST /{tenant}/oauth2/v2.0/token */
export type TokenRequest = { method: string; tenant: string; body: string; authorization?: string };

export function handleTokenRequest(config: TokenEndpointConfig, request: TokenRequest): TokenResult {
  const { tenant } = request;
  if (request.method !== "POST") {
    return entraError(400, "invalid_request", 900561, `The endpoint only accepts POST, OPTIONS requests. Received a ${request.method} request.`);
  }
  const lowerTenant = tenant.toLowerCase();
  if (["common", "organizations", "consumers"].includes(lowerTenant)) {
    return entraError(400, "invalid_request", 50059, "No tenant-identifying information found in either the request or implied by any provided credentials.");
  }
  if (!GUID_PATTERN.test(tenant)) {
    if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tenant)) {
      return entraError(
        400,
        "invalid_request",
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. ` +
          "Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
      );
    }
    return entraError(400, "invalid_request", 900023, `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`);
  }

  const form = new URLSearchParams(request.body);
  const grantType = form.get("grant_type");
  if (!grantType) return entraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
  if (grantType !== "client_credentials") {
    return entraError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType}'.`);
  }
  const basic = clientFromBasicAuth(request.authorization);
  const clientId = form.get("client_id") ?? basic?.id;
  const clientSecret = form.get("client_secret") ?? basic?.secret;
  if (!clientId) return entraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");

  const scope = form.get("scope");
  if (!scope) return entraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
  const scopes = scope.trim().split(/\s+/);
  if (scopes.length !== 1 || !scopes[0]?.endsWith("/.default")) {
    return entraError(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. ` +
        "Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).",
    );
  }
  const resource = scopes[0].slice(0, -"/.default".length);
  if (!GRAPH_RESOURCES.includes(resource)) {
    return entraError(
      400,
      "invalid_resource",
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}. ${NOT_CONSENTED_HINT}`,
    );
  }

  if (clientId !== config.clientId || !config.isConsented(tenant)) {
    return entraError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'. ${NOT_CONSENTED_HINT}`);
  }
  if (!clientSecret) {
    return entraError(401, "invalid_client", 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
  }
  if (clientSecret !== config.clientSecret) {
    return entraError(
      401,
      "invalid_client",
      7000215,
      "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, " +
        `not the client secret ID, for a secret added to app '${clientId}'.`,
    );
  }

  return {
    status: 200,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store, no-cache", Pragma: "no-cache" },
    body: {
      token_type: "Bearer",
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token: issueAccessToken(tenant.toLowerCase(), clientId, config.signingKey, config.rolesOf?.(tenant) ?? GRANTED_APP_ROLES),
    },
  };
}

/** GET /{tenant}/v2.0/.well-known/openid-configuration (for common/organizations the issuer is a `{tenantid}` template). */
export function openIdConfiguration(authorityUrl: string, tenant: string, issuer: string): Record<string, unknown> {
  const base = `${authorityUrl}/${tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${authorityUrl}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
    userinfo_endpoint: `${authorityUrl.replace(/\/$/, "")}/oidc/userinfo`,
    code_challenge_methods_supported: ["plain", "S256"],
    tenant_region_scope: "NA",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
  };
}
