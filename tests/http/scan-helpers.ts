import { getDb } from "@/lib/db";
import { api, makeTenant, makeToken } from "../helpers";
import { registerSimulatedTenant } from "../simulator-client";
import { FIXTURE_FACTS } from "../../scripts/m365-simulator/fixtures";

/**
 * A tenant of ours connected to a fresh simulated Microsoft tenant built from a fixture (needs setupAppDb()), with the
 * fixture's break-glass accounts and groups declared as its admin would.
 */
export async function simulatedTenant(fixture: "well-configured" | "misconfigured" | "unlicensed", options: { permissions?: readonly string[] } = {}) {
  const guid = await registerSimulatedTenant(fixture, options);
  const tenant = await makeTenant({ plan: "enterprise" });
  await getDb().tenant.update({ where: { id: tenant.id }, data: { msTenantId: guid } });
  await declareFixtureBreakGlass(tenant.id, fixture);
  return { tenant, guid, token: await makeToken(tenant.id) };
}

/** Polls GET /scans/{id} until the scan is no longer in progress. */
export async function waitForScan(token: string, scanId: string, timeoutMs = 25_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api(`/scans/${scanId}`, { token });
    if (res.body.data.status !== "in_progress") return res.body.data;
    if (Date.now() > deadline) throw new Error(`scan ${scanId} still in progress: ${JSON.stringify(res.body.data)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Declares a fixture's break-glass accounts and groups for one of our tenants (nothing, for fixtures without any). */
export async function declareFixtureBreakGlass(tenantId: string, fixture: keyof typeof FIXTURE_FACTS) {
  const { breakGlassUserIds, breakGlassGroupIds } = FIXTURE_FACTS[fixture];
  if (breakGlassUserIds.length + breakGlassGroupIds.length === 0) return;
  await getDb().breakGlassSetting.create({ data: { tenantId, userIds: breakGlassUserIds, groupIds: breakGlassGroupIds } });
}
