import type { FixtureExpectations } from "@/lib/scans/checks/fixture-expectations";

export const EXPECTATIONS: FixtureExpectations = {
  X15: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X16: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X17: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X18: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X19: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X20: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X22: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X23: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_applicable" },
  X24: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_applicable" },
};
