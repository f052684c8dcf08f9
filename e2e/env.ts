/** Ports of the browser tests' app and Microsoft 365 simulator (scripts/test-server.ts starts both). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 3211);
export const SIMULATOR_URL = `http://127.0.0.1:${E2E_SIM_PORT}`;
