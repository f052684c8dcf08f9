import type { FixtureExpectations } from "@/lib/scans/checks/fixture-expectations";

export const EXPECTATIONS: FixtureExpectations = {
  C12: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  C13: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  C14: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  C15: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
};
