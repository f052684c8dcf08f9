// CI helper: runs the Microsoft 365 simulator until SIGTERM and writes the app environment that points at it
// (ENTRA_CLIENT_ID/SECRET, ENTRA_AUTHORITY_HOST, GRAPH_BASE_URL, DNS_SERVERS) as shell `export` lines to argv[2].
import { writeFile } from "node:fs/promises";
import { appEnvironmentFor } from "../m365-simulator/app-env";
import { startSimulator } from "../m365-simulator/index";

const out = process.argv[2];
if (!out) throw new Error("usage: simulator.ts <env file>");
const simulator = await startSimulator();
const quote = (v: string) => `'${v.replaceAll("'", `'\\''`)}'`;
await writeFile(
  out,
  Object.entries(appEnvironmentFor(simulator))
    .map(([k, v]) => `export ${k}=${quote(v)}\n`)
    .join(""),
);
const stop = async () => {
  await simulator.stop();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
