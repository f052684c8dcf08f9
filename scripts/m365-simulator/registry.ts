import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject, createPrivateKey } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { GRANTED_APP_ROLES } from "./catalog";
import { PUBLIC_RECORDS } from "./dns";
import { buildFixture, fixtureDns, fixturePolicyFiles, isFixtureName, type FixtureName } from "./fixtures";
import type { PolicyFile } from "./https";
import { buildGenerated, generatedDns, type GeneratedTenantSpec } from "./generator";
import type { DnsRecord, TenantData } from "./model";
import { GUID_PATTERN, hashSeed } from "./random";

/**
 * Registered tenants (each consented to the simulator's app), their fault injections, and the optional state
 * file that lets a restarted dev server keep them. Tenant data is rebuilt hourly so relative timestamps
 * ("expires in 20 days") stay true on a long-running server.
 */

export type Fault =
  | { kind: "forbidden"; path: string }
  | { kind: "throttle"; path: string; count: number; retryAfterSeconds: number }
  | { kind: "unavailable"; path: string; count?: number; retryAfterSeconds?: number };

export type FaultHit = { kind: "forbidden" } | { kind: "throttle"; retryAfterSeconds: number } | { kind: "unavailable"; retryAfterSeconds: number };

type TenantSource = { fixture: FixtureName } | { generated: GeneratedTenantSpec; seed: number };
type ActiveFault = { fault: Fault; path: string; remaining: number | null };
type StateFile = {
  version: 1;
  signingKey: string;
  oidcKey?: string;
  tenants: ({ tenantId: string; consented?: boolean; permissions?: string[] } & TenantSource)[];
};

const REBUILD_AFTER_MS = 60 * 60 * 1000;
const MAX_GENERATED_OBJECTS = 1_000_000;

/** Objects merge key by key; anything else (arrays included) replaces. */
function deepMerge(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
    const current = target[key];
    if (value && typeof value === "object" && !Array.isArray(value) && current && typeof current === "object" && !Array.isArray(current)) {
      deepMerge(current as Record<string, unknown>, value as Record<string, unknown>);
    } else {
      target[key] = value;
    }
  }
}

export class TenantRecord {
  private cache: { data: TenantData; builtAt: number } | null = null;
  readonly faults: ActiveFault[] = [];
  /** Changes an admin made "in the tenant" (tests: a setting changed between two scans), applied over the fixture. */
  readonly patches: Record<string, unknown>[] = [];

  constructor(
    readonly tenantId: string,
    readonly source: TenantSource,
    /** Whether an administrator has granted our app admin consent (app-only tokens are issued only then). */
    public consented = true,
    /** Application permissions the admin consented to: the roles claim of the tokens issued for this tenant. */
    public permissions: readonly string[] = GRANTED_APP_ROLES,
  ) {}

  data(): TenantData {
    const now = Date.now();
    if (!this.cache || now - this.cache.builtAt > REBUILD_AFTER_MS) {
      const data =
        "fixture" in this.source
          ? buildFixture(this.source.fixture, this.tenantId, now)
          : buildGenerated(this.source.generated, this.source.seed, this.tenantId, now);
      for (const patch of this.patches) deepMerge(data as unknown as Record<string, unknown>, patch);
      this.cache = { data, builtAt: now };
    }
    return this.cache.data;
  }

  /** Changes the tenant's data, e.g. { authorizationPolicy: { guestUserRoleId: "…" } }: objects merge, arrays replace. */
  patch(patch: Record<string, unknown>): void {
    this.patches.push(structuredClone(patch));
    this.cache = null;
  }

  dns(): DnsRecord[] {
    return "fixture" in this.source ? fixtureDns(this.source.fixture) : generatedDns(this.source.seed);
  }

  policyFiles(): PolicyFile[] {
    return "fixture" in this.source ? fixturePolicyFiles(this.source.fixture) : [];
  }
}

/** Fault paths match the request path after the version prefix, without query, case-insensitively. */
export function normalizeFaultPath(raw: string): string {
  let p = raw.split("?")[0] ?? "";
  p = p.replace(/%24/gi, "$");
  if (!p.startsWith("/")) p = `/${p}`;
  p = p.replace(/^\/(v1\.0|beta)(?=\/|$)/i, "");
  p = p.replace(/\/+$/, "");
  return (p || "/").toLowerCase();
}

