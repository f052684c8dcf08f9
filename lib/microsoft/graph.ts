import { randomUUID } from "node:crypto";
import type { MicrosoftConfig } from "@/lib/microsoft/config";
import { classifyGraphError, GraphError } from "@/lib/microsoft/errors";
import type { GraphCollection, GraphErrorBody } from "@/lib/microsoft/graph-types";
import { clearTokenCache, getAppToken } from "@/lib/microsoft/token";

/**
 * Microsoft Graph for one customer tenant, app-only. Every request has a timeout; 429/503/504 and network
 * failures are retried (Retry-After when given, else exponential backoff with full jitter, both bounded);
 * requests per tenant are capped process-wide; failures come back as typed GraphErrors.
 */
const BATCH_LIMIT = 20; // JSON batching accepts at most 20 requests
const MAX_RETRY_AFTER_MS = 60_000;
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 16_000;

/** `longestPageChain`: the most nextLink pages followed one after another for one collection (benchmarks). */
export type GraphStats = { requests: number; retries: number; throttled: number; batches: number; longestPageChain: number };
export type BatchItem = { id: string; path: string; feature?: boolean };
export type BatchResult = { ok: true; body: unknown } | { ok: false; error: GraphError };

class Semaphore {
  private active = 0;
  private queue: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

const semaphores = new Map<string, Semaphore>();
function semaphoreFor(tenantGuid: string, limit: number): Semaphore {
  let s = semaphores.get(tenantGuid);
  if (!s) semaphores.set(tenantGuid, (s = new Semaphore(limit)));
  return s;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function retryDelay(attempt: number, retryAfter: string | null | undefined): number {
  const seconds = retryAfter ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) + Math.random() * 100;
  return Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
}

const RETRYABLE = new Set([429, 503, 504]);

type RawResponse = { status: number; headers: Headers; body: unknown };

export class GraphClient {
  private readonly root: string;
  private readonly semaphore: Semaphore;
  /** This scanner's own application (client) id, so checks can tell its read-only grants from the tenant's apps. */
  readonly appId: string | null;

  constructor(
    private readonly config: MicrosoftConfig,
    readonly tenantGuid: string,
    version: "v1.0" | "beta" = "v1.0",
    readonly stats: GraphStats = { requests: 0, retries: 0, throttled: 0, batches: 0, longestPageChain: 0 },
  ) {
    this.root = `${config.graphBaseUrl}/${version}`;
    this.appId = config.clientId || null;
    this.semaphore = semaphoreFor(tenantGuid, config.concurrencyPerTenant);
  }

  /** The same tenant against another Graph version (β-only properties); it shares this client's stats and request cap. */
  withVersion(version: "v1.0" | "beta"): GraphClient {
    return new GraphClient(this.config, this.tenantGuid, version, this.stats);
  }

  /** GET a resource (path relative to the version root, e.g. "/domains"). */
  async get<T>(path: string, options: { feature?: boolean } = {}): Promise<T> {
    const res = await this.withRetries(path, () => this.send("GET", `${this.root}${path}`));
    return this.unwrap<T>(res, path, options.feature ?? false);
  }

  /** GET a collection and follow @odata.nextLink to the end. */
  async getAll<T>(path: string, options: { feature?: boolean } = {}): Promise<T[]> {
    const first = await this.get<GraphCollection<T>>(path, options);
    return this.followPages(first, path, options.feature ?? false);
  }

  async followPages<T>(page: GraphCollection<T>, path: string, feature: boolean): Promise<T[]> {
    const items = [...page.value];
    let next = page["@odata.nextLink"];
    let chain = 0;
    while (next) {
      this.stats.longestPageChain = Math.max(this.stats.longestPageChain, ++chain);
      // Only ever send our token back to the Graph host we are configured for.
      if (!next.startsWith(`${this.config.graphBaseUrl}/`)) throw new GraphError("other", 0, "UnexpectedNextLink", `Refusing nextLink outside Graph: ${next}`, path);
      const url = next;
      const res = await this.withRetries(path, () => this.send("GET", url));
      const body = this.unwrap<GraphCollection<T>>(res, path, feature);
      items.push(...body.value);
      next = body["@odata.nextLink"];
    }
    return items;
  }

