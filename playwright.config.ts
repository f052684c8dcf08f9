import { defineConfig } from "@playwright/test";
import { findChromium, INSTALL_HINT } from "./e2e/browser";
import { E2E_PORT, E2E_SIM_PORT } from "./e2e/env";

const browser = findChromium();
if (!browser) throw new Error(INSTALL_HINT); // never skip browser tests silently

const port = E2E_PORT;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e", // Playwright empties this folder; the vitest report lives beside it
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: process.env.CI ? [["list"], ["json", { outputFile: "test-results/playwright.json" }]] : [["list"]],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: browser.executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "node --conditions=react-server --import tsx scripts/test-server.ts",
    url: `http://127.0.0.1:${port}/openapi.json`,
    env: { E2E_PORT: String(port), E2E_SIM_PORT: String(E2E_SIM_PORT) },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
