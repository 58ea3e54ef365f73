// Forward passes for Monte-Carlo evaluation: sparse-input first layer (sum over nonzero pixels of x_i·W[i, :]),
// register-blocked dense layers, float32 sigmoid/relu, argmax. An AVX2 path is chosen at run time; the generic path is
// plain C (baseline x86-64 or any CPU). Both accumulate every output in the same order, so they agree bit for bit.
#include "forward.h"
#include "forward_avx512.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define HAVE_X86 1
#else
#define HAVE_X86 0
#endif

#define CHUNK_ROWS 256

static int pad8(int width) { return (width + 7) & ~7; }

// ---------------------------------------------------------------- scalar reference arithmetic (generic path)

/**
 * exp(x) in float32: Cephes expf (range reduction by ln 2, degree-5 polynomial, 2^n by exponent bits), with x clamped
 * to [-87, 87] so that 2^n stays a normal float. The portable kernels (src/eval/js-forward.ts, wasm) repeat it op for op.
 */
static inline float exp_f32(float x) {
  x = x < 87.0f ? x : 87.0f; /* the operand order of _mm256_min_ps/_mm256_max_ps: NaN → ±87 */
  x = x > -87.0f ? x : -87.0f;
  float fx = x * 1.44269504088896341f + 0.5f;
  fx = __builtin_floorf(fx);
  x = x - fx * 0.693359375f;
  x = x - fx * -2.12194440e-4f;
  float z = x * x;
  float y = 1.9875691500e-4f;
  y = y * x + 1.3981999507e-3f;
  y = y * x + 8.3334519073e-3f;
  y = y * x + 4.1665795894e-2f;
  y = y * x + 1.6666665459e-1f;
  y = y * x + 5.0000001201e-1f;
  y = y * z + x;
  y = y + 1.0f;
  int32_t bits = ((int32_t)fx + 127) << 23;
  float scale;
  memcpy(&scale, &bits, 4);
  return y * scale;
}

static inline float activate_f32(float z, int activation) {
  if (activation == ACTIVATION_RELU) return z > 0.0f ? z : 0.0f;
  return 1.0f / (1.0f + exp_f32(-z));
}

/** out[j] = act(bias[j] + Σ_k vals[k]·W[cols[k]][j]) for one row given as (cols, vals) pairs. */
static void row_generic(const int32_t *cols, const float *vals, int nnz, const dense_layer_t *layer, float *out,
                        int activation, int apply) {
  const int width = layer->outputs;
  for (int j = 0; j < width; j++) out[j] = 0.0f;
  for (int k = 0; k < nnz; k++) {
    const float v = vals[k];
    const float *w = layer->weights + (size_t)cols[k] * width;
    for (int j = 0; j < width; j++) out[j] = out[j] + v * w[j];
  }
  for (int j = 0; j < width; j++) {
    const float z = out[j] + layer->bias[j];
    out[j] = apply ? activate_f32(z, activation) : z;
  }
}

/** Like row_generic for a dense input row: zero inputs are skipped. */
static void dense_row_generic(const float *in, const dense_layer_t *layer, float *out, int activation, int apply) {
  const int width = layer->outputs;
  for (int j = 0; j < width; j++) out[j] = 0.0f;
  for (int i = 0; i < layer->inputs; i++) {
    const float v = in[i];
    if (v == 0.0f) continue;
    const float *w = layer->weights + (size_t)i * width;
    for (int j = 0; j < width; j++) out[j] = out[j] + v * w[j];
  }
  for (int j = 0; j < width; j++) {
    const float z = out[j] + layer->bias[j];
    out[j] = apply ? activate_f32(z, activation) : z;
  }
}

// ---------------------------------------------------------------- AVX2 path
#if HAVE_X86
#define AVX2 __attribute__((target("avx2")))

