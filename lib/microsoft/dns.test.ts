import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countSpfLookups, createResolver, lookupEmailDns } from "@/lib/microsoft/dns";
import { buildZone, PUBLIC_RECORDS, startDnsServer, type DnsServer } from "../../scripts/m365-simulator/dns";
import type { DnsRecord } from "../../scripts/m365-simulator/model";

// SPF evaluation over real UDP DNS (the simulator's server) with the zones the RFC 7208 limits are about.
const txt = (name: string, data: string): DnsRecord => ({ name, type: "TXT", data });
const a = (name: string): DnsRecord => ({ name, type: "A", address: "192.0.2.1" });

const RECORDS: DnsRecord[] = [
  ...PUBLIC_RECORDS,
  txt("good.example", "v=spf1 include:spf.protection.outlook.com mx -all"),
  { name: "good.example", type: "MX", exchange: "good-example.mail.protection.outlook.com", priority: 0 },
  // 11 lookups: include(1) → [include(2) → [a(3) a(4) a(5) a(6)], a(7) a(8) a(9)], mx(10), exists(11)
  txt("eleven.example", "v=spf1 include:_a.eleven.example mx:eleven.example exists:%{i}.x.eleven.example ~all"),
  txt("_a.eleven.example", "v=spf1 include:_b.eleven.example a:h1.eleven.example a:h2.eleven.example a:h3.eleven.example -all"),
  txt("_b.eleven.example", "v=spf1 a:h1.eleven.example a:h2.eleven.example a:h3.eleven.example a:h4.eleven.example -all"),
  ...["h1", "h2", "h3", "h4"].map((h) => a(`${h}.eleven.example`)),
  { name: "eleven.example", type: "MX", exchange: "h1.eleven.example", priority: 10 },
  txt("loop.example", "v=spf1 include:_spf.loop.example -all"),
  txt("_spf.loop.example", "v=spf1 redirect=loop.example"),
  txt("void.example", "v=spf1 a:gone1.void.example a:gone2.void.example include:nospf.void.example -all"),
  a("nospf.void.example"),
  txt("broken.example", "v=spf1 include:_spf.broken.example -all"),
  // A CNAME chain that never ends: the server answers SERVFAIL, as a resolver does.
  { name: "_spf.broken.example", type: "CNAME", target: "_spf2.broken.example" },
  { name: "_spf2.broken.example", type: "CNAME", target: "_spf.broken.example" },
];

let server: DnsServer;
let resolver: ReturnType<typeof createResolver>;
beforeAll(async () => {
  const zone = buildZone(RECORDS);
  server = await startDnsServer(0, () => zone);
  resolver = createResolver([`127.0.0.1:${server.port}`], 2000);
});
afterAll(() => server.close());

const spfOf = (domain: string) => {
  const record = RECORDS.find((r) => r.name === domain && r.type === "TXT");
  if (record?.type !== "TXT") throw new Error(`no TXT record for ${domain} in the test zone`);
  return record.data;
};

describe("SPF lookup counting (RFC 7208 §4.6.4) over DNS", () => {
  it("counts includes and mx of a Microsoft 365 record", async () => {
    const out = await countSpfLookups(resolver, "good.example", spfOf("good.example"));
    expect(out).toMatchObject({ lookups: 2, voidLookups: 0, loop: null, error: null });
    expect(out.terms).toEqual(["good.example: include:spf.protection.outlook.com", "good.example: mx"]);
  });

  it("counts through nested includes and stops past 10", async () => {
    const out = await countSpfLookups(resolver, "eleven.example", spfOf("eleven.example"));
    expect(out.lookups).toBe(11);
    expect(out.terms[1]).toBe("_a.eleven.example: include:_b.eleven.example");
    expect(out.error).toBeNull();
  });

  it("detects an include/redirect loop", async () => {
    const out = await countSpfLookups(resolver, "loop.example", spfOf("loop.example"));
    expect(out.loop).toBe("loop.example → _spf.loop.example → loop.example");
  });

  it("counts lookups that find nothing as void (NXDOMAIN, and an include without SPF)", async () => {
    const out = await countSpfLookups(resolver, "void.example", spfOf("void.example"));
    expect(out).toMatchObject({ lookups: 3, voidLookups: 3, loop: null, error: null });
  });

  it("reports SERVFAIL on the way as an error, not a count", async () => {
    const out = await countSpfLookups(resolver, "broken.example", spfOf("broken.example"));
    expect(out.error).toMatch(/_spf\.broken\.example TXT: ESERVFAIL/);
  });

  it("is part of a domain's email DNS when it has exactly one SPF record", async () => {
    expect((await lookupEmailDns(resolver, "eleven.example")).spfLookups?.lookups).toBe(11);
    expect((await lookupEmailDns(resolver, "nothing.example")).spfLookups).toBeNull();
  });
});
