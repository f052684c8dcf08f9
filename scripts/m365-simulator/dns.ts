import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import type { DnsRecord } from "./model";

/**
 * An authoritative UDP DNS server for the registered tenants' domains (SPF, DMARC, DKIM, MX, A), so DNS checks
 * run against the fixtures with node:dns pointed at it. It answers like a recursive resolver would for
 * these names: a TXT query on a DKIM selector CNAME returns the CNAME and the target's TXT record.
 */

// dns2 ships no type declarations; these describe the part of its API used here.
type Dns2Question = { name: string; type: number; class: number };
type Dns2Packet = {
  header: { rcode: number; aa: number; ra: number };
  questions: Dns2Question[];
  answers: Record<string, unknown>[];
  authorities: Record<string, unknown>[];
};
type Dns2UdpServer = {
  listen(port: number, address: string): Promise<void>;
  address(): AddressInfo;
  close(callback?: () => void): void;
  on(event: "error" | "requestError", listener: (error: Error) => void): void;
};
type Dns2 = {
  Packet: { TYPE: Record<string, number>; CLASS: Record<string, number>; createResponseFromRequest(request: Dns2Packet): Dns2Packet };
  createUDPServer(handler: (request: Dns2Packet, send: (response: Dns2Packet) => Promise<unknown>) => void): Dns2UdpServer;
};

const dns2 = createRequire(import.meta.url)("dns2") as Dns2;
const { TYPE, CLASS } = dns2.Packet;

const TTL = 300;
const RCODE = { noError: 0, serverFailure: 2, nameError: 3 } as const;
const MAX_CNAME_HOPS = 8;

/**
 * Names outside the tenants' domains that their records point at, as the public DNS answers them: Exchange Online's
 * SPF include (every Microsoft 365 SPF record includes it, and SPF evaluation follows it).
 */
export const PUBLIC_RECORDS: DnsRecord[] = [
  {
    name: "spf.protection.outlook.com",
    type: "TXT",
    data: "v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:52.102.0.0/16 ip4:52.103.0.0/16 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/49 ip6:2a01:111:f403:8000::/51 ip6:2a01:111:f403:c000::/51 ip6:2a01:111:f403:f000::/52 -all",
  },
];

export type DnsZone = {
  records: Map<string, DnsRecord[]>;
  /** Names that exist (own records, or are ancestors of names with records): NODATA rather than NXDOMAIN. */
  names: Set<string>;
  /** Zone apexes, for the SOA that negative answers carry (RFC 2308). */
  apexes: string[];
};

function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

export function buildZone(records: DnsRecord[]): DnsZone {
  const byName = new Map<string, DnsRecord[]>();
  const names = new Set<string>();
  const apexes = new Set<string>();
  for (const record of records) {
    const name = normalize(record.name);
    byName.set(name, [...(byName.get(name) ?? []), record]);
    const labels = name.split(".");
    for (let i = 0; i < labels.length - 1; i++) names.add(labels.slice(i).join("."));
    // Mail domains own their MX; Microsoft's initial domains are zones under onmicrosoft.com.
    if (record.type === "MX") apexes.add(name);
    const initial = /([^.]+\.onmicrosoft\.com)$/.exec(name);
    if (initial?.[1]) apexes.add(initial[1]);
  }
  return { records: byName, names, apexes: [...apexes].sort((a, b) => b.length - a.length) };
}

/** TXT character-strings hold at most 255 bytes; longer values are split as DNS providers publish them. */
function txtChunks(data: string): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < data.length; i += 255) chunks.push(data.slice(i, i + 255));
  return chunks.length > 0 ? chunks : [""];
}

function resourceRecord(name: string, record: DnsRecord): Record<string, unknown> {
  const base = { name, class: CLASS.IN, ttl: TTL };
  switch (record.type) {
    case "A":
      return { ...base, type: TYPE.A, address: record.address };
    case "TXT":
      return { ...base, type: TYPE.TXT, data: txtChunks(record.data) };
    case "CNAME":
      return { ...base, type: TYPE.CNAME, domain: record.target };
    case "MX":
      return { ...base, type: TYPE.MX, exchange: record.exchange, priority: record.priority };
  }
}

function soaFor(zone: DnsZone, name: string): Record<string, unknown> | null {
  const apex = zone.apexes.find((a) => name === a || name.endsWith(`.${a}`));
  if (!apex) return null;
  return {
    name: apex,
    type: TYPE.SOA,
    class: CLASS.IN,
    ttl: TTL,
    primary: "ns1-01.azure-dns.com",
    admin: "azuredns-hostmaster.microsoft.com",
    serial: 1,
    refresh: 3600,
    retry: 300,
    expiration: 2419200,
    minimum: TTL,
  };
}

type Answer = { answers: Record<string, unknown>[]; rcode: number; authority: Record<string, unknown> | null };

export function answerQuestion(zone: DnsZone, question: Dns2Question): Answer {
  const answers: Record<string, unknown>[] = [];
  let owner = question.name;
  let name = normalize(question.name);
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const records = zone.records.get(name) ?? [];
    const cname = records.find((r) => r.type === "CNAME");
    if (cname && cname.type === "CNAME" && question.type !== TYPE.CNAME && question.type !== TYPE.ANY) {
      answers.push(resourceRecord(owner, cname));
      owner = cname.target;
      name = normalize(cname.target);
      continue;
    }
    const wanted = records.filter((r) => question.type === TYPE.ANY || TYPE[r.type] === question.type);
    answers.push(...wanted.map((r) => resourceRecord(owner, r)));
    const exists = records.length > 0 || zone.names.has(name);
    const negative = wanted.length === 0;
    return { answers, rcode: exists ? RCODE.noError : RCODE.nameError, authority: negative ? soaFor(zone, name) : null };
  }
  return { answers, rcode: RCODE.serverFailure, authority: null };
}

export type DnsServer = { port: number; close: () => Promise<void> };

export async function startDnsServer(port: number, zone: () => DnsZone): Promise<DnsServer> {
  const server = dns2.createUDPServer((request, send) => {
    const response = dns2.Packet.createResponseFromRequest(request);
    response.header.aa = 1;
    response.header.ra = 1;
    try {
      const question = request.questions[0];
      if (question) {
        const { answers, rcode, authority } = answerQuestion(zone(), question);
        response.answers = answers;
        response.authorities = authority ? [authority] : [];
        response.header.rcode = rcode;
      }
    } catch {
      response.answers = [];
      response.header.rcode = RCODE.serverFailure;
    }
    send(response).catch(() => {
      // The client went away; nothing to do for a UDP answer.
    });
  });
  server.on("error", () => {});
  server.on("requestError", () => {});
  await server.listen(port, "127.0.0.1");
  return {
    port: server.address().port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
