import { describe, expect, it } from 'vitest';
import { splitSqlStatements } from './sql-script.js';

describe('splitSqlStatements', () => {
  it('splits on semicolons outside strings, identifiers, comments and dollar quotes', () => {
    const script = [
      '-- CreateTable',
      'CREATE TABLE "a;b" ("x" TEXT DEFAULT \'1;2\');',
      '/* a; comment */ CREATE INDEX "i" ON "a;b"("x");',
      'CREATE FUNCTION f() RETURNS void AS $body$ BEGIN PERFORM 1; END $body$ LANGUAGE plpgsql;',
      '-- trailing comment; only',
      '',
    ].join('\n');
    expect(splitSqlStatements(script)).toEqual([
      '-- CreateTable\nCREATE TABLE "a;b" ("x" TEXT DEFAULT \'1;2\');',
      '/* a; comment */ CREATE INDEX "i" ON "a;b"("x");',
      'CREATE FUNCTION f() RETURNS void AS $body$ BEGIN PERFORM 1; END $body$ LANGUAGE plpgsql;',
    ]);
  });

  it('keeps a last statement without a semicolon and drops empty scripts', () => {
    expect(splitSqlStatements('SELECT 1')).toEqual(['SELECT 1']);
    expect(splitSqlStatements('  -- nothing\n')).toEqual([]);
  });
});
