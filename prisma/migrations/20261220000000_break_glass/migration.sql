-- Declared break-glass accounts and groups per tenant (Microsoft object ids, lowercased). Conditional Access
-- checks accept policy exclusions only for these.
CREATE TABLE "break_glass_settings" (
    "tenant_id" TEXT NOT NULL,
    "user_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "group_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "break_glass_settings_pkey" PRIMARY KEY ("tenant_id")
);

ALTER TABLE "break_glass_settings" ADD CONSTRAINT "break_glass_settings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
