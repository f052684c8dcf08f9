-- Cross-instance invalidation of the per-process API-token cache (lib/auth/token-cache.ts).
-- Every change to what authenticating a token depends on sends a NOTIFY on channel "aether_auth", delivered by
-- PostgreSQL to every listening app instance after the change commits (never for a rolled-back one). Triggers,
-- not application code, so that no path can forget it: the revoke endpoint, member removal, the operator CLI,
-- tenant deletion (its ON DELETE CASCADE deletes the tokens' rows, which fires the row trigger), manual SQL.
-- Payload: "<schema> token <token id> <tenant id>" or "<schema> tenant <tenant id>" — ids only, never a hash;
-- the schema lets instances on other schemas of one database (tests, benchmarks) ignore it.

CREATE FUNCTION "api_tokens_notify_auth_change"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM pg_notify('aether_auth', TG_TABLE_SCHEMA || ' token ' || OLD.id || ' ' || OLD.tenant_id);
    IF TG_OP = 'UPDATE' AND (NEW.id IS DISTINCT FROM OLD.id OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id) THEN
        PERFORM pg_notify('aether_auth', TG_TABLE_SCHEMA || ' token ' || NEW.id || ' ' || NEW.tenant_id);
    END IF;
    RETURN NULL;
END
$fn$;

-- Only the columns the cache holds: the once-a-minute last_used_at bookkeeping and renames must not flush it.
CREATE TRIGGER "api_tokens_auth_change_update" AFTER UPDATE ON "api_tokens" FOR EACH ROW
    WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
          OR OLD.scopes IS DISTINCT FROM NEW.scopes OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id
          OR OLD.token_hash IS DISTINCT FROM NEW.token_hash OR OLD.id IS DISTINCT FROM NEW.id)
    EXECUTE FUNCTION "api_tokens_notify_auth_change"();
CREATE TRIGGER "api_tokens_auth_change_delete" AFTER DELETE ON "api_tokens" FOR EACH ROW
    EXECUTE FUNCTION "api_tokens_notify_auth_change"();

-- Membership changes (removal, role change, demotion, deletion) drop the tenant's cached tokens too. A token's
-- rights are its own scopes today, so this is belt and braces: any future rule that ties a token to its creator's
-- membership is then already invalidated correctly.
CREATE FUNCTION "memberships_notify_auth_change"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM pg_notify('aether_auth', TG_TABLE_SCHEMA || ' tenant ' || OLD.tenant_id);
    RETURN NULL;
END
$fn$;

CREATE TRIGGER "memberships_auth_change_update" AFTER UPDATE ON "memberships" FOR EACH ROW
    WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.removed_at IS DISTINCT FROM NEW.removed_at
          OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id OR OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION "memberships_notify_auth_change"();
CREATE TRIGGER "memberships_auth_change_delete" AFTER DELETE ON "memberships" FOR EACH ROW
    EXECUTE FUNCTION "memberships_notify_auth_change"();
