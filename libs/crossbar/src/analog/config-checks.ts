/** Argument checks for the analog configs. They throw `RangeError` naming the field and the value. */

/** Throws unless `value` is a finite number > 0. */
export function assertPositive(name: string, value: number): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name} must be a finite number > 0, got ${String(value)}`);
  }
}

/** Throws unless `value` is an integer ≥ `min`. */
export function assertIntegerAtLeast(name: string, value: number, min: number): void {
  if (!(Number.isInteger(value) && value >= min)) throw new RangeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
}

/**
 * Throws unless `config` is an object of the given `kind` with no keys outside `keys` (a misspelt key is an error, not
 * a silently ignored default).
 */
export function assertConfigShape(config: unknown, kind: string, keys: readonly string[]): void {
  if (config === null || typeof config !== 'object') throw new RangeError(`${kind} config must be an object, got ${String(config)}`);
  const record = config as Record<string, unknown>;
  if (record.kind !== kind) throw new RangeError(`${kind} config: kind must be '${kind}', got ${JSON.stringify(record.kind)}`);
  for (const key of Object.keys(record)) {
    if (key !== 'kind' && !keys.includes(key)) {
      throw new RangeError(`${kind} config: unknown key ${JSON.stringify(key)} (valid keys: kind, ${keys.join(', ')})`);
    }
  }
}
