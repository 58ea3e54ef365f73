import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileSweepYaml } from './compile-spec.js';
import { FASHION_MNIST_DEBIAN_DIR } from './dataset-files.js';
import { ConfigError } from './errors.js';
import { planSweep } from './plan.js';

const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));
const examples = readdirSync(examplesDir).filter((name) => name.endsWith('.yaml'));

// Every shipped example must stay a valid sweep file: an example that the schema rejects would only be noticed by the
// user who runs it. The Fashion-MNIST one needs Debian's data package; without it the only accepted error is the one
// that names the package.
describe('examples/', () => {
  it('holds the examples', () => expect(examples.length).toBeGreaterThanOrEqual(10));

  it.each(examples)('%s compiles and plans', (name) => {
    const text = readFileSync(path.join(examplesDir, name), 'utf8');
    let plan;
    try {
      plan = planSweep(compileSweepYaml(text), text);
    } catch (error) {
      const missingFashionMnist = error instanceof ConfigError && !existsSync(FASHION_MNIST_DEBIAN_DIR) && /dataset-fashion-mnist/.test(error.message);
      if (missingFashionMnist) return;
      throw error;
    }
    expect(plan.name).toBe(name.replace(/\.yaml$/, ''));
    expect(plan.points.length).toBeGreaterThan(0);
  });
});
