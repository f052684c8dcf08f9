/**
 * The OData query options Graph supports on the simulated collections: $filter (comparisons, and/or/not,
 * startswith, any/all lambdas, in), $select, $orderby, $top and $skiptoken paging.
 */

export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type ODataQuery = {
  select: string[] | null;
  filter: string | null;
  expand: string[];
  orderby: string | null;
  top: number | null;
  skiptoken: string | null;
  count: boolean;
};

/** Graph accepts the system query options with or without the `$` prefix. */
function option(params: URLSearchParams, name: string): string | null {
  return params.get(`$${name}`) ?? params.get(name);
}

function splitList(value: string | null): string[] | null {
  if (value === null) return null;
  return value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

export function parseQuery(params: URLSearchParams): ODataQuery {
  const topText = option(params, "top");
  let top: number | null = null;
  if (topText !== null) {
    top = Number(topText);
    if (!Number.isInteger(top) || top < 0) throw new ODataError(400, "BadRequest", `Invalid value '${topText}' for $top query option found.`);
  }
  return {
    select: splitList(option(params, "select")),
    filter: option(params, "filter"),
    expand: splitList(option(params, "expand")) ?? [],
    orderby: option(params, "orderby"),
    top,
    skiptoken: option(params, "skiptoken"),
    count: option(params, "count") === "true",
  };
}

/** Resolves property names case-insensitively, as Graph does, to their canonical spelling. */
export class PropertySet {
  private readonly byLower: Map<string, string>;
  constructor(
    readonly entityType: string,
    names: Iterable<string>,
  ) {
    this.byLower = new Map([...names].map((name) => [name.toLowerCase(), name]));
  }
  resolve(name: string): string {
    const found = this.byLower.get(name.toLowerCase());
    if (!found) throw new ODataError(400, "BadRequest", `Could not find a property named '${name}' on type 'microsoft.graph.${this.entityType}'.`);
    return found;
  }
}

export function resolveSelect(select: string[] | null, properties: PropertySet): string[] | null {
  if (select === null) return null;
  try {
    return select.map((name) => properties.resolve(name));
  } catch (error) {
    if (error instanceof ODataError) throw new ODataError(400, "BadRequest", `Parsing OData Select and Expand failed: ${error.message}`);
    throw error;
  }
}

/** Selected properties plus id; `select` null means the type's default property set. */
export function project(item: Record<string, unknown>, select: string[] | null, defaults: readonly string[] | null): Record<string, unknown> {
  const names = select ?? defaults;
  // A copy, never the stored record: $expand adds properties to what this returns.
  if (names === null) return { ...item };
  const result: Record<string, unknown> = {};
  if (!names.includes("id")) result.id = item.id;
  for (const name of names) result[name] = item[name] ?? null;
  return result;
}

// ---- $filter ----

type Literal = { kind: "literal"; value: string | number | boolean | null; isDate: boolean };
type Comparison = "eq" | "ne" | "gt" | "ge" | "lt" | "le";
export type FilterExpr =
  | { kind: "and" | "or"; left: FilterExpr; right: FilterExpr }
  | { kind: "not"; operand: FilterExpr }
  | { kind: "compare"; path: string[]; op: Comparison; literal: Literal }
  | { kind: "in"; path: string[]; literals: Literal[] }
  | { kind: "startswith"; path: string[]; prefix: string }
  | { kind: "lambda"; quantifier: "any" | "all"; path: string[]; op: Comparison; literal: Literal };

type Token = { type: "word" | "string" | "punct"; text: string };

const DATE_LITERAL = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) throw invalidFilter(text);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ type: "string", text: value });
    } else if ("(),:".includes(c)) {
      tokens.push({ type: "punct", text: c });
      i++;
    } else {
      const match = /^[^\s'(),]+/.exec(text.slice(i));
      if (!match) throw invalidFilter(text);
      // A lambda variable is followed by ':' ("g:g eq 'x'"); keep the colon as its own token.
      const word = match[0].includes(":") && !DATE_LITERAL.test(match[0]) ? (match[0].split(":")[0] as string) : match[0];
      tokens.push({ type: "word", text: word });
      i += word.length;
    }
  }
  return tokens;
}

function invalidFilter(text: string): ODataError {
  return new ODataError(400, "BadRequest", `Invalid filter clause: syntax error in '${text}'.`);
}

const COMPARISONS = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);

