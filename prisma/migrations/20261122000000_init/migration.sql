-- Initial schema. Hand-written in the SQL `prisma migrate` would generate (same type, constraint and
-- index names), plus what schema.prisma cannot express: partial unique indexes and the scan-count trigger.
-- PostgreSQL 15 is the production target: use nothing newer.

-- CreateEnum
CREATE TYPE "Plan" AS ENUM ('free', 'pro', 'enterprise');
CREATE TYPE "ConnectionStatus" AS ENUM ('pending', 'connected', 'disconnected');
CREATE TYPE "Role" AS ENUM ('owner', 'admin', 'viewer');
CREATE TYPE "ScanType" AS ENUM ('compliance', 'exposure');
CREATE TYPE "ScanStatus" AS ENUM ('in_progress', 'completed', 'failed');
CREATE TYPE "ScanTrigger" AS ENUM ('api', 'dashboard', 'schedule', 'plan_schedule');
CREATE TYPE "CheckStatus" AS ENUM ('pass', 'fail', 'skip', 'error');
CREATE TYPE "Severity" AS ENUM ('critical', 'high', 'medium', 'low', 'info');
CREATE TYPE "ScheduleFrequency" AS ENUM ('daily', 'weekly', 'monthly');
CREATE TYPE "ScheduleRunOutcome" AS ENUM ('started', 'skipped_running', 'skipped_quota', 'skipped_not_connected');

-- CreateTable
CREATE TABLE "tenants" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "plan" "Plan" NOT NULL DEFAULT 'free',
    "ms_tenant_id" TEXT,
    "connection_status" "ConnectionStatus" NOT NULL DEFAULT 'pending',
    "consented_at" TIMESTAMPTZ(3),
    "billing_anchor" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "tenants_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "ms_object_id" TEXT,
    "ms_tenant_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "memberships" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "memberships_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scopes" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "scans" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "scan_type" "ScanType" NOT NULL,
    "status" "ScanStatus" NOT NULL DEFAULT 'in_progress',
    "trigger" "ScanTrigger" NOT NULL,
    "scheduled_scan_id" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),
    "pass_count" INTEGER,
    "fail_count" INTEGER,
    "skip_count" INTEGER,
    "error_count" INTEGER,
    "score" DOUBLE PRECISION,
    "checks_done" INTEGER NOT NULL DEFAULT 0,
    "checks_total" INTEGER,
    "error_code" TEXT,
    "error_message" TEXT,
    CONSTRAINT "scans_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "tenant_scan_counts" (
    "tenant_id" TEXT NOT NULL,
    "scan_type" "ScanType" NOT NULL,
    "status" "ScanStatus" NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "tenant_scan_counts_pkey" PRIMARY KEY ("tenant_id","scan_type","status")
);

