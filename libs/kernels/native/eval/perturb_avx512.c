// perturb_lanes.h on AVX-512F: eight Box–Muller pairs (sixteen cells) at once.
#include "perturb_internal.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>


#define TARGET __attribute__((target("avx512f")))
#define LANES 8
typedef __m512d vd;
typedef __m512i vi;
typedef __mmask8 vm;
typedef __m256i vh;

#define i_srli(v, n) _mm512_srli_epi64(v, n)
#define i_slli(v, n) _mm512_slli_epi64(v, n)
TARGET static inline vi splat64(int64_t v) { return _mm512_set1_epi64(v); }
TARGET static inline vd splatd(double v) { return _mm512_set1_pd(v); }
TARGET static inline vi iota64(uint64_t first) { return _mm512_add_epi64(splat64((int64_t)first), _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0)); }
TARGET static inline vi i_and(vi a, vi b) { return _mm512_and_si512(a, b); }
TARGET static inline vi i_or(vi a, vi b) { return _mm512_or_si512(a, b); }
TARGET static inline vi i_xor(vi a, vi b) { return _mm512_xor_si512(a, b); }
TARGET static inline vi i_add(vi a, vi b) { return _mm512_add_epi64(a, b); }
TARGET static inline vi i_sub(vi a, vi b) { return _mm512_sub_epi64(a, b); }
TARGET static inline vi i_mul_lo32(vi a, vi b) { return _mm512_mul_epu32(a, b); }
TARGET static inline vi as_i(vd x) { return _mm512_castpd_si512(x); }
TARGET static inline vd as_d(vi x) { return _mm512_castsi512_pd(x); }
TARGET static inline vd d_add(vd a, vd b) { return _mm512_add_pd(a, b); }
TARGET static inline vd d_sub(vd a, vd b) { return _mm512_sub_pd(a, b); }
TARGET static inline vd d_mul(vd a, vd b) { return _mm512_mul_pd(a, b); }
TARGET static inline vd d_div(vd a, vd b) { return _mm512_div_pd(a, b); }
TARGET static inline vd d_sqrt(vd a) { return _mm512_sqrt_pd(a); }
TARGET static inline vm d_lt(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_LT_OQ); }
TARGET static inline vm d_eq(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_EQ_OQ); }
TARGET static inline vm lt64(vi a, int64_t b) { return _mm512_cmplt_epi64_mask(a, splat64(b)); }
TARGET static inline vm gt64(vi a, int64_t b) { return _mm512_cmpgt_epi64_mask(a, splat64(b)); }
TARGET static inline vm eq64(vi a, vi b) { return _mm512_cmpeq_epi64_mask(a, b); }
TARGET static inline vm m_or(vm a, vm b) { return (vm)(a | b); }
TARGET static inline vm m_and(vm a, vm b) { return (vm)(a & b); }
TARGET static inline vm m_andnot(vm a, vm b) { return (vm)(~a & b); }
TARGET static inline vm m_none(void) { return 0; }
TARGET static inline int m_bits(vm m) { return m; }
TARGET static inline vd blend(vd if_false, vd if_true, vm m) { return _mm512_mask_blend_pd(m, if_false, if_true); }
TARGET static inline vh d_trunc32(vd x) { return _mm512_cvttpd_epi32(x); }
TARGET static inline vd h_to_pd(vh x) { return _mm512_cvtepi32_pd(x); }
TARGET static inline vi h_to_i64(vh x) { return _mm512_cvtepi32_epi64(x); }
/** 64-bit lanes holding small signed integers → double. */
TARGET static inline vd small_int_to_pd(vi v) { return _mm512_cvtepi32_pd(_mm512_cvtepi64_epi32(v)); }
/** Sixteen consecutive cells: the even ones (cos draws) and the odd ones (sin draws) as doubles. */
TARGET static inline void load_pairs(const float *p, vd *even, vd *odd) {
  const __m512i split = _mm512_set_epi32(15, 13, 11, 9, 7, 5, 3, 1, 14, 12, 10, 8, 6, 4, 2, 0);
  const __m512 w = _mm512_permutexvar_ps(split, _mm512_loadu_ps(p));
  *even = _mm512_cvtps_pd(_mm512_castps512_ps256(w));
  *odd = _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(w), 1)));
}
TARGET static inline void store_pairs(float *p, vd even, vd odd) {
  const __m512i merge = _mm512_set_epi32(15, 7, 14, 6, 13, 5, 12, 4, 11, 3, 10, 2, 9, 1, 8, 0);
  const __m512d halves = _mm512_insertf64x4(_mm512_castpd256_pd512(_mm256_castps_pd(_mm512_cvtpd_ps(even))), _mm256_castps_pd(_mm512_cvtpd_ps(odd)), 1);
  _mm512_storeu_ps(p, _mm512_permutexvar_ps(merge, _mm512_castpd_ps(halves)));
}

TARGET static inline void store_d(double *p, vd x) { _mm512_storeu_pd(p, x); }

#include "perturb_lanes.h"

TARGET void perturb_pairs_avx512(const layer_job_t *job, size_t pair, int groups, int *exact) { perturb_groups_lanes(job, pair, groups, exact); }

TARGET int normal_pairs_avx512(uint64_t first, uint32_t k0, uint32_t k1, double *cos_out, double *sin_out) {
  return normal_pairs_lanes(first, k0, k1, cos_out, sin_out);
}
#else
PERTURB_NO_VECTOR_PATH(avx512)
#endif
