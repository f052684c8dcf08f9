import { startDnsServer, buildZone } from "./dns";
import { createLocalCa, startHttpsServer } from "./https";
import type { FixtureName } from "./fixtures";
import type { GeneratedTenantSpec } from "./generator";
import { TenantRegistry, type Fault } from "./registry";
import { startHttpServer } from "./server";

/**
 * Microsoft 365 simulator: Entra ID's token endpoint, Microsoft Graph (v1.0 and beta) and DNS for the
 * registered tenants, all on loopback, for tests, benchmarks and `npm run dev` where Microsoft is unreachable.
 */

export type { FixtureName } from "./fixtures";
export type { GeneratedTenantSpec } from "./generator";
export type { Fault } from "./registry";
export { FIXTURE_FACTS, FIXTURE_NAMES } from "./fixtures";

export type Simulator = {
  /** Token endpoint at {authorityUrl}/{tenantGuid}/oauth2/v2.0/token */
  authorityUrl: string;
  /** Graph at {graphUrl}/v1.0/... and {graphUrl}/beta/... */
  graphUrl: string;
  /** "127.0.0.1:PORT", for node:dns Resolver.setServers */
  dnsServer: string;
  /** Port of the HTTPS server of the tenants' mta-sts.<domain> hosts, and the PEM of the local CA that signs them. */
  httpsPort: number;
  caPem: string;
  clientId: string;
  clientSecret: string;
  /**
   * Returns the tenant GUID (a random v4 unless given). The tenant has granted our app admin consent unless
   * `consented: false` — then only sign-in works until an admin accepts on the simulator's consent page.
   * `permissions` are the application permissions the admin consented to (default: every one the scanner asks for);
   * tokens carry them in the roles claim and Graph refuses what none of them allows.
   */
  registerTenant(fixture: FixtureName | GeneratedTenantSpec, tenantGuid?: string, options?: { consented?: boolean; permissions?: readonly string[] }): string;
  /** Grants or removes admin consent (client-credentials tokens are refused without it). */
  setConsented(tenantGuid: string, consented: boolean): void;
  isConsented(tenantGuid: string): boolean;
  hasTenant(tenantGuid: string): boolean;
  addFault(tenantGuid: string, fault: Fault): void;
  clearFaults(tenantGuid: string): void;
  /** Delay added to every token and Graph response (a $batch is delayed once, as a whole). */
  setLatency(ms: number): void;
  /** Token and Graph HTTP requests served (a $batch counts once; the admin API is not counted). */
  requestCount(): number;
  resetRequestCount(): void;
  stop(): Promise<void>;
};

export type SimulatorOptions = {
  port?: number;
  dnsPort?: number;
  latencyMs?: number;
  clientId?: string;
  clientSecret?: string;
  /** Persists registered tenants (and the token signing keys) so a restarted simulator keeps them. */
  stateFile?: string;
  /** Redirect URIs registered for the app (sign-in, admin consent); unset → any loopback URI is accepted. */
  redirectUris?: string[];
};

export const DEFAULT_CLIENT_ID = "7f3c6a2e-5b1d-4c8e-9a0f-2d4b6e8c1a35";
export const DEFAULT_CLIENT_SECRET = "m365sim8Q~localDevelopmentSecretNotForProduction";

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const registry = new TenantRegistry(options.stateFile);
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  let latencyMs = options.latencyMs ?? 0;
  let requests = 0;
  let zone = buildZone(registry.dnsRecords());
  const refreshZone = () => {
    zone = buildZone(registry.dnsRecords());
  };

  const dns = await startDnsServer(options.dnsPort ?? 0, () => zone);
  const ca = await createLocalCa();
  const https = await startHttpsServer(0, ca, () => registry.policyFiles());
  const server = await startHttpServer(options.port ?? 0, {
    registry,
    clientId,
    clientSecret,
    latencyMs: () => latencyMs,
    countRequest: () => {
      requests++;
    },
    requestCount: () => requests,
    onTenantsChanged: refreshZone,
    redirectUris: options.redirectUris,
  }).catch(async (error: unknown) => {
    await Promise.all([dns.close(), https.close()]);
    await ca.dispose();
    throw error;
  });

  return {
    authorityUrl: server.url,
    graphUrl: server.url,
    dnsServer: `127.0.0.1:${dns.port}`,
    httpsPort: https.port,
    caPem: ca.caPem,
    clientId,
    clientSecret,
    registerTenant(fixture, tenantGuid, registerOptions) {
      const tenantId = registry.register(fixture, tenantGuid, registerOptions);
      refreshZone();
      return tenantId;
    },
    setConsented: (tenantGuid, consented) => registry.setConsented(tenantGuid, consented),
    isConsented: (tenantGuid) => registry.get(tenantGuid)?.consented === true,
    hasTenant: (tenantGuid) => registry.get(tenantGuid) !== undefined,
    addFault: (tenantGuid, fault) => registry.addFault(tenantGuid, fault),
    clearFaults: (tenantGuid) => registry.clearFaults(tenantGuid),
    setLatency(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error("latency must be a non-negative number of milliseconds");
      latencyMs = ms;
    },
    requestCount: () => requests,
    resetRequestCount() {
      requests = 0;
    },
    async stop() {
      await Promise.all([server.close(), dns.close(), https.close()]);
      await ca.dispose();
    },
  };
}
