// Kernel bodies; included by kernels.c once per instruction set with K(name) giving each copy its own names.
// Hot loops keep their accumulators in GCC vector registers (v8sf: 8 floats); the rest are plain loops the compiler
// vectorizes for the target at hand.
#include <math.h>
#include <string.h>

#ifndef MEMSWEEP_TRAIN_V8SF
#define MEMSWEEP_TRAIN_V8SF
typedef float v8sf __attribute__((vector_size(32)));
#define V8(p) (*(const v8sf *)(const void *)(p))
#define V8_STORE(p, x) (*(v8sf *)(void *)(p) = (x))
typedef int32_t v8si __attribute__((vector_size(32)));
#endif

/** out[0 … 8·nv) = start[0 … 8·nv) (or 0) + Σₖ val[k]·M[idx[k]·P + c …]: one column block, accumulators in registers. */
static inline __attribute__((always_inline)) void K(axpy_block)(float *restrict out, const float *restrict start, const float *restrict M, size_t P, const uint32_t *restrict idx,
                                                                 const float *restrict val, size_t nnz, size_t c, const int nv) {
  v8sf acc[8];
  for (int u = 0; u < nv; u++) acc[u] = start ? V8(start + 8 * u) : (v8sf){0};
  for (size_t k = 0; k < nnz; k++) {
    const float *restrict row = M + (size_t)idx[k] * P + c;
    const float x = val[k];
    for (int u = 0; u < nv; u++) acc[u] += x * V8(row + 8 * u);
  }
  for (int u = 0; u < nv; u++) V8_STORE(out + 8 * u, acc[u]);
}

/** Like axpy_block for narrow blocks (nv ≤ 2, e.g. a 10-class output layer): four partial sums over k keep the FMA
 *  pipeline busy where a single accumulator per vector would wait on each add. */
static inline __attribute__((always_inline)) void K(axpy_block_narrow)(float *restrict out, const float *restrict start, const float *restrict M, size_t P,
                                                                        const uint32_t *restrict idx, const float *restrict val, size_t nnz, size_t c, const int nv) {
  v8sf acc[2][4];
  for (int u = 0; u < nv; u++) acc[u][0] = acc[u][1] = acc[u][2] = acc[u][3] = (v8sf){0};
  size_t k = 0;
  for (; k + 4 <= nnz; k += 4)
    for (int q = 0; q < 4; q++) {
      const float *restrict row = M + (size_t)idx[k + q] * P + c;
      for (int u = 0; u < nv; u++) acc[u][q] += val[k + q] * V8(row + 8 * u);
    }
  for (; k < nnz; k++) {
    const float *restrict row = M + (size_t)idx[k] * P + c;
    for (int u = 0; u < nv; u++) acc[u][0] += val[k] * V8(row + 8 * u);
  }
  for (int u = 0; u < nv; u++) {
    const v8sf sum = (acc[u][0] + acc[u][1]) + (acc[u][2] + acc[u][3]);
    V8_STORE(out + 8 * u, start ? V8(start + 8 * u) + sum : sum);
  }
}

/** Width of the column block starting at c: 64, 32, 16 or 8 (P − c is a positive multiple of 8). */
static inline size_t K(block_width)(size_t P, size_t c) {
  const size_t left = P - c;
  return left >= 64 ? 64 : left >= 32 ? 32 : left >= 16 ? 16 : 8;
}

/** One column block of Σₖ val[k]·M[idx[k]·P + c …] into out (plus start when not NULL), `width` columns. */
static inline __attribute__((always_inline)) void K(axpy_any)(float *restrict out, const float *restrict start, const float *restrict M, size_t P, const uint32_t *restrict idx,
                                                               const float *restrict val, size_t nnz, size_t c, size_t width) {
  switch (width) {
    case 64: K(axpy_block)(out, start, M, P, idx, val, nnz, c, 8); break;
    case 32: K(axpy_block)(out, start, M, P, idx, val, nnz, c, 4); break;
    case 16: K(axpy_block_narrow)(out, start, M, P, idx, val, nnz, c, 2); break;
    default: K(axpy_block_narrow)(out, start, M, P, idx, val, nnz, c, 1); break;
  }
}

/** Column blocks outermost, so a block of W (rows × 64 floats) stays in cache while every sample of the batch uses it. */
static void K(sparse_gemm)(float *out, const float *bias, const float *W, size_t P, const uint32_t *const *idx, const float *const *val, const uint32_t *nnz, size_t count) {
  for (size_t c = 0; c < P;) {
    const size_t width = K(block_width)(P, c);
    for (size_t b = 0; b < count; b++) K(axpy_any)(out + b * P + c, bias + c, W, P, idx[b], val[b], nnz[b], c, width);
    c += width;
  }
}

