import { afterEach, describe, expect, it, vi } from "vitest";

// The serve() endpoint, called as Next would call it. The Inngest client reads its mode when created,
// so each case re-imports the route with its environment.
afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("/api/inngest", () => {
  it("answers introspection in dev mode with the scan function registered", async () => {
    vi.stubEnv("INNGEST_DEV", "1");
    const { GET } = await import("@/app/api/inngest/route");
    const res = await GET(new Request("http://localhost/api/inngest") as never, undefined as never);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ mode: "dev" });
    expect(body.function_count).toBe(3); // run-scan, its failure handler, scheduler-tick
  });

  it("refuses unsigned requests in cloud mode", async () => {
    vi.stubEnv("INNGEST_DEV", "");
    vi.stubEnv("INNGEST_SIGNING_KEY", "signkey-test-0123456789abcdef0123456789abcdef");
    const { POST } = await import("@/app/api/inngest/route");
    const res = await POST(new Request("http://localhost/api/inngest?fnId=aether365-run-scan&stepId=step", { method: "POST", body: "{}" }) as never, undefined as never);
    expect(res.status).toBe(401);
  });
});
