import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * A deliberately small reader of prisma/schema.prisma — models, scalar/enum fields (name, type, optional,
 * list, @map, @db.*) and enums — enough to compare the schema with a migrated database without Prisma's
 * engine. Relation fields (their type is another model) are not columns and are left out.
 */
export type SchemaField = { name: string; column: string; type: string; optional: boolean; list: boolean; nativeType?: string };
export type SchemaModel = { name: string; table: string; fields: SchemaField[] };
export type ParsedSchema = { models: SchemaModel[]; enums: Map<string, string[]> };

export function parsePrismaSchema(source = readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8")): ParsedSchema {
  const stripped = source.replace(/\/\/.*$/gm, "");
  const enums = new Map<string, string[]>();
  for (const m of stripped.matchAll(/^enum\s+(\w+)\s*\{([^}]*)\}/gm)) {
    enums.set(m[1]!, m[2]!.split("\n").map((l) => l.trim()).filter(Boolean));
  }
  const blocks = [...stripped.matchAll(/^model\s+(\w+)\s*\{([^}]*)\}/gm)];
  const modelNames = new Set(blocks.map((b) => b[1]!));
  const models = blocks.map(([, name, body]) => {
    const lines = body!.split("\n").map((l) => l.trim()).filter(Boolean);
    const table = /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? name!;
    const fields: SchemaField[] = [];
    for (const line of lines) {
      if (line.startsWith("@@")) continue;
      const m = /^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!m) continue;
      const [, fieldName, type, list, optional, attrs] = m;
      if (modelNames.has(type!)) continue; // relation field
      fields.push({
        name: fieldName!,
        column: /@map\("([^"]+)"\)/.exec(attrs!)?.[1] ?? fieldName!,
        type: type!,
        optional: Boolean(optional),
        list: Boolean(list),
        nativeType: /@db\.(\w+)/.exec(attrs!)?.[1],
      });
    }
    return { name: name!, table, fields };
  });
  return { models, enums };
}

/** The PostgreSQL type (information_schema data_type / udt_name) a Prisma field maps to. */
export function expectedColumnType(field: SchemaField, enums: Map<string, string[]>): { dataType: string; udtName: string } {
  if (enums.has(field.type)) return field.list ? { dataType: "ARRAY", udtName: `_${field.type}` } : { dataType: "USER-DEFINED", udtName: field.type };
  const scalar: Record<string, [string, string]> = {
    String: ["text", "text"],
    Int: ["integer", "int4"],
    BigInt: ["bigint", "int8"],
    Float: ["double precision", "float8"],
    Boolean: ["boolean", "bool"],
    Json: ["jsonb", "jsonb"],
    DateTime: field.nativeType === "Timestamptz" ? ["timestamp with time zone", "timestamptz"] : ["timestamp without time zone", "timestamp"],
  };
  const mapped = scalar[field.type];
  if (!mapped) throw new Error(`unsupported Prisma type ${field.type} on ${field.name}`);
  return field.list ? { dataType: "ARRAY", udtName: `_${mapped[1]}` } : { dataType: mapped[0], udtName: mapped[1] };
}
