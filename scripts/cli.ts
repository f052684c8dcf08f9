// npm run -s cli -- <command> [--flags] — operator commands; JSON on stdout, message on stderr + exit 1 on error.
import { parseArgs } from "node:util";
import { z, ZodError } from "zod";
import { AppError } from "@/lib/api/errors";
import { zodIssues } from "@/lib/api/respond";
import { TOKEN_SCOPES, tokenScopeSchema } from "@/lib/auth/scopes";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { getDb } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { PLAN_NAMES } from "@/lib/tenants/plans";
import { createTenant } from "@/lib/tenants/service";
import { findDemoTenant } from "./demo";
import { openLocalDatabase } from "./local-db";
import { registerWithRunningSimulator } from "./local-simulator";

const USAGE = `usage: npm run -s cli -- <command> [options]
  tenants:create --name NAME --plan free|pro|enterprise [--ms-tenant-id GUID] [--connected]
                 [--simulator well-configured|misconfigured|unlicensed]   (with the simulator of npm run dev)
  tenants:list
  tokens:create --tenant ID|demo [--name NAME] [--scopes ${TOKEN_SCOPES.join(",")}]
  tokens:revoke --id TOKEN_ID`;

const operator = { type: "operator" as const, id: process.env.USER };

const tenantsCreateSchema = z.strictObject({
  name: z.string().trim().min(1, "--name is required").max(100),
  plan: z.enum(PLAN_NAMES as [string, ...string[]]).transform((p) => p as (typeof PLAN_NAMES)[number]),
  "ms-tenant-id": z.guid("--ms-tenant-id must be a GUID").optional(),
  connected: z.boolean().optional(),
  simulator: z.enum(["well-configured", "misconfigured", "unlicensed"], "must be well-configured, misconfigured or unlicensed").optional(),
});
const tokensCreateSchema = z.strictObject({
  tenant: z.string().min(1, "--tenant is required"),
  name: z.string().trim().min(1).max(100).default("CLI token"),
  scopes: z
    .string()
    .default(TOKEN_SCOPES.join(","))
    .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(tokenScopeSchema).min(1, "--scopes needs at least one scope")),
});
const tokensRevokeSchema = z.strictObject({ id: z.string().min(1, "--id is required") });

async function run(command: string | undefined, flags: Record<string, unknown>): Promise<unknown> {
  const db = getDb();
  switch (command) {
    case "tenants:create": {
      const input = tenantsCreateSchema.parse(flags);
      if (input.simulator && input["ms-tenant-id"]) throw new AppError("VALIDATION_ERROR", "--simulator assigns the Microsoft tenant id; drop --ms-tenant-id");
      // A simulator tenant is consented by construction, so it is created connected.
      const msTenantId = input.simulator ? await registerWithRunningSimulator(input.simulator) : input["ms-tenant-id"];
      const tenant = await createTenant(
        { name: input.name, plan: input.plan, msTenantId, connected: input.connected || Boolean(input.simulator) },
        operator,
      );
      return { id: tenant.id, name: tenant.name, plan: tenant.plan, ms_tenant_id: tenant.msTenantId, connection_status: tenant.connectionStatus };
    }
    case "tenants:list": {
      z.strictObject({}).parse(flags);
      const tenants = await db.tenant.findMany({ orderBy: { createdAt: "asc" } });
      return tenants.map((t) => ({ id: t.id, name: t.name, plan: t.plan, ms_tenant_id: t.msTenantId, connection_status: t.connectionStatus }));
    }
    case "tokens:create": {
      const input = tokensCreateSchema.parse(flags);
      const tenantId = input.tenant === "demo" ? (await findDemoTenant())?.id : input.tenant;
      if (!tenantId) throw new AppError("NOT_FOUND", "No demo tenant yet: run `npm run dev` once to seed it");
      const { token, record } = await createApiToken(tenantId, { name: input.name, scopes: input.scopes }, operator);
      return { id: record.id, tenant_id: tenantId, name: record.name, scopes: record.scopes, token, note: "Shown once; store it now." };
    }
    case "tokens:revoke": {
      const input = tokensRevokeSchema.parse(flags);
      const revoked = await revokeApiToken(input.id, operator);
      return { id: revoked.id, tenant_id: revoked.tenantId, revoked_at: revoked.revokedAt!.toISOString() };
    }
    default:
      throw new AppError("VALIDATION_ERROR", command ? `unknown command '${command}'\n${USAGE}` : USAGE);
  }
}

function formatError(error: unknown): string {
  if (error instanceof ZodError) return zodIssues(error).map((i) => `${i.field === "(body)" ? "" : `--${i.field}: `}${i.message}`).join("\n");
  if (error instanceof AppError) return error.message;
  return (error as Error).message ?? String(error);
}

let exitCode = 0;
const local = await openLocalDatabase();
try {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: "string" },
      plan: { type: "string" },
      "ms-tenant-id": { type: "string" },
      connected: { type: "boolean" },
      simulator: { type: "string" },
      tenant: { type: "string" },
      scopes: { type: "string" },
      id: { type: "string" },
    },
  });
  if (positionals.length > 1) throw new AppError("VALIDATION_ERROR", `unexpected argument '${positionals[1]}'\n${USAGE}`);
  process.env.DATABASE_URL = local.url;
  if (local.embedded) await migrate({ connectionString: local.url }); // a fresh embedded database
  const result = await run(positionals[0], values);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} catch (error) {
  process.stderr.write(`error: ${formatError(error)}\n`);
  exitCode = 1;
} finally {
  await getDb().$disconnect().catch(() => {});
  await local.stop();
}
process.exit(exitCode);
