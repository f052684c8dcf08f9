import { describe, expect, it } from "vitest";
import { api, setupAppDb } from "../helpers";
import { patchSimulatedTenant } from "../simulator-client";
import { domain } from "../../scripts/m365-simulator/builders";
import { FIXTURE_FACTS } from "../../scripts/m365-simulator/fixtures";
import { simulatedTenant, waitForScan } from "./scan-helpers";

/*
 * A DNS failure is an error for the checks that needed it, never a fail and never the whole scan: the well-configured
 * tenant gains an email domain whose DNS answers SERVFAIL (served by the simulator's DNS server), and the exposure scan
 * still completes with its other results intact.
 */
setupAppDb();

const EMAIL_DNS_CHECKS = ["X01", "X02", "X03", "X04", "X05", "X06", "X07", "X08"];

describe("a SERVFAIL email domain", () => {
  it("makes the email DNS checks error, naming the domain, and leaves the score to what could be judged", async () => {
    const { guid, token } = await simulatedTenant("well-configured");
    const facts = FIXTURE_FACTS["well-configured"];
    await patchSimulatedTenant(guid, {
      domains: [
        domain(facts.defaultDomain, { isDefault: true }),
        domain(facts.initialDomain),
        domain("contoso.org", { supportedServices: [] }),
        domain("broken.contoso.net"),
      ],
    });
    const created = await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "exposure" } });
    expect(created.status).toBe(201);
    const scan = await waitForScan(token, created.body.data.id);
    expect(scan.status, JSON.stringify(scan.error)).toBe("completed");

    const results = (await api(`/scans/${scan.id}/results?limit=100`, { token })).body.data as { check_id: string; status: string; message: string }[];
    const byId = new Map(results.map((r) => [r.check_id, r]));
    for (const id of EMAIL_DNS_CHECKS) {
      expect(byId.get(id)?.status, `${id}: ${byId.get(id)?.message}`).toBe("error");
      expect(byId.get(id)?.message).toContain("broken.contoso.net");
    }
    // The parked-domain check reads other domains and still judges them; errors are neither passes nor fails.
    expect(byId.get("X09")?.status).toBe("pass");
    expect(scan.error_count).toBe(EMAIL_DNS_CHECKS.length);
    expect(scan.fail_count + scan.pass_count + scan.skip_count + scan.error_count).toBe(results.length);
  });
});
