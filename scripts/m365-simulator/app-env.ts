/**
 * The environment that points Aether365 at a simulator instance (see lib/env.ts for what each variable means).
 * Takes the endpoint fields only, so it also serves a simulator running in another process.
 */
export type SimulatorEndpoints = { authorityUrl: string; graphUrl: string; clientId: string; clientSecret: string; dnsServer: string; httpsPort?: number; caPem?: string };

export function appEnvironmentFor(simulator: SimulatorEndpoints): Record<string, string> {
  return {
    ENTRA_AUTHORITY_HOST: simulator.authorityUrl,
    GRAPH_BASE_URL: simulator.graphUrl,
    ENTRA_CLIENT_ID: simulator.clientId,
    ENTRA_CLIENT_SECRET: simulator.clientSecret,
    DNS_SERVERS: simulator.dnsServer,
    // The mta-sts.<domain> hosts (X08): the simulator's HTTPS port and the local CA that signs their certificates.
    ...(simulator.httpsPort !== undefined ? { MTA_STS_PORT: String(simulator.httpsPort) } : {}),
    ...(simulator.caPem !== undefined ? { MTA_STS_EXTRA_CA_PEM: simulator.caPem } : {}),
  };
}
