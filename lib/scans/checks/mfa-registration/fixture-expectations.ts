import type { FixtureExpectations } from "@/lib/scans/checks/fixture-expectations";

export const EXPECTATIONS: FixtureExpectations = {
  C16: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  C17: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  C18: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
};
