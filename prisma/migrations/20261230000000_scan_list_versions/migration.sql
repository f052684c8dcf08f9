-- A per-tenant version of the scan list (lib/scans/list-cache.ts): bumped in the same transaction as every change to
-- the tenant's scans — a new scan, progress, completion, failure, deletion — so an app instance can serve a scan
-- list page it serialised before for as long as the version it was built from is still the current one. A reader
-- that sees the old version therefore cannot miss a committed change, on this instance or any other, and no
-- application path can forget to invalidate (triggers, as for the counters in the init migration).
-- Statement-level with transition tables: one version bump per tenant per statement, however many rows it touches.
CREATE TABLE "tenant_scan_versions" (
    "tenant_id" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "tenant_scan_versions_pkey" PRIMARY KEY ("tenant_id")
);
ALTER TABLE "tenant_scan_versions" ADD CONSTRAINT "tenant_scan_versions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenants that already have scans start at version 1 (0 is "never had a scan").
INSERT INTO "tenant_scan_versions" ("tenant_id", "version") SELECT DISTINCT "tenant_id", 1 FROM "scans";

CREATE FUNCTION "scans_bump_version"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'DELETE' THEN
        -- UPDATE only: when a tenant is deleted, its version row may already be gone with it (and an insert would
        -- violate the foreign key). A tenant whose scans are deleted has a row: inserting its scans created it.
        UPDATE tenant_scan_versions AS v SET version = v.version + 1
        WHERE v.tenant_id IN (SELECT DISTINCT tenant_id FROM old_rows);
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO tenant_scan_versions AS v (tenant_id, version)
        SELECT DISTINCT tenant_id, 1 FROM new_rows ORDER BY 1
        ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
    ELSE
        INSERT INTO tenant_scan_versions AS v (tenant_id, version)
        SELECT tenant_id, 1 FROM (SELECT tenant_id FROM new_rows UNION SELECT tenant_id FROM old_rows) AS t ORDER BY 1
        ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
    END IF;
    RETURN NULL;
END
$fn$;
DO $do$ BEGIN
    EXECUTE format('ALTER FUNCTION scans_bump_version() SET search_path = %I', current_schema());
END $do$;

CREATE TRIGGER "scans_version_insert" AFTER INSERT ON "scans"
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "scans_bump_version"();
CREATE TRIGGER "scans_version_update" AFTER UPDATE ON "scans"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "scans_bump_version"();
CREATE TRIGGER "scans_version_delete" AFTER DELETE ON "scans"
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "scans_bump_version"();
