import type { FixtureExpectations } from "@/lib/scans/checks/fixture-expectations";

export const EXPECTATIONS: FixtureExpectations = {
  C42: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  C43: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
};
