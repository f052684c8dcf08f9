import { describe, expect, it } from "vitest";
import { billingPeriod, PLANS } from "@/lib/tenants/plans";

const d = (s: string) => new Date(s);

describe("plans", () => {
  it("get strictly more generous from free to enterprise", () => {
    expect(PLANS.free.scansPerPeriod).toBeLessThan(PLANS.pro.scansPerPeriod);
    expect(PLANS.pro.scansPerPeriod).toBeLessThan(PLANS.enterprise.scansPerPeriod);
    expect(PLANS.free.customSchedules).toBeLessThan(PLANS.pro.customSchedules);
    expect(PLANS.pro.customSchedules).toBeLessThan(PLANS.enterprise.customSchedules);
  });
});

describe("billingPeriod", () => {
  it("repeats monthly on the anchor's day and time", () => {
    expect(billingPeriod(d("2026-01-15T10:00:00Z"), d("2026-04-20T00:00:00Z"))).toEqual({
      start: d("2026-04-15T10:00:00Z"),
      end: d("2026-05-15T10:00:00Z"),
    });
  });

  it("is half-open: the next period starts exactly at its boundary", () => {
    expect(billingPeriod(d("2026-01-15T10:00:00Z"), d("2026-04-15T10:00:00Z")).start).toEqual(d("2026-04-15T10:00:00Z"));
    expect(billingPeriod(d("2026-01-15T10:00:00Z"), d("2026-04-15T09:59:59.999Z")).start).toEqual(d("2026-03-15T10:00:00Z"));
  });

  it("clamps to the last day of short months and returns to the anchor day afterwards", () => {
    const anchor = d("2026-01-31T00:00:00Z");
    expect(billingPeriod(anchor, d("2026-02-28T12:00:00Z"))).toEqual({ start: d("2026-02-28T00:00:00Z"), end: d("2026-03-31T00:00:00Z") });
    expect(billingPeriod(anchor, d("2028-02-29T12:00:00Z")).start).toEqual(d("2028-02-29T00:00:00Z"));
    expect(billingPeriod(anchor, d("2026-04-30T00:00:00Z"))).toEqual({ start: d("2026-04-30T00:00:00Z"), end: d("2026-05-31T00:00:00Z") });
  });

  it("crosses year ends", () => {
    expect(billingPeriod(d("2025-03-05T00:00:00Z"), d("2027-01-02T00:00:00Z"))).toEqual({
      start: d("2026-12-05T00:00:00Z"),
      end: d("2027-01-05T00:00:00Z"),
    });
  });

  it("treats the time before the anchor as the first period", () => {
    expect(billingPeriod(d("2026-05-01T00:00:00Z"), d("2026-04-01T00:00:00Z")).start).toEqual(d("2026-05-01T00:00:00Z"));
  });

  it("always contains now, for every day of a four-year span", () => {
    const anchor = d("2024-01-31T13:45:00Z");
    for (let t = anchor.getTime(); t < anchor.getTime() + 4 * 366 * 86_400_000; t += 86_400_000 / 3) {
      const now = new Date(t);
      const { start, end } = billingPeriod(anchor, now);
      expect(start.getTime()).toBeLessThanOrEqual(t);
      expect(end.getTime()).toBeGreaterThan(t);
      const days = (end.getTime() - start.getTime()) / 86_400_000;
      expect(days).toBeGreaterThanOrEqual(28);
      expect(days).toBeLessThanOrEqual(31);
    }
  });
});
