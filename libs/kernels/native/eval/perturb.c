// Weight-level deployment of one layer (SPEC §2.2), reproducing libs/crossbar's JavaScript draw for draw. The scalar
// path follows crossbar's code; the vector paths (perturb_lanes.h, for AVX2 and AVX-512) compute 4 or 8 Box–Muller
// pairs at once with the same operations and hand every lane they cannot reproduce exactly (rare arguments of log,
// sin/cos, exp) back to the scalar path.
#include "perturb.h"
#include "perturb_internal.h"

#include <math.h>
#include <string.h>

#include "forward.h"
#include "js_math.h"
#include "philox.h"

static inline float cell_at(const layer_job_t *job, size_t i) {
  return i < job->n_weights ? job->weights[i] : job->bias[i - job->n_weights];
}

static inline void store_cell(const layer_job_t *job, size_t i, float value) {
  if (i < job->n_weights) job->out_weights[i] = value;
  else job->out_bias[i - job->n_weights] = value;
}

/** weightLevelCell's fault decision: 1 and *value when the cell is stuck, 0 when variation applies. */
static inline int stuck(double weight, double fault_uniform, const layer_job_t *job, double *value) {
  const weight_level_t *d = job->d;
  if (fault_uniform < d->stuck_off_rate) {
    *value = 0.0;
    return 1;
  }
  if (fault_uniform < d->stuck_off_rate + d->stuck_on_rate) {
    *value = d->signed_max && weight < 0 ? -job->w_max : job->w_max;
    return 1;
  }
  return 0;
}

/** Cells 2·pair and 2·pair + 1: fault uniforms from faults block `pair`, one Box–Muller pair from variation block `pair`. */
static int perturb_pair(const layer_job_t *job, size_t pair) {
  uint32_t fault_words[4], variation_words[4];
  philox4x32_10(pair, job->fk0, job->fk1, fault_words);
  const size_t i0 = 2 * pair, i1 = i0 + 1;
  const int has_second = i1 < job->cells;
  const double w0 = cell_at(job, i0), w1 = has_second ? cell_at(job, i1) : 0.0;
  double v0, v1 = 0.0;
  const int stuck0 = stuck(w0, philox_uniform(fault_words[0], fault_words[1]), job, &v0);
  const int stuck1 = has_second ? stuck(w1, philox_uniform(fault_words[2], fault_words[3]), job, &v1) : 1;
  if (!(stuck0 && stuck1)) {
    if (job->d->sigma == 0) {
      if (!stuck0) v0 = w0;
      if (!stuck1) v1 = w1;
    } else {
      philox4x32_10(pair, job->vk0, job->vk1, variation_words);
      const double u1 = 1 - philox_uniform(variation_words[0], variation_words[1]);
      const double u2 = philox_uniform(variation_words[2], variation_words[3]);
      const double r = sqrt(-2 * js_log(u1));
      double s, c;
      if (!js_sincos(2 * 3.14159265358979323846 * u2, &s, &c)) return -1;
      if (!stuck0) v0 = w0 * js_exp(job->d->sigma * (r * c));
      if (!stuck1) v1 = w1 * js_exp(job->d->sigma * (r * s));
    }
  }
  store_cell(job, i0, (float)v0);
  if (has_second) store_cell(job, i1, (float)v1);
  return 0;
}

int perturb_weight_level(const float *weights, size_t n_weights, const float *bias, size_t n_bias, uint32_t fk0,
                         uint32_t fk1, uint32_t vk0, uint32_t vk1, const weight_level_t *d, float *out_weights,
                         float *out_bias, const uint8_t *live_rows) {
  if (n_bias == 0) live_rows = NULL; /* no rows to tell apart */
  float w_max_f = 0.0f; /* crossbar's augmentedMaxAbs (weights are finite) */
  for (size_t i = 0; i < n_weights; i++) w_max_f = fabsf(weights[i]) > w_max_f ? fabsf(weights[i]) : w_max_f;
  for (size_t i = 0; i < n_bias; i++) w_max_f = fabsf(bias[i]) > w_max_f ? fabsf(bias[i]) : w_max_f;
  const layer_job_t job = {weights, n_weights, bias, n_weights + n_bias, fk0, fk1, vk0, vk1, d, w_max_f, out_weights, out_bias,
                           live_rows, n_bias};
  size_t pair = 0;
  const int level = native_vector_level();
  const size_t lanes = level == 2 ? 8 : 4;
  for (; level > 0 && 2 * (pair + lanes) <= n_weights;) {
    const size_t fit = (n_weights / 2 - pair) / lanes;
    const int groups = fit < PERTURB_GROUPS ? (int)fit : PERTURB_GROUPS;
    const size_t span = (size_t)groups * lanes;
    if (cells_live(&job, 2 * pair, 2 * (pair + span) - 1)) {
      int exact[PERTURB_GROUPS];
      if (level == 2) perturb_pairs_avx512(&job, pair, groups, exact);
      else perturb_pairs_avx2(&job, pair, groups, exact);
      for (int g = 0; g < groups; g++)
        for (size_t lane = 0; lane < lanes; lane++)
          if (!(exact[g] >> lane & 1) && perturb_pair(&job, pair + g * lanes + lane) != 0) return -1;
    }
    pair += span;
  }
  for (; 2 * pair < job.cells; pair++)
    if (cells_live(&job, 2 * pair, 2 * pair + 1 < job.cells ? 2 * pair + 1 : 2 * pair) && perturb_pair(&job, pair) != 0) return -1;
  // skipped rows, and the dead-row cells of drawn pairs or vectors that straddle a live row, read 0
  if (live_rows)
    for (size_t row = 0; row < n_weights / n_bias; row++)
      if (!live_rows[row]) memset(out_weights + row * n_bias, 0, n_bias * sizeof(float));
  return 0;
}
