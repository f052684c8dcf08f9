import type { FixtureExpectations } from "@/lib/scans/checks/fixture-expectations";

export const EXPECTATIONS: FixtureExpectations = {
  C19: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  C20: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
};
