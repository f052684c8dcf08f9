-- Accepted risk: a per-tenant exception on a check, optionally on one object (a domain, an app, a user).
CREATE TABLE "risk_exceptions" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "check_id" TEXT NOT NULL,
    "object_id" TEXT,
    "reason" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    CONSTRAINT "risk_exceptions_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "risk_exceptions_tenant_id_check_id_idx" ON "risk_exceptions"("tenant_id", "check_id");

ALTER TABLE "risk_exceptions" ADD CONSTRAINT "risk_exceptions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "risk_exceptions" ADD CONSTRAINT "risk_exceptions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- At most one live exception per check and object (or per check, without an object): a second would only blur
-- which reason and expiry apply.
CREATE UNIQUE INDEX "risk_exceptions_one_live" ON "risk_exceptions"("tenant_id", "check_id", COALESCE("object_id", '')) WHERE "deleted_at" IS NULL;
