import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { authenticateToken } from "@/lib/auth/tokens";
import { setupIsolatedDb } from "../tests/helpers";

// The operator CLI as operators run it: a real process, JSON on stdout, message + exit 1 on error.
const db = setupIsolatedDb();
const run = promisify(execFile);
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/cli.ts", ...args], {
      env: { ...process.env, DATABASE_URL: inject("databaseUrl"), DATABASE_SCHEMA: db.schema, LOG_LEVEL: "silent" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("operator CLI", () => {
  it("creates a tenant, then a scoped token that authenticates, then revokes it", async () => {
    const created = await cli("tenants:create", "--name", "Fabrikam", "--plan", "pro", "--ms-tenant-id", "6f1c5b9e-2d1a-4a57-9a3e-0d3c2b1a0f9e", "--connected");
    expect(created.code).toBe(0);
    const tenant = JSON.parse(created.stdout);
    expect(tenant).toMatchObject({ name: "Fabrikam", plan: "pro", connection_status: "connected", ms_tenant_id: "6f1c5b9e-2d1a-4a57-9a3e-0d3c2b1a0f9e" });
    expect(tenant.id).toMatch(/^t_[0-9A-Za-z]{20}$/);

    const tokenOut = await cli("tokens:create", "--tenant", tenant.id, "--name", "SIEM", "--scopes", "scans:read,schedules:read");
    expect(tokenOut.code).toBe(0);
    const token = JSON.parse(tokenOut.stdout);
    expect(token).toMatchObject({ tenant_id: tenant.id, name: "SIEM", scopes: ["scans:read", "schedules:read"] });
    expect(token.token).toMatch(/^a365_/);
    expect(await authenticateToken(token.token)).toMatchObject({ tenantId: tenant.id });
    const stored = await db().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(JSON.stringify(stored)).not.toContain(token.token);

    const revoked = await cli("tokens:revoke", "--id", token.id);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id: token.id, tenant_id: tenant.id });
    expect(await authenticateToken(token.token)).toBeNull();

    const listed = JSON.parse((await cli("tenants:list")).stdout);
    expect(listed.map((t: { id: string }) => t.id)).toContain(tenant.id);
  });

  it("defaults to all scopes and creates unconnected tenants unless --connected", async () => {
    const tenant = JSON.parse((await cli("tenants:create", "--name", "Tailspin", "--plan", "free")).stdout);
    expect(tenant.connection_status).toBe("pending");
    const token = JSON.parse((await cli("tokens:create", "--tenant", tenant.id)).stdout);
    expect(token.scopes).toEqual(["scans:read", "scans:write", "schedules:read", "schedules:write", "exceptions:read", "exceptions:write"]);
  });

  it.each([
    [["tenants:create", "--plan", "pro"], /--name/],
    [["tenants:create", "--name", "X", "--plan", "gold"], /--plan/],
    [["tenants:create", "--name", "X", "--plan", "pro", "--ms-tenant-id", "not-a-guid"], /GUID/],
    [["tokens:create", "--tenant", "t_doesnotexist00000000"], /Tenant not found/],
    [["tokens:create", "--tenant", "x", "--scopes", "scans:delete"], /--scopes/],
    [["tokens:revoke", "--id", "tok_doesnotexist0000000"], /not found/],
    [["tokens:revoke"], /--id/],
    [["nonsense"], /unknown command/],
    [["tenants:list", "--bogus"], /Unknown option/],
  ])("%j fails with exit 1 and a message, nothing on stdout", async (args, message) => {
    const out = await cli(...args);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(message);
    expect(out.stdout).toBe("");
  });
});
