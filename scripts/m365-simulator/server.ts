import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { handleBatch } from "./batch";
import type { GraphContext } from "./collections";
import { faultResult, handleGraph } from "./graph";
import { parseFault, type TenantRegistry } from "./registry";
import { graphError, type GraphResult, type RequestIds } from "./responses";
import { OidcProvider } from "./oidc";
import { clientFromBasicAuth, handleTokenRequest, openIdConfiguration, verifyAccessToken } from "./token";

/**
 * One loopback HTTP server for everything: Entra's token endpoint, Microsoft Graph under /v1.0 and /beta, and
 * the simulator's own admin API under /_simulator (which has no latency and is not counted).
 */

export type HttpServerOptions = {
  registry: TenantRegistry;
  clientId: string;
  clientSecret: string;
  latencyMs: () => number;
  countRequest: () => void;
  /** Token and Graph requests served so far (GET /_simulator/stats, for benchmarks in another process). */
  requestCount: () => number;
  onTenantsChanged: () => void;
  /** Redirect URIs registered for the app (sign-in and admin consent); unset → any loopback URI. */
  redirectUris?: string[];
};

export type HttpServer = { url: string; close: () => Promise<void> };

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/i;
const OPENID_PATH = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration\/?$/i;
const JWKS_PATH = /^\/([^/]+)\/discovery\/v2\.0\/keys\/?$/i;
const AUTHORIZE_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/authorize\/?$/i;
const ADMIN_CONSENT_PATH = /^\/([^/]+)\/v2\.0\/adminconsent\/?$/i;
const CONSENT_ADMIN_PATH = /^\/_simulator\/tenants\/([^/]+)\/consent\/?$/;
const PATCH_ADMIN_PATH = /^\/_simulator\/tenants\/([^/]+)\/data\/?$/;
const GRAPH_PATH = /^\/(v1\.0|beta)(\/.*)?$/i;
const FAULTS_PATH = /^\/_simulator\/tenants\/([^/]+)\/faults\/?$/;

const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';
const DIAGNOSTIC_HEADER = JSON.stringify({ ServerInfo: { DataCenter: "Loopback", Slice: "E", Ring: "1", ScaleUnit: "000", RoleInstance: "M365SIM" } });

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body?: unknown): void {
  const payload = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { ...headers, ...(payload ? { "Content-Length": String(Buffer.byteLength(payload)) } : {}) });
  res.end(payload);
}

