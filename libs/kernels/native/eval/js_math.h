// Bit-exact twins of V8's Math.exp, Math.log, Math.sin and Math.cos (V8 computes them with the fdlibm algorithms, Sun
// Microsystems 1993: "Permission to use, copy, modify, and distribute this software is freely granted, provided that
// this notice is preserved."). memsweep draws every chip in JavaScript (libs/crossbar); the native deployment must give
// the very same float bits, so these follow fdlibm operation for operation. Compile with -ffp-contract=off (no FMA
// fusion) and without -ffast-math; checked against the running V8 in src/eval/perturb.spec.ts.
#ifndef MEMSWEEP_JS_MATH_H
#define MEMSWEEP_JS_MATH_H
#include <stdint.h>
#include <string.h>

static inline uint32_t js_hi(double x) { uint64_t b; memcpy(&b, &x, 8); return (uint32_t)(b >> 32); }
static inline uint32_t js_lo(double x) { uint64_t b; memcpy(&b, &x, 8); return (uint32_t)b; }
static inline double js_words(uint32_t hi, uint32_t lo) { uint64_t b = ((uint64_t)hi << 32) | lo; double x; memcpy(&x, &b, 8); return x; }
static inline double js_set_hi(double x, uint32_t hi) { return js_words(hi, js_lo(x)); }

/** Math.exp */
static inline double js_exp(double x) {
  static const double half[2] = {0.5, -0.5};
  static const double ln2hi[2] = {6.93147180369123816490e-01, -6.93147180369123816490e-01};
  static const double ln2lo[2] = {1.90821492927058770002e-10, -1.90821492927058770002e-10};
  const double o_threshold = 7.09782712893383973096e+02, u_threshold = -7.45133219101941108420e+02;
  const double invln2 = 1.44269504088896338700e+00, huge = 1.0e+300, twom1000 = 9.33263618503218878990e-302;
  const double two1023 = 8.988465674311579539e307;
  const double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05,
               P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08;
  double y, hi = 0.0, lo = 0.0, c, t, twopk;
  int32_t k = 0;
  uint32_t hx = js_hi(x);
  int xsb = (int)((hx >> 31) & 1);
  hx &= 0x7fffffff;
  if (hx >= 0x40862E42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | js_lo(x)) != 0) return x + x;
      return xsb == 0 ? x : 0.0;
    }
    if (x > o_threshold) return huge * huge;
    if (x < u_threshold) return twom1000 * twom1000;
  }
  if (hx > 0x3fd62e42) {
    if (hx < 0x3FF0A2B2) {
      if (x == 1.0) return 2.718281828459045;
      hi = x - ln2hi[xsb];
      lo = ln2lo[xsb];
      k = 1 - xsb - xsb;
    } else {
      k = (int32_t)(invln2 * x + half[xsb]);
      t = k;
      hi = x - t * ln2hi[0];
      lo = t * ln2lo[0];
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    if (huge + x > 1.0) return 1.0 + x;
  } else {
    k = 0;
  }
  t = x * x;
  if (k >= -1021) twopk = js_words(0x3ff00000 + ((uint32_t)k << 20), 0);
  else twopk = js_words(0x3ff00000 + ((uint32_t)(k + 1000) << 20), 0);
  c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * two1023;
    return y * twopk;
  }
  return y * twopk * twom1000;
}

/** Math.log for x > 0 finite or +∞ (Box–Muller only takes logs of (0, 1]); other inputs give NaN or -∞ like V8. */
static inline double js_log(double x) {
  const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10, two54 = 1.80143985094819840000e+16;
  const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
               Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
               Lg7 = 1.479819860511658591e-01;
  double hfsq, f, s, z, R, w, t1, t2, dk;
  int32_t k = 0, hx = (int32_t)js_hi(x), i, j;
  uint32_t lx = js_lo(x);
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | (int32_t)lx) == 0) return -two54 / 0.0;
    if (hx < 0) return (x - x) / 0.0;
    k -= 54;
    x *= two54;
    hx = (int32_t)js_hi(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  i = (hx + 0x95f64) & 0x100000;
  x = js_set_hi(x, (uint32_t)(hx | (i ^ 0x3ff00000)));
  k += (i >> 20);
  f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0.0) {
      if (k == 0) return 0.0;
      dk = (double)k;
      return dk * ln2_hi + dk * ln2_lo;
    }
    R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    dk = (double)k;
    return dk * ln2_hi - ((R - dk * ln2_lo) - f);
  }
  s = f / (2.0 + f);
  dk = (double)k;
  z = s * s;
  i = hx - 0x6147a;
  w = z * z;
  j = 0x6b851 - hx;
  t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  i |= j;
  R = t2 + t1;
  if (i > 0) {
    hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * ln2_hi - ((s * (f - R) - dk * ln2_lo) - f);
}

