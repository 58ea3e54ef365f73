// The vector path of perturb.c, written once over a small set of lane primitives that perturb_avx2.c (4 lanes) and
// perturb_avx512.c (8 lanes) define before including this file: LANES, TARGET, the types vd (doubles), vi (64-bit
// integers), vm (lane masks), vh (32-bit integers from truncation) and the functions used below. Every operation is the
// one the scalar code (js_math.h, perturb.c) performs, in the same order, so each lane gives the scalar result bit for
// bit; lanes whose arguments leave fdlibm's main paths (or hit its special cases) are reported as not exact.

/** Philox4x32-10 of blocks first .. first+LANES-1; word w of each block in out[w]. */
TARGET static inline void philox_lanes(uint64_t first, uint32_t k0, uint32_t k1, vi out[4]) {
  const vi lo_mask = splat64(0xffffffff);
  const vi index = iota64(first);
  vi c0 = i_and(index, lo_mask), c1 = i_srli(index, 32), c2 = splat64(0), c3 = c2;
  const vi m0 = splat64(0xd2511f53), m1 = splat64(0xcd9e8d57);
  for (int round = 0; round < 10; round++) {
    const vi p0 = i_mul_lo32(c0, m0), p1 = i_mul_lo32(c2, m1);
    const vi n0 = i_xor(i_xor(i_srli(p1, 32), c1), splat64(k0));
    const vi n2 = i_xor(i_xor(i_srli(p0, 32), c3), splat64(k1));
    c1 = i_and(p1, lo_mask);
    c3 = i_and(p0, lo_mask);
    c0 = n0;
    c2 = n2;
    k0 += 0x9e3779b9u;
    k1 += 0xbb67ae85u;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

TARGET static inline vi hi_words(vd x) { return i_srli(as_i(x), 32); }
TARGET static inline vd with_hi_word(vd x, vi hi) { return as_d(i_or(i_slli(hi, 32), i_and(as_i(x), splat64(0xffffffff)))); }
/** 64-bit lanes holding values below 2^32 → double (exact). */
TARGET static inline vd u32_to_pd(vi v) {
  const vd two52 = splatd(4503599627370496.0);
  return d_sub(as_d(i_or(v, as_i(two52))), two52);
}
TARGET static inline vd negate(vd x) { return as_d(i_xor(as_i(x), splat64(INT64_MIN))); }

/** philox_uniform on lanes. */
TARGET static inline vd uniform_lanes(vi hi_word, vi lo_word) {
  const vd hi = u32_to_pd(i_srli(hi_word, 5)), lo = u32_to_pd(i_srli(lo_word, 6));
  return d_mul(d_add(d_mul(hi, splatd(67108864.0)), lo), splatd(1.0 / 9007199254740992.0));
}

/** js_log for x in (0, 1] (normal numbers); lanes in fdlibm's tiny-f branch (|x − 1| < 2^-20) are added to *bad. */
TARGET static inline vd log_lanes(vd x, vm *bad) {
  const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
               Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
               Lg7 = 1.479819860511658591e-01;
  vi hx = hi_words(x);
  vi k = i_sub(i_srli(hx, 20), splat64(1023));
  hx = i_and(hx, splat64(0x000fffff));
  const vi i = i_and(i_add(hx, splat64(0x95f64)), splat64(0x100000));
  x = with_hi_word(x, i_or(hx, i_xor(i, splat64(0x3ff00000))));
  k = i_add(k, i_srli(i, 20));
  const vd f = d_sub(x, splatd(1.0));
  *bad = m_or(*bad, lt64(i_and(i_add(hx, splat64(2)), splat64(0x000fffff)), 3));
  const vd s = d_div(f, d_add(splatd(2.0), f));
  const vd dk = small_int_to_pd(k);
  const vd z = d_mul(s, s);
  const vd w = d_mul(z, z);
  const vi ij = i_or(i_sub(hx, splat64(0x6147a)), i_sub(splat64(0x6b851), hx));
  const vd t1 = d_mul(w, d_add(splatd(Lg2), d_mul(w, d_add(splatd(Lg4), d_mul(w, splatd(Lg6))))));
  const vd t2 = d_mul(z, d_add(splatd(Lg1), d_mul(w, d_add(splatd(Lg3), d_mul(w, d_add(splatd(Lg5), d_mul(w, splatd(Lg7))))))));
  const vd R = d_add(t2, t1);
  const vd dk_hi = d_mul(dk, splatd(ln2_hi)), dk_lo = d_mul(dk, splatd(ln2_lo));
  const vd hfsq = d_mul(d_mul(splatd(0.5), f), f);
  const vd s_hfsq_R = d_mul(s, d_add(hfsq, R));
  const vd a_k0 = d_sub(f, d_sub(hfsq, s_hfsq_R));
  const vd a_k = d_sub(dk_hi, d_sub(d_sub(hfsq, d_add(s_hfsq_R, dk_lo)), f));
  const vd s_f_R = d_mul(s, d_sub(f, R));
  const vd b_k0 = d_sub(f, s_f_R);
  const vd b_k = d_sub(dk_hi, d_sub(d_sub(s_f_R, dk_lo), f));
  const vm k_zero = eq64(k, splat64(0)), positive = gt64(ij, 0);
  return blend(blend(b_k, b_k0, k_zero), blend(a_k, a_k0, k_zero), positive);
}

TARGET static inline vd poly_r_sin(vd z) {
  const double S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06,
               S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
  return d_add(splatd(S2), d_mul(z, d_add(splatd(S3), d_mul(z, d_add(splatd(S4), d_mul(z, d_add(splatd(S5), d_mul(z, splatd(S6)))))))));
}

TARGET static inline vd kernel_sin_lanes(vd x, vd y, int iy) {
  const double S1 = -1.66666666666666324348e-01;
  const vd z = d_mul(x, x), v = d_mul(z, x), r = poly_r_sin(z);
  if (iy == 0) return d_add(x, d_mul(v, d_add(splatd(S1), d_mul(z, r))));
  const vd inner = d_sub(d_mul(z, d_sub(d_mul(splatd(0.5), y), d_mul(v, r))), y);
  return d_sub(x, d_sub(inner, d_mul(v, splatd(S1))));
}

TARGET static inline vd kernel_cos_lanes(vd x, vd y) {
  const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05,
               C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
  const vi ix = i_and(hi_words(x), splat64(0x7fffffff));
  const vd z = d_mul(x, x);
  vd r = d_add(splatd(C5), d_mul(z, splatd(C6)));
  r = d_add(splatd(C4), d_mul(z, r));
  r = d_add(splatd(C3), d_mul(z, r));
  r = d_add(splatd(C2), d_mul(z, r));
  r = d_add(splatd(C1), d_mul(z, r));
  r = d_mul(z, r);
  const vd zr_xy = d_sub(d_mul(z, r), d_mul(x, y));
  const vd half_z = d_mul(splatd(0.5), z);
  const vd near = d_sub(splatd(1.0), d_sub(half_z, zr_xy));
  const vd qx = blend(as_d(i_slli(i_sub(ix, splat64(0x00200000)), 32)), splatd(0.28125), gt64(ix, 0x3fe90000));
  const vd far = d_sub(d_sub(splatd(1.0), qx), d_sub(d_sub(half_z, qx), zr_xy));
  return blend(far, near, lt64(ix, 0x3FD33333));
}

/** js_sincos for angles in [0, 2π); lanes outside fdlibm's main paths are added to *bad. */
TARGET static inline void sincos_lanes(vd a, vd *s, vd *c, vm *bad) {
  const double invpio2 = 6.36619772367581382433e-01, pio2_1 = 1.57079632673412561417e+00, pio2_1t = 6.07710050650619224932e-11;
  const vi ix = hi_words(a);
  const vm small = lt64(ix, 0x3fe921fc);
  const vh n32 = d_trunc32(d_add(d_mul(a, splatd(invpio2)), splatd(0.5)));
  const vd fn = h_to_pd(n32);
  const vi n = h_to_i64(n32);
  const vd r = d_sub(a, d_mul(fn, splatd(pio2_1)));
  const vd w = d_mul(fn, splatd(pio2_1t));
  const vd y0 = d_sub(r, w);
  const vd y1 = d_sub(d_sub(r, y0), w);
  // special cases: the angle's high word equals that of n·π/2 (fdlibm may refine the reduction), n ≠ 1 below 3π/4,
  // |y0| or the angle below 2^-27 (the kernels return their argument)
  vm special = eq64(ix, hi_words(d_mul(fn, splatd(1.57079632679489661923))));
  special = m_or(special, m_andnot(eq64(n, splat64(1)), lt64(ix, 0x4002d97c)));
  special = m_or(special, lt64(i_and(hi_words(y0), splat64(0x7fffffff)), 0x3e400000));
  *bad = m_or(*bad, m_or(m_andnot(small, special), m_and(small, lt64(ix, 0x3e400000))));
  const vd ks = kernel_sin_lanes(y0, y1, 1), kc = kernel_cos_lanes(y0, y1);
  const vi q = i_and(n, splat64(3));
  const vm q1 = eq64(q, splat64(1)), q2 = eq64(q, splat64(2)), q3 = eq64(q, splat64(3));
  const vd sv = blend(blend(blend(ks, kc, q1), negate(ks), q2), negate(kc), q3);
  const vd cv = blend(blend(blend(kc, negate(ks), q1), negate(kc), q2), ks, q3);
  const vd zero = splatd(0.0);
  *s = blend(sv, kernel_sin_lanes(a, zero, 0), small);
  *c = blend(cv, kernel_cos_lanes(a, zero), small);
}

/** js_exp on lanes with |x| < 704; other lanes, and x = 1 (fdlibm returns E there), are added to *bad. */
TARGET static inline vd exp_lanes(vd x, vm *bad) {
  const double invln2 = 1.44269504088896338700e+00, ln2hi = 6.93147180369123816490e-01, ln2lo = 1.90821492927058770002e-10;
  const double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05,
               P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08;
  const vi hx = i_and(hi_words(x), splat64(0x7fffffff));
  *bad = m_or(*bad, m_or(gt64(hx, 0x4085ffff), d_eq(x, splatd(1.0))));
  const vm tiny = lt64(hx, 0x3e300000), unreduced = lt64(hx, 0x3fd62e43);
  const vd half = as_d(i_or(as_i(splatd(0.5)), i_and(as_i(x), splat64(INT64_MIN))));
  const vh k32 = d_trunc32(d_add(d_mul(splatd(invln2), x), half));
  const vd t = h_to_pd(k32);
  const vd hi = d_sub(x, d_mul(t, splatd(ln2hi)));
  const vd lo = d_mul(t, splatd(ln2lo));
  const vd xr = blend(d_sub(hi, lo), x, unreduced);
  const vd tt = d_mul(xr, xr);
  const vd c = d_sub(xr, d_mul(tt, d_add(splatd(P1), d_mul(tt, d_add(splatd(P2), d_mul(tt, d_add(splatd(P3), d_mul(tt, d_add(splatd(P4), d_mul(tt, splatd(P5)))))))))));
  const vd xc = d_mul(xr, c);
  // fdlibm divides by c − 2 in the unreduced branch and by 2 − c in the other; IEEE negation and division commute
  // exactly (c − 2 = −(2 − c), a/(−b) = −(a/b)), so one division serves both branches
  const vd q = d_div(xc, d_sub(splatd(2.0), c));
  const vd k0 = d_sub(splatd(1.0), d_sub(negate(q), xr));
  const vd y = d_sub(splatd(1.0), d_sub(d_sub(lo, q), hi));
  const vd twopk = as_d(i_slli(i_add(h_to_i64(k32), splat64(1023)), 52));
  return blend(blend(d_mul(y, twopk), k0, unreduced), d_add(splatd(1.0), x), tiny);
}

/** weightLevelCell's stuck values on lanes; *stuck marks the stuck lanes. */
TARGET static inline vd stuck_lanes(vd w, vd u, const layer_job_t *job, vm *stuck) {
  const weight_level_t *d = job->d;
  const vm off = d_lt(u, splatd(d->stuck_off_rate));
  const vm on = m_andnot(off, d_lt(u, splatd(d->stuck_off_rate + d->stuck_on_rate)));
  vd on_value = splatd(job->w_max);
  if (d->signed_max) on_value = blend(on_value, splatd(-job->w_max), d_lt(w, splatd(0.0)));
  *stuck = m_or(off, on);
  return blend(splatd(0.0), on_value, on);
}

/**
 * Pairs pair .. pair+LANES-1 (cells 2·pair ..., all weights) from their Philox blocks. Returns a bit per lane:
 * 1 = stored exactly.
 */
TARGET static inline int finish_pairs_lanes(const layer_job_t *job, size_t pair, const vi fault[4], const vi variation[4]) {
  const size_t cell = 2 * pair;
  vd w_even, w_odd;
  load_pairs(job->weights + cell, &w_even, &w_odd);
  vm stuck_even, stuck_odd, bad = m_none();
  const vd fixed_even = stuck_lanes(w_even, uniform_lanes(fault[0], fault[1]), job, &stuck_even);
  const vd fixed_odd = stuck_lanes(w_odd, uniform_lanes(fault[2], fault[3]), job, &stuck_odd);
  if (job->d->sigma == 0) { // no variation: a cell keeps its weight unless stuck (perturb.c draws no normal either)
    store_pairs(job->out_weights + cell, blend(w_even, fixed_even, stuck_even), blend(w_odd, fixed_odd, stuck_odd));
    return (1 << LANES) - 1;
  }
  const vd u1 = d_sub(splatd(1.0), uniform_lanes(variation[0], variation[1]));
  const vd u2 = uniform_lanes(variation[2], variation[3]);
  const vd r = d_sqrt(d_mul(splatd(-2.0), log_lanes(u1, &bad)));
  vd s, c;
  sincos_lanes(d_mul(splatd(2 * 3.14159265358979323846), u2), &s, &c, &bad);
  const vd sigma = splatd(job->d->sigma);
  vm bad_even = bad, bad_odd = bad;
  const vd e_even = exp_lanes(d_mul(sigma, d_mul(r, c)), &bad_even);
  const vd e_odd = exp_lanes(d_mul(sigma, d_mul(r, s)), &bad_odd);
  store_pairs(job->out_weights + cell, blend(d_mul(w_even, e_even), fixed_even, stuck_even), blend(d_mul(w_odd, e_odd), fixed_odd, stuck_odd));
  // a lane is inexact when a value it uses came off the main paths: the pair's log/sincos, or an unstuck cell's exp
  const vm inexact = m_or(m_andnot(m_and(stuck_even, stuck_odd), bad), m_or(m_andnot(stuck_even, bad_even), m_andnot(stuck_odd, bad_odd)));
  return ~m_bits(inexact) & ((1 << LANES) - 1);
}

/**
 * `groups` (≤ PERTURB_GROUPS) consecutive groups of LANES pairs from pair on: every group's Philox blocks first, then
 * the arithmetic, so that independent work sits close enough for the core to overlap it (one group alone is a long
 * dependent chain). exact[g] gets group g's bits (1 = stored exactly).
 */
TARGET static inline void perturb_groups_lanes(const layer_job_t *job, size_t pair, int groups, int *exact) {
  vi fault[PERTURB_GROUPS][4], variation[PERTURB_GROUPS][4];
  for (int g = 0; g < groups; g++) {
    philox_lanes(pair + (size_t)g * LANES, job->fk0, job->fk1, fault[g]);
    if (job->d->sigma != 0) philox_lanes(pair + (size_t)g * LANES, job->vk0, job->vk1, variation[g]);
  }
  for (int g = 0; g < groups; g++) exact[g] = finish_pairs_lanes(job, pair + (size_t)g * LANES, fault[g], variation[g]);
}

/**
 * crossbar's Rng.normal() pairs of Philox blocks first .. first+LANES-1 under key (k0, k1): r·cos into cos_out[lane],
 * r·sin into sin_out[lane]. Returns a bit per lane: 1 = exact; the caller recomputes the others in scalar code.
 */
TARGET static inline int normal_pairs_lanes(uint64_t first, uint32_t k0, uint32_t k1, double *cos_out, double *sin_out) {
  vi words[4];
  philox_lanes(first, k0, k1, words);
  vm bad = m_none();
  const vd u1 = d_sub(splatd(1.0), uniform_lanes(words[0], words[1]));
  const vd u2 = uniform_lanes(words[2], words[3]);
  const vd r = d_sqrt(d_mul(splatd(-2.0), log_lanes(u1, &bad)));
  vd s, c;
  sincos_lanes(d_mul(splatd(2 * 3.14159265358979323846), u2), &s, &c, &bad);
  store_d(cos_out, d_mul(r, c));
  store_d(sin_out, d_mul(r, s));
  return ~m_bits(bad) & ((1 << LANES) - 1);
}
