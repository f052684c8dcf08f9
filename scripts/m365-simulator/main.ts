// node --import tsx scripts/m365-simulator/main.ts
// Starts the simulator on its own and prints its endpoints as one JSON line, so another process can read them.
// Ports come from M365_SIM_PORT and M365_SIM_DNS_PORT (0 or unset: a free port).
import { startSimulator } from "./index";

function portFromEnv(name: string): number {
  const value = process.env[name];
  if (value === undefined || value === "") return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number, got '${value}'`);
  return port;
}

const simulator = await startSimulator({
  port: portFromEnv("M365_SIM_PORT"),
  dnsPort: portFromEnv("M365_SIM_DNS_PORT"),
  clientId: process.env.M365_SIM_CLIENT_ID || undefined,
  clientSecret: process.env.M365_SIM_CLIENT_SECRET || undefined,
  stateFile: process.env.M365_SIM_STATE_FILE || undefined,
  latencyMs: process.env.M365_SIM_LATENCY_MS ? Number(process.env.M365_SIM_LATENCY_MS) : undefined,
});

console.log(
  JSON.stringify({
    authorityUrl: simulator.authorityUrl,
    graphUrl: simulator.graphUrl,
    dnsServer: simulator.dnsServer,
    httpsPort: simulator.httpsPort,
    caPem: simulator.caPem,
    adminUrl: `${simulator.graphUrl}/_simulator`,
    clientId: simulator.clientId,
    clientSecret: simulator.clientSecret,
  }),
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void simulator.stop().then(() => process.exit(0));
  });
}