static inline double js_kernel_sin(double x, double y, int iy) {
  const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04,
               S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
  double z, r, v;
  uint32_t ix = js_hi(x) & 0x7fffffff;
  if (ix < 0x3e400000 && (int)x == 0) return x;
  z = x * x;
  v = z * x;
  r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (iy == 0) return x + v * (S1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

static inline double js_kernel_cos(double x, double y) {
  const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05,
               C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
  double a, hz, z, r, qx;
  uint32_t ix = js_hi(x) & 0x7fffffff;
  if (ix < 0x3e400000 && (int)x == 0) return 1.0;
  z = x * x;
  r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3FD33333) return 1.0 - (0.5 * z - (z * r - x * y));
  if (ix > 0x3fe90000) qx = 0.28125;
  else qx = js_words(ix - 0x00200000, 0);
  hz = 0.5 * z - qx;
  a = 1.0 - qx;
  return a - (hz - (z * r - x * y));
}

/**
 * x mod π/2 as y[0] + y[1], returns the quadrant n, for 0 ≤ x < 2^19·π/2 (the medium range of fdlibm's
 * __ieee754_rem_pio2; Box–Muller angles lie in [0, 2π)). Returns -1 outside that range (the caller then falls back).
 */
static inline int js_rem_pio2_medium(double x, double *y) {
  const double invpio2 = 6.36619772367581382433e-01, pio2_1 = 1.57079632673412561417e+00,
               pio2_1t = 6.07710050650619224932e-11, pio2_2 = 6.07710050630396597660e-11,
               pio2_2t = 2.02226624879595063154e-21, pio2_3 = 2.02226624871116645580e-21,
               pio2_3t = 8.47842766036889956997e-32;
  double z, w, t, r, fn;
  int32_t hx = (int32_t)js_hi(x), ix = hx & 0x7fffffff, n, i, j;
  if (hx < 0 || ix > 0x413921fb) return -1;
  if (ix < 0x4002d97c) {
    z = x - pio2_1;
    if (ix != 0x3ff921fb) {
      y[0] = z - pio2_1t;
      y[1] = (z - y[0]) - pio2_1t;
    } else {
      z -= pio2_2;
      y[0] = z - pio2_2t;
      y[1] = (z - y[0]) - pio2_2t;
    }
    return 1;
  }
  t = x;
  n = (int32_t)(t * invpio2 + 0.5);
  fn = (double)n;
  r = t - fn * pio2_1;
  w = fn * pio2_1t;
  // fdlibm's npio2_hw[n-1] is the high word of the double nearest n·π/2.
  if (n < 32 && (uint32_t)ix != js_hi((double)n * 1.57079632679489661923)) {
    y[0] = r - w;
  } else {
    j = ix >> 20;
    y[0] = r - w;
    i = j - (int32_t)((js_hi(y[0]) >> 20) & 0x7ff);
    if (i > 16) {
      t = r;
      w = fn * pio2_2;
      r = t - w;
      w = fn * pio2_2t - ((t - r) - w);
      y[0] = r - w;
      i = j - (int32_t)((js_hi(y[0]) >> 20) & 0x7ff);
      if (i > 49) {
        t = r;
        w = fn * pio2_3;
        r = t - w;
        w = fn * pio2_3t - ((t - r) - w);
        y[0] = r - w;
      }
    }
  }
  y[1] = (r - y[0]) - w;
  return n;
}

/** Math.sin and Math.cos of the same angle in [0, 2^19·π/2); returns 0 when the angle is outside (caller falls back). */
static inline int js_sincos(double x, double *s, double *c) {
  double y[2];
  if ((js_hi(x) & 0x7fffffff) <= 0x3fe921fb) {
    *s = js_kernel_sin(x, 0.0, 0);
    *c = js_kernel_cos(x, 0.0);
    return 1;
  }
  int n = js_rem_pio2_medium(x, y);
  if (n < 0) return 0;
  switch (n & 3) {
    case 0: *s = js_kernel_sin(y[0], y[1], 1); *c = js_kernel_cos(y[0], y[1]); break;
    case 1: *s = js_kernel_cos(y[0], y[1]); *c = -js_kernel_sin(y[0], y[1], 1); break;
    case 2: *s = -js_kernel_sin(y[0], y[1], 1); *c = -js_kernel_cos(y[0], y[1]); break;
    default: *s = -js_kernel_cos(y[0], y[1]); *c = js_kernel_sin(y[0], y[1], 1); break;
  }
  return 1;
}
#endif
