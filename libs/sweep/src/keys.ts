import { createHash } from 'node:crypto';
import { canonicalJson } from '@memsweep/crossbar';

/** Identity of a configuration: 128 bits of SHA-256 over its canonical JSON (key order never matters). */
export function configKey(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}
