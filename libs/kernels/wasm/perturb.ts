// The weight-level deployment of one layer for WebAssembly (AssemblyScript): native/eval/perturb.c's scalar path and
// native/eval/js_math.h (V8's fdlibm exp, log, sin, cos) transcribed operation for operation, so a chip drawn here equals
// the chip libs/crossbar draws in JavaScript bit for bit. Memory is laid out by src/eval/weight-level.ts.
import { perturbPairs4 } from './perturb_lanes';

// @ts-ignore: decorator
@inline function hiWord(x: f64): u32 { return <u32>(reinterpret<u64>(x) >> 32); }
// @ts-ignore: decorator
@inline function loWord(x: f64): u32 { return <u32>reinterpret<u64>(x); }
// @ts-ignore: decorator
@inline function fromWords(hi: u32, lo: u32): f64 { return reinterpret<f64>((<u64>hi << 32) | <u64>lo); }

function jsExp(x: f64): f64 {
  const o_threshold = 7.09782712893383973096e+02, u_threshold = -7.45133219101941108420e+02;
  const invln2 = 1.44269504088896338700e+00, huge = 1.0e+300, twom1000 = 9.33263618503218878990e-302;
  const two1023 = 8.988465674311579539e307, ln2hi = 6.93147180369123816490e-01, ln2lo = 1.90821492927058770002e-10;
  const P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05,
    P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08;
  let hi: f64 = 0, lo: f64 = 0, k: i32 = 0;
  let hx = hiWord(x);
  const xsb = <i32>(hx >> 31);
  hx &= 0x7fffffff;
  if (hx >= 0x40862E42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | loWord(x)) != 0) return x + x;
      return xsb == 0 ? x : 0.0;
    }
    if (x > o_threshold) return huge * huge;
    if (x < u_threshold) return twom1000 * twom1000;
  }
  if (hx > 0x3fd62e42) {
    if (hx < 0x3FF0A2B2) {
      if (x == 1.0) return 2.718281828459045;
      hi = xsb == 0 ? x - ln2hi : x - -ln2hi;
      lo = xsb == 0 ? ln2lo : -ln2lo;
      k = 1 - xsb - xsb;
    } else {
      k = <i32>(invln2 * x + (xsb == 0 ? 0.5 : -0.5));
      const t = <f64>k;
      hi = x - t * ln2hi;
      lo = t * ln2lo;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    if (huge + x > 1.0) return 1.0 + x;
  } else {
    k = 0;
  }
  const t = x * x;
  const twopk = k >= -1021 ? fromWords(<u32>(0x3ff00000 + (k << 20)), 0) : fromWords(<u32>(0x3ff00000 + ((k + 1000) << 20)), 0);
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * two1023;
    return y * twopk;
  }
  return y * twopk * twom1000;
}

/** Math.log for x in (0, 1] normal (the Box–Muller u1). */
function jsLog(x: f64): f64 {
  const ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  const Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
    Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01, Lg7 = 1.479819860511658591e-01;
  let hx = <i32>hiWord(x);
  let k: i32 = 0;
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = fromWords(<u32>(hx | (i ^ 0x3ff00000)), loWord(x));
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0.0) {
      if (k == 0) return 0.0;
      const dk = <f64>k;
      return dk * ln2_hi + dk * ln2_lo;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    const dk = <f64>k;
    return dk * ln2_hi - ((R - dk * ln2_lo) - f);
  }
  const s = f / (2.0 + f);
  const dk = <f64>k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * ln2_hi - ((s * (f - R) - dk * ln2_lo) - f);
}

function kernelSin(x: f64, y: f64, iy: i32): f64 {
  const S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04,
    S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
  const ix = hiWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && <i32>x == 0) return x;
  const z = x * x, v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (iy == 0) return x + v * (S1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

function kernelCos(x: f64, y: f64): f64 {
  const C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05,
    C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
  const ix = hiWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && <i32>x == 0) return 1.0;
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3FD33333) return 1.0 - (0.5 * z - (z * r - x * y));
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0);
  const hz = 0.5 * z - qx;
  const a = 1.0 - qx;
  return a - (hz - (z * r - x * y));
}

let reducedHi: f64 = 0;
let reducedLo: f64 = 0;

