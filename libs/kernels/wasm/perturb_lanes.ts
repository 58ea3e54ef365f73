// The vector path of perturb.ts (WebAssembly SIMD): native/eval/perturb_lanes.h on v128. Philox runs four blocks at once
// in i32x4 lanes; the Box–Muller arithmetic runs two pairs at once in f64x2 lanes, every operation the one the scalar
// code (perturb.ts) performs, in the same order, so each lane gives the scalar result bit for bit. Lanes whose arguments
// leave fdlibm's main paths (or hit its special cases) are reported as not exact; the caller redoes them in scalar code.

// @ts-ignore: decorator
@inline function splat64(v: i64): v128 { return i64x2.splat(v); }
// @ts-ignore: decorator
@inline function splatd(v: f64): v128 { return f64x2.splat(v); }
// @ts-ignore: decorator
@inline function hiWords(x: v128): v128 { return i64x2.shr_u(x, 32); }
// @ts-ignore: decorator
@inline function withHiWord(x: v128, hi: v128): v128 { return v128.or(i64x2.shl(hi, 32), v128.and(x, splat64(0xffffffff))); }
// @ts-ignore: decorator
@inline function lt64(a: v128, b: i64): v128 { return i64x2.lt_s(a, splat64(b)); }
// @ts-ignore: decorator
@inline function gt64(a: v128, b: i64): v128 { return i64x2.gt_s(a, splat64(b)); }
/** m ? t : f, lane by lane (m all ones or all zeros). */
// @ts-ignore: decorator
@inline function blend(f: v128, t: v128, m: v128): v128 { return v128.bitselect(t, f, m); }
/** ~a & b, as native's m_andnot. */
// @ts-ignore: decorator
@inline function andNot(a: v128, b: v128): v128 { return v128.andnot(b, a); }
// @ts-ignore: decorator
@inline function negate(x: v128): v128 { return v128.xor(x, splat64(<i64>0x8000000000000000)); }
/** 64-bit lanes holding small signed integers → f64. */
// @ts-ignore: decorator
@inline function smallIntToF64(v: v128): v128 { return f64x2.convert_low_i32x4_s(v128.shuffle<i32>(v, v, 0, 2, 0, 2)); }
/** 64-bit lanes holding values below 2^32 → f64 (exact). */
// @ts-ignore: decorator
@inline function u32ToF64(v: v128): v128 {
  const two52 = splatd(4503599627370496.0);
  return f64x2.sub(v128.or(v, two52), two52);
}

/** philox uniforms on lanes from the 64-bit lanes' hi and lo words. */
// @ts-ignore: decorator
@inline function uniformLanes(hiWord: v128, loWord: v128): v128 {
  const hi = u32ToF64(i64x2.shr_u(hiWord, 5)), lo = u32ToF64(i64x2.shr_u(loWord, 6));
  return f64x2.mul(f64x2.add(f64x2.mul(hi, splatd(67108864.0)), lo), splatd(1.0 / 9007199254740992.0));
}

// Philox4x32-10 of four consecutive blocks, word w of each block in lanes of philoxOut[w] (i32x4).
let pw0: v128 = i32x4.splat(0), pw1: v128 = i32x4.splat(0), pw2: v128 = i32x4.splat(0), pw3: v128 = i32x4.splat(0);

