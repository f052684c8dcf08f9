import { promises as dns } from "node:dns";
import { getDomain } from "tldts";
import { SPF_LOOKUP_LIMIT, SPF_VOID_LIMIT } from "@/lib/scans/checks/email-authentication/records";
import type { DomainDnsRecords, SpfLookups } from "@/lib/scans/checks/types";

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

/** A lookup that failed for another reason than "no such record" (timeout, SERVFAIL, refused). */
export class DnsLookupError extends Error {}

/** Records of one type at a name; [] for NXDOMAIN/NODATA (a void lookup), a DnsLookupError for anything else. */
export async function resolveAny(resolver: dns.Resolver, name: string, type: "A" | "MX" | "TXT"): Promise<unknown[]> {
  try {
    if (type === "TXT") return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""));
    if (type === "MX") return await resolver.resolveMx(name);
    return await resolver.resolve4(name);
  } catch (error) {
    if (NO_RECORD.has((error as NodeJS.ErrnoException).code ?? "")) return [];
    throw new DnsLookupError(`${name} ${type}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

const txt = async (resolver: dns.Resolver, name: string) => (await resolveAny(resolver, name, "TXT")) as string[];

const SPF_TERMS_KEPT = 30;

/**
 * Counts the DNS-querying terms of an SPF record the way a receiver evaluates it (RFC 7208 §4.6.4): include, a, mx,
 * ptr and exists mechanisms and the redirect modifier each cost one lookup, through nested includes and redirects;
 * a lookup answered with no records (NXDOMAIN or NODATA) is void; an include or redirect back into a record already
 * being evaluated is a loop. Stops once past the limit (a receiver gives up there too), so a hostile record cannot
 * make us query without end. Terms whose domain uses macros (%{…}) are counted but not resolved: their target
 * depends on the message being checked.
 */
export async function countSpfLookups(resolver: dns.Resolver, domain: string, record: string): Promise<SpfLookups> {
  const result: SpfLookups = { lookups: 0, voidLookups: 0, loop: null, terms: [], termsCut: 0, error: null };
  const note = (term: string) => {
    if (result.terms.length < SPF_TERMS_KEPT) result.terms.push(term);
    else result.termsCut++;
  };
  const over = () => result.lookups > SPF_LOOKUP_LIMIT || result.voidLookups > SPF_VOID_LIMIT || result.loop !== null;
  const spfOf = async (name: string) => (await txt(resolver, name)).filter(startsWith("v=spf1"));

  async function walk(name: string, spf: string, chain: string[]): Promise<void> {
    const terms = spf.trim().split(/\s+/).slice(1);
    let redirect: string | null = null;
    let hasAll = false;
    for (const raw of terms) {
      if (over()) return;
      const term = raw.replace(/^[+\-~?]/, "");
      const lower = term.toLowerCase();
      const [mechanism = "", ...rest] = lower.split(/[:/]/);
      const target = lower.includes(":") ? term.slice(term.indexOf(":") + 1).split("/")[0]! : name;
      if (lower === "all") hasAll = true;
      if (lower.startsWith("redirect=")) {
        redirect = term.slice("redirect=".length);
        continue;
      }
      if (!["include", "a", "mx", "ptr", "exists"].includes(mechanism) || (mechanism !== "a" && mechanism !== "mx" && mechanism !== "ptr" && rest.length === 0)) continue;
      result.lookups++;
      note(`${name}: ${raw}`);
      if (mechanism === "ptr" || target.includes("%")) continue;
      if (mechanism === "include") {
        if (chain.includes(target.toLowerCase())) {
          result.loop = [...chain, target.toLowerCase()].join(" → ");
          return;
        }
        const records = await spfOf(target);
        if (records.length === 0) {
          result.voidLookups++;
          continue;
        }
        await walk(target, records[0]!, [...chain, target.toLowerCase()]);
        continue;
      }
      const answers = await resolveAny(resolver, target, mechanism === "mx" ? "MX" : "A");
      if (answers.length === 0) result.voidLookups++;
    }
    // A redirect applies only when the record has no all mechanism (§6.1).
    if (redirect !== null && !hasAll && !over()) {
      result.lookups++;
      note(`${name}: redirect=${redirect}`);
      if (redirect.includes("%")) return;
      if (chain.includes(redirect.toLowerCase())) {
        result.loop = [...chain, redirect.toLowerCase()].join(" → ");
        return;
      }
      const records = await spfOf(redirect);
      if (records.length === 0) result.voidLookups++;
      else await walk(redirect, records[0]!, [...chain, redirect.toLowerCase()]);
    }
  }

  try {
    await walk(domain, record, [domain.toLowerCase()]);
  } catch (error) {
    if (!(error instanceof DnsLookupError)) throw error;
    result.error = error.message;
  }
  return result;
}

const startsWith = (prefix: string) => (record: string) => record.trim().toLowerCase().startsWith(prefix.toLowerCase());

/**
 * DMARC policy discovery (RFC 7489 §6.6.3): the domain's own _dmarc record first; only when it has none (after
 * discarding records not starting v=DMARC1), the organisational domain's. Several records at the domain itself end
 * discovery there (receivers then apply no DMARC), so they are returned as they are, without falling back.
 */
async function findDmarc(resolver: dns.Resolver, domain: string, orgDomain: string): Promise<{ dmarc: string[]; dmarcDomain: string | null }> {
  const own = (await txt(resolver, `_dmarc.${domain}`)).filter(startsWith("v=DMARC1"));
  if (own.length > 0) return { dmarc: own, dmarcDomain: domain };
  if (orgDomain.toLowerCase() === domain.toLowerCase()) return { dmarc: [], dmarcDomain: null };
  const inherited = (await txt(resolver, `_dmarc.${orgDomain}`)).filter(startsWith("v=DMARC1"));
  return { dmarc: inherited, dmarcDomain: inherited.length > 0 ? orgDomain : null };
}

export async function lookupEmailDns(resolver: dns.Resolver, domain: string): Promise<DomainDnsRecords> {
  const orgDomain = getDomain(domain, { allowPrivateDomains: false }) ?? domain;
  try {
    const [root, dmarc, ...dkim] = await Promise.all([
      txt(resolver, domain),
      findDmarc(resolver, domain, orgDomain),
      ...DKIM_SELECTORS.map((s) => txt(resolver, `${s}._domainkey.${domain}`)),
    ]);
    const spf = (root as string[]).filter(startsWith("v=spf1"));
    return {
      domain,
      orgDomain,
      spf,
      spfLookups: spf.length === 1 ? await countSpfLookups(resolver, domain, spf[0]!) : null,
      ...(dmarc as { dmarc: string[]; dmarcDomain: string | null }),
      dkim: DKIM_SELECTORS.map((selector, i) => ({ selector, record: (dkim[i] as string[]).find(startsWith("v=DKIM1")) ?? null })),
      mtaSts: null,
      error: null,
    };
  } catch (error) {
    return { domain, orgDomain, spf: [], spfLookups: null, dmarc: [], dmarcDomain: null, dkim: [], mtaSts: null, error: (error as Error).message };
  }
}
