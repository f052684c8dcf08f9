import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MicrosoftConfig } from "@/lib/microsoft/config";
import { GraphError } from "@/lib/microsoft/errors";
import { GraphClient } from "@/lib/microsoft/graph";
import type { Domain, GuestUser } from "@/lib/microsoft/graph-types";
import { clearTokenCache, getAppToken } from "@/lib/microsoft/token";
import { startSimulator, type Simulator } from "../../scripts/m365-simulator/index";

// The Graph client over real HTTP against the Microsoft 365 simulator (its own instance: latency and faults
// here must not leak into other test files).
let sim: Simulator;
let config: MicrosoftConfig;

beforeAll(async () => {
  sim = await startSimulator();
  config = {
    authorityHost: sim.authorityUrl,
    graphBaseUrl: sim.graphUrl,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    timeoutMs: 2_000,
    maxRetries: 3,
    concurrencyPerTenant: 4,
  };
});
afterAll(() => sim.stop());
beforeEach(() => {
  clearTokenCache();
  sim.setLatency(0);
});

describe("app-only tokens", () => {
  it("are fetched by client credentials and cached per tenant", async () => {
    const tenant = sim.registerTenant("well-configured");
    sim.resetRequestCount();
    const [a, b] = await Promise.all([getAppToken(config, tenant), getAppToken(config, tenant)]);
    expect(a).toBe(b);
    await getAppToken(config, tenant);
    expect(sim.requestCount()).toBe(1);
  });

  it("are refused for a tenant that has not consented, as an auth error", async () => {
    const error = await getAppToken(config, "3f0b6c1e-8a7d-4d2f-9c55-0a1b2c3d4e5f").catch((e) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error.kind).toBe("auth");
    expect(error.message).toMatch(/unauthorized_client/);
  });

  it("are refused with wrong credentials or a non-GUID tenant", async () => {
    const tenant = sim.registerTenant("well-configured");
    await expect(getAppToken({ ...config, clientSecret: "wrong" }, tenant)).rejects.toMatchObject({ kind: "auth" });
    await expect(getAppToken(config, "organizations")).rejects.toMatchObject({ kind: "auth" });
  });
});

describe("GraphClient", () => {
  it("follows @odata.nextLink to the end of a collection", async () => {
    const tenant = sim.registerTenant({ users: 50, guests: 2_500, apps: 5 });
    const client = new GraphClient(config, tenant);
    const guests = await client.getAll<GuestUser>("/users?$filter=userType eq 'Guest'&$select=id,userType&$top=999");
    expect(guests).toHaveLength(2_500);
    expect(new Set(guests.map((g) => g.id)).size).toBe(2_500);
    expect(guests.every((g) => g.userType === "Guest")).toBe(true);
    expect(client.stats.requests).toBe(3);
  });

  it("batches independent reads and returns each one's body or typed error", async () => {
    const tenant = sim.registerTenant("unlicensed");
    sim.addFault(tenant, { kind: "forbidden", path: "/policies/authorizationPolicy" });
    const client = new GraphClient(config, tenant);
    const results = await client.batch([
      { id: "domains", path: "/domains" },
      { id: "authz", path: "/policies/authorizationPolicy" },
      { id: "urd", path: "/reports/authenticationMethods/userRegistrationDetails?$filter=isAdmin eq true", feature: true },
    ]);
    expect(client.stats.batches).toBe(1);
    const domains = results.get("domains")!;
    expect(domains.ok && (domains.body as { value: Domain[] }).value.length).toBeGreaterThan(0);
    const authz = results.get("authz")!;
    expect(!authz.ok && authz.error.kind).toBe("missing_permission");
    const urd = results.get("urd")!;
    expect(!urd.ok && urd.error.kind).toBe("not_licensed");
  });

  it("splits more than 20 reads into several batches", async () => {
    const tenant = sim.registerTenant("well-configured");
    const client = new GraphClient(config, tenant);
    const results = await client.batch(Array.from({ length: 45 }, (_, i) => ({ id: `d${i}`, path: "/domains" })));
    expect(client.stats.batches).toBe(3);
    expect([...results.values()].every((r) => r.ok)).toBe(true);
  });

  it("waits out 429 + Retry-After and then succeeds, directly and inside a batch", async () => {
    const tenant = sim.registerTenant("well-configured");
    sim.addFault(tenant, { kind: "throttle", path: "/domains", count: 2, retryAfterSeconds: 1 });
    const client = new GraphClient(config, tenant);
    const started = Date.now();
    const results = await client.batch([{ id: "domains", path: "/domains" }]);
    expect(results.get("domains")!.ok).toBe(true);
    expect(client.stats.throttled).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900); // honoured Retry-After: 1 twice

    sim.addFault(tenant, { kind: "throttle", path: "/subscribedSkus", count: 1, retryAfterSeconds: 1 });
    await expect(client.getAll("/subscribedSkus")).resolves.toBeInstanceOf(Array);
  });

  it("gives up after bounded retries on a source that stays unavailable", async () => {
    const tenant = sim.registerTenant("well-configured");
    sim.addFault(tenant, { kind: "unavailable", path: "/domains" });
    const client = new GraphClient({ ...config, maxRetries: 2 }, tenant);
    const error: unknown = await client.get("/domains").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).kind).toBe("unavailable");
    expect(client.stats.retries).toBe(2);
  });

  it("times out a request that takes too long", async () => {
    const tenant = sim.registerTenant("well-configured");
    await getAppToken(config, tenant);
    sim.setLatency(500);
    const client = new GraphClient({ ...config, timeoutMs: 150, maxRetries: 1 }, tenant);
    await expect(client.get("/domains")).rejects.toMatchObject({ kind: "unavailable" });
  });

  it("maps 400/404 on a feature endpoint to 'not available', elsewhere to an error", async () => {
    const tenant = sim.registerTenant("well-configured");
    const client = new GraphClient(config, tenant);
    await expect(client.get("/no/such/feature", { feature: true })).rejects.toMatchObject({ kind: "not_available" });
    await expect(client.get("/no/such/thing")).rejects.toMatchObject({ kind: "other" });
  });

  it("never sends its token to a nextLink outside the Graph host", async () => {
    const tenant = sim.registerTenant("well-configured");
    const client = new GraphClient(config, tenant);
    await expect(client.followPages({ value: [], "@odata.nextLink": "https://evil.example/v1.0/users?$skiptoken=x" }, "/users", false)).rejects.toMatchObject({
      code: "UnexpectedNextLink",
    });
  });

  it("caps concurrent requests per tenant", async () => {
    const tenant = sim.registerTenant("well-configured");
    await getAppToken(config, tenant);
    sim.setLatency(100);
    const client = new GraphClient({ ...config, concurrencyPerTenant: 2 }, tenant);
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, () => client.get("/domains")));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290); // 6 requests, 2 at a time, 100 ms each
  });
});