AVX2 static inline __m256 exp_avx2(__m256 x) {
  x = _mm256_min_ps(x, _mm256_set1_ps(87.0f));
  x = _mm256_max_ps(x, _mm256_set1_ps(-87.0f));
  __m256 fx = _mm256_add_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)), _mm256_set1_ps(0.5f));
  fx = _mm256_floor_ps(fx);
  x = _mm256_sub_ps(x, _mm256_mul_ps(fx, _mm256_set1_ps(0.693359375f)));
  x = _mm256_sub_ps(x, _mm256_mul_ps(fx, _mm256_set1_ps(-2.12194440e-4f)));
  const __m256 z = _mm256_mul_ps(x, x);
  __m256 y = _mm256_set1_ps(1.9875691500e-4f);
  y = _mm256_add_ps(_mm256_mul_ps(y, x), _mm256_set1_ps(1.3981999507e-3f));
  y = _mm256_add_ps(_mm256_mul_ps(y, x), _mm256_set1_ps(8.3334519073e-3f));
  y = _mm256_add_ps(_mm256_mul_ps(y, x), _mm256_set1_ps(4.1665795894e-2f));
  y = _mm256_add_ps(_mm256_mul_ps(y, x), _mm256_set1_ps(1.6666665459e-1f));
  y = _mm256_add_ps(_mm256_mul_ps(y, x), _mm256_set1_ps(5.0000001201e-1f));
  y = _mm256_add_ps(_mm256_mul_ps(y, z), x);
  y = _mm256_add_ps(y, _mm256_set1_ps(1.0f));
  const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvttps_epi32(fx), _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(y, _mm256_castsi256_ps(bits));
}

AVX2 static inline __m256 finish_avx2(__m256 acc, __m256 bias, int activation, int apply) {
  const __m256 z = _mm256_add_ps(acc, bias);
  if (!apply) return z;
  if (activation == ACTIVATION_RELU) return _mm256_and_ps(z, _mm256_cmp_ps(z, _mm256_setzero_ps(), _CMP_GT_OQ));
  const __m256 one = _mm256_set1_ps(1.0f);
  return _mm256_div_ps(one, _mm256_add_ps(one, exp_avx2(_mm256_sub_ps(_mm256_setzero_ps(), z))));
}

/** Lane mask for the last, partial vector of a row of `width` outputs starting at column j. */
AVX2 static inline __m256i tail_mask(int remaining) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(remaining), lanes);
}

/**
 * One row's outputs [j0, j0 + lanes), lanes ≤ 64, over its (col, val) pairs: eight named accumulators of 8 lanes, masked
 * past `lanes` (a masked-off lane reads no memory).
 */
AVX2 static inline void sparse_block64_avx2(const int32_t *cols, const float *vals, int k0, int k1, const dense_layer_t *layer,
                                            int j0, int lanes, float *o, int activation, int apply) {
  const int width = layer->outputs;
  __m256i m[8];
  for (int v = 0; v < 8; v++) m[v] = tail_mask(lanes - 8 * v);
  __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  const float *base = layer->weights + j0;
/* acc_v += x·W[cols[k]][j0 + 8v ..], every k in order; LOAD(v, w) reads the 8 lanes of vector v */
#define SPARSE_LOOP(LOAD)                                                 \
  for (int k = k0; k < k1; k++) {                                         \
    const __m256 x = _mm256_broadcast_ss(vals + k);                       \
    const float *w = base + (size_t)cols[k] * width;                      \
    a0 = _mm256_add_ps(a0, _mm256_mul_ps(x, LOAD(0, w)));                 \
    a1 = _mm256_add_ps(a1, _mm256_mul_ps(x, LOAD(1, w + 8)));             \
    a2 = _mm256_add_ps(a2, _mm256_mul_ps(x, LOAD(2, w + 16)));            \
    a3 = _mm256_add_ps(a3, _mm256_mul_ps(x, LOAD(3, w + 24)));            \
    a4 = _mm256_add_ps(a4, _mm256_mul_ps(x, LOAD(4, w + 32)));            \
    a5 = _mm256_add_ps(a5, _mm256_mul_ps(x, LOAD(5, w + 40)));            \
    a6 = _mm256_add_ps(a6, _mm256_mul_ps(x, LOAD(6, w + 48)));            \
    a7 = _mm256_add_ps(a7, _mm256_mul_ps(x, LOAD(7, w + 56)));            \
  }
#define PLAIN_LOAD(v, p) _mm256_loadu_ps(p)
#define MASKED_LOAD(v, p) _mm256_maskload_ps(p, m[v])
  if (lanes == 64) {
    SPARSE_LOOP(PLAIN_LOAD) /* full blocks: plain loads (masked loads are slower on some CPUs) */
  } else {
    SPARSE_LOOP(MASKED_LOAD)
  }
#undef SPARSE_LOOP
#undef PLAIN_LOAD
#undef MASKED_LOAD
  const __m256 acc[8] = {a0, a1, a2, a3, a4, a5, a6, a7};
  for (int v = 0; v < 8 && 8 * v < lanes; v++) {
    const __m256 b = _mm256_maskload_ps(layer->bias + j0 + 8 * v, m[v]);
    _mm256_maskstore_ps(o + 8 * v, m[v], finish_avx2(acc[v], b, activation, apply));
  }
}

