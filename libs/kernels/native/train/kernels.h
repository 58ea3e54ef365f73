// Inner loops of the native trainer, compiled twice (kernels.c): for AVX2+FMA CPUs and for any x86-64 / other CPU.
// All float rows have a padded length P (a multiple of 8) and start on a 32-byte boundary.
#ifndef MEMSWEEP_TRAIN_KERNELS_H
#define MEMSWEEP_TRAIN_KERNELS_H
#include <stddef.h>
#include <stdint.h>

/** Adam's constants for one step t: w ← w − lr_t·m / (√(v·inv_bc2) + eps), lr_t = lr / (1 − β₁ᵗ), inv_bc2 = 1/(1 − β₂ᵗ). */
typedef struct {
  float beta1, one_minus_beta1, beta2, one_minus_beta2, lr_t, inv_bc2, eps;
} adam_step;

/** A rows × P block of parameters with their Adam moments, and how its gradient is formed from the raw one. */
typedef struct {
  float *param, *m, *v;
  /** Drop-connect keep bytes (rows × P, 1 = kept), or NULL: masked entries keep param, m and v bit for bit. */
  const uint8_t *keep;
  /** rows × P storage of which the first `cols` columns are real (the rest is zero padding). */
  size_t rows, cols, P;
  /** Factor on kept gradients: 1/(1 − p) under drop-connect, else 1. */
  float grad_scale;
  /** L1 strength λ: adds λ·sign(w), sign(0) = −1 as tf.abs's gradient, on real entries; 0 = off. */
  float l1;
  /** When not NULL (rows × cols), the final gradient is written here and the parameters are left alone. */
  float *grad_out;
} adam_target;

/** A batch's layer input in feature-major sparse form: feature i has entries start[i] … start[i+1] − 1 of (sample, value). */
typedef struct {
  const uint32_t *start, *sample;
  const float *value;
} sparse_columns;

typedef struct {
  const char *isa;
  /** out[b·P + 0..P) = bias + Σₖ val[b][k]·W[idx[b][k]·P + 0..P) for b < count (sparse rows times a matrix). */
  void (*sparse_gemm)(float *out, const float *bias, const float *W, size_t P, const uint32_t *const *idx, const float *const *val, const uint32_t *nnz, size_t count);
  /** Weight gradient G = Xᵀ·Δ (Δ: samples × P), formed in column blocks, and one Adam step on `target` with it. */
  void (*weight_update)(const adam_target *target, const sparse_columns *x, const float *delta, const adam_step *step);
  /** Bias gradient Σ_b Δ[b] over `count` samples and one Adam step on `target` (rows = 1). */
  void (*bias_update)(const adam_target *target, const float *delta, size_t count, const adam_step *step);
  /**
   * Drop-connect for a rows × cols layer (row stride P): keep[r·P + c] = 1 when word r·cols + c of the Philox4x32-10
   * stream of `key` is below keep_below (2³² keeps all), and eff = w·(keep·scale). Stream word i is word i mod 4 of the
   * block at counter ⌊i/4⌋, as Rng in libs/crossbar/src/rng/rng.ts, so masks equal drawKeepMask's bit for bit.
   */
  void (*drop_connect)(uint8_t *keep, float *eff, const float *w, size_t rows, size_t cols, size_t P, const uint32_t key[2], uint64_t keep_below, float scale);
  /** out[i] = Σⱼ W[i·P + j]·d[j] for i < rows. */
  void (*dot_rows)(float *out, const float *W, size_t rows, size_t P, const float *d);
  /** z[j] ← 1 / (1 + exp(−z[j])) for j < n. */
  void (*sigmoid)(float *z, size_t n);
} train_kernels;

/** The fastest kernels this CPU runs, or the portable ones when `portable` is non-zero. */
const train_kernels *train_kernels_select(int portable);

#endif
