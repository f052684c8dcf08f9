import { z } from "zod";

/**
 * The only reader of process.env for application code. Values are read lazily (not at import time) so
 * `next build` can import routes without a database configured.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  /** Postgres schema the app's tables live in (tests and benchmarks use one schema per run). */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lowercase SQL identifier")
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Bounds on waiting for the database: opening a connection (or waiting for a free one in the pool) and one
   * query. Past either, the request answers 503 SERVICE_UNAVAILABLE instead of hanging while the database is away.
   */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** Per-process API-token cache (entries; 0 = off, every request checks the database): lib/auth/token-cache.ts. */
  API_TOKEN_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),

  // Microsoft: our multi-tenant Entra app and the endpoints of the cloud it lives in (global by default;
  // USGov: https://login.microsoftonline.us + https://graph.microsoft.us; China: https://login.chinacloudapi.cn
  // + https://microsoftgraph.chinacloudapi.cn; `npm run dev` points both at the local simulator).
  ENTRA_CLIENT_ID: z.string().optional(),
  ENTRA_CLIENT_SECRET: z.string().optional(),
  ENTRA_AUTHORITY_HOST: z.string().url().default("https://login.microsoftonline.com"),
  GRAPH_BASE_URL: z.string().url().default("https://graph.microsoft.com"),
  /** Per-request timeout, retries after throttling/outages, and concurrent Graph requests per customer tenant. */
  GRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  GRAPH_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
  // 8: a compliance scan starts seven independent reads at once (the v1.0 and beta batches, the PIM batch, role
  // assignments and eligibilities, two 10k-row paging chains); at 4 they queued behind each other (bench:scan 1.79× →
  // 1.50× the critical path). Graph throttles per app and tenant by request rate, not by concurrent reads, and 8 reads
  // in flight per tenant stay far below that rate; the job driver bounds how many tenants scan at once.
  GRAPH_CONCURRENCY_PER_TENANT: z.coerce.number().int().min(1).max(64).default(8),
  /** Comma-separated DNS servers (host or host:port) for exposure checks; unset = the system resolver. */
  DNS_SERVERS: z.string().optional(),
  /**
   * MTA-STS policy fetch (X08): https://mta-sts.<domain>:<port>/.well-known/mta-sts.txt, resolved through DNS_SERVERS,
   * certificate checked against the system CAs plus MTA_STS_EXTRA_CA_PEM (unset in production; the simulator's local CA
   * in development and tests). Only tests change the port.
   */
  MTA_STS_PORT: z.coerce.number().int().min(1).max(65_535).default(443),
  MTA_STS_EXTRA_CA_PEM: z.string().includes("-----BEGIN CERTIFICATE-----", { message: "must be PEM certificates" }).optional(),
  /** RFC 8461 §3.3 suggests a timeout for the policy fetch; a timed-out fetch makes X08 error for that domain. */
  MTA_STS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),

  // Sign-in (next-auth). NEXTAUTH_URL is the browser's origin of the app (exactly: it is the redirect URI base
  // registered with Entra, and the origin cookie-authenticated changes must come from). NEXTAUTH_SECRET signs
  // next-auth's own cookies and our admin-consent state; required in production, `npm run dev` makes one.
  NEXTAUTH_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional(),
  /** The Entra authority segment for sign-in: `organizations` = any work or school account (multi-tenant). */
  ENTRA_SIGN_IN_AUTHORITY: z.string().regex(/^[A-Za-z0-9.-]+$/).default("organizations"),
  /** Accepted clock skew when validating id tokens (Microsoft recommends allowing up to five minutes). */
  ENTRA_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(900).default(300),
  /** A dashboard session ends after this long without a request, and in any case this long after sign-in. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(10_080).default(480),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(168),

  // Jobs: the Inngest driver is used when either variable is set; otherwise the in-process inline driver.
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_DEV: z.string().optional(),
  /** A scan still in progress after this long is failed with SCAN_TIMED_OUT by the reaper. */
  SCAN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(1800),
  /**
   * Scans running at once: in all (Inngest: per function across every instance; inline: per app process) and per
   * customer tenant. Scans beyond either limit wait in the queue, so a tick with many due schedules never opens
   * that many Graph sessions at once (README, "Load shaping").
   */
  SCAN_CONCURRENCY_GLOBAL: z.coerce.number().int().min(1).max(10_000).default(50),
  SCAN_CONCURRENCY_PER_TENANT: z.coerce.number().int().min(1).max(64).default(2),
  /** How often the inline driver runs the scheduler tick (stuck-scan reaper + due schedules). */
  TICK_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid environment configuration: ${fields}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Forget the parsed environment (tests that point the app at another simulator). */
export function resetEnvCache(): void {
  cached = undefined;
}
