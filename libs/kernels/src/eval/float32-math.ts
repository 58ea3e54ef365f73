/**
 * The float32 arithmetic of the native and wasm forward kernels, in JavaScript: every operation rounds to float32
 * (`Math.fround`), so the portable path gives the very bits of the native one.
 */
const f = Math.fround;
const CLAMP = 87;
const LOG2E = f(1.44269504088896341);
const LN2_HI = f(0.693359375);
const LN2_LO = f(-2.1219444e-4);
const POLY = [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1].map(f);

/** exp(x) in float32 (Cephes expf with x clamped to [−87, 87]; NaN reads as the clamp, like `_mm256_min_ps`). */
export function expF32(x: number): number {
  x = x < CLAMP ? x : CLAMP;
  x = x > -CLAMP ? x : -CLAMP;
  const fx = Math.floor(f(f(x * LOG2E) + 0.5));
  x = f(x - f(fx * LN2_HI));
  x = f(x - f(fx * LN2_LO));
  const z = f(x * x);
  let y = POLY[0];
  for (let i = 1; i < POLY.length; i++) y = f(f(y * x) + POLY[i]);
  y = f(f(y * z) + x);
  y = f(y + 1);
  return f(y * 2 ** fx);
}

/** The hidden activation in float32: relu z > 0 ? z : 0, sigmoid 1 / (1 + expF32(−z)). */
export function activateF32(z: number, relu: boolean): number {
  if (relu) return z > 0 ? z : 0;
  return f(1 / f(1 + expF32(-z)));
}
