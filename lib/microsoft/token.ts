import { GraphError } from "@/lib/microsoft/errors";
import type { MicrosoftConfig } from "@/lib/microsoft/config";

/**
 * App-only tokens per customer tenant by client credentials (a plain POST; MSAL refuses http authorities such
 * as the local simulator). Cached per tenant until five minutes before expiry; concurrent callers share one
 * request.
 */
const GRAPH_SCOPE = "https://graph.microsoft.com/.default";
const EARLY_REFRESH_MS = 5 * 60_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Cached = { token: string; expiresAt: number };
const cache = new Map<string, Cached>();
const inflight = new Map<string, Promise<string>>();

export function clearTokenCache(): void {
  cache.clear();
}

/** Forgets the cached app token of one customer tenant (its connection was removed). */
export function forgetAppToken(tenantGuid: string): void {
  for (const key of cache.keys()) if (key.endsWith(`|${tenantGuid.toLowerCase()}`) || key.endsWith(`|${tenantGuid}`)) cache.delete(key);
}

export async function getAppToken(config: MicrosoftConfig, tenantGuid: string): Promise<string> {
  if (!GUID.test(tenantGuid)) throw new GraphError("auth", 0, "InvalidTenant", `'${tenantGuid}' is not a Microsoft tenant id (GUID)`);
  if (!config.clientId || !config.clientSecret) {
    throw new GraphError("auth", 0, "NotConfigured", "ENTRA_CLIENT_ID and ENTRA_CLIENT_SECRET are not configured");
  }
  const key = `${config.authorityHost}|${config.clientId}|${tenantGuid}`;
  const hit = cache.get(key);
  if (hit && hit.expiresAt - EARLY_REFRESH_MS > Date.now()) return hit.token;
  let pending = inflight.get(key);
  if (!pending) {
    pending = requestToken(config, tenantGuid)
      .then((fresh) => {
        cache.set(key, fresh);
        return fresh.token;
      })
      .finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}

async function requestToken(config: MicrosoftConfig, tenantGuid: string): Promise<Cached> {
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: config.clientId,
    client_secret: config.clientSecret,
    scope: GRAPH_SCOPE,
  });
  let res: Response;
  try {
    res = await fetch(`${config.authorityHost}/${tenantGuid}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error) {
    throw new GraphError("unavailable", 0, "TokenEndpointUnreachable", `Microsoft Entra ID could not be reached: ${(error as Error).message}`);
  }
  const json = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
  if (!res.ok || !json.access_token) {
    if (res.status >= 500 || res.status === 429) throw new GraphError("unavailable", res.status, json.error ?? "TokenError", "Microsoft Entra ID is unavailable");
    // e.g. unauthorized_client / AADSTS700016: our app is not (or no longer) consented in that tenant.
    const description = (json.error_description ?? "").split(/\r?\n/)[0]?.replace(/ Trace ID:.*$/, "") ?? "";
    throw new GraphError("auth", res.status, json.error ?? "TokenError", `Microsoft refused an app token for the tenant: ${json.error ?? res.status} ${description}`.trim());
  }
  return { token: json.access_token, expiresAt: Date.now() + (json.expires_in ?? 3599) * 1000 };
}