/** Blocks first .. first+3 (first + 3 < 2^32) under key (k0, k1) into pw0..pw3. */
// @ts-ignore: decorator
@inline function philox4(first: u32, k0: u32, k1: u32): void {
  let c0 = i32x4.add(i32x4.splat(first), i32x4(0, 1, 2, 3)), c1 = i32x4.splat(0), c2 = c1, c3 = c1;
  const m0 = i32x4.splat(0xd2511f53), m1 = i32x4.splat(0xcd9e8d57);
  for (let round = 0; round < 10; round++) {
    const p0lo = i64x2.extmul_low_i32x4_u(c0, m0), p0hi = i64x2.extmul_high_i32x4_u(c0, m0);
    const p1lo = i64x2.extmul_low_i32x4_u(c2, m1), p1hi = i64x2.extmul_high_i32x4_u(c2, m1);
    const n0 = v128.xor(v128.xor(v128.shuffle<i32>(p1lo, p1hi, 1, 3, 5, 7), c1), i32x4.splat(k0));
    const n2 = v128.xor(v128.xor(v128.shuffle<i32>(p0lo, p0hi, 1, 3, 5, 7), c3), i32x4.splat(k1));
    c1 = v128.shuffle<i32>(p1lo, p1hi, 0, 2, 4, 6);
    c3 = v128.shuffle<i32>(p0lo, p0hi, 0, 2, 4, 6);
    c0 = n0;
    c2 = n2;
    k0 += 0x9e3779b9;
    k1 += 0xbb67ae85;
  }
  pw0 = c0; pw1 = c1; pw2 = c2; pw3 = c3;
}

/** Lanes 2h, 2h+1 of an i32x4 as 64-bit lanes (zero-extended). */
// @ts-ignore: decorator
@inline function half64(words: v128, h: i32): v128 {
  return h == 0 ? i64x2.extend_low_i32x4_u(words) : i64x2.extend_high_i32x4_u(words);
}

// Lane flags of values off fdlibm's main paths, accumulated by the functions below.
let bad: v128 = i64x2.splat(0);

/** jsLog for x in (0, 1] (normal numbers); lanes in fdlibm's tiny-f branch (|x − 1| < 2^-20) are flagged in `bad`. */
// @ts-ignore: decorator
@inline function logLanes(x: v128): v128 {
  const ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  const Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
    Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01, Lg7 = 1.479819860511658591e-01;
  let hx = hiWords(x);
  let k = i64x2.sub(i64x2.shr_u(hx, 20), splat64(1023));
  hx = v128.and(hx, splat64(0x000fffff));
  const i = v128.and(i64x2.add(hx, splat64(0x95f64)), splat64(0x100000));
  x = withHiWord(x, v128.or(hx, v128.xor(i, splat64(0x3ff00000))));
  k = i64x2.add(k, i64x2.shr_u(i, 20));
  const f = f64x2.sub(x, splatd(1.0));
  bad = v128.or(bad, lt64(v128.and(i64x2.add(hx, splat64(2)), splat64(0x000fffff)), 3));
  const s = f64x2.div(f, f64x2.add(splatd(2.0), f));
  const dk = smallIntToF64(k);
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const ij = v128.or(i64x2.sub(hx, splat64(0x6147a)), i64x2.sub(splat64(0x6b851), hx));
  const t1 = f64x2.mul(w, f64x2.add(splatd(Lg2), f64x2.mul(w, f64x2.add(splatd(Lg4), f64x2.mul(w, splatd(Lg6))))));
  const t2 = f64x2.mul(z, f64x2.add(splatd(Lg1), f64x2.mul(w, f64x2.add(splatd(Lg3), f64x2.mul(w, f64x2.add(splatd(Lg5), f64x2.mul(w, splatd(Lg7))))))));
  const R = f64x2.add(t2, t1);
  const dkHi = f64x2.mul(dk, splatd(ln2_hi)), dkLo = f64x2.mul(dk, splatd(ln2_lo));
  const hfsq = f64x2.mul(f64x2.mul(splatd(0.5), f), f);
  const sHfsqR = f64x2.mul(s, f64x2.add(hfsq, R));
  const aK0 = f64x2.sub(f, f64x2.sub(hfsq, sHfsqR));
  const aK = f64x2.sub(dkHi, f64x2.sub(f64x2.sub(hfsq, f64x2.add(sHfsqR, dkLo)), f));
  const sFR = f64x2.mul(s, f64x2.sub(f, R));
  const bK0 = f64x2.sub(f, sFR);
  const bK = f64x2.sub(dkHi, f64x2.sub(f64x2.sub(sFR, dkLo), f));
  const kZero = i64x2.eq(k, splat64(0)), positive = gt64(ij, 0);
  return blend(blend(bK, bK0, kZero), blend(aK, aK0, kZero), positive);
}

