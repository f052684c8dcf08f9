// Playwright's webServer: the production test build on E2E_PORT against a fresh migrated schema; stops on SIGTERM.
import { startTestApp } from "./test-app";

const app = await startTestApp({ port: Number(process.env.E2E_PORT ?? 3210) });
console.log(`test app ready at ${app.url}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void app.stop().then(() => process.exit(0)));
}
