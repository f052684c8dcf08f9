import { randomUUID } from "node:crypto";
import type { GraphContext } from "./collections";
import { handleGraph } from "./graph";
import { graphError, ok, SUCCESS_HEADERS, type GraphResult, type RequestIds } from "./responses";

/**
 * JSON batching as documented (https://learn.microsoft.com/graph/json-batching): at most 20 requests, URLs
 * relative to the version root, independent sub-responses (each may be throttled or fail on its own),
 * dependsOn ordering with 424 for failed dependencies.
 */

const MAX_BATCH_REQUESTS = 20;

type BatchItem = { id: string; method: string; url: string; headers: Record<string, string>; dependsOn: string[] };

function parseBatch(raw: string): BatchItem[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return "Invalid batch payload format.";
  }
  const requests = (parsed as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) return "Invalid batch payload format.";
  if (requests.length > MAX_BATCH_REQUESTS) return "Number of requests inside batch exceed the limit.";
  const items: BatchItem[] = [];
  for (const entry of requests as Record<string, unknown>[]) {
    if (!entry || typeof entry !== "object") return "Invalid batch payload format.";
    const { id, method, url, headers, dependsOn } = entry;
    if (typeof id !== "string" || id.length === 0) return "Invalid batch payload format.";
    if (typeof method !== "string" || typeof url !== "string") return "Invalid batch payload format.";
    if (items.some((i) => i.id === id)) return "Request ids in a batch must be unique.";
    const headerMap: Record<string, string> = {};
    if (headers && typeof headers === "object") {
      for (const [k, v] of Object.entries(headers as Record<string, unknown>)) headerMap[k.toLowerCase()] = String(v);
    }
    items.push({ id, method: method.toUpperCase(), url, headers: headerMap, dependsOn: Array.isArray(dependsOn) ? dependsOn.map(String) : [] });
  }
  const ids = new Set(items.map((i) => i.id));
  if (items.some((i) => i.dependsOn.some((d) => !ids.has(d)))) return "Invalid batch payload format.";
  return items;
}

export async function handleBatch(ctx: GraphContext, rawBody: string, ids: RequestIds): Promise<GraphResult> {
  const items = parseBatch(rawBody);
  if (typeof items === "string") return graphError(400, "BadRequest", items, ids);

  const results = new Map<string, GraphResult>();
  const run = async (item: BatchItem): Promise<void> => {
    const subIds = { requestId: randomUUID(), clientRequestId: item.headers["client-request-id"] ?? ids.clientRequestId };
    if (item.dependsOn.some((dep) => (results.get(dep)?.status ?? 500) >= 400)) {
      results.set(item.id, graphError(424, "FailedDependency", "The request depends on a request that failed.", subIds));
      return;
    }
    if (/^[a-z]+:\/\//i.test(item.url)) {
      results.set(item.id, graphError(400, "BadRequest", "Invalid request URI: batch request URLs must be relative to the version root.", subIds));
      return;
    }
    const [pathPart, queryPart = ""] = item.url.split("?", 2) as [string, string?];
    const path = pathPart.startsWith("/") ? pathPart : `/${pathPart}`;
    results.set(item.id, handleGraph(ctx, { method: item.method, path, params: new URLSearchParams(queryPart), headers: item.headers, ids: subIds }));
  };

  // Requests without dependencies run concurrently; dependents wait for what they depend on.
  const pending = [...items];
  while (pending.length > 0) {
    const ready = pending.filter((item) => item.dependsOn.every((dep) => results.has(dep)));
    if (ready.length === 0) return graphError(400, "BadRequest", "Invalid batch payload format: circular dependsOn.", ids);
    await Promise.all(ready.map((item) => Promise.resolve().then(() => run(item))));
    for (const item of ready) pending.splice(pending.indexOf(item), 1);
  }

  const responses = items.map((item) => {
    const result = results.get(item.id) as GraphResult;
    const headers = result.status < 400 ? { ...SUCCESS_HEADERS, "x-ms-resource-unit": "1", ...result.headers } : result.headers;
    return result.body === undefined ? { id: item.id, status: result.status, headers } : { id: item.id, status: result.status, headers, body: result.body };
  });
  return ok({ responses });
}
