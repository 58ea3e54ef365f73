// The bit-sliced column engine (libs/crossbar bit-sliced/column-engine.ts `runColumnsJs`), bit for bit.
#ifndef MEMSWEEP_EVAL_BIT_SLICED_H
#define MEMSWEEP_EVAL_BIT_SLICED_H
#include <stdint.h>

/** One batch of one bit-sliced layer (crossbar's `BitSlicedColumnJob`). */
typedef struct {
  int batch, rows, input_bits, twos_complement, tile_rows, tiles, words_per_tile, columns, weight_bits, outputs;
  const int32_t *codes;       /* batch × rows */
  const uint32_t *positive;   /* tiles × columns × words_per_tile */
  const uint32_t *negative;
  double noise_std;           /* σ_n; 0: no draws */
  int adc;                    /* 0: ideal ADC */
  double adc_step, adc_top;
  const double *mmse;         /* NULL, or (gain, offset) of crossbar x, tile t at 2·(x·tiles + t) */
  const uint8_t *all_zero;    /* outputs */
  int zero_node_suppression;
} bit_sliced_job_t;

/** crossbar's Rng seen as a stream of Box–Muller normals: key, next Philox block, and a spare (sin) normal. */
typedef struct {
  uint32_t k0, k1;
  uint64_t block;
  int has_spare;
  double spare;
} normal_stream_t;

/**
 * Writes f(J₊) − f(J₋) per sample and output into totals (batch × outputs; outputs under zero-node suppression stay
 * as they are: the caller passes zeros). Advances `noise` past the normals drawn. Returns 0, or -1 when an angle falls
 * outside the range js_math.h reproduces (cannot happen for uniforms in [0, 1)).
 */
int bit_sliced_columns(const bit_sliced_job_t *job, normal_stream_t *noise, double *totals);
#endif
