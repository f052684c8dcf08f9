import { createHash, createPublicKey, randomBytes, randomUUID, sign, timingSafeEqual } from "node:crypto";
import { GRANTED_APP_ROLES, ROLE } from "./catalog";
import type { TenantRecord, TenantRegistry } from "./registry";
import type { SimUser } from "./model";
import { GUID_PATTERN } from "./random";
import { entraError, issueAccessToken, type TokenResult } from "./token";

/**
 * Entra ID as an OpenID Connect provider and admin-consent endpoint, for sign-in to the app
 * (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc, /v2-oauth2-auth-code-flow,
 * /v2-admin-consent):
 * - GET  /{tenant}/v2.0/.well-known/openid-configuration and /{tenant}/discovery/v2.0/keys (RS256 JWKS);
 * - GET  /{tenant}/oauth2/v2.0/authorize — instead of a password prompt, a page where a person picks one of the
 *   registered tenants' users; POST of that page → redirect with `code`, `state`, `session_state`;
 * - POST /{tenant}/oauth2/v2.0/token with grant_type=authorization_code — single-use code, redirect_uri match,
 *   PKCE (S256 or plain), client authentication (basic or post) → `id_token` (iss = {authority}/{tid}/v2.0) and a
 *   Graph access token;
 * - GET  /{tenant}/v2.0/adminconsent — an approve / cancel page; POST → redirect with `admin_consent=True&tenant=…`
 *   (the tenant is then consented: client-credentials tokens are issued) or `error=access_denied&…`.
 * User consent to the sign-in scopes is assumed granted. Only response_mode=query is implemented.
 */

const FLOW_TTL_MS = 10 * 60_000;
const CODE_TTL_MS = 10 * 60_000; // Entra: authorization codes live about 10 minutes
const ID_TOKEN_LIFETIME_S = 3600;
const MULTI_TENANT = new Set(["common", "organizations"]);
const MAX_USERS_LISTED = 12;

export type HttpResult = { status: number; headers: Record<string, string>; body?: unknown };

type AuthorizeFlow = {
  kind: "authorize";
  tenant: string;
  clientId: string;
  redirectUri: string;
  state: string | null;
  nonce: string | null;
  scope: string;
  codeChallenge: string | null;
  codeChallengeMethod: "S256" | "plain" | null;
  expiresAt: number;
};
type ConsentFlow = { kind: "consent"; tenant: string; redirectUri: string; state: string | null; scope: string; expiresAt: number };
type CodeGrant = {
  clientId: string;
  redirectUri: string;
  tenantId: string;
  user: SimUser;
  nonce: string | null;
  scope: string;
  codeChallenge: string | null;
  codeChallengeMethod: "S256" | "plain" | null;
  expiresAt: number;
  redeemed: boolean;
};

export type OidcOptions = {
  registry: TenantRegistry;
  clientId: string;
  clientSecret: string;
  /** Redirect URIs registered for the app; unset → any http(s) URI on localhost / 127.0.0.1 / [::1]. */
  redirectUris?: string[];
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function html(status: number, body: string): HttpResult {
  return {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Frame-Options": "DENY",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action *; frame-ancestors 'none'",
    },
    body,
  };
}