// @ts-ignore: decorator
@inline function polyRSin(z: v128): v128 {
  const S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06,
    S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
  return f64x2.add(splatd(S2), f64x2.mul(z, f64x2.add(splatd(S3), f64x2.mul(z, f64x2.add(splatd(S4), f64x2.mul(z, f64x2.add(splatd(S5), f64x2.mul(z, splatd(S6)))))))));
}

// @ts-ignore: decorator
@inline function kernelSinLanes(x: v128, y: v128, iy: i32): v128 {
  const S1 = -1.66666666666666324348e-01;
  const z = f64x2.mul(x, x), v = f64x2.mul(z, x), r = polyRSin(z);
  if (iy == 0) return f64x2.add(x, f64x2.mul(v, f64x2.add(splatd(S1), f64x2.mul(z, r))));
  const inner = f64x2.sub(f64x2.mul(z, f64x2.sub(f64x2.mul(splatd(0.5), y), f64x2.mul(v, r))), y);
  return f64x2.sub(x, f64x2.sub(inner, f64x2.mul(v, splatd(S1))));
}

// @ts-ignore: decorator
@inline function kernelCosLanes(x: v128, y: v128): v128 {
  const C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05,
    C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
  const ix = v128.and(hiWords(x), splat64(0x7fffffff));
  const z = f64x2.mul(x, x);
  let r = f64x2.add(splatd(C5), f64x2.mul(z, splatd(C6)));
  r = f64x2.add(splatd(C4), f64x2.mul(z, r));
  r = f64x2.add(splatd(C3), f64x2.mul(z, r));
  r = f64x2.add(splatd(C2), f64x2.mul(z, r));
  r = f64x2.add(splatd(C1), f64x2.mul(z, r));
  r = f64x2.mul(z, r);
  const zrXy = f64x2.sub(f64x2.mul(z, r), f64x2.mul(x, y));
  const halfZ = f64x2.mul(splatd(0.5), z);
  const near = f64x2.sub(splatd(1.0), f64x2.sub(halfZ, zrXy));
  const qx = blend(i64x2.shl(i64x2.sub(ix, splat64(0x00200000)), 32), splatd(0.28125), gt64(ix, 0x3fe90000));
  const far = f64x2.sub(f64x2.sub(splatd(1.0), qx), f64x2.sub(f64x2.sub(halfZ, qx), zrXy));
  return blend(far, near, lt64(ix, 0x3FD33333));
}

let sinLanes: v128 = f64x2.splat(0), cosLanes: v128 = f64x2.splat(0);

