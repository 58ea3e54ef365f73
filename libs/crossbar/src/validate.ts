/** Argument checks shared by the physics functions. They throw `RangeError` with the parameter's name and value. */

/** Throws unless `value` is a probability: a finite number in [0, 1]. */
export function assertProbability(name: string, value: number): void {
  if (!(typeof value === 'number' && value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be a probability in [0, 1], got ${String(value)}`);
  }
}

/** Throws unless `value` is a finite number ≥ 0 (e.g. a standard deviation). */
export function assertNonNegative(name: string, value: number): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(value)}`);
  }
}

/** Throws unless the two stuck rates are probabilities whose sum is at most 1 (a cell is stuck off, on, or neither). */
export function assertStuckRates(stuckOffRate: number, stuckOnRate: number): void {
  assertProbability('stuckOffRate', stuckOffRate);
  assertProbability('stuckOnRate', stuckOnRate);
  if (stuckOffRate + stuckOnRate > 1) {
    throw new RangeError(`stuckOffRate + stuckOnRate must be at most 1, got ${stuckOffRate} + ${stuckOnRate}`);
  }
}
