import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('generated wire types', () => {
  it('are current with proto/ (run tools/generate-proto-types.sh after editing a .proto)', () => {
    const out = mkdtempSync(join(tmpdir(), 'memsweep-proto-'));
    execFileSync('bash', [join(root, 'tools/generate-proto-types.sh'), out], { cwd: root, stdio: 'pipe' });
    const committed = join(root, 'libs/protocol/src/generated');
    const read = (dir: string) => Object.fromEntries(files(dir).map((f) => [relative(dir, f), readFileSync(f, 'utf8')]));
    expect(read(out)).toEqual(read(committed));
  });
});
