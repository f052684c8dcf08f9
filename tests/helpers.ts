import { afterAll, beforeAll, inject } from "vitest";
import { createPrisma, setDb, type Db } from "@/lib/db";
import { createApiToken } from "@/lib/auth/tokens";
import { TOKEN_SCOPES, type TokenScope } from "@/lib/auth/scopes";
import type { Plan } from "@/lib/generated/prisma/enums";
import { createTenant } from "@/lib/tenants/service";
import { appEnvironmentFor, type SimulatorEndpoints } from "../scripts/m365-simulator/app-env";
import { createMigratedSchema, dropSchema, newSchemaName } from "./test-db";

/**
 * A private, freshly migrated schema for this test file; services in this file use it through getDb().
 * Returns a getter because the client exists only after beforeAll.
 */
export function setupIsolatedDb(): (() => Db) & { schema: string } {
  let db: Db | undefined;
  const url = inject("databaseUrl");
  const schema = newSchemaName("test");
  beforeAll(async () => {
    await createMigratedSchema(url, schema);
    db = createPrisma(url, { schema, max: 10 });
    setDb(db);
  });
  afterAll(async () => {
    setDb(undefined);
    await db?.$disconnect();
    await dropSchema(url, schema);
  });
  const get = () => {
    if (!db) throw new Error("setupIsolatedDb(): the database is ready only inside tests and hooks");
    return db;
  };
  return Object.assign(get, { schema });
}

/** Services pointed at the running app's schema, so fixtures created here are visible over HTTP. */
export function setupAppDb(): () => Db {
  let db: Db | undefined;
  beforeAll(() => {
    db = createPrisma(inject("databaseUrl"), { schema: inject("appSchema"), max: 10 });
    setDb(db);
  });
  afterAll(async () => {
    setDb(undefined);
    await db?.$disconnect();
  });
  return () => db!;
}

export async function makeTenant(options: { plan?: Plan; connected?: boolean; name?: string; msTenantId?: string } = {}) {
  return createTenant(
    { name: options.name ?? "Test tenant", plan: options.plan ?? "pro", connected: options.connected ?? true, msTenantId: options.msTenantId },
    { type: "system", id: "test" },
  );
}

export async function makeToken(tenantId: string, scopes: TokenScope[] = [...TOKEN_SCOPES]) {
  return (await createApiToken(tenantId, { name: "test", scopes }, { type: "system", id: "test" })).token;
}

export type ApiResult = { status: number; body: any; headers: Headers }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Real HTTP against the running app. */
export async function api(path: string, init: { token?: string; method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<ApiResult> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.rawBody !== undefined) body = init.rawBody;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(`${inject("appUrl")}${path}`, { method: init.method ?? "GET", headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // leave as text: the assertion on the envelope will say what came back
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Points this test process's Microsoft settings at a simulator (fresh env parse, cold token cache). */
export async function useSimulatorInProcess(simulator: SimulatorEndpoints, extra: Record<string, string> = {}): Promise<void> {
  Object.assign(process.env, appEnvironmentFor(simulator), extra);
  const [{ resetEnvCache }, { clearTokenCache }] = await Promise.all([import("@/lib/env"), import("@/lib/microsoft/token")]);
  resetEnvCache();
  clearTokenCache();
}
