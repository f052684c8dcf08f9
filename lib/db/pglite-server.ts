import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

/**
 * Embedded PostgreSQL (PGlite) served over the Postgres wire protocol, so the app talks to it through the
 * same Prisma adapter as production.
 *
 * PGlite is one backend session shared by every client. @electric-sql/pglite-socket's server interleaves
 * clients message by message, so under concurrency one client's Parse/Bind/Execute lands between another's
 * ("unnamed prepared statement does not exist", "bind message supplies 2 parameters, but prepared statement
 * requires 3"). This server hands the session to one client for a whole protocol batch — up to its Sync or
 * simple Query — and for the whole of an open transaction, like a transaction-mode pooler. Clients queue in
 * arrival order. Session state (SET, named prepared statements, temp tables) is still shared: PGlite has one
 * session; race tests belong on real PostgreSQL.
 *
 * LISTEN/NOTIFY across clients: the one backend delivers a notification in the output of whichever client's
 * statement committed it, so a plain pass-through would hand it to the notifier instead of the listener. This
 * server remembers which channels each client LISTENed to (simple-protocol `LISTEN <channel>`, what node-postgres
 * sends) and routes every NotificationResponse to exactly those clients, as PostgreSQL does (the API-token cache
 * relies on it: lib/auth/token-cache.ts). UNLISTEN is passed through and, the session being shared, stops the
 * channel for every client; the app never sends it.
 */
export type EmbeddedPostgres = { url: string; port: number; stop: () => Promise<void> };

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/** FIFO ownership of the one PGlite session. */
class SessionLock {
  private owner: object | null = null;
  private waiters: { client: object; grant: () => void }[] = [];

  async acquire(client: object): Promise<void> {
    if (this.owner === null || this.owner === client) {
      this.owner = client;
      return;
    }
    await new Promise<void>((grant) => this.waiters.push({ client, grant }));
  }

  release(client: object): void {
    if (this.owner !== client) return;
    const next = this.waiters.shift();
    this.owner = next ? next.client : null;
    next?.grant();
  }

  forget(client: object): void {
    this.waiters = this.waiters.filter((w) => w.client !== client);
    this.release(client);
  }
}

/** The server's open connections, for routing notifications to their listeners. */
type Hub = { stopping: boolean; connections: Set<WireConnection>; listeners: number };

