import "server-only";
import { getDb, poolOf, rawName, type Db } from "@/lib/db";
import type { Scan } from "@/lib/generated/prisma/client";
import type { ConnectionStatus, ScanStatus, ScanType } from "@/lib/generated/prisma/enums";

/*
 * The scan API's hot reads as hand-written statements on the Prisma client's own pg pool (bench:api, issue 10).
 * A CPU profile of the app under load put most of a list request's time in Prisma's query compiler, its
 * interpreter and result mapping, not in PostgreSQL; these statements skip all of it and ask for one round trip
 * where Prisma needed two. Rows come back already shaped like Prisma's `Scan` (same column aliases; pg parses
 * timestamptz to Date, int4/float8 to numbers), so serialisers and callers do not change. Every statement is
 * tenant-scoped in its WHERE clause, and tables are schema-qualified with rawName() (the adapter's schema option
 * does not rewrite raw SQL). Unnamed statements on purpose: the embedded PGlite serves every pool connection from
 * one session, where a named statement prepared by one connection collides with the next one's.
 */

const SCAN_COLUMNS = `s.id, s.tenant_id AS "tenantId", s.scan_type AS "scanType", s.status, s.trigger,
  s.scheduled_scan_id AS "scheduledScanId", s.started_at AS "startedAt", s.completed_at AS "completedAt",
  s.pass_count AS "passCount", s.fail_count AS "failCount", s.skip_count AS "skipCount", s.error_count AS "errorCount",
  s.score, s.checks_done AS "checksDone", s.checks_total AS "checksTotal", s.error_code AS "errorCode",
  s.error_message AS "errorMessage"`;

type Statements = { page: Map<string, string>; one: string; gate: string; version: string; schema: string };
// Per client (tests and benches run several schemas in one process); built once, a handful of strings each.
const statements = new WeakMap<Db, Statements>();

function statementsFor(db: Db): Statements {
  let s = statements.get(db);
  if (!s) {
    const scans = rawName("scans", db);
    s = {
      schema: scans,
      page: new Map(),
      one: `SELECT ${SCAN_COLUMNS} FROM ${scans} s WHERE s.id = $1 AND s.tenant_id = $2`,
      version: `SELECT version FROM ${rawName("tenant_scan_versions", db)} WHERE tenant_id = $1`,
      gate: `SELECT t.connection_status AS "connectionStatus",
          (SELECT r.id FROM ${scans} r WHERE r.tenant_id = t.id AND r.scan_type = $2::${rawName("ScanType", db)} AND r.status = 'in_progress' LIMIT 1) AS "runningId"
        FROM ${rawName("tenants", db)} t WHERE t.id = $1`,
    };
    statements.set(db, s);
  }
  return s;
}

/** The page statement for one filter combination (four in all): each gets a plan that uses its own index. */
function pageStatement(db: Db, filter: { status?: ScanStatus; scanType?: ScanType }): string {
  const s = statementsFor(db);
  const key = `${filter.status ? "s" : "-"}${filter.scanType ? "t" : "-"}`;
  let text = s.page.get(key);
  if (!text) {
    // $1 tenant, $2 limit, $3 offset, then the filters that are present.
    const conditions = ["tenant_id = $1"];
    const params: string[] = [];
    if (filter.status) conditions.push(`status = $${3 + params.push("s")}::${rawName("ScanStatus", db)}`);
    if (filter.scanType) conditions.push(`scan_type = $${3 + params.push("t")}::${rawName("ScanType", db)}`);
    const where = conditions.join(" AND ");
    // The total comes from the trigger-maintained counters (O(1) at any size); the LEFT JOIN keeps its row when
    // the page is past the end, so page and total are always one round trip. The tenant's scan-list version is read
    // in the same statement (same snapshot), so a page cached under it is exactly the page of that version.
    text = `SELECT c.total, c.version, ${SCAN_COLUMNS}
      FROM (SELECT (SELECT coalesce(sum(count), 0)::int8 FROM ${rawName("tenant_scan_counts", db)} WHERE ${where}) AS total,
                   (SELECT coalesce(max(version), 0)::int8 FROM ${rawName("tenant_scan_versions", db)} WHERE tenant_id = $1) AS version) c
      LEFT JOIN LATERAL (SELECT * FROM ${s.schema} WHERE ${where} ORDER BY started_at DESC, id DESC LIMIT $2 OFFSET $3) s ON true`;
    s.page.set(key, text);
  }
  return text;
}

/**
 * One page of a tenant's scans, newest first, the exact total for the same filter, and the tenant's scan-list version
 * they were read at (a decimal string; "0" before the tenant's first scan): one round trip.
 */
export async function selectScanPage(
  tenantId: string,
  filter: { status?: ScanStatus; scanType?: ScanType },
  page: { limit: number; offset: number },
): Promise<{ scans: Scan[]; total: number; version: string }> {
  const db = getDb();
  const text = pageStatement(db, filter);
  const values: unknown[] = [tenantId, page.limit, page.offset];
  if (filter.status) values.push(filter.status);
  if (filter.scanType) values.push(filter.scanType);
  const result = await poolOf(db).query<Scan & { total: string; version: string }>(text, values);
  const rows = result.rows;
  const total = rows.length > 0 ? Number(rows[0]!.total) : 0;
  const version = rows.length > 0 ? String(rows[0]!.version) : "0";
  const scans: Scan[] = [];
  for (const row of rows) {
    if (row.id === null) continue; // the page is past the end: only the total came back
    delete (row as Partial<typeof row>).total;
    delete (row as Partial<typeof row>).version;
    scans.push(row);
  }
  return { scans, total, version };
}

/** The tenant's current scan-list version ("0" when it never had a scan), the one-row read a cached page is checked by. */
export async function selectScanVersion(tenantId: string): Promise<string> {
  const db = getDb();
  const result = await poolOf(db).query<{ version: string }>(statementsFor(db).version, [tenantId]);
  return result.rows[0] ? String(result.rows[0].version) : "0";
}

/** One scan of the tenant, or null (another tenant's id is null too). */
export async function selectScan(tenantId: string, scanId: string): Promise<Scan | null> {
  const db = getDb();
  const result = await poolOf(db).query<Scan>(statementsFor(db).one, [scanId, tenantId]);
  return result.rows[0] ?? null;
}

/** What a trigger's early refusal needs, in one round trip: the tenant's connection, and a running scan of the type. */
export async function selectTriggerGate(tenantId: string, scanType: ScanType): Promise<{ connectionStatus: ConnectionStatus; runningId: string | null } | null> {
  const db = getDb();
  const result = await poolOf(db).query<{ connectionStatus: ConnectionStatus; runningId: string | null }>(statementsFor(db).gate, [tenantId, scanType]);
  return result.rows[0] ?? null;
}
