import { describe, expect, it } from "vitest";
import { hasIdShape, newId, randomBase62 } from "@/lib/ids";

describe("ids", () => {
  it("are prefix + 20 base62 characters", () => {
    expect(newId("scan")).toMatch(/^scan_[0-9A-Za-z]{20}$/);
    expect(newId("tenant")).toMatch(/^t_[0-9A-Za-z]{20}$/);
    expect(newId("scheduledScan")).toMatch(/^sched_[0-9A-Za-z]{20}$/);
  });

  it("do not repeat", () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newId("scan")));
    expect(ids.size).toBe(20_000);
  });

  it("use the whole alphabet without obvious bias", () => {
    const counts = new Map<string, number>();
    const sample = randomBase62(62_000);
    for (const ch of sample) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const n of counts.values()) expect(n).toBeGreaterThan(700); // expected 1000 each
  });

  it("hasIdShape accepts ids of the kind and rejects others", () => {
    expect(hasIdShape("scan", newId("scan"))).toBe(true);
    expect(hasIdShape("scan", newId("tenant"))).toBe(false);
    expect(hasIdShape("scan", "scan_short")).toBe(false);
  });
});