/** Adam on `width` entries at `offset` of the target (row i, column c) with raw gradient g; see adam_target. */
static inline __attribute__((always_inline)) void K(adam_block)(const adam_target *a, size_t i, size_t c, size_t width, const float *restrict g, const adam_step *s) {
  const size_t offset = i * a->P + c, real = a->cols > c ? (a->cols - c < width ? a->cols - c : width) : 0;
  float *restrict w = a->param + offset, *restrict m = a->m + offset, *restrict v = a->v + offset;
  const uint8_t *restrict keep = a->keep ? a->keep + offset : NULL;
  const float scale = a->grad_scale, l1 = a->l1;
  const float b1 = s->beta1, c1 = s->one_minus_beta1, b2 = s->beta2, c2 = s->one_minus_beta2, lr = s->lr_t, ib = s->inv_bc2, eps = s->eps;
  if (a->grad_out) {
    for (size_t j = 0; j < real; j++) {
      const float gj = (!keep || keep[j] ? g[j] * scale : 0.0f) + l1 * (w[j] > 0.0f ? 1.0f : -1.0f);
      a->grad_out[i * a->cols + c + j] = gj;
    }
    return;
  }
  if (!keep && l1 == 0 && scale == 1.0f) {
    for (size_t j = 0; j < width; j++) {
      const float mj = b1 * m[j] + c1 * g[j];
      const float vj = b2 * v[j] + c2 * (g[j] * g[j]);
      m[j] = mj;
      v[j] = vj;
      w[j] = w[j] - lr * mj / (sqrtf(vj * ib) + eps);
    }
    return;
  }
  // Masked or penalized: a branch-free pass computes every candidate, then a bitwise select keeps the old param and
  // moments exactly where the mask is 0 (both passes vectorize; a branch per weight would mispredict at rate p).
  float new_w[64] __attribute__((aligned(32))), new_m[64] __attribute__((aligned(32))), new_v[64] __attribute__((aligned(32)));
  for (size_t j = 0; j < width; j++) {
    const float kept = keep ? (float)keep[j] : 1.0f;
    const float gj = g[j] * (kept * scale) + (j < real ? l1 * (w[j] > 0.0f ? 1.0f : -1.0f) : 0.0f);
    new_m[j] = b1 * m[j] + c1 * gj;
    new_v[j] = b2 * v[j] + c2 * (gj * gj);
    new_w[j] = w[j] - lr * new_m[j] / (sqrtf(new_v[j] * ib) + eps);
  }
  for (size_t j = 0; j < width; j += 8) {
    v8si take = (v8si){0} - 1;
    if (keep) {
      uint8_t bytes[8];
      memcpy(bytes, keep + j, 8);
      for (int q = 0; q < 8; q++) take[q] = -(int32_t)bytes[q];
    }
    V8_STORE(m + j, (v8sf)(((v8si)V8(new_m + j) & take) | ((v8si)V8(m + j) & ~take)));
    V8_STORE(v + j, (v8sf)(((v8si)V8(new_v + j) & take) | ((v8si)V8(v + j) & ~take)));
    V8_STORE(w + j, (v8sf)(((v8si)V8(new_w + j) & take) | ((v8si)V8(w + j) & ~take)));
  }
}

/** Column blocks outermost: the batch's Δ block (samples × 64 floats) stays in L1 across all rows of the layer. */
static void K(weight_update)(const adam_target *a, const sparse_columns *x, const float *delta, const adam_step *s) {
  float g[64] __attribute__((aligned(32)));
  for (size_t c = 0; c < a->P;) {
    const size_t width = K(block_width)(a->P, c);
    for (size_t i = 0; i < a->rows; i++) {
      const uint32_t from = x->start[i];
      K(axpy_any)(g, NULL, delta, a->P, x->sample + from, x->value + from, x->start[i + 1] - from, c, width);
      K(adam_block)(a, i, c, width, g, s);
    }
    c += width;
  }
}

static void K(bias_update)(const adam_target *a, const float *delta, size_t count, const adam_step *s) {
  float g[64] __attribute__((aligned(32)));
  for (size_t c = 0; c < a->P;) {
    const size_t width = K(block_width)(a->P, c);
    for (size_t j = 0; j < width; j++) g[j] = 0.0f;
    for (size_t b = 0; b < count; b++)
      for (size_t j = 0; j < width; j++) g[j] += delta[b * a->P + c + j];
    K(adam_block)(a, 0, c, width, g, s);
    c += width;
  }
}

/** Philox4x32-10 (Salmon et al. 2011; bit-identical to libs/crossbar/src/rng/philox.ts) blocks `block` … `block + 7` under `key` (8 lanes at a time so the compiler can use
 *  vector widening multiplies), written as 32 consecutive stream words. */