/** Rows [0, rows) of a CSR block through one layer, 64 outputs at a time (the last block masked). */
AVX2 static void sparse_layer_avx2(const int32_t *row_start, const int32_t *cols, const float *vals, int rows,
                                   const dense_layer_t *layer, float *out, int out_stride, int activation, int apply) {
  const int width = layer->outputs;
  for (int j0 = 0; j0 < width; j0 += 64) {
    const int lanes = width - j0 < 64 ? width - j0 : 64;
    for (int s = 0; s < rows; s++) sparse_block64_avx2(cols, vals, row_start[s], row_start[s + 1], layer, j0, lanes, out + (size_t)s * out_stride + j0, activation, apply);
  }
}

#define DENSE_ROWS 4
#define DENSE_VECTORS 3

/** DENSE_ROWS rows × up to DENSE_VECTORS vectors of outputs at column j0, over every input (zeros included). */
AVX2 static inline void dense_tile_avx2(const float *in, int in_stride, const dense_layer_t *layer, int j0, int vectors,
                                        __m256i mask, int tail, float *out, int out_stride, int activation, int apply) {
  const int width = layer->outputs;
  __m256 acc[DENSE_ROWS][DENSE_VECTORS];
  for (int r = 0; r < DENSE_ROWS; r++)
    for (int v = 0; v < DENSE_VECTORS; v++) acc[r][v] = _mm256_setzero_ps();
  const int lanes = vectors + (tail ? 1 : 0);
  for (int i = 0; i < layer->inputs; i++) {
    const float *w = layer->weights + (size_t)i * width + j0;
    __m256 wv[DENSE_VECTORS];
    for (int v = 0; v < DENSE_VECTORS; v++) wv[v] = v < vectors ? _mm256_loadu_ps(w + 8 * v) : v < lanes ? _mm256_maskload_ps(w + 8 * v, mask) : _mm256_setzero_ps();
    for (int r = 0; r < DENSE_ROWS; r++) {
      const __m256 x = _mm256_set1_ps(in[(size_t)r * in_stride + i]);
      for (int v = 0; v < DENSE_VECTORS; v++) acc[r][v] = _mm256_add_ps(acc[r][v], _mm256_mul_ps(x, wv[v]));
    }
  }
  for (int r = 0; r < DENSE_ROWS; r++) {
    float *o = out + (size_t)r * out_stride + j0;
    for (int v = 0; v < lanes; v++) {
      const int partial = v == vectors;
      const __m256 b = partial ? _mm256_maskload_ps(layer->bias + j0 + 8 * v, mask) : _mm256_loadu_ps(layer->bias + j0 + 8 * v);
      const __m256 y = finish_avx2(acc[r][v], b, activation, apply);
      if (partial) _mm256_maskstore_ps(o + 8 * v, mask, y);
      else _mm256_storeu_ps(o + 8 * v, y);
    }
  }
}

