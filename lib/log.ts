import { describeUnavailable, isDatabaseUnavailable } from "@/lib/db/unavailable";
import { getEnv } from "@/lib/env";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, "silent">;

// Never log secrets: callers pass ids and codes, not tokens, headers or request bodies.
function write(level: Level, message: string, fields?: Record<string, unknown>) {
  if (LEVELS[level] < LEVELS[getEnv().LOG_LEVEL]) return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};

export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { error: error.message, name: error.name, stack: error.stack };
  return { error: String(error) };
}

const BRIEF_REASON_MAX = 200;
const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"`]+/gi;

/**
 * An error as one short log field pair — `code` and `reason` — for lines that repeat (a background tick fails every
 * few seconds while the database is away): never a stack, never the whole message. Prisma's messages span several
 * lines ("Invalid `prisma.scan.findMany()` invocation:", blank lines, then the cause) and a driver's may name the
 * host; an outage is summed up by its code and kind only (describeUnavailable), anything else by its code and the
 * last line of its message (where Prisma puts the cause), with URLs masked and the length capped.
 */
export function briefError(error: unknown): { code: string; reason: string } {
  const e = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; name?: unknown; message?: unknown };
  const name = typeof e.name === "string" ? e.name : "Error";
  const code = typeof e.code === "string" || typeof e.code === "number" ? String(e.code) : name;
  if (isDatabaseUnavailable(error)) return { code, reason: `database unavailable (${describeUnavailable(error).reason})` };
  const message = error instanceof Error || typeof e.message === "string" ? String(e.message) : String(error);
  const lines = message.split("\n").map((l) => l.trim()).filter(Boolean);
  const reason = (lines[lines.length - 1] ?? name).replace(URL_PATTERN, "<url>");
  return { code, reason: reason.length > BRIEF_REASON_MAX ? `${reason.slice(0, BRIEF_REASON_MAX - 1)}…` : reason };
}