export async function startHttpServer(port: number, options: HttpServerOptions): Promise<HttpServer> {
  let baseUrl = "";
  const tokenConfig = {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    signingKey: options.registry.signingKey,
    isConsented: (tenantId: string) => options.registry.get(tenantId)?.consented === true,
    rolesOf: (tenantId: string) => options.registry.get(tenantId)?.permissions ?? [],
  };
  const oidc = new OidcProvider({ registry: options.registry, clientId: options.clientId, clientSecret: options.clientSecret, redirectUris: options.redirectUris });

  const handleAdmin = async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    const json = { "Content-Type": "application/json; charset=utf-8" };
    const { registry } = options;
    if (req.method === "GET" && pathname === "/_simulator/health") return send(res, 200, json, { status: "ok", tenants: registry.list().length });
    if (req.method === "GET" && pathname === "/_simulator/stats") return send(res, 200, json, { requests: options.requestCount() });
    if (req.method === "GET" && pathname === "/_simulator/tenants") {
      return send(res, 200, json, { tenants: registry.list().map((t) => ({ tenantId: t.tenantId, ...t.source })) });
    }
    const body = await readBody(req);
    let parsed: Record<string, unknown> = {};
    if (body.trim()) {
      try {
        parsed = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return send(res, 400, json, { error: "the body must be JSON" });
      }
    }
    if (req.method === "POST" && pathname === "/_simulator/tenants") {
      try {
        const fixture = parsed.fixture ?? parsed.generated;
        const consented = parsed.consented === undefined ? undefined : parsed.consented === true;
        const permissions = parsed.permissions as string[] | undefined; // validated by register
        const tenantId = registry.register(fixture as Parameters<TenantRegistry["register"]>[0], parsed.tenantId as string | undefined, { consented, permissions });
        options.onTenantsChanged();
        return send(res, 201, json, { tenantId });
      } catch (error) {
        return send(res, 400, json, { error: (error as Error).message });
      }
    }
    const consent = CONSENT_ADMIN_PATH.exec(pathname);
    if (consent?.[1] && req.method === "POST") {
      const tenantId = decodeURIComponent(consent[1]);
      if (!registry.get(tenantId)) return send(res, 404, json, { error: `tenant ${tenantId} is not registered` });
      if (typeof parsed.consented !== "boolean") return send(res, 400, json, { error: "consented must be true or false" });
      registry.setConsented(tenantId, parsed.consented);
      return send(res, 204, {});
    }
    const patch = PATCH_ADMIN_PATH.exec(pathname);
    if (patch?.[1] && req.method === "PATCH") {
      const record = registry.get(decodeURIComponent(patch[1]));
      if (!record) return send(res, 404, json, { error: `tenant ${patch[1]} is not registered` });
      if (Array.isArray(parsed) || Object.keys(parsed).length === 0) return send(res, 400, json, { error: "send a JSON object of the fields to change" });
      record.patch(parsed);
      return send(res, 204, {});
    }
    const faults = FAULTS_PATH.exec(pathname);
    if (faults?.[1]) {
      const tenantId = decodeURIComponent(faults[1]);
      if (!registry.get(tenantId)) return send(res, 404, json, { error: `tenant ${tenantId} is not registered` });
      if (req.method === "POST") {
        try {
          registry.addFault(tenantId, parseFault(parsed));
        } catch (error) {
          return send(res, 400, json, { error: (error as Error).message });
        }
        return send(res, 204, {});
      }
      if (req.method === "DELETE") {
        registry.clearFaults(tenantId);
        return send(res, 204, {});
      }
    }
    return send(res, 404, json, { error: `no simulator admin route for ${req.method} ${pathname}` });
  };

  const handleGraphRequest = async (req: IncomingMessage, url: URL, version: "v1.0" | "beta", subPath: string, ids: RequestIds): Promise<GraphResult> => {
    const body = await readBody(req);
    const check = verifyAccessToken(req.headers.authorization, options.registry.signingKey);
    const tenant = check.ok ? options.registry.get(check.tenantId) : undefined;
    if (!check.ok || !tenant) {
      const message = check.ok ? "Access token validation failure." : check.message;
      return graphError(401, "InvalidAuthenticationToken", message, ids, { "WWW-Authenticate": WWW_AUTHENTICATE });
    }
    const ctx: GraphContext = {
      data: tenant.data(),
      version,
      baseUrl,
      takeFault: (path) => options.registry.takeFault(tenant, path),
      roles: check.roles,
    };
    const path = subPath || "/";
    if (req.method === "POST" && /^\/(\$|%24)batch\/?$/i.test(path)) {
      const fault = ctx.takeFault("/$batch");
      return fault ? faultResult(fault, ids) : handleBatch(ctx, body, ids);
    }
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers[key] = value;
    return handleGraph(ctx, { method: req.method ?? "GET", path, params: url.searchParams, headers, ids });
  };

  /** Entra and Graph: everything outside the admin API. */
  const handleMicrosoft = async (req: IncomingMessage, url: URL): Promise<GraphResult> => {
    const { pathname } = url;
    const token = TOKEN_PATH.exec(pathname);
    if (token?.[1]) {
      const body = await readBody(req);
      const tenant = decodeURIComponent(token[1]);
      const form = new URLSearchParams(body);
      if (req.method === "POST" && form.get("grant_type") === "authorization_code") {
        const basic = clientFromBasicAuth(req.headers.authorization);
        return oidc.redeemCode(baseUrl, tenant, form, { id: form.get("client_id") ?? basic?.id ?? null, secret: form.get("client_secret") ?? basic?.secret ?? null });
      }
      return handleTokenRequest(tokenConfig, { method: req.method ?? "GET", tenant, body, authorization: req.headers.authorization });
    }
    const openId = OPENID_PATH.exec(pathname);
    if (openId?.[1] && req.method === "GET") {
      const tenant = decodeURIComponent(openId[1]);
      return { status: 200, headers: { "Content-Type": "application/json; charset=utf-8" }, body: openIdConfiguration(baseUrl, tenant, oidc.issuerFor(baseUrl, tenant)) };
    }
    const jwks = JWKS_PATH.exec(pathname);
    if (jwks?.[1] && req.method === "GET") return oidc.jwks(baseUrl, decodeURIComponent(jwks[1]));
    const authorize = AUTHORIZE_PATH.exec(pathname);
    if (authorize?.[1]) {
      if (req.method === "POST") return oidc.authorizeSubmit(await readBody(req));
      return oidc.authorize(decodeURIComponent(authorize[1]), url.searchParams);
    }
    const adminConsent = ADMIN_CONSENT_PATH.exec(pathname);
    if (adminConsent?.[1]) {
      if (req.method === "POST") return oidc.adminConsentSubmit(await readBody(req));
      return oidc.adminConsent(decodeURIComponent(adminConsent[1]), url.searchParams);
    }
    const requestId = randomUUID();
    const ids = { requestId, clientRequestId: (req.headers["client-request-id"] as string | undefined) ?? requestId };
    const graph = GRAPH_PATH.exec(pathname);
    const result = graph?.[1]
      ? await handleGraphRequest(req, url, graph[1].toLowerCase() as "v1.0" | "beta", graph[2] ?? "", ids)
      : graphError(400, "BadRequest", `Invalid version: ${pathname.split("/")[1] ?? ""}`, ids);
    result.headers = {
      ...result.headers,
      "request-id": ids.requestId,
      "client-request-id": ids.clientRequestId,
      "x-ms-ags-diagnostic": DIAGNOSTIC_HEADER,
      "Strict-Transport-Security": "max-age=31536000",
    };
    return result;
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (url.pathname.startsWith("/_simulator/")) return handleAdmin(req, res, url.pathname);
      options.countRequest();
      const latency = options.latencyMs();
      const result = await handleMicrosoft(req, url);
      if (latency > 0) await sleep(latency);
      send(res, result.status, result.headers, result.body);
    })().catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      const json = { "Content-Type": "application/json" };
      if (error instanceof BodyTooLarge) return send(res, 413, json, { error: { code: "RequestEntityTooLarge", message: "The request body is too large." } });
      send(res, 500, json, { error: { code: "generalException", message: (error as Error).message } });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