/** dense_tile_avx2 for DENSE_VECTORS full vectors: no masks or conditions in the inner loop. */
AVX2 static inline void dense_full_tile_avx2(const float *in, int in_stride, const dense_layer_t *layer, int j0, float *out,
                                             int out_stride, int activation, int apply) {
  const int width = layer->outputs;
  __m256 a00 = _mm256_setzero_ps(), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00;
  __m256 a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
  const float *w = layer->weights + j0;
  const float *x0 = in, *x1 = in + in_stride, *x2 = in + 2 * (size_t)in_stride, *x3 = in + 3 * (size_t)in_stride;
  for (int i = 0; i < layer->inputs; i++, w += width) {
    const __m256 w0 = _mm256_loadu_ps(w), w1 = _mm256_loadu_ps(w + 8), w2 = _mm256_loadu_ps(w + 16);
/* one input row's contribution to three accumulators: acc += x·w, multiply then add */
#define ROW_MAC(xp, acc0, acc1, acc2)                                   \
  do {                                                                  \
    const __m256 x = _mm256_broadcast_ss((xp) + i);                     \
    acc0 = _mm256_add_ps(acc0, _mm256_mul_ps(x, w0));                   \
    acc1 = _mm256_add_ps(acc1, _mm256_mul_ps(x, w1));                   \
    acc2 = _mm256_add_ps(acc2, _mm256_mul_ps(x, w2));                   \
  } while (0)
    ROW_MAC(x0, a00, a01, a02);
    ROW_MAC(x1, a10, a11, a12);
    ROW_MAC(x2, a20, a21, a22);
    ROW_MAC(x3, a30, a31, a32);
#undef ROW_MAC
  }
  const __m256 b0 = _mm256_loadu_ps(layer->bias + j0), b1 = _mm256_loadu_ps(layer->bias + j0 + 8), b2 = _mm256_loadu_ps(layer->bias + j0 + 16);
  const __m256 acc[DENSE_ROWS][3] = {{a00, a01, a02}, {a10, a11, a12}, {a20, a21, a22}, {a30, a31, a32}};
  for (int r = 0; r < DENSE_ROWS; r++) {
    float *o = out + (size_t)r * out_stride + j0;
    _mm256_storeu_ps(o, finish_avx2(acc[r][0], b0, activation, apply));
    _mm256_storeu_ps(o + 8, finish_avx2(acc[r][1], b1, activation, apply));
    _mm256_storeu_ps(o + 16, finish_avx2(acc[r][2], b2, activation, apply));
  }
}

/** Rows [0, rows) of dense inputs through one layer: tiles of DENSE_ROWS rows, generic rows for the remainder. */
AVX2 static void dense_layer_avx2(const float *in, int in_stride, int rows, const dense_layer_t *layer, float *out,
                                  int out_stride, int activation, int apply) {
  const int width = layer->outputs;
  const int full_rows = rows - rows % DENSE_ROWS;
  for (int j0 = 0; j0 < width; j0 += 8 * DENSE_VECTORS) {
    const int left = width - j0;
    const int vectors = left / 8 < DENSE_VECTORS ? left / 8 : DENSE_VECTORS;
    const int tail = vectors < DENSE_VECTORS ? left - 8 * vectors : 0;
    const __m256i mask = tail_mask(tail);
    for (int s = 0; s < full_rows; s += DENSE_ROWS)
      if (vectors == DENSE_VECTORS) dense_full_tile_avx2(in + (size_t)s * in_stride, in_stride, layer, j0, out + (size_t)s * out_stride, out_stride, activation, apply);
      else dense_tile_avx2(in + (size_t)s * in_stride, in_stride, layer, j0, vectors, mask, tail, out + (size_t)s * out_stride, out_stride, activation, apply);
  }
  for (int s = full_rows; s < rows; s++) dense_row_generic(in + (size_t)s * in_stride, layer, out + (size_t)s * out_stride, activation, apply);
}
#endif

// ---------------------------------------------------------------- driver

/** 2: AVX-512F, 1: AVX2, 0: generic — the best the CPU has, capped by MEMSWEEP_NATIVE_KERNEL (generic | avx2). */
int native_vector_level(void) {
#if HAVE_X86
  static int cached = -1;
  if (cached < 0) {
    const char *forced = getenv("MEMSWEEP_NATIVE_KERNEL");
    const int cap = forced && strcmp(forced, "generic") == 0 ? 0 : forced && strcmp(forced, "avx2") == 0 ? 1 : 2;
    const int cpu = __builtin_cpu_supports("avx512f") ? 2 : __builtin_cpu_supports("avx2") ? 1 : 0;
    cached = cpu < cap ? cpu : cap;
  }
  return cached;
#else
  return 0;
#endif
}

int use_avx2(void) { return native_vector_level() >= 1; }

const char *forward_kernel_name(void) {
  static const char *const names[] = {"generic", "avx2", "avx512"};
  return names[native_vector_level()];
}

static int argmax(const float *z, int width) {
  int best = 0;
  for (int c = 1; c < width; c++)
    if (z[c] > z[best]) best = c;
  return best;
}

