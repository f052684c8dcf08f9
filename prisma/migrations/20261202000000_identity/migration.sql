-- Sign-in, sessions, memberships, invitations and the verified Microsoft connection.
-- Hand-written in the SQL `prisma migrate` would generate, plus the partial unique index schema.prisma cannot
-- express. PostgreSQL 15 is the production target: use nothing newer.

-- Users are keyed by their Microsoft identity (tid + oid), never by e-mail: the e-mail column is the sign-in
-- name for display and invitation matching, and two accounts may share one (a UPN reassigned to a new person).
-- No code path created users before this migration, so the NOT NULLs hold on every existing database.
DROP INDEX "users_email_key";
ALTER TABLE "users" ALTER COLUMN "ms_object_id" SET NOT NULL;
ALTER TABLE "users" ALTER COLUMN "ms_tenant_id" SET NOT NULL;
ALTER TABLE "users" ADD COLUMN "last_sign_in_at" TIMESTAMPTZ(3);

ALTER TABLE "memberships" ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "memberships" ADD COLUMN "removed_at" TIMESTAMPTZ(3);

ALTER TABLE "tenants" ADD COLUMN "ms_display_name" TEXT;
ALTER TABLE "tenants" ADD COLUMN "ms_verified_domains" JSONB;
ALTER TABLE "tenants" ADD COLUMN "connection_error" TEXT;
ALTER TABLE "tenants" ADD COLUMN "connection_checked_at" TIMESTAMPTZ(3);

ALTER TABLE "api_tokens" ADD COLUMN "expires_at" TIMESTAMPTZ(3);
ALTER TABLE "api_tokens" ADD COLUMN "created_by_id" TEXT;

ALTER TABLE "consent_requests" ADD COLUMN "outcome" TEXT;

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "active_tenant_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "invitations" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "invited_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "accepted_by_id" TEXT,
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "invitations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");
CREATE INDEX "invitations_email_idx" ON "invitations"("email");
CREATE INDEX "invitations_tenant_id_created_at_idx" ON "invitations"("tenant_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_active_tenant_id_fkey" FOREIGN KEY ("active_tenant_id") REFERENCES "tenants"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_id_fkey" FOREIGN KEY ("invited_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_accepted_by_id_fkey" FOREIGN KEY ("accepted_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "consent_requests" ADD CONSTRAINT "consent_requests_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Beyond schema.prisma ------------------------------------------------------------------------------

-- At most one open invitation per person and tenant, so two owners inviting the same address at once cannot
-- leave two live invitations with different roles behind.
CREATE UNIQUE INDEX "invitations_one_open_per_email" ON "invitations"("tenant_id", "email") WHERE "accepted_at" IS NULL AND "revoked_at" IS NULL;
