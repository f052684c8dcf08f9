import "server-only";
import { getDb, type Db } from "@/lib/db";
import { selectScanPage, selectScanVersion } from "@/lib/scans/hot-path";
import type { ListScansQuery } from "@/lib/scans/schemas";
import { toScanResource } from "@/lib/scans/serialize";

/*
 * GET /tenants/{id}/scans answers, serialised, per process (bench:api, issue 10). A page is served from here only
 * after a one-row read shows the tenant's scan-list version is still the one the page was built at; the version is
 * bumped by a trigger in the same transaction as every change to the tenant's scans (migration
 * 20261230000000_scan_list_versions). So a committed change — a new scan, progress, completion, on this instance or
 * any other — is never hidden by the cache: the next read sees the new version and rebuilds the page. What it saves
 * is the page query, the row mapping and the serialisation, most of a list request's own cost.
 *
 * Bounded (entries and bytes, least recently used out first) and tenant-scoped: the key starts with the tenant id
 * and the version read is the tenant's; one cache per database client (tests and benches use several schemas).
 */

const MAX_ENTRIES = 2_000;
const MAX_BYTES = 16 * 1024 * 1024;

type Entry = { version: string; body: string };

class PageCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: Entry): void {
    this.delete(key);
    if (entry.body.length > MAX_BYTES / 8) return; // a huge page would evict everything else; serve it uncached
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && this.bytes <= MAX_BYTES) break;
      this.entries.delete(oldest);
      this.bytes -= old.body.length;
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.body.length;
  }

  get size(): number {
    return this.entries.size;
  }
}

const caches = new WeakMap<Db, PageCache>();

function cacheFor(db: Db): PageCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new PageCache()));
  return cache;
}

/** The JSON body of GET /tenants/{id}/scans for this query: the success envelope with data and meta. */
export async function scanListBody(tenantId: string, query: ListScansQuery): Promise<string> {
  const cache = cacheFor(getDb());
  const key = `${tenantId}\u0000${query.status ?? ""}\u0000${query.scan_type ?? ""}\u0000${query.limit}\u0000${query.page}`;
  const cached = cache.get(key);
  if (cached && (await selectScanVersion(tenantId)) === cached.version) return cached.body;
  const { scans, total, version } = await selectScanPage(
    tenantId,
    { status: query.status, scanType: query.scan_type },
    { limit: query.limit, offset: (query.page - 1) * query.limit },
  );
  const body = JSON.stringify({ success: true, data: scans.map(toScanResource), meta: { total, page: query.page, limit: query.limit } });
  cache.set(key, { version, body });
  return body;
}

/** For tests: how many pages this process holds for the current database client. */
export function cachedScanPages(): number {
  return cacheFor(getDb()).size;
}
