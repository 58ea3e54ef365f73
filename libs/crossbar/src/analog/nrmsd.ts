/** The deviation measure of [C] §IV-B (Fig. 4b), SPEC §5. */

/**
 * Normalized RMS deviation of `approximate` from `reference` (same length, same unit): √(mean((a − r)²)) divided by the
 * reference's range max(r) − min(r). Dimensionless (multiply by 100 for percent). Which output it is taken over matters:
 * over the differential output I⁺ − I⁻ the common-mode errors of the two arrays cancel, over one array they do not —
 * always say which. Returns NaN for an empty or constant reference.
 */
export function normalizedRmsDeviation(approximate: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (approximate.length !== reference.length) throw new RangeError(`lengths differ: ${approximate.length} vs ${reference.length}`);
  let squares = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < reference.length; k++) {
    squares += (approximate[k] - reference[k]) ** 2;
    min = Math.min(min, reference[k]);
    max = Math.max(max, reference[k]);
  }
  return Math.sqrt(squares / reference.length) / (max - min);
}