const LISTEN_STATEMENT = /^\s*(UN)?LISTEN\s+(\*|"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)\s*;?\s*$/i;

/** The channel name a LISTEN/UNLISTEN identifier denotes (unquoted names fold to lower case). */
function channelName(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replaceAll('""', '"') : identifier.toLowerCase();
}

class WireConnection {
  private buffer = Buffer.alloc(0);
  /** Channels this client LISTENs to. */
  readonly channels = new Set<string>();
  /** The unfinished tail of the backend's output while it is being split into messages. */
  private pending = Buffer.alloc(0);
  private started = false;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly db: PGlite,
    private readonly lock: SessionLock,
    private readonly server: Hub,
  ) {
    server.connections.add(this);
    socket.setNoDelay(true);
    socket.on("data", (chunk) => this.onData(chunk));
    socket.on("close", () => void this.onClose());
    socket.on("error", () => socket.destroy());
  }

  private onData(chunk: Buffer) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const message = this.nextMessage();
      if (!message) return;
      this.chain = this.chain.then(() => this.handle(message)).catch(() => {
        this.socket.destroy();
      });
    }
  }

  /** Splits the byte stream into whole protocol messages (the first one has no type byte). */
  private nextMessage(): { kind: "startup" | "typed"; type: number; bytes: Buffer } | null {
    if (!this.started) {
      if (this.buffer.length < 8) return null;
      const length = this.buffer.readInt32BE(0);
      if (this.buffer.length < length) return null;
      const bytes = this.buffer.subarray(0, length);
      this.buffer = this.buffer.subarray(length);
      const code = bytes.readInt32BE(4);
      if (code === PROTOCOL_3) this.started = true;
      return { kind: "startup", type: code, bytes };
    }
    if (this.buffer.length < 5) return null;
    const length = 1 + this.buffer.readInt32BE(1);
    if (this.buffer.length < length) return null;
    const bytes = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return { kind: "typed", type: bytes[0]!, bytes };
  }

  private async handle(message: { kind: "startup" | "typed"; type: number; bytes: Buffer }) {
    if (this.closed) return;
    if (message.kind === "startup" && (message.type === SSL_REQUEST || message.type === GSSENC_REQUEST)) {
      this.socket.write("N"); // no TLS on loopback
      return;
    }
    if (message.kind === "startup" && message.type === CANCEL_REQUEST) {
      this.socket.end(); // query cancellation is not supported
      return;
    }
    if (message.kind === "typed" && message.type === 0x58 /* X: Terminate */) {
      this.socket.end();
      return;
    }
    if (message.kind === "typed" && message.type === 0x51 /* Q: simple Query */) this.trackListen(message.bytes);
    await this.lock.acquire(this);
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(new Uint8Array(message.bytes), {
          onRawData: (data) => {
            if (data.length === 0) return;
            // Nobody listens: nothing to route, pass the bytes through untouched (the common, fast case).
            if (this.server.listeners === 0 && this.pending.length === 0) this.write(Buffer.from(data));
            else this.route(Buffer.from(data));
          },
        }),
      );
    } finally {
      // The batch ends at Sync ('S') or a simple Query ('Q'); the session is only free outside a transaction.
      const endsBatch = message.kind === "startup" || message.type === 0x53 || message.type === 0x51;
      if (endsBatch && !this.db.isInTransaction()) this.lock.release(this);
    }
  }

  private write(bytes: Buffer) {
    if (!this.closed && bytes.length > 0) this.socket.write(bytes);
  }

  private trackListen(bytes: Buffer) {
    const sql = bytes.toString("utf8", 5, bytes.length - 1);
    const match = LISTEN_STATEMENT.exec(sql);
    if (!match) return;
    const before = this.channels.size;
    if (!match[1]) this.channels.add(channelName(match[2]!));
    else if (match[2] === "*") this.channels.clear();
    else this.channels.delete(channelName(match[2]!));
    this.server.listeners += Math.sign(this.channels.size) - Math.sign(before);
  }

  /**
   * Splits the backend's output into whole messages: NotificationResponses ('A') go to the clients listening on
   * their channel, everything else to this client. Only whole messages are written, so a notification never
   * lands inside another message on a listener's socket.
   */
  private route(data: Buffer) {
    const bytes = this.pending.length > 0 ? Buffer.concat([this.pending, data]) : data;
    let own: Buffer[] = [];
    let offset = 0;
    while (bytes.length - offset >= 5) {
      const length = 1 + bytes.readInt32BE(offset + 1);
      if (bytes.length - offset < length) break;
      const message = bytes.subarray(offset, offset + length);
      offset += length;
      if (message[0] !== 0x41) {
        own.push(message);
        continue;
      }
      // NotificationResponse: Int32 pid, channel (cstring), payload (cstring).
      const end = message.indexOf(0, 9);
      const channel = message.toString("utf8", 9, end);
      this.write(Buffer.concat(own));
      own = [];
      for (const connection of this.server.connections) {
        if (connection.channels.has(channel)) connection.write(Buffer.from(message));
      }
    }
    this.write(Buffer.concat(own));
    this.pending = Buffer.from(bytes.subarray(offset));
  }

  private async onClose() {
    this.closed = true;
    if (this.channels.size > 0) this.server.listeners--;
    this.channels.clear();
    this.server.connections.delete(this);
    await this.chain.catch(() => {});
    if (this.server.stopping) return; // the database is closing anyway
    // A client that vanished mid-transaction must not leave the shared session inside it.
    await this.lock.acquire(this);
    try {
      if (this.db.isInTransaction()) await this.db.exec("ROLLBACK").catch(() => {});
    } finally {
      this.lock.forget(this);
    }
  }
}

export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number; host?: string } = {}): Promise<EmbeddedPostgres> {
  const host = options.host ?? "127.0.0.1";
  const release = options.dataDir ? await lockDataDir(options.dataDir) : async () => {};
  try {
    const db = await PGlite.create(options.dataDir ?? "memory://");
    const lock = new SessionLock();
    const sockets = new Set<Socket>();
    const state: Hub = { stopping: false, connections: new Set(), listeners: 0 };
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      new WireConnection(socket, db, lock, state);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    const port = (server.address() as { port: number }).port;
    let stopped = false;
    return {
      url: `postgresql://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
      port,
      async stop() {
        if (stopped) return;
        stopped = true;
        state.stopping = true;
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await db.close();
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}

/**
 * Two processes on one PGlite data directory corrupt it silently, so the directory is locked with a pid
 * file created atomically. A lock left by a process that no longer runs is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const lockFile = path.join(path.dirname(path.resolve(dataDir)), `${path.basename(dataDir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: "wx" });
      return async () => {
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number((await readFile(lockFile, "utf8").catch(() => "")).trim());
      if (holder && isAlive(holder)) {
        throw new Error(
          `The embedded database at ${dataDir} is in use by process ${holder}. Stop it first (two processes on one data directory corrupt it).`,
        );
      }
      await rm(lockFile, { force: true }); // stale lock of a process that is gone
    }
  }
  throw new Error(`Could not lock the embedded database directory ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
