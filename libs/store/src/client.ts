import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresClient } from './generated/postgresql/client.js';
import { Prisma, PrismaClient as SqliteClient } from './generated/sqlite/client.js';
import type { DatabaseTarget } from './database-url.js';

/**
 * The store's Prisma client. Both generated clients come from the same models (schema.postgresql.prisma is rendered
 * from schema.prisma), so they have the same model API; the store types both as the SQLite client and uses only what
 * both providers support (e.g. no createMany({ skipDuplicates }), no case-insensitive filters).
 */
export type Db = SqliteClient;
/** The client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;
/** Either: the operations in operations/ accept both so that callers can compose them inside one transaction. */
export type DbOrTx = Db | Tx;

export { Prisma };

/** SQLite busy timeout: how long a writer waits for another connection's write lock before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** Opens a Prisma client on the target through its driver adapter; SQLite gets WAL, foreign keys and a busy timeout. */
export async function createClient(target: DatabaseTarget): Promise<Db> {
  if (target.dialect === 'postgresql') {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url }) });
    return client as unknown as Db;
  }
  const client = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: target.path, timeout: SQLITE_BUSY_TIMEOUT_MS }) });
  // WAL lets readers (progress, results) run while the coordinator writes; NORMAL is durable enough under WAL.
  await client.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await client.$queryRawUnsafe(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  await client.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  await client.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  return client;
}

/** True when the error is Prisma's unique-constraint violation (P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}
