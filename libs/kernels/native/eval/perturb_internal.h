// Shared by perturb.c and its vector paths (perturb_avx2.c, perturb_avx512.c).
#ifndef MEMSWEEP_EVAL_PERTURB_INTERNAL_H
#define MEMSWEEP_EVAL_PERTURB_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "perturb.h"

/** One layer's deployment: cells are the weights (row-major) then the bias. */
typedef struct {
  const float *weights;
  size_t n_weights;
  const float *bias;
  size_t cells;
  uint32_t fk0, fk1, vk0, vk1;
  const weight_level_t *d;
  double w_max;
  float *out_weights;
  float *out_bias;
  /** NULL, or one byte per weight row: 0 = the row is not drawn (it reads 0). */
  const uint8_t *live_rows;
  /** Cells per weight row (the layer's outputs). */
  size_t row_width;
} layer_job_t;

/** True when a cell of [first, last] (cell indices, weights then bias) lies in a live row or in the bias. */
static inline int cells_live(const layer_job_t *job, size_t first, size_t last) {
  if (!job->live_rows || last >= job->n_weights) return 1;
  for (size_t row = first / job->row_width; row <= last / job->row_width; row++)
    if (job->live_rows[row]) return 1;
  return 0;
}

/** Vector groups per call of the vector paths. */
#define PERTURB_GROUPS 4

/**
 * `groups` ≤ PERTURB_GROUPS groups of 4 (AVX2) or 8 (AVX-512) pairs from pair on, all of whose cells are weights.
 * exact[g] gets a bit per pair of group g: 1 = stored exactly; the caller recomputes the others with the scalar code.
 */
void perturb_pairs_avx2(const layer_job_t *job, size_t pair, int groups, int *exact);
void perturb_pairs_avx512(const layer_job_t *job, size_t pair, int groups, int *exact);

/**
 * crossbar's Rng.normal() pairs (r·cos, r·sin) of the 4 (AVX2) or 8 (AVX-512) Philox blocks from `first` under key
 * (k0, k1) into cos_out / sin_out. Returns a bit per block: 1 = exact; the caller recomputes the others in scalar code.
 */
int normal_pairs_avx2(uint64_t first, uint32_t k0, uint32_t k1, double *cos_out, double *sin_out);
int normal_pairs_avx512(uint64_t first, uint32_t k0, uint32_t k1, double *cos_out, double *sin_out);

/** Non-x86 builds: the vector entry points exist (callers check native_vector_level() first) but report no lane exact. */
#define PERTURB_NO_VECTOR_PATH(isa)                                                                           \
  int normal_pairs_##isa(uint64_t first, uint32_t k0, uint32_t k1, double *cos_out, double *sin_out) {        \
    (void)first, (void)k0, (void)k1, (void)cos_out, (void)sin_out;                                            \
    return 0;                                                                                                 \
  }                                                                                                           \
  void perturb_pairs_##isa(const layer_job_t *job, size_t pair, int groups, int *exact) {                    \
    (void)job, (void)pair;                                                                                    \
    for (int g = 0; g < groups; g++) exact[g] = 0;                                                            \
  }
#endif