/** fdlibm's __ieee754_rem_pio2 for 3π/4 ≤ … < 2^19·π/2 and the n = 1 case; the result goes to reducedHi/Lo. Returns n, or -1 outside. */
function remPio2Medium(x: f64): i32 {
  const invpio2 = 6.36619772367581382433e-01, pio2_1 = 1.57079632673412561417e+00, pio2_1t = 6.07710050650619224932e-11,
    pio2_2 = 6.07710050630396597660e-11, pio2_2t = 2.02226624879595063154e-21, pio2_3 = 2.02226624871116645580e-21,
    pio2_3t = 8.47842766036889956997e-32;
  const hx = <i32>hiWord(x), ix = hx & 0x7fffffff;
  if (hx < 0 || ix > 0x413921fb) return -1;
  if (ix < 0x4002d97c) {
    let z = x - pio2_1;
    if (ix != 0x3ff921fb) {
      reducedHi = z - pio2_1t;
      reducedLo = (z - reducedHi) - pio2_1t;
    } else {
      z -= pio2_2;
      reducedHi = z - pio2_2t;
      reducedLo = (z - reducedHi) - pio2_2t;
    }
    return 1;
  }
  let t = x;
  const n = <i32>(t * invpio2 + 0.5);
  const fn = <f64>n;
  let r = t - fn * pio2_1;
  let w = fn * pio2_1t;
  if (n < 32 && <u32>ix != hiWord(<f64>n * 1.57079632679489661923)) {
    reducedHi = r - w;
  } else {
    const j = ix >> 20;
    reducedHi = r - w;
    let i = j - <i32>((hiWord(reducedHi) >> 20) & 0x7ff);
    if (i > 16) {
      t = r;
      w = fn * pio2_2;
      r = t - w;
      w = fn * pio2_2t - ((t - r) - w);
      reducedHi = r - w;
      i = j - <i32>((hiWord(reducedHi) >> 20) & 0x7ff);
      if (i > 49) {
        t = r;
        w = fn * pio2_3;
        r = t - w;
        w = fn * pio2_3t - ((t - r) - w);
        reducedHi = r - w;
      }
    }
  }
  reducedLo = (r - reducedHi) - w;
  return n;
}

let sinOut: f64 = 0;
let cosOut: f64 = 0;

/** Math.sin and Math.cos of an angle in [0, 2^19·π/2) into sinOut/cosOut; false outside. */
function jsSinCos(x: f64): bool {
  if ((hiWord(x) & 0x7fffffff) <= 0x3fe921fb) {
    sinOut = kernelSin(x, 0.0, 0);
    cosOut = kernelCos(x, 0.0);
    return true;
  }
  const n = remPio2Medium(x);
  if (n < 0) return false;
  const y0 = reducedHi, y1 = reducedLo;
  switch (n & 3) {
    case 0: sinOut = kernelSin(y0, y1, 1); cosOut = kernelCos(y0, y1); break;
    case 1: sinOut = kernelCos(y0, y1); cosOut = -kernelSin(y0, y1, 1); break;
    case 2: sinOut = -kernelSin(y0, y1, 1); cosOut = -kernelCos(y0, y1); break;
    default: sinOut = -kernelCos(y0, y1); cosOut = kernelSin(y0, y1, 1); break;
  }
  return true;
}

let w0: u32 = 0, w1: u32 = 0, w2: u32 = 0, w3: u32 = 0;

/** Philox4x32-10 block `index` under key (k0, k1) into w0..w3. */
function philox(index: u64, k0: u32, k1: u32): void {
  let c0 = <u32>index, c1 = <u32>(index >> 32), c2: u32 = 0, c3: u32 = 0;
  for (let round = 0; round < 10; round++) {
    const p0 = <u64>0xd2511f53 * <u64>c0, p1 = <u64>0xcd9e8d57 * <u64>c2;
    const n0 = <u32>(p1 >> 32) ^ c1 ^ k0, n2 = <u32>(p0 >> 32) ^ c3 ^ k1;
    c1 = <u32>p1;
    c3 = <u32>p0;
    c0 = n0;
    c2 = n2;
    k0 += 0x9e3779b9;
    k1 += 0xbb67ae85;
  }
  w0 = c0; w1 = c1; w2 = c2; w3 = c3;
}

// @ts-ignore: decorator
@inline function uniform(hi: u32, lo: u32): f64 {
  return (<f64>(hi >> 5) * 67108864.0 + <f64>(lo >> 6)) / 9007199254740992.0;
}

// @ts-ignore: decorator
@inline function cellPtr(i: usize, nWeights: usize, weights: usize, bias: usize): usize {
  return i < nWeights ? weights + (i << 2) : bias + ((i - nWeights) << 2);
}

/** True when a cell of [first, last] lies in the bias or in a live weight row (liveRows 0 = every row). */
function anyLive(first: usize, last: usize, nWeights: usize, rowWidth: usize, liveRows: usize): bool {
  if (liveRows == 0 || last >= nWeights) return true;
  for (let row = first / rowWidth; row <= last / rowWidth; row++) if (load<u8>(liveRows + row) != 0) return true;
  return false;
}