/** jsSinCos for angles in [0, 2π) into sinLanes/cosLanes; lanes outside fdlibm's main paths are flagged in `bad`. */
// @ts-ignore: decorator
@inline function sinCosLanes(a: v128): void {
  const invpio2 = 6.36619772367581382433e-01, pio2_1 = 1.57079632673412561417e+00, pio2_1t = 6.07710050650619224932e-11;
  const ix = hiWords(a);
  const small = lt64(ix, 0x3fe921fc);
  const n32 = i32x4.trunc_sat_f64x2_s_zero(f64x2.add(f64x2.mul(a, splatd(invpio2)), splatd(0.5)));
  const fn = f64x2.convert_low_i32x4_s(n32);
  const n = i64x2.extend_low_i32x4_s(n32);
  const r = f64x2.sub(a, f64x2.mul(fn, splatd(pio2_1)));
  const w = f64x2.mul(fn, splatd(pio2_1t));
  const y0 = f64x2.sub(r, w);
  const y1 = f64x2.sub(f64x2.sub(r, y0), w);
  // special cases: the angle's high word equals that of n·π/2 (fdlibm may refine the reduction), n ≠ 1 below 3π/4,
  // |y0| or the angle below 2^-27 (the kernels return their argument)
  let special = i64x2.eq(ix, hiWords(f64x2.mul(fn, splatd(1.57079632679489661923))));
  special = v128.or(special, andNot(i64x2.eq(n, splat64(1)), lt64(ix, 0x4002d97c)));
  special = v128.or(special, lt64(v128.and(hiWords(y0), splat64(0x7fffffff)), 0x3e400000));
  bad = v128.or(bad, v128.or(andNot(small, special), v128.and(small, lt64(ix, 0x3e400000))));
  const ks = kernelSinLanes(y0, y1, 1), kc = kernelCosLanes(y0, y1);
  const q = v128.and(n, splat64(3));
  const q1 = i64x2.eq(q, splat64(1)), q2 = i64x2.eq(q, splat64(2)), q3 = i64x2.eq(q, splat64(3));
  const sv = blend(blend(blend(ks, kc, q1), negate(ks), q2), negate(kc), q3);
  const cv = blend(blend(blend(kc, negate(ks), q1), negate(kc), q2), ks, q3);
  const zero = splatd(0.0);
  sinLanes = blend(sv, kernelSinLanes(a, zero, 0), small);
  cosLanes = blend(cv, kernelCosLanes(a, zero), small);
}

let expBad: v128 = i64x2.splat(0);

/** jsExp on lanes with |x| < 704; other lanes, and x = 1 (fdlibm returns E there), are flagged in *flags. */
// @ts-ignore: decorator
@inline function expLanes(x: v128, flags: v128): v128 {
  const invln2 = 1.44269504088896338700e+00, ln2hi = 6.93147180369123816490e-01, ln2lo = 1.90821492927058770002e-10;
  const P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05,
    P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08;
  const hx = v128.and(hiWords(x), splat64(0x7fffffff));
  expBad = v128.or(flags, v128.or(gt64(hx, 0x4085ffff), f64x2.eq(x, splatd(1.0))));
  const tiny = lt64(hx, 0x3e300000), unreduced = lt64(hx, 0x3fd62e43);
  const half = v128.or(splatd(0.5), v128.and(x, splat64(<i64>0x8000000000000000)));
  const k32 = i32x4.trunc_sat_f64x2_s_zero(f64x2.add(f64x2.mul(splatd(invln2), x), half));
  const t = f64x2.convert_low_i32x4_s(k32);
  const hi = f64x2.sub(x, f64x2.mul(t, splatd(ln2hi)));
  const lo = f64x2.mul(t, splatd(ln2lo));
  const xr = blend(f64x2.sub(hi, lo), x, unreduced);
  const tt = f64x2.mul(xr, xr);
  const c = f64x2.sub(xr, f64x2.mul(tt, f64x2.add(splatd(P1), f64x2.mul(tt, f64x2.add(splatd(P2), f64x2.mul(tt, f64x2.add(splatd(P3), f64x2.mul(tt, f64x2.add(splatd(P4), f64x2.mul(tt, splatd(P5)))))))))));
  const xc = f64x2.mul(xr, c);
  // fdlibm divides by c − 2 in the unreduced branch and by 2 − c in the other; IEEE negation and division commute
  // exactly, so one division serves both branches
  const q = f64x2.div(xc, f64x2.sub(splatd(2.0), c));
  const k0 = f64x2.sub(splatd(1.0), f64x2.sub(negate(q), xr));
  const y = f64x2.sub(splatd(1.0), f64x2.sub(f64x2.sub(lo, q), hi));
  const twopk = i64x2.shl(i64x2.add(i64x2.extend_low_i32x4_s(k32), splat64(1023)), 52);
  return blend(blend(f64x2.mul(y, twopk), k0, unreduced), f64x2.add(splatd(1.0), x), tiny);
}

/** The cells' values after the fault draw: 0 (stuck-off), ±w_max (stuck-on) or the weight; stuckOut marks stuck lanes. */
let stuckOut: v128 = i64x2.splat(0);

