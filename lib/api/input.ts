import { AppError, type FieldIssue } from "@/lib/api/errors";

/**
 * The one gate every request body, query string and route parameter passes before zod and the database see it.
 * Anything refused here is a 400 VALIDATION_ERROR (route params: 404, an id that cannot exist is not found) that
 * names the problem and where it is — never a 500 from PostgreSQL ("invalid byte sequence", "unsupported Unicode
 * escape sequence") or a silently different value. Like Stripe and GitHub, we refuse what JavaScript's JSON.parse
 * would quietly accept:
 * - duplicate keys (JSON.parse keeps the last one: a proxy that reads the first sees a different request);
 * - `__proto__`, `constructor`, `prototype` as keys (prototype pollution in any code that merges objects);
 * - strings PostgreSQL cannot store or that are not well-formed Unicode: NUL and the other C0 controls except tab,
 *   CR and LF, and unpaired UTF-16 surrogates (`"\ud800"`) — in keys and in values;
 * - numbers beyond ±(2^53 − 1) or not finite (`1e999`): they would be rounded, or refused by int/bigint columns;
 * - nesting deeper than 16 levels (no input of ours is deeper than 3);
 * - bytes that are not UTF-8.
 */
export const MAX_JSON_DEPTH = 16;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

// C0 controls except \t \n \r (DEL, 0x7f, is storable and harmless, so it stays allowed).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be accepted, or null when it is fine. */
export function stringProblem(value: string): string | null {
  if (value.includes("\u0000")) return "must not contain NUL (\\u0000) characters";
  if (CONTROL.test(value)) return "must not contain control characters (other than tab, CR and LF)";
  if (LONE_SURROGATE.test(value)) return "must be well-formed Unicode (it contains an unpaired surrogate)";
  return null;
}

function invalid(field: string, message: string): AppError {
  return new AppError("VALIDATION_ERROR", "The request is invalid", [{ field, message } satisfies FieldIssue]);
}

const fieldOf = (path: (string | number)[]) => (path.length === 0 ? "(body)" : path.join("."));

/** A strict RFC 8259 parser with the rules above; the error names the field (dotted path) or the offset. */
class StrictJsonParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): unknown {
    this.skipWhitespace();
    const value = this.value([], 0);
    this.skipWhitespace();
    if (this.pos < this.text.length) throw this.syntax("unexpected data after the JSON value");
    return value;
  }

  private syntax(what: string): AppError {
    return invalid("(body)", `is not valid JSON: ${what} at offset ${this.pos}`);
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.pos++;
    }
  }

  private value(path: (string | number)[], depth: number): unknown {
    const c = this.text[this.pos];
    if (c === "{" || c === "[") {
      if (depth >= MAX_JSON_DEPTH) throw invalid(fieldOf(path), `nests deeper than ${MAX_JSON_DEPTH} levels`);
      return c === "{" ? this.object(path, depth + 1) : this.array(path, depth + 1);
    }
    if (c === '"') return this.string(path);
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number(path);
    for (const [word, literal] of [["true", true], ["false", false], ["null", null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return literal;
      }
    }
    throw this.syntax(c === undefined ? "unexpected end of input" : "unexpected character");
  }

  private object(path: (string | number)[], depth: number): Record<string, unknown> {
    this.pos++; // {
    // A null-prototype object: even a key that slipped past the checks could not reach Object.prototype.
    const out: Record<string, unknown> = Object.create(null);
    const seen = new Set<string>();
    this.skipWhitespace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return { ...out };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') throw this.syntax("expected a string key");
      const key = this.string(path, true);
      const keyPath = [...path, key];
      if (seen.has(key)) throw invalid(fieldOf(keyPath), "is given more than once");
      if (FORBIDDEN_KEYS.has(key)) throw invalid(fieldOf(keyPath), "is not an allowed key");
      seen.add(key);
      this.skipWhitespace();
      if (this.text[this.pos] !== ":") throw this.syntax("expected ':'");
      this.pos++;
      this.skipWhitespace();
      out[key] = this.value(keyPath, depth);
      this.skipWhitespace();
      const next = this.text[this.pos++];
      if (next === "}") break;
      if (next !== ",") throw this.syntax("expected ',' or '}'");
    }
    // Spread into an ordinary object: no forbidden key can be present, and callers (zod) expect a plain object.
    return { ...out };
  }

  private array(path: (string | number)[], depth: number): unknown[] {
    this.pos++; // [
    const out: unknown[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      out.push(this.value([...path, out.length], depth));
      this.skipWhitespace();
      const next = this.text[this.pos++];
      if (next === "]") break;
      if (next !== ",") throw this.syntax("expected ',' or ']'");
    }
    return out;
  }

  private string(path: (string | number)[], isKey = false): string {
    const start = this.pos;
    let end = start + 1;
    // Find the closing quote; JSON.parse then decodes the escapes exactly as the standard says.
    for (;;) {
      if (end >= this.text.length) throw this.syntax("unterminated string");
      const c = this.text.charCodeAt(end);
      if (c === 0x22) break;
      if (c === 0x5c) end++;
      else if (c < 0x20) {
        this.pos = end;
        throw this.syntax("unescaped control character in a string");
      }
      end++;
    }
    let decoded: string;
    try {
      decoded = JSON.parse(this.text.slice(start, end + 1)) as string;
    } catch {
      this.pos = start;
      throw this.syntax("invalid escape in a string");
    }
    this.pos = end + 1;
    const problem = stringProblem(decoded);
    if (problem) throw invalid(fieldOf(path), isKey ? `has a key that ${problem}` : problem);
    return decoded;
  }

  private number(path: (string | number)[]): number {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!match) throw this.syntax("invalid number");
    this.pos += match[0].length;
    const value = Number(match[0]);
    if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
      throw invalid(fieldOf(path), `must be a number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`);
    }
    return value;
  }
}

