// Playwright's webServer: the production test build on E2E_PORT against a fresh migrated schema, with the Microsoft
// 365 simulator on E2E_SIM_PORT playing Entra ID (sign-in, admin consent) and Graph; stops on SIGTERM.
import { E2E_PORT, E2E_SIM_PORT } from "../e2e/env";
import { appEnvironmentFor } from "./m365-simulator/app-env";
import { startSimulator } from "./m365-simulator/index";
import { startTestApp } from "./test-app";

const simulator = await startSimulator({ port: E2E_SIM_PORT });
const app = await startTestApp({ port: E2E_PORT, env: { ...appEnvironmentFor(simulator), TICK_INTERVAL_SECONDS: "2" } });
console.log(`test app ready at ${app.url}; Microsoft 365 simulator at ${simulator.graphUrl}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void Promise.all([app.stop(), simulator.stop()]).then(() => process.exit(0)));
}
