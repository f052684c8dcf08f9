import { describe, expect, it } from "vitest";
import { computeScore } from "@/lib/scans/score";

describe("computeScore", () => {
  it("matches the contract's example: 87 pass, 12 fail → 87.9", () => {
    expect(computeScore(87, 12)).toBe(87.9);
  });

  it.each([
    [1, 0, 100],
    [0, 1, 0],
    [1, 1, 50],
    [2, 1, 66.7],
    [1, 2, 33.3],
    [1, 15, 6.3], // 6.25 exactly: half rounds up
    [3, 5, 37.5],
    [999, 1, 99.9],
    [9999, 1, 100], // 99.99 rounds to 100.0
  ])("pass=%i fail=%i → %d", (pass, fail, expected) => {
    expect(computeScore(pass, fail)).toBe(expected);
  });

  it("is null when nothing was evaluated (all skipped)", () => {
    expect(computeScore(0, 0)).toBeNull();
  });

  it("always has at most one decimal", () => {
    for (let pass = 0; pass <= 60; pass++) {
      for (let fail = 0; fail <= 60; fail++) {
        const score = computeScore(pass, fail);
        if (score === null) continue;
        expect(Math.round(score * 10) / 10).toBe(score);
        expect(Math.abs(score - (pass / (pass + fail)) * 100)).toBeLessThanOrEqual(0.05 + 1e-9);
      }
    }
  });
});