CREATE TABLE "check_results" (
    "id" TEXT NOT NULL,
    "scan_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "check_id" TEXT NOT NULL,
    "status" "CheckStatus" NOT NULL,
    "severity" "Severity" NOT NULL,
    "message" TEXT NOT NULL,
    "evidence" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "check_results_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "scheduled_scans" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "is_plan_schedule" BOOLEAN NOT NULL DEFAULT false,
    "name" TEXT NOT NULL,
    "frequency" "ScheduleFrequency" NOT NULL,
    "hour" INTEGER NOT NULL,
    "minute" INTEGER NOT NULL,
    "day_of_week" INTEGER,
    "day_of_month" INTEGER,
    "timezone" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "scan_type" "ScanType" NOT NULL,
    "next_run_at" TIMESTAMPTZ(3),
    "last_triggered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "scheduled_scans_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "schedule_runs" (
    "id" TEXT NOT NULL,
    "scheduled_scan_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "slot" TIMESTAMPTZ(3) NOT NULL,
    "outcome" "ScheduleRunOutcome" NOT NULL,
    "scan_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "schedule_runs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "audit_events" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "metadata" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "consent_requests" (
    "id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "tenant_id" TEXT,
    "user_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),
    CONSTRAINT "consent_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tenants_ms_tenant_id_key" ON "tenants"("ms_tenant_id");
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
CREATE UNIQUE INDEX "users_ms_tenant_id_ms_object_id_key" ON "users"("ms_tenant_id", "ms_object_id");
CREATE INDEX "memberships_user_id_idx" ON "memberships"("user_id");
CREATE UNIQUE INDEX "memberships_tenant_id_user_id_key" ON "memberships"("tenant_id", "user_id");
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");
CREATE INDEX "api_tokens_tenant_id_idx" ON "api_tokens"("tenant_id");
CREATE INDEX "scans_tenant_started_idx" ON "scans"("tenant_id", "started_at" DESC, "id" DESC);
CREATE INDEX "scans_tenant_type_started_idx" ON "scans"("tenant_id", "scan_type", "started_at" DESC, "id" DESC);
CREATE INDEX "scans_tenant_status_started_idx" ON "scans"("tenant_id", "status", "started_at" DESC, "id" DESC);
CREATE UNIQUE INDEX "check_results_scan_id_check_id_key" ON "check_results"("scan_id", "check_id");
CREATE INDEX "check_results_tenant_id_check_id_idx" ON "check_results"("tenant_id", "check_id");
CREATE INDEX "scheduled_scans_tenant_id_idx" ON "scheduled_scans"("tenant_id");
CREATE UNIQUE INDEX "schedule_runs_scheduled_scan_id_slot_key" ON "schedule_runs"("scheduled_scan_id", "slot");
CREATE INDEX "schedule_runs_tenant_id_created_at_idx" ON "schedule_runs"("tenant_id", "created_at" DESC);
CREATE INDEX "audit_events_tenant_id_created_at_idx" ON "audit_events"("tenant_id", "created_at" DESC);
CREATE UNIQUE INDEX "consent_requests_state_key" ON "consent_requests"("state");

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "scans" ADD CONSTRAINT "scans_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "tenant_scan_counts" ADD CONSTRAINT "tenant_scan_counts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_scan_id_fkey" FOREIGN KEY ("scan_id") REFERENCES "scans"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "scheduled_scans" ADD CONSTRAINT "scheduled_scans_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "schedule_runs" ADD CONSTRAINT "schedule_runs_scheduled_scan_id_fkey" FOREIGN KEY ("scheduled_scan_id") REFERENCES "scheduled_scans"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "schedule_runs" ADD CONSTRAINT "schedule_runs_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "consent_requests" ADD CONSTRAINT "consent_requests_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Beyond schema.prisma ------------------------------------------------------------------------------

-- At most one in-progress scan per tenant and scan type, race-free: concurrent triggers that both pass the
-- application check still cannot both insert (the loser gets 23505 → SCAN_ALREADY_RUNNING).
CREATE UNIQUE INDEX "scans_one_in_progress_per_type" ON "scans"("tenant_id", "scan_type") WHERE "status" = 'in_progress';

-- At most one automatic plan schedule per tenant; due schedules are found by next_run_at.
CREATE UNIQUE INDEX "scheduled_scans_one_plan_per_tenant" ON "scheduled_scans"("tenant_id") WHERE "is_plan_schedule";
CREATE INDEX "scheduled_scans_due_idx" ON "scheduled_scans"("next_run_at") WHERE "enabled";

-- Cadence fields are checked by the API; the database refuses values that would make a broken schedule.
ALTER TABLE "scheduled_scans" ADD CONSTRAINT "scheduled_scans_cadence_check" CHECK (
    "hour" BETWEEN 0 AND 23 AND "minute" BETWEEN 0 AND 59
    AND ("day_of_week" IS NULL OR "day_of_week" BETWEEN 0 AND 6)
    AND ("day_of_month" IS NULL OR "day_of_month" BETWEEN 1 AND 31)
    AND ("frequency" <> 'weekly' OR "day_of_week" IS NOT NULL)
    AND ("frequency" <> 'monthly' OR "day_of_month" IS NOT NULL)
);

-- Exact scan totals per (tenant, type, status) so list endpoints report meta.total without counting rows.
-- Statement-level triggers with transition tables: one counter update per statement and group, however many
-- rows it touches (a row-level trigger would rewrite the same counter row once per row). Unqualified names
-- resolve through the search_path pinned to this migration's schema below.
CREATE FUNCTION "scans_maintain_counts"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO tenant_scan_counts AS c (tenant_id, scan_type, status, count)
        SELECT tenant_id, scan_type, status, count(*) FROM new_rows GROUP BY 1, 2, 3
        ON CONFLICT (tenant_id, scan_type, status) DO UPDATE SET count = c.count + EXCLUDED.count;
    ELSIF TG_OP = 'DELETE' THEN
        -- UPDATE only: when a tenant is deleted, its counters may already be gone with it.
        UPDATE tenant_scan_counts AS c SET count = c.count - d.n
        FROM (SELECT tenant_id, scan_type, status, count(*) AS n FROM old_rows GROUP BY 1, 2, 3) AS d
        WHERE c.tenant_id = d.tenant_id AND c.scan_type = d.scan_type AND c.status = d.status;
    ELSE
        -- Only rows whose tenant, type or status changed move between counters.
        UPDATE tenant_scan_counts AS c SET count = c.count - d.n
        FROM (SELECT o.tenant_id, o.scan_type, o.status, count(*) AS n
              FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id
              WHERE (o.tenant_id, o.scan_type, o.status) IS DISTINCT FROM (n.tenant_id, n.scan_type, n.status)
              GROUP BY 1, 2, 3) AS d
        WHERE c.tenant_id = d.tenant_id AND c.scan_type = d.scan_type AND c.status = d.status;
        INSERT INTO tenant_scan_counts AS c (tenant_id, scan_type, status, count)
        SELECT n.tenant_id, n.scan_type, n.status, count(*)
        FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id
        WHERE (o.tenant_id, o.scan_type, o.status) IS DISTINCT FROM (n.tenant_id, n.scan_type, n.status)
        GROUP BY 1, 2, 3
        ON CONFLICT (tenant_id, scan_type, status) DO UPDATE SET count = c.count + EXCLUDED.count;
    END IF;
    RETURN NULL;
END
$fn$;
DO $do$ BEGIN
    EXECUTE format('ALTER FUNCTION scans_maintain_counts() SET search_path = %I', current_schema());
END $do$;

CREATE TRIGGER "scans_counts_insert" AFTER INSERT ON "scans"
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "scans_maintain_counts"();
CREATE TRIGGER "scans_counts_update" AFTER UPDATE ON "scans"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "scans_maintain_counts"();
CREATE TRIGGER "scans_counts_delete" AFTER DELETE ON "scans"
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "scans_maintain_counts"();
