import type { CheckStatus } from "@/lib/scans/checks/types";

/**
 * What each check must conclude on each of the simulator's hand-written fixtures (scripts/m365-simulator/fixtures.ts):
 * the well-configured tenant passes what it is built to pass, the misconfigured one fails what it is built to fail,
 * and the unlicensed one (no Entra ID P1/P2) skips the licence-gated checks as not_licensed. Each category folder has
 * a `fixture-expectations.ts` exporting EXPECTATIONS; tests/http/catalog-fixtures.test.ts runs real scans of the three
 * fixtures over HTTP and compares per check id — and fails for a registered check without an entry.
 */
export type Expected = CheckStatus | `skip:${string}`;
export type FixtureExpectation = { "well-configured": Expected; misconfigured: Expected; unlicensed: Expected };
export type FixtureExpectations = Readonly<Record<string, FixtureExpectation>>;