static inline __attribute__((always_inline)) void K(philox8)(const uint32_t key[2], uint64_t block, uint32_t *restrict out) {
  uint32_t c0[8], c1[8], c2[8], c3[8];
  for (int i = 0; i < 8; i++) c0[i] = (uint32_t)(block + i), c1[i] = (uint32_t)((block + i) >> 32), c2[i] = 0, c3[i] = 0;
  uint32_t k0 = key[0], k1 = key[1];
  for (int round = 0; round < 10; round++) {
    for (int i = 0; i < 8; i++) {
      const uint64_t p0 = (uint64_t)0xD2511F53u * c0[i], p1 = (uint64_t)0xCD9E8D57u * c2[i];
      const uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1[i] ^ k0, n2 = (uint32_t)(p0 >> 32) ^ c3[i] ^ k1;
      c1[i] = (uint32_t)p1, c3[i] = (uint32_t)p0, c0[i] = n0, c2[i] = n2;
    }
    k0 += 0x9E3779B9u, k1 += 0xBB67AE85u;
  }
  for (int i = 0; i < 8; i++) out[4 * i] = c0[i], out[4 * i + 1] = c1[i], out[4 * i + 2] = c2[i], out[4 * i + 3] = c3[i];
}

static void K(drop_connect)(uint8_t *keep, float *eff, const float *w, size_t rows, size_t cols, size_t P, const uint32_t key[2], uint64_t keep_below, float scale) {
  uint32_t words[256] __attribute__((aligned(32)));
  size_t available = 0, next = 0;
  uint64_t block = 0;
  const int keep_all = keep_below > 0xFFFFFFFFu;
  const uint32_t below = (uint32_t)keep_below;
  for (size_t r = 0; r < rows; r++) {
    uint8_t *restrict k = keep + r * P;
    float *restrict e = eff + r * P;
    const float *restrict wr = w + r * P;
    for (size_t c = 0; c < cols;) {
      if (next == available) {
        for (int g = 0; g < 8; g++) K(philox8)(key, block + 8 * (uint64_t)g, words + 32 * g);
        block += 64, available = 256, next = 0;
      }
      const size_t n = cols - c < available - next ? cols - c : available - next;
      const uint32_t *restrict u = words + next;
      size_t j = 0;
      for (; j + 8 <= n; j += 8) {  // 8 at a time: unsigned u < below as a signed compare with the sign bits flipped
        v8si word;
        v8sf weight;
        memcpy(&word, u + j, sizeof word);
        memcpy(&weight, wr + c + j, sizeof weight);
        const v8si kept = ((word ^ INT32_MIN) < ((v8si){0} + (int32_t)(below ^ 0x80000000u))) | ((v8si){0} - keep_all);
        const v8sf effective = weight * (v8sf)(kept & (v8si)((v8sf){0} + scale));  // w·(keep·scale), as tfjs
        memcpy(e + c + j, &effective, sizeof effective);
        for (int q = 0; q < 8; q++) k[c + j + q] = (uint8_t)(kept[q] & 1);
      }
      for (; j < n; j++) {
        const uint32_t kept = (uint32_t)keep_all | (uint32_t)(u[j] < below);
        k[c + j] = (uint8_t)kept;
        e[c + j] = wr[c + j] * ((float)kept * scale);
      }
      c += n, next += n;
    }
  }
}

static void K(dot_rows)(float *out, const float *W, size_t rows, size_t P, const float *d) {
  for (size_t i = 0; i < rows; i++) {
    const float *restrict w = W + i * P;
    v8sf acc = {0};
    for (size_t c = 0; c < P; c += 8) acc += V8(w + c) * V8(d + c);
    out[i] = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
  }
}

/** 1 / (1 + exp(−z)) on 8 lanes, exp by Cephes' expf polynomial (about 2 ulp) with exp's argument clamped to
 *  [−87.3, 88] (sigmoid is then 0 or 1 to float precision anyway). Branch-free, so it vectorizes on any target. */
static inline __attribute__((always_inline)) v8sf K(sigmoid8)(v8sf z) {
  const v8sf hi = (v8sf){0} + 88.0f, lo = (v8sf){0} - 87.3365447504f;
  v8sf x = -z;
  v8si above = x > hi, below = x < lo;
  x = (v8sf)(((v8si)hi & above) | ((v8si)x & ~above));
  x = (v8sf)(((v8si)lo & below) | ((v8si)x & ~below));
  const v8sf t = x * 1.44269504088896341f + 0.5f;
  v8si n = __builtin_convertvector(t, v8si);          // truncation toward zero …
  n += (v8si)(t < __builtin_convertvector(n, v8sf));  // … corrected to floor (a true comparison is −1)
  const v8sf nf = __builtin_convertvector(n, v8sf);
  const v8sf r = (x - nf * 0.693359375f) - nf * -2.12194440e-4f;
  v8sf p = (v8sf){0} + 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  const v8sf e = p * (v8sf)((n + 127) << 23);
  return 1.0f / (1.0f + e);
}

static void K(sigmoid)(float *z, size_t n) {
  size_t j = 0;
  for (; j + 8 <= n; j += 8) {
    v8sf v;
    memcpy(&v, z + j, sizeof v);
    v = K(sigmoid8)(v);
    memcpy(z + j, &v, sizeof v);
  }
  if (j < n) {
    v8sf v = {0};
    memcpy(&v, z + j, (n - j) * sizeof(float));
    v = K(sigmoid8)(v);
    memcpy(z + j, &v, (n - j) * sizeof(float));
  }
}