export function parseFilter(text: string): FilterExpr {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const token = tokens[pos++];
    if (!token) throw invalidFilter(text);
    return token;
  };
  const expect = (punct: string) => {
    const token = next();
    if (token.type !== "punct" || token.text !== punct) throw invalidFilter(text);
  };
  const isWord = (token: Token | undefined, word: string) => token?.type === "word" && token.text.toLowerCase() === word;

  const literal = (): Literal => {
    const token = next();
    if (token.type === "string") return { kind: "literal", value: token.text, isDate: false };
    if (token.type !== "word") throw invalidFilter(text);
    const word = token.text;
    if (word === "true" || word === "false") return { kind: "literal", value: word === "true", isDate: false };
    if (word === "null") return { kind: "literal", value: null, isDate: false };
    if (DATE_LITERAL.test(word)) return { kind: "literal", value: word, isDate: true };
    if (/^-?\d+(\.\d+)?$/.test(word)) return { kind: "literal", value: Number(word), isDate: false };
    // Unquoted GUIDs are accepted for id-typed properties.
    if (/^[0-9a-f-]{36}$/i.test(word)) return { kind: "literal", value: word, isDate: false };
    throw invalidFilter(text);
  };
  const comparison = (): Comparison => {
    const token = next();
    const op = token.text.toLowerCase();
    if (token.type !== "word" || !COMPARISONS.has(op)) throw invalidFilter(text);
    return op as Comparison;
  };

  const primary = (): FilterExpr => {
    const token = next();
    if (token.type === "punct" && token.text === "(") {
      const inner = orExpr();
      expect(")");
      return inner;
    }
    if (token.type !== "word") throw invalidFilter(text);
    const lower = token.text.toLowerCase();
    if (lower === "startswith" && peek()?.text === "(") {
      expect("(");
      const path = next().text.split("/");
      expect(",");
      const prefix = literal();
      expect(")");
      return { kind: "startswith", path, prefix: String(prefix.value) };
    }
    const lambda = /^(.+)\/(any|all)$/i.exec(token.text);
    if (lambda && peek()?.text === "(") {
      expect("(");
      const variable = next().text;
      expect(":");
      const subject = next().text;
      if (subject !== variable) throw invalidFilter(text);
      const op = comparison();
      const value = literal();
      expect(")");
      return { kind: "lambda", quantifier: (lambda[2] as string).toLowerCase() as "any" | "all", path: (lambda[1] as string).split("/"), op, literal: value };
    }
    const path = token.text.split("/");
    if (isWord(peek(), "in")) {
      next();
      expect("(");
      const literals = [literal()];
      while (peek()?.text === ",") {
        next();
        literals.push(literal());
      }
      expect(")");
      return { kind: "in", path, literals };
    }
    const op = comparison();
    return { kind: "compare", path, op, literal: literal() };
  };
  const unary = (): FilterExpr => {
    if (isWord(peek(), "not")) {
      next();
      return { kind: "not", operand: unary() };
    }
    return primary();
  };
  const andExpr = (): FilterExpr => {
    let left = unary();
    while (isWord(peek(), "and")) {
      next();
      left = { kind: "and", left, right: unary() };
    }
    return left;
  };
  const orExpr = (): FilterExpr => {
    let left = andExpr();
    while (isWord(peek(), "or")) {
      next();
      left = { kind: "or", left, right: andExpr() };
    }
    return left;
  };

  const expr = orExpr();
  if (pos !== tokens.length) throw invalidFilter(text);
  return expr;
}

/** Top-level property names a filter reads, so the endpoint can validate them and apply licence gates. */
export function filterProperties(expr: FilterExpr): string[] {
  switch (expr.kind) {
    case "and":
    case "or":
      return [...filterProperties(expr.left), ...filterProperties(expr.right)];
    case "not":
      return filterProperties(expr.operand);
    default:
      return [expr.path[0] as string];
  }
}

/** Rewrites the filter's property names to their canonical spelling (or throws for unknown ones). */
export function resolveFilter(expr: FilterExpr, properties: PropertySet): FilterExpr {
  switch (expr.kind) {
    case "and":
    case "or":
      return { ...expr, left: resolveFilter(expr.left, properties), right: resolveFilter(expr.right, properties) };
    case "not":
      return { ...expr, operand: resolveFilter(expr.operand, properties) };
    default: {
      const [head, ...rest] = expr.path;
      return { ...expr, path: [properties.resolve(head as string), ...rest] };
    }
  }
}

function valueAt(item: unknown, path: string[]): unknown {
  let current = item;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return null;
    current = (current as Record<string, unknown>)[segment];
  }
  return current ?? null;
}

