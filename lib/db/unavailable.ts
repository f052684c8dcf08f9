/**
 * Is this error the database being unreachable (down, restarting, network cut, pool exhausted past its timeout)
 * rather than a bug or bad input? Those become `503 SERVICE_UNAVAILABLE` with `Retry-After` at the API's error
 * layer (lib/api/respond.ts): a transient condition the client should retry, not a 500.
 *
 * The errors come in three shapes (observed against PostgreSQL behind a cut proxy, see tests/http/db-outage.test.ts):
 * - Prisma's PrismaClientKnownRequestError / PrismaClientInitializationError with a connection code (P1001 …), or
 *   carrying the driver adapter's error kind (`meta.driverAdapterError.cause.kind`);
 * - node-postgres' own plain errors, which the adapter passes through unchanged ("Connection terminated
 *   unexpectedly", "… due to connection timeout", "timeout exceeded when trying to connect", "Query read timeout");
 * - a socket error (ECONNREFUSED …) or a PostgreSQL error whose SQLSTATE says the server is going away.
 */

/** Prisma: can't reach server, timed out, server closed the connection, pool timeout. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** @prisma/adapter-pg's DriverAdapterError kinds for the same conditions. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ECONNABORTED"]);
/** SQLSTATE: too many connections, admin/crash shutdown, cannot connect now, statement timeout / cancelled. */
const SQLSTATES = new Set(["53300", "57P01", "57P02", "57P03", "57014"]);
const PG_MESSAGES =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)$/;

type ErrorLike = { name?: unknown; code?: unknown; message?: unknown; severity?: unknown; syscall?: unknown; meta?: unknown; cause?: unknown; kind?: unknown };

function isPgServerError(e: ErrorLike): boolean {
  // pg's DatabaseError: a SQLSTATE code plus a severity. Class 08 = connection exception.
  return typeof e.code === "string" && typeof e.severity === "string" && (e.code.startsWith("08") || SQLSTATES.has(e.code));
}

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as ErrorLike;
  if (e.name === "PrismaClientInitializationError") return true;
  if (e.name === "PrismaClientKnownRequestError") {
    if (typeof e.code === "string" && PRISMA_CODES.has(e.code)) return true;
    // Interactive transaction that could not get a connection in time.
    if (e.code === "P2028" && typeof e.message === "string" && e.message.includes("Unable to start a transaction in the given time")) return true;
    const adapter = (e.meta as { driverAdapterError?: { cause?: ErrorLike } } | undefined)?.driverAdapterError?.cause;
    if (adapter && typeof adapter.kind === "string") {
      if (ADAPTER_KINDS.has(adapter.kind)) return true;
      if (adapter.kind === "postgres" && typeof adapter.code === "string" && (adapter.code.startsWith("08") || SQLSTATES.has(adapter.code))) return true;
    }
    return false;
  }
  if (e.name === "DriverAdapterError") {
    const kind = (e.cause as ErrorLike | undefined)?.kind;
    return typeof kind === "string" && ADAPTER_KINDS.has(kind);
  }
  // Socket errors of pg's own connection (they carry a syscall; a failed fetch() is a TypeError whose *cause* has
  // the code, and is deliberately not matched: an upstream other than the database is not this condition).
  if (typeof e.code === "string" && typeof e.syscall === "string" && SOCKET_CODES.has(e.code)) return true;
  if (isPgServerError(e)) return true;
  return e.name === "Error" && typeof e.message === "string" && PG_MESSAGES.test(e.message);
}

/** What a log line may say about it: the code or kind, never the message (it can name hosts) or a connection string. */
export function describeUnavailable(error: unknown): Record<string, string> {
  const e = (error ?? {}) as ErrorLike;
  const adapter = (e.meta as { driverAdapterError?: { cause?: ErrorLike } } | undefined)?.driverAdapterError?.cause;
  const reason =
    (typeof adapter?.kind === "string" && adapter.kind) ||
    (typeof e.code === "string" && e.code) ||
    (typeof e.message === "string" && PG_MESSAGES.test(e.message) && e.message) ||
    (typeof e.name === "string" && e.name) ||
    "unknown";
  return { reason };
}