export function parseFault(value: unknown): Fault {
  if (!value || typeof value !== "object") throw new Error("a fault must be a JSON object");
  const fault = value as Record<string, unknown>;
  if (typeof fault.path !== "string" || fault.path.length === 0) throw new Error("fault.path must be a non-empty string");
  const positiveInt = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n > 0;
  switch (fault.kind) {
    case "forbidden":
      return { kind: "forbidden", path: fault.path };
    case "throttle":
      if (!positiveInt(fault.count)) throw new Error("throttle fault needs a positive integer count");
      if (typeof fault.retryAfterSeconds !== "number" || !Number.isInteger(fault.retryAfterSeconds) || fault.retryAfterSeconds < 0) {
        throw new Error("throttle fault needs a non-negative integer retryAfterSeconds");
      }
      return { kind: "throttle", path: fault.path, count: fault.count as number, retryAfterSeconds: fault.retryAfterSeconds };
    case "unavailable":
      if (fault.count !== undefined && !positiveInt(fault.count)) throw new Error("unavailable fault count must be a positive integer when given");
      if (fault.retryAfterSeconds !== undefined && !(Number.isInteger(fault.retryAfterSeconds) && (fault.retryAfterSeconds as number) >= 0)) {
        throw new Error("unavailable fault retryAfterSeconds must be a non-negative integer when given");
      }
      return {
        kind: "unavailable",
        path: fault.path,
        ...(fault.count === undefined ? {} : { count: fault.count as number }),
        ...(fault.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: fault.retryAfterSeconds as number }),
      };
    default:
      throw new Error("fault.kind must be forbidden, throttle or unavailable");
  }
}

function validateSpec(spec: GeneratedTenantSpec): GeneratedTenantSpec {
  const count = (n: unknown, name: string, optional = false) => {
    if (optional && n === undefined) return;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new Error(`generated tenant ${name} must be a non-negative integer`);
  };
  count(spec.users, "users");
  count(spec.guests, "guests");
  count(spec.apps, "apps");
  count(spec.groups, "groups", true);
  count(spec.seed, "seed", true);
  if (spec.users + spec.guests + spec.apps + (spec.groups ?? 0) > MAX_GENERATED_OBJECTS) {
    throw new Error(`a generated tenant holds at most ${MAX_GENERATED_OBJECTS} objects`);
  }
  return { users: spec.users, guests: spec.guests, apps: spec.apps, ...(spec.groups === undefined ? {} : { groups: spec.groups }) };
}

/** Graph permission names look like Policy.Read.All or OrgSettings-Forms.Read.All. */
const PERMISSION_NAME = /^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)+$/;

function validatePermissions(permissions: unknown): string[] {
  if (!Array.isArray(permissions) || permissions.some((p) => typeof p !== "string" || !PERMISSION_NAME.test(p))) {
    throw new Error("permissions must be an array of Graph application permission names, e.g. [\"Policy.Read.All\"]");
  }
  return [...new Set(permissions as string[])];
}

export class TenantRegistry {
  private readonly tenants = new Map<string, TenantRecord>();
  /** HMAC key of the access tokens the simulator issues (Graph checks them). */
  readonly signingKey: Buffer;
  /** RSA key of the id tokens (published at the JWKS endpoint). */
  readonly oidcKey: KeyObject;

  constructor(private readonly stateFile?: string) {
    const state = stateFile ? readState(stateFile) : null;
    this.signingKey = state ? Buffer.from(state.signingKey, "base64") : randomBytes(32);
    this.oidcKey = state?.oidcKey ? createPrivateKey(state.oidcKey) : generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    for (const entry of state?.tenants ?? []) {
      const source: TenantSource = "fixture" in entry ? { fixture: entry.fixture } : { generated: entry.generated, seed: entry.seed };
      this.tenants.set(entry.tenantId.toLowerCase(), new TenantRecord(entry.tenantId.toLowerCase(), source, entry.consented ?? true, entry.permissions));
    }
    if (state && !state.oidcKey) this.save();
  }

  /** Records an administrator's admin consent (or its removal) for the tenant. */
  setConsented(tenantId: string, consented: boolean): void {
    this.require(tenantId).consented = consented;
    this.save();
  }

