import { getDb } from "@/lib/db";
import { api, makeTenant, makeToken } from "../helpers";
import { registerSimulatedTenant } from "../simulator-client";

/** A tenant of ours connected to a fresh simulated Microsoft tenant built from a fixture (needs setupAppDb()). */
export async function simulatedTenant(fixture: "well-configured" | "misconfigured" | "unlicensed") {
  const guid = await registerSimulatedTenant(fixture);
  const tenant = await makeTenant({ plan: "enterprise" });
  await getDb().tenant.update({ where: { id: tenant.id }, data: { msTenantId: guid } });
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
