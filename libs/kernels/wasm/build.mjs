#!/usr/bin/env node
// Builds the portable WebAssembly kernels (AssemblyScript): wasm/eval.ts (SIMD forward passes) into
// dist/memsweep_eval.wasm and wasm/perturb.ts (weight-level chips) into dist/memsweep_perturb.wasm. A failed build is not
// an error: memsweep then runs its plain-JavaScript code and says so at run time (src/eval/engine.ts, weight-level.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const modules = { 'wasm/eval.ts': 'dist/memsweep_eval.wasm', 'wasm/perturb.ts': 'dist/memsweep_perturb.wasm' };
for (const [source, output] of Object.entries(modules)) {
  try {
    const asc = join(dirname(createRequire(import.meta.url).resolve('assemblyscript/package.json')), 'bin/asc.js');
    mkdirSync(join(projectRoot, 'dist'), { recursive: true });
    const args = [asc, source, '-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd', '--initialMemory', '2', '--outFile', output];
    const result = spawnSync(process.execPath, args, { cwd: projectRoot, encoding: 'utf8' });
    if (result.status !== 0) throw new Error((result.error?.message ?? result.stderr ?? result.stdout).trim().split('\n').slice(-5).join('\n  '));
    console.log(`@memsweep/kernels: wasm kernels built (${output})`);
  } catch (error) {
    console.warn(`@memsweep/kernels: wasm build of ${source} failed, the JavaScript code will run instead:\n  ${error.message}`);
  }
}
