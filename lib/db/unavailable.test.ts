import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { briefError } from "@/lib/log";
import { startTestDatabase } from "@/tests/test-db";

// The classifier against the errors a real client really throws when its database goes away (not hand-made
// objects): a pool through a proxy that first serves, then drops every connection, then listens no more.
describe("isDatabaseUnavailable", () => {
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  it("recognises what Prisma and pg throw when the database is cut off, and nothing else", async () => {
    const database = await startTestDatabase();
    stops.push(database.stop);
    const target = new URL(database.url);
    let mode: "up" | "drop" | "silent" = "up";
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      sockets.add(client);
      client.on("error", () => {});
      if (mode === "drop") return void client.destroy();
      if (mode === "silent") return; // accepts, never answers: only a timeout ends the wait
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      sockets.add(upstream);
      upstream.on("error", () => client.destroy());
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    stops.push(async () => {
      for (const s of sockets) s.destroy();
      if (proxy.listening) proxy.close();
    });
    const url = new URL(database.url);
    url.hostname = "127.0.0.1";
    url.port = String((proxy.address() as net.AddressInfo).port);
    const db = createPrisma(url.toString(), { connectTimeoutMs: 500, queryTimeoutMs: 1000 });
    stops.push(() => db.$disconnect());

    const caught = async (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);
    expect(await db.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    // Not an outage: a bad query and an ordinary Error.
    const syntax = await caught(db.$queryRawUnsafe("SELEC 1"));
    expect(syntax).toBeTruthy();
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }) }))).toBe(false);

    const inFlight = caught(db.$queryRaw`SELECT pg_sleep(5)`);
    await new Promise((r) => setTimeout(r, 200));
    mode = "drop";
    for (const s of sockets) s.destroy();
    const errors: unknown[] = [await inFlight, await caught(db.$queryRaw`SELECT 1`), await caught(db.$transaction(async (tx) => tx.$queryRaw`SELECT 1`))];
    mode = "silent";
    errors.push(await caught(db.$queryRaw`SELECT 1`));
    proxy.close(); // nothing listens any more
    for (const s of sockets) s.destroy();
    errors.push(await caught(db.$queryRaw`SELECT 1`), await caught(db.$transaction([db.$queryRaw`SELECT 1`])));
    for (const error of errors) {
      expect(error, String(error)).toBeTruthy();
      expect(isDatabaseUnavailable(error), String((error as Error).message)).toBe(true);
    }

    // What the background tick logs for them (lib/jobs/background.ts): one short line each — no stack, none of
    // Prisma's multi-line message, no host, port or connection string.
    for (const error of [...errors, syntax]) {
      const brief = briefError(error);
      const line = JSON.stringify(brief);
      expect(Object.keys(brief).sort()).toEqual(["code", "reason"]);
      expect(brief.reason, line).not.toMatch(/\n|invocation|\bat .*\(|postgres(ql)?:\/\//);
      expect(line, line).not.toContain(url.host);
      expect(line.length, line).toBeLessThanOrEqual(260);
    }
    expect(briefError(errors[0]).reason).toMatch(/^database unavailable \(/);
    expect(briefError(syntax).reason).toContain("SELEC"); // not an outage: the cause itself, from the last line
    expect(briefError(new Error("connect to postgresql://u:secret@db:5432/x failed")).reason).toBe("connect to <url> failed");
  }, 30_000);
});
