import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UnsupportedDatabaseUrlError } from './errors.js';

export type Dialect = 'sqlite' | 'postgresql';

/** Where the store keeps its data when neither the caller nor DATABASE_URL names a database. */
export const DEFAULT_DATABASE_URL = 'file:.memsweep/memsweep.db';

export type DatabaseTarget =
  | { dialect: 'sqlite'; url: string; /** Absolute file path, or ':memory:'. */ path: string }
  | { dialect: 'postgresql'; url: string };

/**
 * Resolves which database to open: the explicit URL, else DATABASE_URL, else DEFAULT_DATABASE_URL. `file:` URLs are
 * SQLite (relative paths resolve against the working directory; the folder is created), `postgres://` and
 * `postgresql://` are PostgreSQL. Anything else is refused with the schemes that are understood.
 */
export function resolveDatabaseTarget(databaseUrl?: string): DatabaseTarget {
  const url = (databaseUrl ?? process.env.DATABASE_URL ?? '').trim() || DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgresql', url };
  if (url.startsWith('file:')) {
    // Prisma's SQLite URLs are `file:<path>`; a query string (e.g. ?connection_limit=1) means nothing to better-sqlite3.
    const raw = decodeURIComponent(url.slice('file:'.length).replace(/^\/\/(?=\/)/, '').split('?')[0]);
    if (raw === '') throw new UnsupportedDatabaseUrlError(`database URL "${url}": a file: URL needs a path, e.g. file:.memsweep/memsweep.db`);
    if (raw === ':memory:') return { dialect: 'sqlite', url, path: raw };
    const path = resolve(raw);
    mkdirSync(dirname(path), { recursive: true });
    return { dialect: 'sqlite', url, path };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new UnsupportedDatabaseUrlError(
    `database URL ${scheme ? `scheme "${scheme}:"` : `"${redact(url)}"`} is not supported: use file:<path> (SQLite) or postgres://… / postgresql://… (PostgreSQL)`,
  );
}

/** A URL fit for messages and logs: the password replaced by ***. */
export function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
