import type { FixtureExpectations } from "@/lib/scans/checks/fixture-expectations";

export const EXPECTATIONS: FixtureExpectations = {
  C38: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  C39: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  C40: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_applicable" },
  C41: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_applicable" },
  X28: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_applicable" },
};
