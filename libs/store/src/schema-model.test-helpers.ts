import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What prisma/schema.prisma declares, in database terms: tables, columns (type, nullability) and index names. */
export interface DeclaredTable {
  table: string;
  columns: Map<string, { type: string; optional: boolean }>;
  /** Index names as Prisma derives them: <table>_<columns>_idx / _key (primary keys excluded). */
  indexes: Set<string>;
}

export const SCHEMA_PATH = fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url));
export const POSTGRES_SCHEMA_PATH = fileURLToPath(new URL('../../../prisma/schema.postgresql.prisma', import.meta.url));
const SCALARS = new Set(['String', 'Int', 'Float', 'BigInt', 'DateTime', 'Bytes', 'Boolean']);

/** A deliberately small reader of the subset of Prisma schema syntax this project uses. */
export function declaredTables(source = readFileSync(SCHEMA_PATH, 'utf8')): DeclaredTable[] {
  const tables: DeclaredTable[] = [];
  for (const match of source.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const body = match[2].split('\n').map((l) => l.replace(/\/\/.*$/, '').trim()).filter(Boolean);
    const table = /@@map\("(\w+)"\)/.exec(match[2])?.[1] ?? match[1];
    const columns = new Map<string, { type: string; optional: boolean }>();
    const fieldToColumn = new Map<string, string>();
    const uniqueFields: string[] = [];
    for (const line of body) {
      const field = /^(\w+)\s+(\w+)(\??)(\[\])?(.*)$/.exec(line);
      if (!field || line.startsWith('@@') || !SCALARS.has(field[2]) || field[4]) continue;
      const column = /@map\("(\w+)"\)/.exec(field[5])?.[1] ?? field[1];
      columns.set(column, { type: field[2], optional: field[3] === '?' });
      fieldToColumn.set(field[1], column);
      if (/@unique\b/.test(field[5])) uniqueFields.push(column);
    }
    const indexes = new Set<string>(uniqueFields.map((c) => `${table}_${c}_key`));
    for (const line of body) {
      const block = /^@@(index|unique)\(\[([^\]]*)\]/.exec(line);
      if (!block) continue;
      const cols = block[2].split(',').map((f) => fieldToColumn.get(f.trim())!);
      indexes.add(`${table}_${cols.join('_')}_${block[1] === 'index' ? 'idx' : 'key'}`);
    }
    tables.push({ table, columns, indexes });
  }
  return tables;
}

/** Column types each dialect's migration must use for a Prisma scalar (what Prisma's migrate would emit). */
export const SQL_TYPES = {
  sqlite: { String: 'TEXT', Int: 'INTEGER', Float: 'REAL', BigInt: 'BIGINT', DateTime: 'DATETIME', Bytes: 'BLOB', Boolean: 'BOOLEAN' },
  postgresql: {
    String: 'text',
    Int: 'integer',
    Float: 'double precision',
    BigInt: 'bigint',
    DateTime: 'timestamp without time zone',
    Bytes: 'bytea',
    Boolean: 'boolean',
  },
} as const;

/** A live database's tables as the same structure, for comparison with declaredTables(). */
export function describeTables(rows: { table: string; column: string; type: string; nullable: boolean }[], indexRows: { table: string; index: string }[]) {
  const tables = new Map<string, { columns: Record<string, { type: string; nullable: boolean }>; indexes: string[] }>();
  for (const r of rows) {
    const t = tables.get(r.table) ?? { columns: {}, indexes: [] };
    t.columns[r.column] = { type: r.type, nullable: r.nullable };
    tables.set(r.table, t);
  }
  for (const r of indexRows) tables.get(r.table)?.indexes.push(r.index);
  for (const t of tables.values()) t.indexes.sort();
  return tables;
}

/** The declared schema in the shape describeTables() returns, with a dialect's type names. */
export function expectedTables(dialect: keyof typeof SQL_TYPES) {
  return new Map(
    declaredTables().map((t) => [
      t.table,
      {
        columns: Object.fromEntries([...t.columns].map(([c, v]) => [c, { type: SQL_TYPES[dialect][v.type as keyof (typeof SQL_TYPES)['sqlite']], nullable: v.optional }])),
        indexes: [...t.indexes].sort(),
      },
    ]),
  );
}
