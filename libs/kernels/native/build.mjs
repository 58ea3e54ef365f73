#!/usr/bin/env node
// Builds the optional native kernels (binding.gyp → build/Release/*.node) with node-gyp. A failed build is not an error:
// memsweep then runs its portable kernels, and says so once at run time (see src/native-addon.ts). Set
// MEMSWEEP_NATIVE=0 to skip the native build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

function nodeGypCommand() {
  // npm exports its bundled node-gyp to scripts; otherwise look next to the running npm, then on PATH.
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return [process.execPath, fromNpm];
  try {
    const npmDir = dirname(createRequire(import.meta.url).resolve('npm/package.json'));
    return [process.execPath, join(npmDir, 'node_modules/node-gyp/bin/node-gyp.js')];
  } catch {
    const bundled = join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
    return existsSync(bundled) ? [process.execPath, bundled] : ['node-gyp'];
  }
}

if (process.env.MEMSWEEP_NATIVE === '0') {
  console.log('@memsweep/kernels: native build skipped (MEMSWEEP_NATIVE=0); the portable kernels will run');
  process.exit(0);
}
const [command, ...prefix] = nodeGypCommand();
const result = spawnSync(command, [...prefix, 'rebuild'], { cwd: projectRoot, encoding: 'utf8' });
if (result.status === 0) {
  console.log('@memsweep/kernels: native kernels built (build/Release)');
} else {
  const why = result.error ? result.error.message : (result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n  ');
  console.warn(`@memsweep/kernels: native build failed, the portable kernels will run instead:\n  ${why}`);
}
