import type { promises as dns } from "node:dns";
import { request } from "node:https";
import type { LookupFunction } from "node:net";
import { rootCertificates } from "node:tls";
import { getEnv } from "@/lib/env";
import { DnsLookupError, resolveAny } from "@/lib/microsoft/dns";
import type { MtaStsPolicyFetch, MtaStsRecords } from "@/lib/scans/checks/types";

/**
 * What a sending MTA reads of a domain's MTA-STS (RFC 8461) and TLS-RPT (RFC 8460): MX, the _mta-sts and _smtp._tls
 * TXT records, and the policy file over HTTPS. The policy host is resolved through our own resolver (the one the DNS
 * checks use) and the connection goes to that address with SNI and certificate checks for mta-sts.<domain> — never
 * with verification off. X08 judges the raw result.
 */

/** RFC 8461 §3.3: "a suggested maximum policy size is 64 kilobytes". */
export const MTA_STS_MAX_POLICY_BYTES = 64 * 1024;

export type MtaStsFetchOptions = {
  port: number;
  /** PEM certificates trusted in addition to Node's CA store (the simulator's local CA in tests). */
  extraCaPem?: string;
  timeoutMs: number;
};

export function getMtaStsOptions(): MtaStsFetchOptions {
  const env = getEnv();
  return { port: env.MTA_STS_PORT, extraCaPem: env.MTA_STS_EXTRA_CA_PEM, timeoutMs: env.MTA_STS_TIMEOUT_MS };
}

/** Our side could not finish (timeout): the answer is unknown, so X08 errors instead of judging. */
class FetchTimeoutError extends Error {}

const TLS_ERROR = /CERT|SELF_SIGNED|UNABLE_TO|ALTNAME|ERR_TLS|ERR_SSL|EPROTO/;

/**
 * GET https://mta-sts.<domain>/.well-known/mta-sts.txt as §3.3 asks of a sender: a valid certificate for the host, no
 * redirects followed, 200 with media type text/plain, at most 64 KB. Each refusal is a reason (`ok: false`); only a
 * timeout or a failed DNS lookup of the host throws.
 */
export async function fetchMtaStsPolicy(resolver: dns.Resolver, domain: string, options: MtaStsFetchOptions): Promise<MtaStsPolicyFetch> {
  const host = `mta-sts.${domain}`;
  const url = `https://${host}/.well-known/mta-sts.txt`;
  const refused = (problem: string): MtaStsPolicyFetch => ({ url, ok: false, problem });
  const addresses = (await resolveAny(resolver, host, "A")) as string[];
  const address = addresses[0];
  if (address === undefined) return refused(`${host} has no address (no A record)`);
  // Connect to the address our resolver gave, whatever the system resolver would say; SNI and the certificate check use the host name.
  const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family: 4 }]);
    else callback(null, address, 4);
  };
  return new Promise<MtaStsPolicyFetch>((resolve, reject) => {
    const req = request({
      host,
      servername: host,
      port: options.port,
      path: "/.well-known/mta-sts.txt",
      method: "GET",
      headers: { accept: "text/plain" },
      lookup,
      agent: false,
      rejectUnauthorized: true,
      ca: options.extraCaPem ? [...rootCertificates, options.extraCaPem] : undefined,
      timeout: options.timeoutMs,
    });
    const timer = setTimeout(() => req.destroy(new FetchTimeoutError(`${url} timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    const done = (result: MtaStsPolicyFetch) => {
      clearTimeout(timer);
      resolve(result);
    };
    req.on("timeout", () => req.destroy(new FetchTimeoutError(`${url} timed out after ${options.timeoutMs} ms`)));
    req.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error instanceof FetchTimeoutError) return reject(error);
      const code = error.code ?? error.message;
      if (TLS_ERROR.test(code)) return resolve(refused(`the certificate is not valid for ${host} (${code})`));
      resolve(refused(`the HTTPS connection failed (${code})`));
    });
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        return done(refused(`HTTP ${status} redirect to ${res.headers.location ?? "(no location)"}, which senders must not follow`));
      }
      if (status !== 200) {
        res.resume();
        return done(refused(`HTTP ${status}`));
      }
      const mediaType = (res.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (mediaType !== "text/plain") {
        res.resume();
        return done(refused(`served as ${mediaType || "no media type"}, not text/plain`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MTA_STS_MAX_POLICY_BYTES) {
          res.destroy();
          return done(refused(`larger than ${MTA_STS_MAX_POLICY_BYTES / 1024} KB`));
        }
        chunks.push(chunk);
      });
      res.on("end", () => done({ url, ok: true, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (error) => done(refused(`the response broke off (${error.message})`)));
    });
    req.end();
  });
}

const startsWith = (prefix: string) => (record: string) => record.startsWith(prefix);

/**
 * MX, _mta-sts, _smtp._tls and (when there is mail to protect and exactly one STS record) the policy file. A DNS
 * failure or a fetch timeout is `error`; everything a sender would see as "no usable policy" is data for X08.
 */
export async function lookupMtaSts(resolver: dns.Resolver, domain: string, options: MtaStsFetchOptions): Promise<MtaStsRecords> {
  try {
    const [mxRecords, stsTxt, tlsRptTxt] = await Promise.all([
      resolveAny(resolver, domain, "MX") as Promise<{ exchange: string; priority: number }[]>,
      resolveAny(resolver, `_mta-sts.${domain}`, "TXT") as Promise<string[]>,
      resolveAny(resolver, `_smtp._tls.${domain}`, "TXT") as Promise<string[]>,
    ]);
    // A null MX ("." — RFC 7505) says the domain accepts no mail: it is no MX host.
    const mx = [...mxRecords]
      .sort((a, b) => a.priority - b.priority)
      .map((r) => r.exchange.toLowerCase().replace(/\.$/, ""))
      .filter((host) => host !== "");
    // RFC 8461 §3.1 / RFC 8460 §3: records not starting with the version are discarded.
    const sts = stsTxt.filter(startsWith("v=STSv1"));
    const tlsRpt = tlsRptTxt.filter(startsWith("v=TLSRPTv1"));
    const policy = mx.length > 0 && sts.length === 1 ? await fetchMtaStsPolicy(resolver, domain, options) : null;
    return { mx: [...new Set(mx)], sts, policy, tlsRpt, error: null };
  } catch (error) {
    if (!(error instanceof DnsLookupError) && !(error instanceof FetchTimeoutError)) throw error;
    return { mx: [], sts: [], policy: null, tlsRpt: [], error: error.message };
  }
}
