#ifndef MEMSWEEP_EVAL_PERTURB_H
#define MEMSWEEP_EVAL_PERTURB_H
#include <stddef.h>
#include <stdint.h>

/** A weight-level deployment (libs/crossbar weight-level/model.ts). */
typedef struct {
  double stuck_off_rate;
  double stuck_on_rate;
  double sigma;
  int signed_max; /* 1: stuck-on reads ±w_max by the weight's sign; 0: +w_max */
} weight_level_t;

/**
 * libs/crossbar perturbLayerWeightLevel, bit for bit: cells are the weights (row-major) then the bias; cell i takes
 * uniform i of the faults stream (key fk) and normal i of the variation stream (key vk, Box–Muller pairs). Returns 0,
 * or -1 when an angle falls outside the range js_math.h reproduces (cannot happen for uniforms in [0, 1)).
 * `live_rows` (NULL = all) marks the weight rows to draw: a row marked 0 is not drawn and reads 0 (an evaluation whose
 * inputs are 0 there never reads it); every other cell is the same as when all rows are drawn (counter-based draws).
 */
int perturb_weight_level(const float *weights, size_t n_weights, const float *bias, size_t n_bias, uint32_t fk0,
                         uint32_t fk1, uint32_t vk0, uint32_t vk1, const weight_level_t *deployment, float *out_weights,
                         float *out_bias, const uint8_t *live_rows);
#endif
