import { existsSync, readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { appEnvironmentFor } from "./m365-simulator/app-env";
import { startSimulator, type FixtureName } from "./m365-simulator/index";
import { DATA_DIR } from "./local-db";

/**
 * The Microsoft 365 simulator of `npm run dev`, used only when no real Entra app credentials are configured
 * (ENTRA_CLIENT_ID unset). Its tenants persist in .data/ across restarts; its address is published in
 * .data/m365-simulator.json so the CLI can register tenants with the running instance.
 */
const INFO_FILE = path.join(DATA_DIR, "m365-simulator.json");
const STATE_FILE = path.join(DATA_DIR, "m365-simulator-state.json");

export type LocalSimulator = {
  env: Record<string, string>;
  registerTenant: (fixture: FixtureName, guid?: string, options?: { consented?: boolean }) => string;
  hasTenant: (guid: string) => boolean;
  stop: () => Promise<void>;
};

export async function startLocalSimulator(): Promise<LocalSimulator> {
  const simulator = await startSimulator({ stateFile: STATE_FILE });
  await writeFile(INFO_FILE, JSON.stringify({ url: simulator.graphUrl, pid: process.pid }));
  return {
    env: appEnvironmentFor(simulator),
    registerTenant: (fixture, guid, options) => simulator.registerTenant(fixture, guid, options),
    hasTenant: (guid) => simulator.hasTenant(guid),
    stop: async () => {
      await rm(INFO_FILE, { force: true });
      await simulator.stop();
    },
  };
}

/** Registers a fixture tenant with the simulator of a running `npm run dev`; returns its Microsoft tenant id. */
export async function registerWithRunningSimulator(fixture: FixtureName): Promise<string> {
  const notRunning = new Error(
    "The Microsoft 365 simulator is not running. Start `npm run dev` first (it runs the simulator when no real Entra credentials are configured).",
  );
  if (process.env.ENTRA_CLIENT_ID) throw new Error("--simulator is only available when the simulator is the configured Microsoft endpoint (ENTRA_CLIENT_ID is set)");
  if (!existsSync(INFO_FILE)) throw notRunning;
  const { url } = JSON.parse(readFileSync(INFO_FILE, "utf8")) as { url: string };
  const res = await fetch(`${url}/_simulator/tenants`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ fixture }) }).catch(() => null);
  if (!res) throw notRunning;
  if (!res.ok) throw new Error(`The simulator refused the tenant: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { tenantId: string }).tenantId;
}
