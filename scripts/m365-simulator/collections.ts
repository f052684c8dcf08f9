import type { TenantData } from "./model";
import {
  matches,
  nextLinkQuery,
  ODataError,
  pageOf,
  parseFilter,
  project,
  PropertySet,
  resolveFilter,
  resolveSelect,
  sortBy,
  type ODataQuery,
  type PageLimits,
} from "./odata";
import type { FaultHit } from "./registry";
import { contextUrl, graphError, ok, type GraphResult, type RequestIds } from "./responses";

/** Serving Graph collections and entities: $filter, $orderby, $select, $expand, paging and @odata.context. */

export type GraphContext = {
  data: TenantData;
  version: "v1.0" | "beta";
  /** Absolute base for @odata.nextLink, e.g. http://127.0.0.1:PORT */
  baseUrl: string;
  takeFault: (path: string) => FaultHit | null;
  /** Application permissions in the access token's roles claim; unset → not checked (unit tests of handlers). */
  roles?: readonly string[];
};

export type GraphRequest = {
  method: string;
  /** Path after the version prefix, without query: "/users". */
  path: string;
  params: URLSearchParams;
  headers: Record<string, string>;
  ids: RequestIds;
};

/** Directory collections page 100 items by default; $top may ask for up to 999. */
export const PAGE: PageLimits = { defaultSize: 100, maxSize: 999 };

const propertySets = new Map<string, PropertySet>();

/** The properties of an entity type, learnt from a sample record (every record of a type has the same keys). */
export function properties(entityType: string, sample: object | undefined, extra: string[] = []): PropertySet {
  const cached = propertySets.get(entityType);
  if (cached) return cached;
  if (!sample) return new PropertySet(entityType, ["id", ...extra]);
  const set = new PropertySet(entityType, [...Object.keys(sample), ...extra]);
  propertySets.set(entityType, set);
  return set;
}

type Expansion<T> = { name: string; apply: (out: Record<string, unknown>, item: T) => void };

export type CollectionOptions<T> = {
  items: T[];
  entityType: string;
  props: PropertySet;
  /** What Graph returns without $select (null: every property). */
  defaults?: readonly string[] | null;
  /** @odata.context fragment, e.g. "users" */
  contextPath: string;
  /** The stored record that $filter and $orderby read. */
  read: (item: T) => Record<string, unknown>;
  /** The Graph representation $select picks from (defaults to `read`); may build only `names` when given. */
  view?: (item: T, names: readonly string[] | null) => Record<string, unknown>;
  paging: PageLimits | null;
  expand?: Expansion<T>[];
};

function contextSuffix(select: string[] | null, expanded: string[]): string {
  const parts = [...(select ?? []), ...expanded.map((name) => `${name}()`)];
  return parts.length > 0 ? `(${parts.join(",")})` : "";
}

export function serveCollection<T>(ctx: GraphContext, req: GraphRequest, query: ODataQuery, options: CollectionOptions<T>): GraphResult {
  const select = resolveSelect(query.select, options.props);
  const defaults = options.defaults ?? null;
  let items = options.items;
  if (query.filter) {
    const expr = resolveFilter(parseFilter(query.filter), options.props);
    items = items.filter((item) => matches(expr, options.read(item)));
  }
  items = sortBy(items, query.orderby, options.props, options.read);
  const expansions = resolveExpand(query.expand, options.expand ?? [], options.entityType);

  let pageItems = items;
  let nextOffset: number | null = null;
  if (options.paging) ({ items: pageItems, nextOffset } = pageOf(items, query, options.paging));
  const names = select ?? defaults;
  const value = pageItems.map((item) => {
    const record = options.view ? options.view(item, names && ["id", ...names]) : options.read(item);
    const out = project(record, select, defaults);
    for (const expansion of expansions) expansion.apply(out, item);
    return out;
  });

  const fragment = `${options.contextPath}${contextSuffix(select, expansions.map((e) => e.name))}`;
  const body: Record<string, unknown> = { "@odata.context": contextUrl(ctx.version, fragment) };
  if (query.count && req.headers.consistencylevel?.toLowerCase() === "eventual") body["@odata.count"] = items.length;
  if (nextOffset !== null) body["@odata.nextLink"] = `${ctx.baseUrl}/${ctx.version}${req.path}?${nextLinkQuery(req.params, nextOffset)}`;
  body.value = value;
  return ok(body);
}

function resolveExpand<T>(requested: string[], available: Expansion<T>[], entityType: string): Expansion<T>[] {
  return requested.map((name) => {
    const found = available.find((e) => e.name.toLowerCase() === name.toLowerCase());
    if (found) return found;
    const message = `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.${entityType}'.`;
    throw new ODataError(400, "BadRequest", message);
  });
}

export function serveEntity(
  ctx: GraphContext,
  query: ODataQuery,
  record: Record<string, unknown>,
  props: PropertySet,
  contextPath: string,
  defaults: readonly string[] | null = null,
): GraphResult {
  const select = resolveSelect(query.select, props);
  const fragment = `${contextPath}${contextSuffix(select, [])}/$entity`;
  return ok({ "@odata.context": contextUrl(ctx.version, fragment), ...project(record, select, defaults) });
}

export function notFound(req: GraphRequest, id: string): GraphResult {
  const message = `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`;
  return graphError(404, "Request_ResourceNotFound", message, req.ids);
}
