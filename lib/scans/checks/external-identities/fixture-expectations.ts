import type { FixtureExpectations } from "@/lib/scans/checks/fixture-expectations";

export const EXPECTATIONS: FixtureExpectations = {
  X10: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X13: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X14: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
};
