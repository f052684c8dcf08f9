import { getEnv } from "@/lib/env";

export type MicrosoftConfig = {
  authorityHost: string;
  graphBaseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  maxRetries: number;
  concurrencyPerTenant: number;
};

export function getMicrosoftConfig(): MicrosoftConfig {
  const env = getEnv();
  return {
    authorityHost: env.ENTRA_AUTHORITY_HOST.replace(/\/+$/, ""),
    graphBaseUrl: env.GRAPH_BASE_URL.replace(/\/+$/, ""),
    clientId: env.ENTRA_CLIENT_ID ?? "",
    clientSecret: env.ENTRA_CLIENT_SECRET ?? "",
    timeoutMs: env.GRAPH_TIMEOUT_MS,
    maxRetries: env.GRAPH_MAX_RETRIES,
    concurrencyPerTenant: env.GRAPH_CONCURRENCY_PER_TENANT,
  };
}
