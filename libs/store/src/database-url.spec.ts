import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact, resolveDatabaseTarget } from './database-url.js';
import { UnsupportedDatabaseUrlError } from './errors.js';
import { openStore } from './store.js';

describe('resolveDatabaseTarget', () => {
  it('maps file: to SQLite (creating the folder) and postgres(ql):// to PostgreSQL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memsweep-url-'));
    try {
      const target = resolveDatabaseTarget(`file:${join(dir, 'deep', 'er', 'x.db')}`);
      expect(target).toMatchObject({ dialect: 'sqlite', path: join(dir, 'deep', 'er', 'x.db') });
      expect(statSync(join(dir, 'deep', 'er')).isDirectory()).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(resolveDatabaseTarget('postgres://u:p@h/db').dialect).toBe('postgresql');
    expect(resolveDatabaseTarget('postgresql://h/db').dialect).toBe('postgresql');
  });

  it('refuses other schemes with a clear message, never echoing a password', async () => {
    expect(() => resolveDatabaseTarget('mysql://root:secret@h/db')).toThrow(UnsupportedDatabaseUrlError);
    expect(() => resolveDatabaseTarget('mysql://root:secret@h/db')).toThrow('database URL scheme "mysql:" is not supported: use file:<path> (SQLite) or postgres://… / postgresql://… (PostgreSQL)');
    expect(() => resolveDatabaseTarget('memsweep.db')).toThrow(/"memsweep.db" is not supported/);
    await expect(openStore({ databaseUrl: 'sqlserver://x' })).rejects.toThrow(UnsupportedDatabaseUrlError);
    expect(redact('postgresql://me:secret@host:5432/db')).toBe('postgresql://me:***@host:5432/db');
  });
});