// @ts-ignore: decorator
@inline function stuckLanes(w: v128, u: v128, stuckOff: f64, stuckOn: f64, wMax: f64, signedMax: bool): v128 {
  const off = f64x2.lt(u, splatd(stuckOff));
  const on = andNot(off, f64x2.lt(u, splatd(stuckOff + stuckOn)));
  let onValue = splatd(wMax);
  if (signedMax) onValue = blend(onValue, splatd(-wMax), f64x2.lt(w, splatd(0.0)));
  stuckOut = v128.or(off, on);
  return blend(splatd(0.0), onValue, on);
}

/**
 * Pairs pair .. pair+3 (cells 2·pair .. 2·pair+7, all weights, pair + 3 < 2^32) of a layer: weights at `weights`,
 * results to `out`. Returns a bit per pair: 1 = stored exactly; the caller redoes the others in scalar code.
 */
export function perturbPairs4(pair: u32, weights: usize, out: usize, fk0: u32, fk1: u32, vk0: u32, vk1: u32, stuckOff: f64, stuckOn: f64,
  sigma: f64, signedMax: bool, wMax: f64): i32 {
  philox4(pair, fk0, fk1);
  const f0 = pw0, f1 = pw1, f2 = pw2, f3 = pw3;
  if (sigma != 0) philox4(pair, vk0, vk1);
  let exact = 0;
  for (let h = 0; h < 2; h++) {
    const cell = weights + (<usize>(2 * pair + 4 * h) << 2);
    const four = v128.load(cell);
    const wEven = f64x2.promote_low_f32x4(v128.shuffle<f32>(four, four, 0, 2, 1, 3));
    const wOdd = f64x2.promote_low_f32x4(v128.shuffle<f32>(four, four, 1, 3, 0, 2));
    const fixedEven = stuckLanes(wEven, uniformLanes(half64(f0, h), half64(f1, h)), stuckOff, stuckOn, wMax, signedMax);
    const stuckEven = stuckOut;
    const fixedOdd = stuckLanes(wOdd, uniformLanes(half64(f2, h), half64(f3, h)), stuckOff, stuckOn, wMax, signedMax);
    const stuckOdd = stuckOut;
    let even = blend(wEven, fixedEven, stuckEven), odd = blend(wOdd, fixedOdd, stuckOdd);
    let inexact = i64x2.splat(0);
    if (sigma != 0) {
      bad = i64x2.splat(0);
      const u1 = f64x2.sub(splatd(1.0), uniformLanes(half64(pw0, h), half64(pw1, h)));
      const u2 = uniformLanes(half64(pw2, h), half64(pw3, h));
      const r = f64x2.sqrt(f64x2.mul(splatd(-2.0), logLanes(u1)));
      sinCosLanes(f64x2.mul(splatd(2 * 3.14159265358979323846), u2));
      const s = splatd(sigma);
      const eEven = expLanes(f64x2.mul(s, f64x2.mul(r, cosLanes)), bad);
      const badEven = expBad;
      const eOdd = expLanes(f64x2.mul(s, f64x2.mul(r, sinLanes)), bad);
      const badOdd = expBad;
      even = blend(f64x2.mul(wEven, eEven), fixedEven, stuckEven);
      odd = blend(f64x2.mul(wOdd, eOdd), fixedOdd, stuckOdd);
      // a lane is inexact when a value it uses came off the main paths: the pair's log/sincos, or an unstuck cell's exp
      inexact = v128.or(andNot(v128.and(stuckEven, stuckOdd), bad), v128.or(andNot(stuckEven, badEven), andNot(stuckOdd, badOdd)));
    }
    v128.store(out + (<usize>(2 * pair + 4 * h) << 2), v128.shuffle<f32>(f32x4.demote_f64x2_zero(even), f32x4.demote_f64x2_zero(odd), 0, 4, 1, 5));
    exact |= (~i64x2.bitmask(inexact) & 3) << (2 * h);
  }
  return exact;
}
