// The AVX-512 forward kernels (chosen at run time when the CPU has AVX-512F): the AVX2 kernels of forward.c with
// 16-lane vectors, the same operations in the same order per output, so every path gives identical bits.
#include "forward_avx512.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f")))

AVX512 static inline __m512 exp_avx512(__m512 x) {
  x = _mm512_min_ps(x, _mm512_set1_ps(87.0f));
  x = _mm512_max_ps(x, _mm512_set1_ps(-87.0f));
  __m512 fx = _mm512_add_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)), _mm512_set1_ps(0.5f));
  fx = _mm512_roundscale_ps(fx, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
  x = _mm512_sub_ps(x, _mm512_mul_ps(fx, _mm512_set1_ps(0.693359375f)));
  x = _mm512_sub_ps(x, _mm512_mul_ps(fx, _mm512_set1_ps(-2.12194440e-4f)));
  const __m512 z = _mm512_mul_ps(x, x);
  __m512 y = _mm512_set1_ps(1.9875691500e-4f);
  y = _mm512_add_ps(_mm512_mul_ps(y, x), _mm512_set1_ps(1.3981999507e-3f));
  y = _mm512_add_ps(_mm512_mul_ps(y, x), _mm512_set1_ps(8.3334519073e-3f));
  y = _mm512_add_ps(_mm512_mul_ps(y, x), _mm512_set1_ps(4.1665795894e-2f));
  y = _mm512_add_ps(_mm512_mul_ps(y, x), _mm512_set1_ps(1.6666665459e-1f));
  y = _mm512_add_ps(_mm512_mul_ps(y, x), _mm512_set1_ps(5.0000001201e-1f));
  y = _mm512_add_ps(_mm512_mul_ps(y, z), x);
  y = _mm512_add_ps(y, _mm512_set1_ps(1.0f));
  const __m512i bits = _mm512_slli_epi32(_mm512_add_epi32(_mm512_cvttps_epi32(fx), _mm512_set1_epi32(127)), 23);
  return _mm512_mul_ps(y, _mm512_castsi512_ps(bits));
}

AVX512 static inline __m512 finish_avx512(__m512 acc, __m512 bias, int activation, int apply) {
  const __m512 z = _mm512_add_ps(acc, bias);
  if (!apply) return z;
  if (activation == ACTIVATION_RELU) return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(z, _mm512_setzero_ps(), _CMP_GT_OQ), z);
  const __m512 one = _mm512_set1_ps(1.0f);
  return _mm512_div_ps(one, _mm512_add_ps(one, exp_avx512(_mm512_sub_ps(_mm512_setzero_ps(), z))));
}

static inline __mmask16 lanes_mask(int lanes) { return lanes >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << lanes) - 1u); }

/**
 * One row's outputs [j0, j0 + lanes), lanes ≤ 128, over its (col, val) pairs: eight named accumulators of 16 lanes,
 * masked past `lanes` (a masked-off load reads no memory).
 */
