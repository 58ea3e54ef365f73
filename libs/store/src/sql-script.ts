/**
 * Splits a migration script into statements on `;` outside quotes, comments and PostgreSQL dollar-quoted bodies, so that
 * each statement runs through the driver adapter on its own (adapters take one statement per call inside a
 * transaction). Comment-only fragments are dropped.
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  let hasCode = false;
  let i = 0;
  const push = () => {
    if (hasCode) statements.push(current.trim());
    current = '';
    hasCode = false;
  };
  while (i < script.length) {
    const ch = script[i];
    if (script.startsWith('--', i)) {
      const end = script.indexOf('\n', i);
      const stop = end === -1 ? script.length : end;
      current += script.slice(i, stop);
      i = stop;
    } else if (script.startsWith('/*', i)) {
      const end = script.indexOf('*/', i + 2);
      const stop = end === -1 ? script.length : end + 2;
      current += script.slice(i, stop);
      i = stop;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      // A quote ends at the next unpaired quote ('' and "" are escapes, which this loop handles as two strings).
      const end = script.indexOf(ch, i + 1);
      const stop = end === -1 ? script.length : end + 1;
      current += script.slice(i, stop);
      hasCode = true;
      i = stop;
    } else if (ch === '$' && /^\$[A-Za-z_]*\$/.test(script.slice(i, i + 64))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i, i + 64))![0];
      const end = script.indexOf(tag, i + tag.length);
      const stop = end === -1 ? script.length : end + tag.length;
      current += script.slice(i, stop);
      hasCode = true;
      i = stop;
    } else if (ch === ';') {
      current += ch;
      push();
      i++;
    } else {
      if (!/\s/.test(ch)) hasCode = true;
      current += ch;
      i++;
    }
  }
  push();
  return statements;
}