  register(fixture: FixtureName | GeneratedTenantSpec, tenantGuid?: string, options: { consented?: boolean; permissions?: readonly string[] } = {}): string {
    if (tenantGuid !== undefined && !GUID_PATTERN.test(tenantGuid)) throw new Error(`tenant id must be a GUID, got '${tenantGuid}'`);
    const permissions = options.permissions === undefined ? undefined : validatePermissions(options.permissions);
    const tenantId = (tenantGuid ?? randomUUID()).toLowerCase();
    let source: TenantSource;
    if (!fixture || (typeof fixture !== "string" && typeof fixture !== "object")) {
      throw new Error("fixture must be a fixture name or a generated tenant spec ({ users, guests, apps, groups? })");
    }
    if (typeof fixture === "string") {
      if (!isFixtureName(fixture)) throw new Error(`unknown fixture '${fixture}'`);
      source = { fixture };
    } else {
      source = { generated: validateSpec(fixture), seed: fixture.seed ?? hashSeed(tenantId) };
    }
    this.tenants.set(tenantId, new TenantRecord(tenantId, source, options.consented ?? true, permissions));
    this.save();
    return tenantId;
  }

  get(tenantId: string): TenantRecord | undefined {
    return this.tenants.get(tenantId.toLowerCase());
  }

  list(): TenantRecord[] {
    return [...this.tenants.values()];
  }

  addFault(tenantId: string, fault: Fault): void {
    const tenant = this.require(tenantId);
    const checked = parseFault(fault);
    const remaining = checked.kind === "forbidden" ? null : (checked.count ?? null);
    tenant.faults.push({ fault: checked, path: normalizeFaultPath(checked.path), remaining });
  }

  clearFaults(tenantId: string): void {
    this.require(tenantId).faults.length = 0;
  }

  /** The fault (if any) that answers this request; counted faults are used up one request at a time. */
  takeFault(tenant: TenantRecord, requestPath: string): FaultHit | null {
    const target = normalizeFaultPath(requestPath);
    for (const active of tenant.faults) {
      if (active.path !== target && active.path !== "/*") continue; // "*": every Graph path (a whole-service outage)
      if (active.remaining !== null) {
        if (active.remaining <= 0) continue;
        active.remaining--;
      }
      const { fault } = active;
      if (fault.kind === "throttle") return { kind: "throttle", retryAfterSeconds: fault.retryAfterSeconds };
      if (fault.kind === "unavailable") return { kind: "unavailable", retryAfterSeconds: fault.retryAfterSeconds ?? 5 };
      return { kind: fault.kind };
    }
    return null;
  }

  /** Every registered tenant's DNS, deduplicated (two tenants of one fixture share its domain). */
  /** MTA-STS policy files of every registered tenant's domains. */
  policyFiles(): PolicyFile[] {
    return [...this.tenants.values()].flatMap((t) => t.policyFiles());
  }

  dnsRecords(): DnsRecord[] {
    const seen = new Set<string>();
    const records: DnsRecord[] = [...PUBLIC_RECORDS];
    for (const tenant of this.tenants.values()) {
      for (const record of tenant.dns()) {
        const key = JSON.stringify(record);
        if (seen.has(key)) continue;
        seen.add(key);
        records.push(record);
      }
    }
    return records;
  }

  private require(tenantId: string): TenantRecord {
    const tenant = this.get(tenantId);
    if (!tenant) throw new Error(`tenant ${tenantId} is not registered`);
    return tenant;
  }

  private save(): void {
    if (!this.stateFile) return;
    const state: StateFile = {
      version: 1,
      signingKey: this.signingKey.toString("base64"),
      oidcKey: this.oidcKey.export({ format: "pem", type: "pkcs8" }).toString(),
      tenants: this.list().map((t) => ({ tenantId: t.tenantId, consented: t.consented, permissions: [...t.permissions], ...t.source })),
    };
    mkdirSync(path.dirname(this.stateFile), { recursive: true });
    // Write-then-rename so a crash mid-write never leaves a truncated state file behind.
    const temp = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(temp, this.stateFile);
  }
}

function readState(file: string): StateFile | null {
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as StateFile;
  if (parsed.version !== 1 || !Array.isArray(parsed.tenants) || typeof parsed.signingKey !== "string") {
    throw new Error(`${file} is not an M365 simulator state file`);
  }
  return parsed;
}