/** The first layer for rows [s0, s0 + rows); `aligned` is its weights with rows of aligned_stride floats (pair path). */
static void first_layer(const eval_data_t *data, int s0, int rows, const dense_layer_t *layer, const dense_layer_t *aligned,
                        int aligned_stride, float *out, int out_stride, int activation, int apply) {
#if HAVE_X86
  if (native_vector_level() == 2) {
    if (data->dense_first_layer) dense_layer_avx512(data->x + (size_t)s0 * data->features, data->features, rows, layer, out, out_stride, activation, apply);
    else if (data->pair_start && s0 % 2 == 0) {
      // pairs share each W row load (s0 is even: chunks hold whole pairs); an odd last row runs alone
      const int pairs = rows / 2;
      sparse_pairs_layer_avx512(data->pair_start + s0 / 2, data->pair_cols, data->pair_vals, pairs, aligned, aligned_stride, out, out_stride, activation, apply);
      if (rows % 2) sparse_layer_avx512(data->row_start + s0 + rows - 1, data->cols, data->vals, 1, layer, out + (size_t)(rows - 1) * out_stride, out_stride, activation, apply);
    } else sparse_layer_avx512(data->row_start + s0, data->cols, data->vals, rows, layer, out, out_stride, activation, apply);
    return;
  }
  if (use_avx2()) {
    if (data->dense_first_layer) dense_layer_avx2(data->x + (size_t)s0 * data->features, data->features, rows, layer, out, out_stride, activation, apply);
    else sparse_layer_avx2(data->row_start + s0, data->cols, data->vals, rows, layer, out, out_stride, activation, apply);
    return;
  }
#endif
  for (int s = 0; s < rows; s++) {
    const int32_t k0 = data->row_start[s0 + s];
    row_generic(data->cols + k0, data->vals + k0, data->row_start[s0 + s + 1] - k0, layer, out + (size_t)s * out_stride, activation, apply);
  }
}

static void next_layer(const float *in, int in_stride, int rows, const dense_layer_t *layer, float *out, int out_stride,
                       int activation, int apply) {
#if HAVE_X86
  if (native_vector_level() == 2) {
    dense_layer_avx512(in, in_stride, rows, layer, out, out_stride, activation, apply);
    return;
  }
  if (use_avx2()) {
    dense_layer_avx2(in, in_stride, rows, layer, out, out_stride, activation, apply);
    return;
  }
#endif
  for (int s = 0; s < rows; s++) dense_row_generic(in + (size_t)s * in_stride, layer, out + (size_t)s * out_stride, activation, apply);
}

int64_t count_correct(const eval_data_t *data, const dense_layer_t *layers, int n_layers, int activation) {
  int stride = 8;
  for (int l = 0; l < n_layers; l++) stride = pad8(layers[l].outputs) > stride ? pad8(layers[l].outputs) : stride;
  float *buffers = malloc(sizeof(float) * (size_t)2 * CHUNK_ROWS * stride);
  if (!buffers) return -1;
  float *a = buffers, *b = buffers + (size_t)CHUNK_ROWS * stride;
  // the pair kernel reads 128-column blocks of weight rows: rows copied 64-byte aligned load whole cache lines (a
  // row of 500 floats is 31.25 lines, so 3 rows in 4 would straddle)
  dense_layer_t aligned = layers[0];
  int aligned_stride = layers[0].outputs;
  float *aligned_weights = NULL;
  if (data->pair_start && native_vector_level() == 2 && layers[0].outputs % 16 != 0) {
    aligned_stride = (layers[0].outputs + 15) & ~15;
    aligned_weights = aligned_alloc(64, sizeof(float) * (size_t)aligned_stride * (size_t)layers[0].inputs);
    if (!aligned_weights) {
      free(buffers);
      return -1;
    }
    for (int i = 0; i < layers[0].inputs; i++)
      memcpy(aligned_weights + (size_t)i * aligned_stride, layers[0].weights + (size_t)i * layers[0].outputs, sizeof(float) * (size_t)layers[0].outputs);
    aligned.weights = aligned_weights;
  }
  int64_t correct = 0;
  for (int s0 = 0; s0 < data->n; s0 += CHUNK_ROWS) {
    const int rows = data->n - s0 < CHUNK_ROWS ? data->n - s0 : CHUNK_ROWS;
    first_layer(data, s0, rows, &layers[0], &aligned, aligned_stride, a, stride, activation, n_layers > 1);
    for (int l = 1; l < n_layers; l++) {
      next_layer(a, stride, rows, &layers[l], b, stride, activation, l + 1 < n_layers);
      float *t = a;
      a = b;
      b = t;
    }
    const int classes = layers[n_layers - 1].outputs;
    for (int s = 0; s < rows; s++) correct += argmax(a + (size_t)s * stride, classes) == data->labels[s0 + s];
  }
  free(aligned_weights);
  free(buffers);
  return correct;
}
