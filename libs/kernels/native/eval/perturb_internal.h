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
} layer_job_t;

/**
 * Pairs pair .. pair+3 (AVX2) or pair .. pair+7 (AVX-512), all of whose cells are weights. Returns a bit per pair:
 * 1 = stored exactly; the caller recomputes the others with the scalar code.
 */
int perturb_pairs_avx2(const layer_job_t *job, size_t pair);
int perturb_pairs_avx512(const layer_job_t *job, size_t pair);
#endif
