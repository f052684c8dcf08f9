import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResolver } from "@/lib/microsoft/dns";
import { fetchMtaStsPolicy, lookupMtaSts } from "@/lib/microsoft/mta-sts";
import { buildZone, startDnsServer, type DnsServer } from "../../scripts/m365-simulator/dns";
import { createLocalCa, startHttpsServer, type HttpsServer, type LocalCa } from "../../scripts/m365-simulator/https";

// The policy fetch over real DNS and HTTPS: a local CA, the simulator's policy server, and a server whose certificate names another host.
const POLICY = "version: STSv1\nmode: enforce\nmx: *.mail.protection.outlook.com\nmax_age: 604800\n";
let ca: LocalCa;
let https: HttpsServer;
let dns: DnsServer;
let wrongHost: Server;
let resolver: ReturnType<typeof createResolver>;

beforeAll(async () => {
  ca = await createLocalCa("test CA");
  https = await startHttpsServer(0, ca, () => [
    { host: "mta-sts.good.example", body: POLICY },
    { host: "mta-sts.moved.example", body: "", status: 301, location: "https://elsewhere.example/mta-sts.txt" },
    { host: "mta-sts.html.example", body: "<html></html>", contentType: "text/html" },
  ]);
  wrongHost = createServer(await ca.issue("other.example"), (_req, res) => res.end(POLICY));
  await new Promise<void>((resolve) => wrongHost.listen(0, "127.0.0.1", resolve));
  const zone = buildZone(
    ["good", "moved", "html", "missing", "wrong"].flatMap((d) => [
      { name: `${d}.example`, type: "MX" as const, exchange: `${d}-example.mail.protection.outlook.com`, priority: 0 },
      { name: `_mta-sts.${d}.example`, type: "TXT" as const, data: "v=STSv1; id=1" },
      ...(d === "missing" ? [] : [{ name: `mta-sts.${d}.example`, type: "A" as const, address: "127.0.0.1" }]),
    ]),
  );
  dns = await startDnsServer(0, () => zone);
  resolver = createResolver([`127.0.0.1:${dns.port}`], 2000);
});
afterAll(async () => {
  await new Promise((resolve) => wrongHost.close(resolve));
  await Promise.all([https.close(), dns.close()]);
  await ca.dispose();
});

const options = () => ({ port: https.port, extraCaPem: ca.caPem, timeoutMs: 5000 });

describe("MTA-STS policy fetch over HTTPS", () => {
  it("fetches the policy from the address our resolver returns, verifying the certificate for mta-sts.<domain>", async () => {
    const out = await lookupMtaSts(resolver, "good.example", options());
    expect(out).toMatchObject({ mx: ["good-example.mail.protection.outlook.com"], sts: ["v=STSv1; id=1"], error: null });
    expect(out.policy).toEqual({ url: "https://mta-sts.good.example/.well-known/mta-sts.txt", ok: true, body: POLICY });
  });

  it("refuses a certificate issued for another host", async () => {
    const out = await fetchMtaStsPolicy(resolver, "wrong.example", { ...options(), port: (wrongHost.address() as AddressInfo).port });
    expect(out).toMatchObject({ ok: false, problem: expect.stringContaining("certificate is not valid for mta-sts.wrong.example") });
  });

  it("refuses a certificate from a CA it does not trust", async () => {
    const out = await fetchMtaStsPolicy(resolver, "good.example", { ...options(), extraCaPem: undefined });
    expect(out).toMatchObject({ ok: false, problem: expect.stringContaining("certificate is not valid") });
  });

  it("does not follow redirects, and wants text/plain and an address", async () => {
    expect(await fetchMtaStsPolicy(resolver, "moved.example", options())).toMatchObject({ ok: false, problem: expect.stringContaining("HTTP 301 redirect") });
    expect(await fetchMtaStsPolicy(resolver, "html.example", options())).toMatchObject({ ok: false, problem: "served as text/html, not text/plain" });
    expect(await fetchMtaStsPolicy(resolver, "missing.example", options())).toMatchObject({ ok: false, problem: "mta-sts.missing.example has no address (no A record)" });
  });
});