  /**
   * Independent GETs through JSON batching (20 per $batch). Throttled or unavailable sub-requests are retried
   * in a later batch; each item resolves to its body or its typed error.
   */
  async batch(items: BatchItem[]): Promise<Map<string, BatchResult>> {
    const results = new Map<string, BatchResult>();
    let pending = items;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const retry: BatchItem[] = [];
      let retryAfter: string | null = null;
      const chunks = [];
      for (let i = 0; i < pending.length; i += BATCH_LIMIT) chunks.push(pending.slice(i, i + BATCH_LIMIT));
      await Promise.all(
        chunks.map(async (chunk) => {
          this.stats.batches++;
          const res = await this.withRetries("/$batch", () =>
            this.send("POST", `${this.root}/$batch`, { requests: chunk.map((item) => ({ id: item.id, method: "GET", url: item.path })) }),
          );
          const body = this.unwrap<{ responses: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[] }>(res, "/$batch", false);
          for (const item of chunk) {
            const sub = body.responses.find((r) => r.id === item.id);
            if (!sub) {
              results.set(item.id, { ok: false, error: new GraphError("other", 0, "MissingBatchResponse", "Graph returned no response for a batched request", item.path) });
              continue;
            }
            if (sub.status >= 200 && sub.status < 300) {
              results.set(item.id, { ok: true, body: sub.body });
            } else if (RETRYABLE.has(sub.status) && attempt < this.config.maxRetries) {
              if (sub.status === 429) this.stats.throttled++;
              retry.push(item);
              retryAfter ??= headerValue(sub.headers, "retry-after");
            } else {
              results.set(item.id, { ok: false, error: this.errorFrom(sub.status, sub.body, item.path, item.feature ?? false) });
            }
          }
        }),
      );
      if (retry.length > 0) {
        this.stats.retries += retry.length;
        await sleep(retryDelay(attempt, retryAfter));
      }
      pending = retry;
    }
    return results;
  }

  private async withRetries(path: string, attemptRequest: () => Promise<RawResponse>): Promise<RawResponse> {
    let refreshedToken = false;
    for (let attempt = 0; ; attempt++) {
      let res: RawResponse | null = null;
      let networkError: Error | null = null;
      try {
        res = await attemptRequest();
      } catch (error) {
        if (error instanceof GraphError) throw error;
        networkError = error as Error;
      }
      if (res && res.status === 401 && !refreshedToken) {
        refreshedToken = true; // a token revoked or expired early: fetch a fresh one once
        clearTokenCache();
        attempt--;
        continue;
      }
      const retryable = networkError !== null || (res !== null && RETRYABLE.has(res.status));
      if (!retryable) return res!;
      if (res?.status === 429) this.stats.throttled++;
      if (attempt >= this.config.maxRetries) {
        if (res) return res;
        throw new GraphError("unavailable", 0, "NetworkError", `Microsoft Graph could not be reached: ${networkError!.message}`, path);
      }
      this.stats.retries++;
      await sleep(retryDelay(attempt, res?.headers.get("retry-after")));
    }
  }

  private async send(method: "GET" | "POST", url: string, body?: unknown): Promise<RawResponse> {
    const token = await getAppToken(this.config, this.tenantGuid);
    return this.semaphore.run(async () => {
      this.stats.requests++;
      const res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          "client-request-id": randomUUID(),
          ...(body ? { "content-type": "application/json" } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = null;
      if (text) {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = { error: { code: "InvalidJson", message: text.slice(0, 200) } };
        }
      }
      return { status: res.status, headers: res.headers, body: parsed };
    });
  }

  private unwrap<T>(res: RawResponse, path: string, feature: boolean): T {
    if (res.status >= 200 && res.status < 300) return res.body as T;
    throw this.errorFrom(res.status, res.body, path, feature);
  }

  private errorFrom(status: number, body: unknown, path: string, feature: boolean): GraphError {
    const error = (body as GraphErrorBody | null)?.error;
    const code = error?.code ?? `HTTP${status}`;
    const kind = classifyGraphError(status, code, feature);
    return new GraphError(kind, status, code, `${path}: ${status} ${code}${error?.message ? ` — ${error.message}` : ""}`, path);
  }
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | null {
  if (!headers) return null;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key ? headers[key]! : null;
}
