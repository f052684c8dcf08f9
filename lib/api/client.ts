// The browser's one way to call the API: same-origin, the session cookie, the documented envelope unwrapped.
export type ApiErrorBody = { code: string; message: string; details?: unknown };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Per-field messages of a VALIDATION_ERROR, keyed by field path. */
  fieldErrors(): Record<string, string> {
    if (this.code !== "VALIDATION_ERROR" || !Array.isArray(this.details)) return {};
    return Object.fromEntries((this.details as { field: string; message: string }[]).map((d) => [d.field, d.message]));
  }
}

export type ApiPage<T> = { data: T; meta: { total: number; page: number; limit: number } };

async function send(path: string, init: { method?: string; body?: unknown }): Promise<{ data: unknown; meta?: unknown }> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? "GET",
      credentials: "same-origin",
      headers: init.body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError(0, "NETWORK_ERROR", "Aether365 could not be reached. Check your connection and try again.");
  }
  const envelope = (await res.json().catch(() => null)) as { success?: boolean; data?: unknown; meta?: unknown; error?: ApiErrorBody } | null;
  if (!res.ok || !envelope?.success) {
    const error = envelope?.error;
    if (res.status === 401) throw new ApiError(401, "UNAUTHORIZED", "Your session has ended. Sign in again to continue.");
    throw new ApiError(res.status, error?.code ?? "INTERNAL_ERROR", error?.message ?? `The request failed (${res.status})`, error?.details);
  }
  return envelope as { data: unknown; meta?: unknown };
}

export async function apiFetch<T>(path: string, init: { method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; body?: unknown } = {}): Promise<T> {
  return (await send(path, init)).data as T;
}

/** A paginated list: data plus meta {total, page, limit}. */
export async function apiFetchPage<T>(path: string): Promise<ApiPage<T>> {
  return (await send(path, {})) as ApiPage<T>;
}