AVX512 static inline void sparse_block128(const int32_t *cols, const float *vals, int k0, int k1, const dense_layer_t *layer, int j0,
                                          int lanes, float *o, int activation, int apply) {
  const int width = layer->outputs;
  __mmask16 m[8];
  for (int v = 0; v < 8; v++) m[v] = lanes_mask(lanes - 16 * v < 0 ? 0 : lanes - 16 * v);
  __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  const float *base = layer->weights + j0;
  for (int k = k0; k < k1; k++) {
    const __m512 x = _mm512_set1_ps(vals[k]);
    const float *w = base + (size_t)cols[k] * width;
    a0 = _mm512_add_ps(a0, _mm512_mul_ps(x, _mm512_maskz_loadu_ps(m[0], w)));
    a1 = _mm512_add_ps(a1, _mm512_mul_ps(x, _mm512_maskz_loadu_ps(m[1], w + 16)));
    a2 = _mm512_add_ps(a2, _mm512_mul_ps(x, _mm512_maskz_loadu_ps(m[2], w + 32)));
    a3 = _mm512_add_ps(a3, _mm512_mul_ps(x, _mm512_maskz_loadu_ps(m[3], w + 48)));
    a4 = _mm512_add_ps(a4, _mm512_mul_ps(x, _mm512_maskz_loadu_ps(m[4], w + 64)));
    a5 = _mm512_add_ps(a5, _mm512_mul_ps(x, _mm512_maskz_loadu_ps(m[5], w + 80)));
    a6 = _mm512_add_ps(a6, _mm512_mul_ps(x, _mm512_maskz_loadu_ps(m[6], w + 96)));
    a7 = _mm512_add_ps(a7, _mm512_mul_ps(x, _mm512_maskz_loadu_ps(m[7], w + 112)));
  }
  const __m512 acc[8] = {a0, a1, a2, a3, a4, a5, a6, a7};
  for (int v = 0; v < 8 && 16 * v < lanes; v++) {
    const __m512 b = _mm512_maskz_loadu_ps(m[v], layer->bias + j0 + 16 * v);
    _mm512_mask_storeu_ps(o + 16 * v, m[v], finish_avx512(acc[v], b, activation, apply));
  }
}

AVX512 void sparse_layer_avx512(const int32_t *row_start, const int32_t *cols, const float *vals, int rows, const dense_layer_t *layer,
                                float *out, int out_stride, int activation, int apply) {
  const int width = layer->outputs;
  for (int j0 = 0; j0 < width; j0 += 128) {
    const int lanes = width - j0 < 128 ? width - j0 : 128;
    for (int s = 0; s < rows; s++) sparse_block128(cols, vals, row_start[s], row_start[s + 1], layer, j0, lanes, out + (size_t)s * out_stride + j0, activation, apply);
  }
}

/* one W vector read by both samples of a pair: each adds x·w only where its own input is nonzero (masked add), so
   each sample's sum is exactly its single-sample sum */
#define PAIR_MAC(v, wv)                                                      \
  do {                                                                       \
    const __m512 w_ = _mm512_maskz_loadu_ps(m[v], (wv));                     \
    a##v = _mm512_mask_add_ps(a##v, ka, a##v, _mm512_mul_ps(xa, w_));        \
    b##v = _mm512_mask_add_ps(b##v, kb, b##v, _mm512_mul_ps(xb, w_));        \
  } while (0)

/**
 * Two samples' outputs [j0, j0 + lanes), lanes ≤ 128, over the union of their nonzero inputs (cols[k], with the
 * samples' values vals[2k], vals[2k + 1], 0 where a sample's input is 0): every W row is loaded once for both.
 */
AVX512 static inline void sparse_pair_block128(const int32_t *cols, const float *vals, int k0, int k1, const dense_layer_t *layer,
                                               int w_stride, int j0, int lanes, float *oa, float *ob, int activation, int apply) {
  __mmask16 m[8];
  for (int v = 0; v < 8; v++) m[v] = lanes_mask(lanes - 16 * v < 0 ? 0 : lanes - 16 * v);
  __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  __m512 b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
  const float *base = layer->weights + j0;
  for (int k = k0; k < k1; k++) {
    const float va = vals[2 * k], vb = vals[2 * k + 1];
    const __m512 xa = _mm512_set1_ps(va), xb = _mm512_set1_ps(vb);
    const __mmask16 ka = _mm512_cmp_ps_mask(xa, _mm512_setzero_ps(), _CMP_NEQ_UQ), kb = _mm512_cmp_ps_mask(xb, _mm512_setzero_ps(), _CMP_NEQ_UQ);
    const float *w = base + (size_t)cols[k] * w_stride;
    PAIR_MAC(0, w);
    PAIR_MAC(1, w + 16);
    PAIR_MAC(2, w + 32);
    PAIR_MAC(3, w + 48);
    PAIR_MAC(4, w + 64);
    PAIR_MAC(5, w + 80);
    PAIR_MAC(6, w + 96);
    PAIR_MAC(7, w + 112);
  }
  const __m512 acc_a[8] = {a0, a1, a2, a3, a4, a5, a6, a7}, acc_b[8] = {b0, b1, b2, b3, b4, b5, b6, b7};
  for (int v = 0; v < 8 && 16 * v < lanes; v++) {
    const __m512 bias = _mm512_maskz_loadu_ps(m[v], layer->bias + j0 + 16 * v);
    _mm512_mask_storeu_ps(oa + 16 * v, m[v], finish_avx512(acc_a[v], bias, activation, apply));
    _mm512_mask_storeu_ps(ob + 16 * v, m[v], finish_avx512(acc_b[v], bias, activation, apply));
  }
}
#undef PAIR_MAC

