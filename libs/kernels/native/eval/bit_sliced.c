// The bit-sliced column engine: libs/crossbar bit-sliced/column-engine.ts `runColumnsJs` in C, operation for operation
// in double precision (built with -ffp-contract=off), with crossbar's Rng.normal() (Box–Muller over Philox blocks, V8's
// log/sin/cos from js_math.h) and V8's Math.round, so totals and the noise stream's end state match the JavaScript.
#include "bit_sliced.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "forward.h"
#include "js_math.h"
#include "perturb_internal.h"
#include "philox.h"

/** Math.round: the integer closest to x, ties towards +∞ (floor(x + 0.5) would round 0.49999999999999994 up). */
static inline double js_round(double x) {
  double r = ceil(x);
  if (r - 0.5 > x) r -= 1.0;
  return r;
}

/** The Box–Muller pair of Philox block `block` as crossbar's Rng.normal() computes it: r·cos, then r·sin (the spare). */
static inline int normal_pair(uint32_t k0, uint32_t k1, uint64_t block, double *cos_value, double *sin_value) {
  uint32_t w[4];
  philox4x32_10(block, k0, k1, w);
  const double u1 = 1 - philox_uniform(w[0], w[1]);
  const double u2 = philox_uniform(w[2], w[3]);
  const double r = sqrt(-2 * js_log(u1));
  double s, c;
  if (!js_sincos(2 * 3.14159265358979323846 * u2, &s, &c)) return -1;
  *cos_value = r * c;
  *sin_value = r * s;
  return 0;
}

/** The pairs of blocks first .. first+count-1 into out[2i] (cos) and out[2i+1] (sin); vector lanes where exact. */
static int fill_block_normals(uint32_t k0, uint32_t k1, uint64_t first, size_t count, double *out) {
  const int level = native_vector_level();
  const size_t lanes = level == 2 ? 8 : 4;
  size_t i = 0;
  double c[8], s[8];
  for (; level > 0 && i + lanes <= count; i += lanes) {
    const int exact = level == 2 ? normal_pairs_avx512(first + i, k0, k1, c, s) : normal_pairs_avx2(first + i, k0, k1, c, s);
    for (size_t lane = 0; lane < lanes; lane++) {
      if (exact >> lane & 1) {
        out[2 * (i + lane)] = c[lane];
        out[2 * (i + lane) + 1] = s[lane];
      } else if (normal_pair(k0, k1, first + i + lane, &out[2 * (i + lane)], &out[2 * (i + lane) + 1]) != 0) {
        return -1;
      }
    }
  }
  for (; i < count; i++)
    if (normal_pair(k0, k1, first + i, &out[2 * i], &out[2 * i + 1]) != 0) return -1;
  return 0;
}

/**
 * The next `needed` normals of the stream into out (room for needed + 1), exactly the values Rng.normal() would return
 * one by one, and the stream advanced past them (a pair's unused sin becomes the spare).
 */
static int take_normals(normal_stream_t *ns, size_t needed, double *out) {
  if (needed == 0) return 0;
  const size_t from_spare = ns->has_spare ? 1 : 0;
  if (from_spare) out[0] = ns->spare;
  const size_t rest = needed - from_spare, blocks = (rest + 1) / 2;
  if (fill_block_normals(ns->k0, ns->k1, ns->block, blocks, out + from_spare) != 0) return -1;
  ns->block += blocks;
  ns->has_spare = rest % 2 == 1;
  if (ns->has_spare) ns->spare = out[from_spare + 2 * blocks - 1];
  return 0;
}

// an x86-64-v3 clone (hardware popcnt and round-to-integer instead of library calls) chosen at load time where the
// toolchain can (GCC ifunc on Linux); the same IEEE operations either way (-ffp-contract=off: no fused multiply-add)
#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
int bit_sliced_columns(const bit_sliced_job_t *job, normal_stream_t *noise, double *totals) {
  const int columns = job->columns, wpt = job->words_per_tile, tiles = job->tiles;
  // one sample's normals, drawn ahead in stream order: planes × tiles × 2 crossbars × columns
  const size_t per_sample = job->noise_std > 0 ? (size_t)job->input_bits * tiles * 2 * columns : 0;
  double *acc = calloc((size_t)2 * columns, sizeof(double));
  uint32_t *plane = calloc((size_t)tiles * wpt, sizeof(uint32_t));
  double *normals = malloc(sizeof(double) * (per_sample + 1));
  if (!acc || !plane || !normals) {
    free(acc);
    free(plane);
    free(normals);
    return -2;
  }
  const uint32_t *crossbars[2] = {job->positive, job->negative};
  const int64_t modulus = (int64_t)1 << job->input_bits;
  for (int s = 0; s < job->batch; s++) {
    memset(acc, 0, sizeof(double) * 2 * (size_t)columns);
    if (take_normals(noise, per_sample, normals) != 0) {
      free(acc);
      free(plane);
      free(normals);
      return -1;
    }
    const double *z = normals;
    const int32_t *codes = job->codes + (size_t)s * job->rows;
    for (int b = 0; b < job->input_bits; b++) {
      memset(plane, 0, sizeof(uint32_t) * (size_t)tiles * wpt);
      for (int i = 0; i < job->rows; i++) {
        const int64_t word = codes[i] < 0 ? codes[i] + modulus : codes[i];
        if ((word >> b) & 1) {
          const int tile = i / job->tile_rows, row = i - tile * job->tile_rows;
          plane[tile * wpt + (row >> 5)] |= 1u << (row & 31);
        }
      }
      const double bit_value = ldexp(1.0, b);
      const double plane_weight = job->twos_complement && b == job->input_bits - 1 ? -bit_value : bit_value;
      for (int t = 0; t < tiles; t++) {
        const uint32_t *drive = plane + (size_t)t * wpt;
        for (int x = 0; x < 2; x++) {
          const uint32_t *words = crossbars[x] + (size_t)t * columns * wpt;
          double *accumulator = acc + (size_t)x * columns;
          const double *mmse = job->mmse ? job->mmse + 2 * (x * tiles + t) : NULL;
          for (int c = 0; c < columns; c++) {
            const uint32_t *column = words + (size_t)c * wpt;
            int ones = 0;
            for (int w = 0; w < wpt; w++) ones += __builtin_popcount(column[w] & drive[w]);
            double count = ones;
            if (job->noise_std > 0) count += job->noise_std * *z++;
            if (job->adc) {
              const double code = js_round(count / job->adc_step);
              count = code > 0 ? job->adc_step * (code > job->adc_top ? job->adc_top : code) : 0.0;
            }
            if (mmse) {
              const double estimate = js_round(mmse[0] * count + mmse[1]);
              count = estimate > 0 ? estimate : 0.0;
            }
            accumulator[c] += plane_weight * count;
          }
        }
      }
    }
    for (int j = 0; j < job->outputs; j++) {
      if (job->zero_node_suppression && job->all_zero[j]) continue;
      double total = 0;
      for (int k = 0; k < job->weight_bits; k++) total = 2 * total + (acc[j * job->weight_bits + k] - acc[columns + j * job->weight_bits + k]);
      totals[(size_t)s * job->outputs + j] = total;
    }
  }
  free(acc);
  free(plane);
  free(normals);
  return 0;
}
