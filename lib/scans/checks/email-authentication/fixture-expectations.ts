import type { FixtureExpectations } from "@/lib/scans/checks/fixture-expectations";

export const EXPECTATIONS: FixtureExpectations = {
  X01: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X02: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X03: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X04: { "well-configured": "pass", misconfigured: "pass", unlicensed: "pass" },
  X05: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  X06: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X07: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X08: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  X09: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
};
