/**
 * The environment that points Aether365 at a simulator instance (see lib/env.ts for what each variable means).
 * Takes the endpoint fields only, so it also serves a simulator running in another process.
 */
export type SimulatorEndpoints = { authorityUrl: string; graphUrl: string; clientId: string; clientSecret: string; dnsServer: string };

export function appEnvironmentFor(simulator: SimulatorEndpoints): Record<string, string> {
  return {
    ENTRA_AUTHORITY_HOST: simulator.authorityUrl,
    GRAPH_BASE_URL: simulator.graphUrl,
    ENTRA_CLIENT_ID: simulator.clientId,
    ENTRA_CLIENT_SECRET: simulator.clientSecret,
    DNS_SERVERS: simulator.dnsServer,
  };
}
