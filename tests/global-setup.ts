import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { appEnvironmentFor } from "../scripts/m365-simulator/app-env";
import { startSimulator } from "../scripts/m365-simulator/index";
import { startTestApp } from "../scripts/test-app";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    databaseUrl: string;
    appSchema: string;
    /** Base URL of the Microsoft 365 simulator (admin API under /_simulator). */
    simulatorUrl: string;
    simulatorEnv: Record<string, string>;
    /** The app's NEXTAUTH_SECRET, so tests can forge what only the server should be able to sign (consent state). */
    authSecret: string;
  }
}

/** One database server, one Microsoft 365 simulator and one running app (production build) for the whole run. */
export default async function setup(project: TestProject) {
  const simulator = await startSimulator();
  const simulatorEnv = appEnvironmentFor(simulator);
  const authSecret = randomBytes(32).toString("base64url");
  const app = await startTestApp({ env: { ...simulatorEnv, TICK_INTERVAL_SECONDS: "1", GRAPH_MAX_RETRIES: "2", NEXTAUTH_SECRET: authSecret } });
  project.provide("appUrl", app.url);
  project.provide("databaseUrl", app.databaseUrl);
  project.provide("appSchema", app.schema);
  project.provide("simulatorUrl", simulator.graphUrl);
  project.provide("simulatorEnv", simulatorEnv);
  project.provide("authSecret", authSecret);
  return async () => {
    await app.stop();
    await simulator.stop();
  };
}