function page(title: string, content: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0;color:#1b1b1b}main{max-width:460px;margin:6vh auto;background:#fff;padding:36px 40px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600;margin:12px 0 4px}p{font-size:14px;line-height:1.45}.brand{font-weight:600;color:#737373;font-size:14px}.sim{font-size:12px;color:#a4262c}
h2{font-size:15px;margin:20px 0 6px}ul{list-style:none;padding:0;margin:0}li{margin:0}button.user{display:flex;width:100%;text-align:left;border:0;border-bottom:1px solid #eee;background:none;padding:10px 6px;cursor:pointer;font:inherit;flex-direction:column}
button.user:hover,button.user:focus{background:#f3f9fd;outline:2px solid #0067b8}.upn{font-size:13px;color:#555}.badge{font-size:11px;color:#0067b8}
.row{display:flex;gap:8px;margin-top:16px}.primary{background:#0067b8;color:#fff;border:0;padding:8px 20px;font:inherit;cursor:pointer}.secondary{background:#ccc;border:0;padding:8px 20px;font:inherit;cursor:pointer}
input[type=text],input[type=email]{width:100%;box-sizing:border-box;padding:6px;border:0;border-bottom:1px solid #666;font:inherit}.perm{font-size:13px;padding:3px 0}.err{color:#a4262c}</style></head>
<body><main><div class="brand">Microsoft</div><div class="sim">Microsoft 365 simulator (local development and tests)</div>${content}</main></body></html>`;
}

function errorPage(code: number, message: string): HttpResult {
  const body = page("Sign in to your account", `<h1>Sorry, but we’re having trouble signing you in.</h1><p class="err">AADSTS${code}: ${escapeHtml(message)}</p>`);
  return html(400, body);
}

function redirect(target: string, params: Record<string, string | null | undefined>): HttpResult {
  const url = new URL(target);
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined) url.searchParams.set(key, value);
  return { status: 302, headers: { Location: url.toString(), "Cache-Control": "no-store" } };
}

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function isLoopbackUri(uri: string): boolean {
  try {
    const url = new URL(uri);
    return (url.protocol === "http:" || url.protocol === "https:") && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname) && !url.hash;
  } catch {
    return false;
  }
}

function isGlobalAdmin(tenant: TenantRecord, userId: string): boolean {
  return tenant.data().roleAssignments.some((a) => a.principalId === userId && a.roleDefinitionId === ROLE.globalAdministrator);
}

export class OidcProvider {
  private readonly flows = new Map<string, AuthorizeFlow | ConsentFlow>();
  private readonly codes = new Map<string, CodeGrant>();
  readonly kid: string;
  private readonly publicJwk: { kty: string; n: string; e: string };

  constructor(private readonly options: OidcOptions) {
    const jwk = createPublicKey(options.registry.oidcKey).export({ format: "jwk" }) as { kty: string; n: string; e: string };
    this.publicJwk = { kty: jwk.kty, n: jwk.n, e: jwk.e };
    this.kid = createHash("sha256").update(jwk.n).digest("base64url").slice(0, 27);
  }

  /** The issuer a tenant's tokens carry, and the discovery document's (a template for multi-tenant authorities). */
  issuerFor(authorityUrl: string, tenant: string): string {
    return `${authorityUrl}/${MULTI_TENANT.has(tenant.toLowerCase()) ? "{tenantid}" : tenant.toLowerCase()}/v2.0`;
  }

  jwks(authorityUrl: string, tenant: string): HttpResult {
    const issuer = this.issuerFor(authorityUrl, tenant);
    return { status: 200, headers: { "Content-Type": "application/json; charset=utf-8" }, body: { keys: [{ ...this.publicJwk, use: "sig", kid: this.kid, issuer }] } };
  }

  private redirectUriAllowed(uri: string): boolean {
    return this.options.redirectUris ? this.options.redirectUris.includes(uri) : isLoopbackUri(uri);
  }

  /** The app and redirect URI of an authorize or consent request; errors are shown on Microsoft's page, not redirected. */
  private checkClient(query: URLSearchParams): { clientId: string; redirectUri: string } | HttpResult {
    const clientId = query.get("client_id");
    if (!clientId) return errorPage(900144, "The request body must contain the following parameter: 'client_id'.");
    if (clientId !== this.options.clientId) return errorPage(700016, `Application with identifier '${clientId}' was not found in the directory.`);
    const redirectUri = query.get("redirect_uri");
    if (!redirectUri || !this.redirectUriAllowed(redirectUri)) {
      return errorPage(50011, `The redirect URI '${redirectUri ?? ""}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`);
    }
    return { clientId, redirectUri };
  }

  private newFlow(flow: AuthorizeFlow | ConsentFlow): string {
    const now = Date.now();
    for (const [id, f] of this.flows) if (f.expiresAt < now) this.flows.delete(id);
    const id = randomBytes(18).toString("base64url");
    this.flows.set(id, flow);
    return id;
  }

  private takeFlow<K extends "authorize" | "consent">(id: string | null, kind: K): Extract<AuthorizeFlow | ConsentFlow, { kind: K }> | null {
    const flow = id ? this.flows.get(id) : undefined;
    if (!flow || flow.kind !== kind || flow.expiresAt < Date.now()) return null;
    this.flows.delete(id!);
    return flow as Extract<AuthorizeFlow | ConsentFlow, { kind: K }>;
  }

  /** Tenants a sign-in at this authority may come from: one for a tenant id, all registered for common/organizations. */
  private tenantsFor(tenant: string): TenantRecord[] {
    if (MULTI_TENANT.has(tenant.toLowerCase())) return this.options.registry.list();
    const one = this.options.registry.get(tenant);
    return one ? [one] : [];
  }

  /** GET /{tenant}/oauth2/v2.0/authorize */
  authorize(tenant: string, query: URLSearchParams): HttpResult {
    const client = this.checkClient(query);
    if ("status" in client) return client;
    const { clientId, redirectUri } = client;
    const state = query.get("state");
    const fail = (error: string, code: number, description: string) =>
      redirect(redirectUri, { error, error_description: `AADSTS${code}: ${description}`, state });
    if (!MULTI_TENANT.has(tenant.toLowerCase()) && !GUID_PATTERN.test(tenant)) return fail("invalid_request", 900023, `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`);
    if (query.get("response_type") !== "code") return fail("unsupported_response_type", 700054, "response_type 'code' is the only one this endpoint supports here.");
    const responseMode = query.get("response_mode") ?? "query";
    if (responseMode !== "query") return fail("invalid_request", 900144, `response_mode '${responseMode}' is not supported by the simulator; use query.`);
    const scope = query.get("scope") ?? "";
    if (!scope.split(/\s+/).includes("openid")) return fail("invalid_request", 900144, "The 'openid' scope is required for sign-in.");
    const method = query.get("code_challenge_method");
    const challenge = query.get("code_challenge");
    if (challenge && method && method !== "S256" && method !== "plain") return fail("invalid_request", 501491, "Invalid code_challenge_method.");
    const tenants = this.tenantsFor(tenant);
    if (tenants.length === 0) return fail("invalid_request", 90002, `Tenant '${tenant}' not found.`);
    const flow = this.newFlow({
      kind: "authorize",
      tenant,
      clientId,
      redirectUri,
      state,
      nonce: query.get("nonce"),
      scope,
      codeChallenge: challenge,
      codeChallengeMethod: challenge ? ((method as "S256" | "plain" | null) ?? "plain") : null,
      expiresAt: Date.now() + FLOW_TTL_MS,
    });
    const action = `/${encodeURIComponent(tenant)}/oauth2/v2.0/authorize`;
    const sections = tenants
      .map((t) => {
        const data = t.data();
        const members = data.users
          .filter((u) => u.resource.userType === "Member" && u.resource.accountEnabled)
          .map((u) => ({ user: u, admin: isGlobalAdmin(t, u.resource.id) }))
          .sort((a, b) => Number(b.admin) - Number(a.admin) || a.user.resource.userPrincipalName.localeCompare(b.user.resource.userPrincipalName))
          .slice(0, MAX_USERS_LISTED);
        const items = members
          .map(
            ({ user, admin }) =>
              `<li><button class="user" type="submit" name="user" value="${escapeHtml(`${t.tenantId}/${user.resource.id}`)}" data-upn="${escapeHtml(user.resource.userPrincipalName)}" data-tenant="${escapeHtml(t.tenantId)}">` +
              `<span>${escapeHtml(user.resource.displayName ?? user.resource.userPrincipalName)}</span><span class="upn">${escapeHtml(user.resource.userPrincipalName)}</span>` +
              `${admin ? '<span class="badge">Global Administrator</span>' : ""}</button></li>`,
          )
          .join("");
        return `<h2 data-tenant="${escapeHtml(t.tenantId)}">${escapeHtml(data.displayName)} <span class="upn">${escapeHtml(t.consented ? "" : "· not yet connected")}</span></h2><ul>${items}</ul>`;
      })
      .join("");
    const body = page(
      "Sign in to your account",
      `<h1>Pick an account</h1><p>Choose who signs in. The simulator asks for no password.</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="flow" value="${escapeHtml(flow)}">${sections}
<h2>Or type a user principal name</h2><input type="email" name="upn" aria-label="User principal name" placeholder="someone@contoso.com">
<div class="row"><button class="primary" type="submit" name="action" value="upn">Next</button><button class="secondary" type="submit" name="action" value="cancel">Cancel</button></div></form>`,
    );
    return html(200, body);
  }

  /** POST /{tenant}/oauth2/v2.0/authorize — the account picker's answer. */
  authorizeSubmit(body: string): HttpResult {
    const form = new URLSearchParams(body);
    const flow = this.takeFlow(form.get("flow"), "authorize");
    if (!flow) return errorPage(50058, "The sign-in page expired or was already used. Start the sign-in again from the application.");
    if (form.get("action") === "cancel") {
      return redirect(flow.redirectUri, { error: "access_denied", error_subcode: "cancel", error_description: "AADSTS50126: The user canceled the sign-in.", state: flow.state });
    }
    let found: { tenant: TenantRecord; user: SimUser } | null = null;
    const choice = form.get("user");
    const upn = (form.get("upn") ?? "").trim().toLowerCase();
    for (const tenant of this.tenantsFor(flow.tenant)) {
      const user = tenant.data().users.find((u) =>
        choice ? `${tenant.tenantId}/${u.resource.id}` === choice : upn !== "" && u.resource.userPrincipalName.toLowerCase() === upn,
      );
      if (user) {
        found = { tenant, user };
        break;
      }
    }
    if (!found) return errorPage(50034, "The user account does not exist in the directory. Start the sign-in again and pick an account.");
    if (!found.user.resource.accountEnabled) return errorPage(50057, "The user account is disabled.");
    const code = randomBytes(48).toString("base64url");
    this.codes.set(code, {
      clientId: flow.clientId,
      redirectUri: flow.redirectUri,
      tenantId: found.tenant.tenantId,
      user: found.user,
      nonce: flow.nonce,
      scope: flow.scope,
      codeChallenge: flow.codeChallenge,
      codeChallengeMethod: flow.codeChallengeMethod,
      expiresAt: Date.now() + CODE_TTL_MS,
      redeemed: false,
    });
    return redirect(flow.redirectUri, { code, state: flow.state, session_state: randomUUID() });
  }

  /** POST /{tenant}/oauth2/v2.0/token, grant_type=authorization_code. */
  redeemCode(authorityUrl: string, tenant: string, form: URLSearchParams, client: { id: string | null; secret: string | null }): TokenResult {
    if (!MULTI_TENANT.has(tenant.toLowerCase()) && !GUID_PATTERN.test(tenant)) {
      return entraError(400, "invalid_request", 900023, `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`);
    }
    if (!client.id) return entraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
    if (client.id !== this.options.clientId) return entraError(400, "unauthorized_client", 700016, `Application with identifier '${client.id}' was not found in the directory.`);
    if (!client.secret) return entraError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    const expected = Buffer.from(this.options.clientSecret);
    const actual = Buffer.from(client.secret);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      return entraError(401, "invalid_client", 7000215, "Invalid client secret provided.");
    }
    const code = form.get("code");
    if (!code) return entraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'code'.");
    const grant = this.codes.get(code);
    if (!grant) return entraError(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
    if (grant.redeemed) return entraError(400, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");
    grant.redeemed = true;
    if (grant.expiresAt < Date.now()) return entraError(400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity.");
    if (grant.clientId !== client.id) return entraError(400, "invalid_grant", 70000, "The provided authorization code was issued to another client.");
    if (form.get("redirect_uri") !== grant.redirectUri) return entraError(400, "invalid_grant", 70000, "The redirect_uri does not match the one of the authorization request.");
    if (!MULTI_TENANT.has(tenant.toLowerCase()) && tenant.toLowerCase() !== grant.tenantId) {
      return entraError(400, "invalid_grant", 70000, "The authorization code was issued for another tenant.");
    }
    if (grant.codeChallenge) {
      const verifier = form.get("code_verifier");
      if (!verifier) return entraError(400, "invalid_grant", 50148, "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.");
      const computed = grant.codeChallengeMethod === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
      if (computed !== grant.codeChallenge) {
        return entraError(400, "invalid_grant", 50148, "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.");
      }
    }
    const now = Math.floor(Date.now() / 1000);
    const user = grant.user.resource;
    const tenantRecord = this.options.registry.get(grant.tenantId);
    const verifiedDomains = new Set((tenantRecord?.data().domains ?? []).filter((d) => d.isVerified).map((d) => d.id.toLowerCase()));
    const mailDomain = user.mail?.split("@")[1]?.toLowerCase();
    const claims: Record<string, unknown> = {
      ver: "2.0",
      iss: `${authorityUrl}/${grant.tenantId}/v2.0`,
      sub: createHash("sha256").update(`${user.id}/${client.id}`).digest("base64url").slice(0, 43),
      aud: client.id,
      exp: now + ID_TOKEN_LIFETIME_S,
      iat: now,
      nbf: now,
      name: user.displayName,
      preferred_username: user.userPrincipalName,
      oid: user.id,
      tid: grant.tenantId,
      uti: randomUUID().replace(/-/g, "").slice(0, 22),
      rh: randomBytes(24).toString("base64url"),
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
      ...(user.mail ? { email: user.mail, ...(mailDomain && verifiedDomains.has(mailDomain) ? { xms_edov: true } : {}) } : {}),
    };
    const header = { typ: "JWT", alg: "RS256", kid: this.kid };
    const unsigned = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
    const signature = sign("sha256", Buffer.from(unsigned), this.options.registry.oidcKey).toString("base64url");
    return {
      status: 200,
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store, no-cache", Pragma: "no-cache" },
      body: {
        token_type: "Bearer",
        scope: "openid profile email https://graph.microsoft.com/User.Read",
        expires_in: ID_TOKEN_LIFETIME_S,
        ext_expires_in: ID_TOKEN_LIFETIME_S,
        access_token: issueAccessToken(grant.tenantId, client.id, this.options.registry.signingKey),
        id_token: `${unsigned}.${signature}`,
      },
    };
  }

  /** GET /{tenant}/v2.0/adminconsent */
  adminConsent(tenant: string, query: URLSearchParams): HttpResult {
    const client = this.checkClient(query);
    if ("status" in client) return client;
    const { redirectUri } = client;
    const state = query.get("state");
    const scope = query.get("scope") ?? "";
    if (!scope.trim()) return redirect(redirectUri, { error: "invalid_request", error_description: "AADSTS900144: The request body must contain the following parameter: 'scope'.", state });
    const tenants = this.tenantsFor(tenant);
    if (tenants.length === 0) return redirect(redirectUri, { error: "invalid_request", error_description: `AADSTS90002: Tenant '${tenant}' not found.`, state });
    const flow = this.newFlow({ kind: "consent", tenant, redirectUri, state, scope, expiresAt: Date.now() + FLOW_TTL_MS });
    const action = `/${encodeURIComponent(tenant)}/v2.0/adminconsent`;
    const picker =
      tenants.length === 1
        ? `<input type="hidden" name="tenant" value="${escapeHtml(tenants[0]!.tenantId)}"><p>Organization: <strong>${escapeHtml(tenants[0]!.data().displayName)}</strong></p>`
        : `<h2>Organization</h2>${tenants
            .map((t, i) => `<label class="perm"><input type="radio" name="tenant" value="${escapeHtml(t.tenantId)}"${i === 0 ? " checked" : ""}> ${escapeHtml(t.data().displayName)}</label><br>`)
            .join("")}`;
    const permissions = GRANTED_APP_ROLES.map((r) => `<li class="perm">${escapeHtml(r)} (application)</li>`).join("");
    const body = page(
      "Permissions requested",
      `<h1>Permissions requested</h1><p>Accept for your organization. This app would like to read your directory as itself, without a signed-in user:</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="flow" value="${escapeHtml(flow)}">${picker}<ul>${permissions}</ul>
<p>Signed in as a Global Administrator of the organization. Accepting grants these permissions for every user.</p>
<div class="row"><button class="primary" type="submit" name="decision" value="accept">Accept</button><button class="secondary" type="submit" name="decision" value="cancel">Cancel</button></div></form>`,
    );
    return html(200, body);
  }

  /** POST /{tenant}/v2.0/adminconsent — the approve / cancel answer. */
  adminConsentSubmit(body: string): HttpResult {
    const form = new URLSearchParams(body);
    const flow = this.takeFlow(form.get("flow"), "consent");
    if (!flow) return errorPage(50058, "The consent page expired or was already used. Start again from the application.");
    if (form.get("decision") !== "accept") {
      return redirect(flow.redirectUri, {
        error: "access_denied",
        error_subcode: "cancel",
        error_description: "AADSTS65004: User declined to consent to access the app.",
        state: flow.state,
      });
    }
    const chosen = this.tenantsFor(flow.tenant).find((t) => t.tenantId === (form.get("tenant") ?? "").toLowerCase());
    if (!chosen) return errorPage(90002, "The organization chosen on the consent page was not found.");
    this.options.registry.setConsented(chosen.tenantId, true);
    return redirect(flow.redirectUri, { admin_consent: "True", tenant: chosen.tenantId, scope: flow.scope, state: flow.state });
  }
}
