/**
 * Developer tool: every check on every hand-written simulator fixture, without building the app or a database —
 * the simulator in-process, the engine's own fetchSources + evaluateCheck, compared with the category folders'
 * fixture-expectations.ts. Prints the mismatches and exits 1 when there are any. A quick loop while writing a check;
 * tests/http/catalog-fixtures.test.ts is the real gate (the same comparison through a scan over HTTP).
 *
 *   node --conditions=react-server --import tsx scripts/fixture-outcomes.ts [--verbose] [CHECK_ID ...]
 * --verbose prints every outcome with its message, not only the mismatches.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { appEnvironmentFor } from "./m365-simulator/app-env";
import { FIXTURE_FACTS, startSimulator } from "./m365-simulator/index";

const FIXTURES = ["well-configured", "misconfigured", "unlicensed"] as const;
const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const only = new Set(args.filter((a) => !a.startsWith("--")).map((id) => id.toUpperCase()));

const simulator = await startSimulator();
Object.assign(process.env, appEnvironmentFor(simulator));
const [{ GraphClient }, { getMicrosoftConfig }, { createResolver }, { CHECKS }, { fetchSources }, { evaluateCheck }] = await Promise.all([
  import("@/lib/microsoft/graph"),
  import("@/lib/microsoft/config"),
  import("@/lib/microsoft/dns"),
  import("@/lib/scans/checks/registry"),
  import("@/lib/scans/sources"),
  import("@/lib/scans/run"),
]);

const checksDir = join(import.meta.dirname, "../lib/scans/checks");
const expected: Record<string, Record<string, string>> = {};
for (const folder of readdirSync(checksDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
  const mod = (await import(join(checksDir, folder.name, "fixture-expectations.ts")).catch(() => null)) as { EXPECTATIONS?: object } | null;
  Object.assign(expected, mod?.EXPECTATIONS ?? {});
}

const checks = CHECKS.filter((c) => only.size === 0 || only.has(c.id));
const mismatches: string[] = [];
try {
  for (const fixture of FIXTURES) {
    const guid = crypto.randomUUID();
    simulator.registerTenant(fixture, guid);
    simulator.setConsented(guid, true);
    const { breakGlassUserIds, breakGlassGroupIds } = FIXTURE_FACTS[fixture];
    const client = new GraphClient(getMicrosoftConfig(), guid);
    const resolver = createResolver([simulator.dnsServer]);
    const wanted = [...new Set(checks.flatMap((c) => c.sources))];
    const sources = await fetchSources(client, resolver, wanted, undefined, { userIds: [...breakGlassUserIds], groupIds: [...breakGlassGroupIds] });
    for (const check of checks) {
      const got = evaluateCheck(check, sources, new Date());
      const outcome = got.status === "skip" ? `skip:${(got.evidence as { skip_reason?: string } | undefined)?.skip_reason}` : got.status;
      const want = expected[check.id]?.[fixture];
      const ok = want !== undefined && (want.includes(":") ? outcome === want : got.status === want);
      if (verbose) console.log(`${ok ? "  " : "✗ "}${fixture} ${check.id}: ${outcome} — ${got.message}`);
      if (!ok) mismatches.push(`${fixture} ${check.id}: expected ${want ?? "(no expectation)"}, got ${outcome} — ${got.message}`);
    }
  }
} finally {
  await simulator.stop();
}
console.log(mismatches.length === 0 ? `all ${checks.length} checks conclude as expected on ${FIXTURES.length} fixtures` : mismatches.join("\n"));
process.exitCode = mismatches.length === 0 ? 0 : 1;
