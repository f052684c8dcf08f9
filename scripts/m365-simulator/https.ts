import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSecureContext, type SecureContext } from "node:tls";
import { promisify } from "node:util";

/**
 * The web servers of the tenants' domains that MTA-STS needs (RFC 8461 §3.3): https://mta-sts.<domain>/.well-known/
 * mta-sts.txt, chosen by SNI and Host, with a certificate for that host issued by a local CA made at start-up (the app
 * trusts it through MTA_STS_EXTRA_CA_PEM; verification stays on). node:crypto cannot sign certificates, so the
 * `openssl` CLI does. Unknown hosts and paths get 404.
 */

const run = promisify(execFile);

/** A policy host's answer. Defaults: 200, text/plain. A `location` makes it a redirect (which senders must not follow). */
export type PolicyFile = { host: string; body: string; status?: number; contentType?: string; location?: string };

export const MTA_STS_PATH = "/.well-known/mta-sts.txt";

export type LocalCa = {
  caPem: string;
  /** A certificate and key for `host` (subjectAltName DNS:host), signed by this CA. */
  issue(host: string): Promise<{ cert: string; key: string }>;
  dispose(): Promise<void>;
};

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/** A throw-away CA (P-256, two days) in a temporary directory, removed by dispose(). */
export async function createLocalCa(name = "M365 simulator local CA"): Promise<LocalCa> {
  const dir = await mkdtemp(join(tmpdir(), "m365-sim-ca-"));
  const file = (f: string) => join(dir, f);
  try {
    await run("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", file("ca.key")]);
    await run("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", file("leaf.key")]);
    await run("openssl", [
      "req", "-x509", "-new", "-key", file("ca.key"), "-subj", `/CN=${name}`, "-days", "2", "-out", file("ca.pem"),
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    ]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`the simulator needs the openssl CLI to make its local CA: ${(error as Error).message}`);
  }
  const [caPem, key] = await Promise.all([readFile(file("ca.pem"), "utf8"), readFile(file("leaf.key"), "utf8")]);
  const issued = new Map<string, Promise<{ cert: string; key: string }>>();
  return {
    caPem,
    issue(host) {
      const name = host.toLowerCase();
      if (!HOST_NAME.test(name)) return Promise.reject(new Error(`not a host name: ${host}`));
      let cert = issued.get(name);
      if (!cert) {
        cert = run("openssl", [
          "req", "-x509", "-new", "-key", file("leaf.key"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-subj", `/CN=${name}`, "-days", "2",
          "-addext", `subjectAltName=DNS:${name}`, "-addext", "basicConstraints=critical,CA:FALSE", "-addext", "extendedKeyUsage=serverAuth",
        ]).then(({ stdout }) => ({ cert: stdout, key }));
        issued.set(name, cert);
      }
      return cert;
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

export type HttpsServer = { port: number; close: () => Promise<void> };

/** Serves `files()` (current policy files by host) on 127.0.0.1, a certificate for whatever host the client names. */
export async function startHttpsServer(port: number, ca: LocalCa, files: () => readonly PolicyFile[]): Promise<HttpsServer> {
  const fallback = await ca.issue("m365-simulator.localhost");
  const contexts = new Map<string, Promise<SecureContext>>();
  const server: Server = createServer(
    {
      ...fallback,
      SNICallback(servername, callback) {
        const name = servername.toLowerCase();
        let context = contexts.get(name);
        if (!context) {
          context = ca.issue(name).then((issued) => createSecureContext(issued));
          contexts.set(name, context);
        }
        context.then((c) => callback(null, c), (error: Error) => callback(error));
      },
    },
    (req, res) => {
      const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
      const file = files().find((f) => f.host.toLowerCase() === host);
      const path = (req.url ?? "").split("?")[0];
      if (!file || path !== MTA_STS_PATH || (req.method !== "GET" && req.method !== "HEAD")) {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not Found\n");
        return;
      }
      const headers: Record<string, string> = { "content-type": file.contentType ?? "text/plain; charset=utf-8", "cache-control": "no-store" };
      if (file.location) headers.location = file.location;
      res.writeHead(file.status ?? 200, headers).end(req.method === "HEAD" ? undefined : file.body);
    },
  );
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