/** Parses a request body (bytes) under the rules above; the result is a JSON object, or a VALIDATION_ERROR. */
export function parseJsonBody(bytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw invalid("(body)", "is not valid UTF-8");
  }
  if (text.trim() === "") throw new AppError("VALIDATION_ERROR", "The request body is empty; send a JSON object");
  const body = new StrictJsonParser(text).parse();
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AppError("VALIDATION_ERROR", "The request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

/** Largest value a numeric query parameter may spell: PostgreSQL's int4, so no parameter overflows a column. */
export const MAX_QUERY_INTEGER = 2_147_483_647;
const MAX_QUERY_VALUE_LENGTH = 2048;

/**
 * Query parameters as a plain object under the same string rules as bodies; a parameter given twice is a
 * VALIDATION_ERROR rather than a guess, and so is an all-digit value beyond int4 (zod then applies each route's range).
 */
export function parseQuery(url: string): Record<string, string> {
  const params = new URL(url).searchParams;
  const out: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    const keyProblem = stringProblem(key);
    if (keyProblem) throw invalid("(query)", `has a parameter name that ${keyProblem}`);
    if (FORBIDDEN_KEYS.has(key)) throw invalid(key, "is not an allowed parameter name");
    const values = params.getAll(key);
    if (values.length > 1) throw invalid(key, "must be given at most once");
    const value = values[0]!;
    const problem = stringProblem(value) ?? (value.length > MAX_QUERY_VALUE_LENGTH ? `must be at most ${MAX_QUERY_VALUE_LENGTH} characters` : null);
    if (problem) throw invalid(key, problem);
    if (/^[-+]?\d+$/.test(value) && Math.abs(Number(value)) > MAX_QUERY_INTEGER) throw invalid(key, `must be at most ${MAX_QUERY_INTEGER}`);
    out[key] = value;
  }
  return out;
}

/** Ids are short ASCII (`t_…`, `scan_…`, `sched_…`, `plan`, `me`); anything longer cannot name a resource. */
export const MAX_PARAM_LENGTH = 200;

/**
 * A route parameter that cannot name anything of ours (control characters, broken Unicode, over-long): the resource
 * is simply not found, as GitHub answers for an impossible id — so it never reaches a query.
 */
export function paramProblem(value: string): string | null {
  return stringProblem(value) ?? (value.length > MAX_PARAM_LENGTH ? "is too long" : null);
}