AVX512 void sparse_pairs_layer_avx512(const int32_t *pair_start, const int32_t *cols, const float *vals, int pairs, const dense_layer_t *layer,
                                      int w_stride, float *out, int out_stride, int activation, int apply) {
  const int width = layer->outputs;
  for (int j0 = 0; j0 < width; j0 += 128) {
    const int lanes = width - j0 < 128 ? width - j0 : 128;
    for (int p = 0; p < pairs; p++) {
      float *oa = out + (size_t)(2 * p) * out_stride + j0;
      sparse_pair_block128(cols, vals, pair_start[p], pair_start[p + 1], layer, w_stride, j0, lanes, oa, oa + out_stride, activation, apply);
    }
  }
}

/* one input row's contribution to four accumulators: acc += x·w, multiply then add */
#define ROW_MAC(xp, acc0, acc1, acc2, acc3)                 \
  do {                                                      \
    const __m512 x = _mm512_set1_ps((xp)[i]);               \
    acc0 = _mm512_add_ps(acc0, _mm512_mul_ps(x, w0));       \
    acc1 = _mm512_add_ps(acc1, _mm512_mul_ps(x, w1));       \
    acc2 = _mm512_add_ps(acc2, _mm512_mul_ps(x, w2));       \
    acc3 = _mm512_add_ps(acc3, _mm512_mul_ps(x, w3));       \
  } while (0)

/** Four dense rows × outputs [j0, j0 + 64), over every input (zeros included: they add nothing). */
AVX512 static inline void dense_tile64(const float *in, int in_stride, const dense_layer_t *layer, int j0, float *out, int out_stride,
                                       int activation, int apply) {
  const int width = layer->outputs, inputs = layer->inputs;
  __m512 a00 = _mm512_setzero_ps(), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
  __m512 a20 = a00, a21 = a00, a22 = a00, a23 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00;
  const float *x0 = in, *x1 = in + in_stride, *x2 = in + 2 * (size_t)in_stride, *x3 = in + 3 * (size_t)in_stride;
  const float *w = layer->weights + j0;
  for (int i = 0; i < inputs; i++, w += width) {
    const __m512 w0 = _mm512_loadu_ps(w), w1 = _mm512_loadu_ps(w + 16), w2 = _mm512_loadu_ps(w + 32), w3 = _mm512_loadu_ps(w + 48);
    ROW_MAC(x0, a00, a01, a02, a03);
    ROW_MAC(x1, a10, a11, a12, a13);
    ROW_MAC(x2, a20, a21, a22, a23);
    ROW_MAC(x3, a30, a31, a32, a33);
  }
  const float *b = layer->bias + j0;
  const __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16), b2 = _mm512_loadu_ps(b + 32), b3 = _mm512_loadu_ps(b + 48);
  const __m512 acc[4][4] = {{a00, a01, a02, a03}, {a10, a11, a12, a13}, {a20, a21, a22, a23}, {a30, a31, a32, a33}};
  for (int r = 0; r < 4; r++) {
    float *o = out + (size_t)r * out_stride + j0;
    _mm512_storeu_ps(o, finish_avx512(acc[r][0], b0, activation, apply));
    _mm512_storeu_ps(o + 16, finish_avx512(acc[r][1], b1, activation, apply));
    _mm512_storeu_ps(o + 32, finish_avx512(acc[r][2], b2, activation, apply));
    _mm512_storeu_ps(o + 48, finish_avx512(acc[r][3], b3, activation, apply));
  }
}
#undef ROW_MAC

