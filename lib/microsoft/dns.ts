import { promises as dns } from "node:dns";
import { getDomain } from "tldts";
import type { DomainDnsRecords } from "@/lib/scans/checks/types";

/**
 * Email-authentication DNS of one domain, through node:dns with configurable servers (the local simulator in
 * development and tests). "No such record" is an answer; a timeout or SERVFAIL is an error, never a "missing".
 */
const NO_RECORD = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN"]);
const DKIM_SELECTORS = ["selector1", "selector2"];

export function createResolver(servers: string[] | undefined, timeoutMs = 5000): dns.Resolver {
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 2 });
  if (servers && servers.length > 0) resolver.setServers(servers);
  return resolver;
}

async function txt(resolver: dns.Resolver, name: string): Promise<string[]> {
  try {
    return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""));
  } catch (error) {
    if (NO_RECORD.has((error as NodeJS.ErrnoException).code ?? "")) return [];
    throw new Error(`${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

const startsWith = (prefix: string) => (record: string) => record.trim().toLowerCase().startsWith(prefix.toLowerCase());

export async function lookupEmailDns(resolver: dns.Resolver, domain: string): Promise<DomainDnsRecords> {
  const orgDomain = getDomain(domain, { allowPrivateDomains: false }) ?? domain;
  try {
    const [root, dmarc, ...dkim] = await Promise.all([
      txt(resolver, domain),
      txt(resolver, `_dmarc.${orgDomain}`),
      ...DKIM_SELECTORS.map((s) => txt(resolver, `${s}._domainkey.${domain}`)),
    ]);
    return {
      domain,
      orgDomain,
      spf: root!.filter(startsWith("v=spf1")),
      dmarc: dmarc!.filter(startsWith("v=DMARC1")),
      dkim: DKIM_SELECTORS.map((selector, i) => ({ selector, record: dkim[i]!.find(startsWith("v=DKIM1")) ?? null })),
      error: null,
    };
  } catch (error) {
    return { domain, orgDomain, spf: [], dmarc: [], dkim: [], error: (error as Error).message };
  }
}