function compare(actual: unknown, op: Comparison, literal: Literal): boolean {
  const expected = literal.value;
  if (expected === null || actual === null) {
    const equal = expected === actual;
    if (op === "eq") return equal;
    if (op === "ne") return !equal;
    return false;
  }
  let a: string | number | boolean;
  let b: string | number | boolean;
  if (literal.isDate && typeof actual === "string") {
    a = Date.parse(actual);
    b = Date.parse(expected as string);
  } else if (typeof actual === "string" && typeof expected === "string") {
    // Directory string comparisons are case-insensitive.
    a = actual.toLowerCase();
    b = expected.toLowerCase();
  } else {
    a = actual as string | number | boolean;
    b = expected;
  }
  switch (op) {
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
    case "lt":
      return a < b;
    case "le":
      return a <= b;
  }
}

export function matches(expr: FilterExpr, item: unknown): boolean {
  switch (expr.kind) {
    case "and":
      return matches(expr.left, item) && matches(expr.right, item);
    case "or":
      return matches(expr.left, item) || matches(expr.right, item);
    case "not":
      return !matches(expr.operand, item);
    case "compare":
      return compare(valueAt(item, expr.path), expr.op, expr.literal);
    case "in": {
      const actual = valueAt(item, expr.path);
      return expr.literals.some((literal) => compare(actual, "eq", literal));
    }
    case "startswith": {
      const actual = valueAt(item, expr.path);
      return typeof actual === "string" && actual.toLowerCase().startsWith(expr.prefix.toLowerCase());
    }
    case "lambda": {
      const actual = valueAt(item, expr.path);
      if (!Array.isArray(actual)) return false;
      const test = (element: unknown) => compare(element, expr.op, expr.literal);
      return expr.quantifier === "any" ? actual.some(test) : actual.every(test);
    }
  }
}

// ---- $orderby ----

export function sortBy<T>(items: T[], orderby: string | null, properties: PropertySet, read: (item: T) => Record<string, unknown>): T[] {
  if (!orderby) return items;
  const keys = orderby.split(",").map((part) => {
    const [name, direction] = part.trim().split(/\s+/);
    return { name: properties.resolve(name ?? ""), descending: direction?.toLowerCase() === "desc" };
  });
  return [...items].sort((x, y) => {
    for (const key of keys) {
      const a = read(x)[key.name];
      const b = read(y)[key.name];
      const order = String(a ?? "").localeCompare(String(b ?? ""), "en", { sensitivity: "base" });
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  });
}

// ---- paging ----

const SKIPTOKEN_PREFIX = "m365sim:";

export function encodeSkiptoken(offset: number): string {
  return Buffer.from(`${SKIPTOKEN_PREFIX}${offset}`).toString("base64url");
}

export function decodeSkiptoken(token: string): number {
  const text = Buffer.from(token, "base64url").toString("utf8");
  const offset = Number(text.slice(SKIPTOKEN_PREFIX.length));
  if (!text.startsWith(SKIPTOKEN_PREFIX) || !Number.isInteger(offset) || offset < 0) {
    throw new ODataError(400, "Directory_ExpiredPageToken", "The specified page token value has expired and can no longer be included in your request.");
  }
  return offset;
}

export type PageLimits = { defaultSize: number; maxSize: number };

export function pageOf<T>(items: T[], query: ODataQuery, limits: PageLimits): { items: T[]; nextOffset: number | null } {
  const size = query.top ?? limits.defaultSize;
  if (size < 1 || size > limits.maxSize) {
    throw new ODataError(400, "Request_UnsupportedQuery", `Invalid page size specified: '${size}'. Must be between 1 and ${limits.maxSize} inclusive.`);
  }
  const offset = query.skiptoken ? decodeSkiptoken(query.skiptoken) : 0;
  const end = offset + size;
  return { items: items.slice(offset, end), nextOffset: end < items.length ? end : null };
}

/** Query string of a nextLink: the original options with the new $skiptoken, encoded the way Graph writes them. */
export function nextLinkQuery(params: URLSearchParams, offset: number): string {
  const parts: string[] = [];
  for (const [key, value] of params) {
    if (key === "$skiptoken" || key === "skiptoken") continue;
    parts.push(`${key}=${encodeURIComponent(value).replace(/%2C/g, ",")}`);
  }
  parts.push(`$skiptoken=${encodeSkiptoken(offset)}`);
  return parts.join("&");
}