/** Four dense rows × outputs [j0, j0 + lanes), lanes ≤ 16 (masked). */
AVX512 static inline void dense_tile_vector(const float *in, int in_stride, const dense_layer_t *layer, int j0, int lanes, float *out,
                                            int out_stride, int activation, int apply) {
  const int width = layer->outputs;
  const __mmask16 m = lanes_mask(lanes);
  __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
  const float *w = layer->weights + j0;
  for (int i = 0; i < layer->inputs; i++, w += width) {
    const __m512 wv = _mm512_maskz_loadu_ps(m, w);
    a0 = _mm512_add_ps(a0, _mm512_mul_ps(_mm512_set1_ps(in[i]), wv));
    a1 = _mm512_add_ps(a1, _mm512_mul_ps(_mm512_set1_ps(in[(size_t)in_stride + i]), wv));
    a2 = _mm512_add_ps(a2, _mm512_mul_ps(_mm512_set1_ps(in[2 * (size_t)in_stride + i]), wv));
    a3 = _mm512_add_ps(a3, _mm512_mul_ps(_mm512_set1_ps(in[3 * (size_t)in_stride + i]), wv));
  }
  const __m512 b = _mm512_maskz_loadu_ps(m, layer->bias + j0);
  const __m512 acc[4] = {a0, a1, a2, a3};
  for (int r = 0; r < 4; r++) _mm512_mask_storeu_ps(out + (size_t)r * out_stride + j0, m, finish_avx512(acc[r], b, activation, apply));
}

/** One dense row × outputs [j0, j0 + lanes), lanes ≤ 16 (masked), over its nonzero inputs. */
AVX512 static inline void dense_row_vector(const float *x, const dense_layer_t *layer, int j0, int lanes, float *o, int activation, int apply) {
  const int width = layer->outputs;
  const __mmask16 m = lanes_mask(lanes);
  __m512 a = _mm512_setzero_ps();
  for (int i = 0; i < layer->inputs; i++)
    if (x[i] != 0.0f) a = _mm512_add_ps(a, _mm512_mul_ps(_mm512_set1_ps(x[i]), _mm512_maskz_loadu_ps(m, layer->weights + (size_t)i * width + j0)));
  _mm512_mask_storeu_ps(o + j0, m, finish_avx512(a, _mm512_maskz_loadu_ps(m, layer->bias + j0), activation, apply));
}

AVX512 void dense_layer_avx512(const float *in, int in_stride, int rows, const dense_layer_t *layer, float *out, int out_stride,
                               int activation, int apply) {
  const int width = layer->outputs, full = width - width % 64, quads = rows - rows % 4;
  // column blocks outside, rows inside: a block of W stays in cache while every row passes over it
  for (int j0 = 0; j0 < full; j0 += 64)
    for (int s = 0; s < quads; s += 4) dense_tile64(in + (size_t)s * in_stride, in_stride, layer, j0, out + (size_t)s * out_stride, out_stride, activation, apply);
  for (int j0 = full; j0 < width; j0 += 16)
    for (int s = 0; s < quads; s += 4)
      dense_tile_vector(in + (size_t)s * in_stride, in_stride, layer, j0, width - j0 < 16 ? width - j0 : 16, out + (size_t)s * out_stride, out_stride, activation, apply);
  for (int s = quads; s < rows; s++)
    for (int j0 = 0; j0 < width; j0 += 16) dense_row_vector(in + (size_t)s * in_stride, layer, j0, width - j0 < 16 ? width - j0 : 16, out + (size_t)s * out_stride, activation, apply);
}
#endif
