// perturb_lanes.h on AVX2: four Box–Muller pairs (eight cells) at once.
#include "perturb_internal.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>


#define TARGET __attribute__((target("avx2")))
#define LANES 4
typedef __m256d vd;
typedef __m256i vi;
typedef __m256i vm;
typedef __m128i vh;

#define i_srli(v, n) _mm256_srli_epi64(v, n)
#define i_slli(v, n) _mm256_slli_epi64(v, n)
TARGET static inline vi splat64(int64_t v) { return _mm256_set1_epi64x(v); }
TARGET static inline vd splatd(double v) { return _mm256_set1_pd(v); }
TARGET static inline vi iota64(uint64_t first) { return _mm256_add_epi64(splat64((int64_t)first), _mm256_setr_epi64x(0, 1, 2, 3)); }
TARGET static inline vi i_and(vi a, vi b) { return _mm256_and_si256(a, b); }
TARGET static inline vi i_or(vi a, vi b) { return _mm256_or_si256(a, b); }
TARGET static inline vi i_xor(vi a, vi b) { return _mm256_xor_si256(a, b); }
TARGET static inline vi i_add(vi a, vi b) { return _mm256_add_epi64(a, b); }
TARGET static inline vi i_sub(vi a, vi b) { return _mm256_sub_epi64(a, b); }
TARGET static inline vi i_mul_lo32(vi a, vi b) { return _mm256_mul_epu32(a, b); }
TARGET static inline vi as_i(vd x) { return _mm256_castpd_si256(x); }
TARGET static inline vd as_d(vi x) { return _mm256_castsi256_pd(x); }
TARGET static inline vd d_add(vd a, vd b) { return _mm256_add_pd(a, b); }
TARGET static inline vd d_sub(vd a, vd b) { return _mm256_sub_pd(a, b); }
TARGET static inline vd d_mul(vd a, vd b) { return _mm256_mul_pd(a, b); }
TARGET static inline vd d_div(vd a, vd b) { return _mm256_div_pd(a, b); }
TARGET static inline vd d_sqrt(vd a) { return _mm256_sqrt_pd(a); }
TARGET static inline vm d_lt(vd a, vd b) { return _mm256_castpd_si256(_mm256_cmp_pd(a, b, _CMP_LT_OQ)); }
TARGET static inline vm d_eq(vd a, vd b) { return _mm256_castpd_si256(_mm256_cmp_pd(a, b, _CMP_EQ_OQ)); }
TARGET static inline vm lt64(vi a, int64_t b) { return _mm256_cmpgt_epi64(splat64(b), a); }
TARGET static inline vm gt64(vi a, int64_t b) { return _mm256_cmpgt_epi64(a, splat64(b)); }
TARGET static inline vm eq64(vi a, vi b) { return _mm256_cmpeq_epi64(a, b); }
TARGET static inline vm m_or(vm a, vm b) { return _mm256_or_si256(a, b); }
TARGET static inline vm m_and(vm a, vm b) { return _mm256_and_si256(a, b); }
TARGET static inline vm m_andnot(vm a, vm b) { return _mm256_andnot_si256(a, b); }
TARGET static inline vm m_none(void) { return _mm256_setzero_si256(); }
TARGET static inline int m_bits(vm m) { return _mm256_movemask_pd(_mm256_castsi256_pd(m)); }
TARGET static inline vd blend(vd if_false, vd if_true, vm m) { return _mm256_blendv_pd(if_false, if_true, _mm256_castsi256_pd(m)); }
TARGET static inline vh d_trunc32(vd x) { return _mm256_cvttpd_epi32(x); }
TARGET static inline vd h_to_pd(vh x) { return _mm256_cvtepi32_pd(x); }
TARGET static inline vi h_to_i64(vh x) { return _mm256_cvtepi32_epi64(x); }
/** 64-bit lanes holding small signed integers → double. */
TARGET static inline vd small_int_to_pd(vi v) {
  return _mm256_cvtepi32_pd(_mm256_castsi256_si128(_mm256_permutevar8x32_epi32(v, _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6))));
}
/** Eight consecutive cells: the even ones (cos draws) and the odd ones (sin draws) as doubles. */
TARGET static inline void load_pairs(const float *p, vd *even, vd *odd) {
  const __m256 w = _mm256_permutevar8x32_ps(_mm256_loadu_ps(p), _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7));
  *even = _mm256_cvtps_pd(_mm256_castps256_ps128(w));
  *odd = _mm256_cvtps_pd(_mm256_extractf128_ps(w, 1));
}
TARGET static inline void store_pairs(float *p, vd even, vd odd) {
  const __m256 packed = _mm256_setr_m128(_mm256_cvtpd_ps(even), _mm256_cvtpd_ps(odd));
  _mm256_storeu_ps(p, _mm256_permutevar8x32_ps(packed, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7)));
}

TARGET static inline void store_d(double *p, vd x) { _mm256_storeu_pd(p, x); }

#include "perturb_lanes.h"

TARGET void perturb_pairs_avx2(const layer_job_t *job, size_t pair, int groups, int *exact) { perturb_groups_lanes(job, pair, groups, exact); }

TARGET int normal_pairs_avx2(uint64_t first, uint32_t k0, uint32_t k1, double *cos_out, double *sin_out) {
  return normal_pairs_lanes(first, k0, k1, cos_out, sin_out);
}
#else
PERTURB_NO_VECTOR_PATH(avx2)
#endif