/** Cells 2·pair and 2·pair + 1 (weights then bias) in scalar code; false when an angle falls outside the reproduced range. */
function perturbPair(pair: usize, weights: usize, nWeights: usize, bias: usize, cells: usize, fk0: u32, fk1: u32, vk0: u32, vk1: u32,
  stuckOff: f64, stuckOn: f64, sigma: f64, signedMax: bool, wMax: f64, outWeights: usize, outBias: usize): bool {
  const i0 = pair * 2, i1 = i0 + 1;
  const second = i1 < cells;
  const stuckAny = stuckOff + stuckOn;
  philox(<u64>pair, fk0, fk1);
  const f0 = uniform(w0, w1), f1 = uniform(w2, w3);
  const c0 = <f64>load<f32>(cellPtr(i0, nWeights, weights, bias));
  const c1 = second ? <f64>load<f32>(cellPtr(i1, nWeights, weights, bias)) : 0.0;
  const stuck0 = f0 < stuckAny, stuck1 = !second || f1 < stuckAny;
  let v0 = f0 < stuckOff ? 0.0 : signedMax && c0 < 0 ? -wMax : wMax;
  let v1 = f1 < stuckOff ? 0.0 : signedMax && c1 < 0 ? -wMax : wMax;
  if (!(stuck0 && stuck1)) {
    if (sigma == 0) {
      if (!stuck0) v0 = c0;
      if (!stuck1) v1 = c1;
    } else {
      philox(<u64>pair, vk0, vk1);
      const u1 = 1 - uniform(w0, w1), u2 = uniform(w2, w3);
      const r = Math.sqrt(-2 * jsLog(u1));
      if (!jsSinCos(2 * 3.14159265358979323846 * u2)) return false;
      if (!stuck0) v0 = c0 * jsExp(sigma * (r * cosOut));
      if (!stuck1) v1 = c1 * jsExp(sigma * (r * sinOut));
    }
  }
  store<f32>(cellPtr(i0, nWeights, outWeights, outBias), <f32>v0);
  if (second) store<f32>(cellPtr(i1, nWeights, outWeights, outBias), <f32>v1);
  return true;
}

/**
 * libs/crossbar perturbLayerWeightLevel: cells are the weights then the bias; returns 0, or -1 when an angle falls
 * outside the reproduced range (cannot happen for uniforms in [0, 1)). liveRows (0 = all rows) points at one byte per
 * weight row: pairs whose cells all lie in rows marked 0 are not drawn (the caller zeroes those rows). Runs of four
 * pairs of weights take the SIMD path (perturb_lanes.ts); the pairs it cannot reproduce exactly, and the rest, run here.
 */
export function perturbWeightLevel(weights: usize, nWeights: usize, bias: usize, nBias: usize, fk0: u32, fk1: u32, vk0: u32, vk1: u32,
  stuckOff: f64, stuckOn: f64, sigma: f64, signedMax: bool, outWeights: usize, outBias: usize, liveRows: usize): i32 {
  const cells = nWeights + nBias;
  let wMaxF: f32 = 0;
  for (let i: usize = 0; i < cells; i++) {
    const v = Mathf.abs(load<f32>(cellPtr(i, nWeights, weights, bias)));
    if (v > wMaxF) wMaxF = v;
  }
  const wMax = <f64>wMaxF;
  let pair: usize = 0;
  for (; (pair + 4) * 2 <= nWeights && pair + 4 <= <usize>0xffffffff; pair += 4) {
    if (!anyLive(2 * pair, 2 * pair + 7, nWeights, nBias, liveRows)) continue;
    const exact = perturbPairs4(<u32>pair, weights, outWeights, fk0, fk1, vk0, vk1, stuckOff, stuckOn, sigma, signedMax, wMax);
    for (let lane: usize = 0; lane < 4; lane++) {
      if ((exact >> <i32>lane) & 1) continue;
      if (!perturbPair(pair + lane, weights, nWeights, bias, cells, fk0, fk1, vk0, vk1, stuckOff, stuckOn, sigma, signedMax, wMax, outWeights, outBias)) return -1;
    }
  }
  for (; pair * 2 < cells; pair++) {
    if (!anyLive(pair * 2, min(pair * 2 + 1, cells - 1), nWeights, nBias, liveRows)) continue;
    if (!perturbPair(pair, weights, nWeights, bias, cells, fk0, fk1, vk0, vk1, stuckOff, stuckOn, sigma, signedMax, wMax, outWeights, outBias)) return -1;
  }
  return 0;
}
