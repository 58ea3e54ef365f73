// AVX-512 forward kernels (forward_avx512.c), called by forward.c only on CPUs with AVX-512F.
#ifndef MEMSWEEP_EVAL_FORWARD_AVX512_H
#define MEMSWEEP_EVAL_FORWARD_AVX512_H
#include "forward.h"

/** Rows [0, rows) of a CSR block through one layer into out (row stride out_stride); hidden layers apply the activation. */
void sparse_layer_avx512(const int32_t *row_start, const int32_t *cols, const float *vals, int rows, const dense_layer_t *layer,
                         float *out, int out_stride, int activation, int apply);

/**
 * Rows [0, 2·pairs) of a pair block through one layer: pair p is rows 2p and 2p + 1, its inputs the union of their
 * nonzero columns cols[k] for k in [pair_start[p], pair_start[p + 1]) with values vals[2k] (row 2p) and vals[2k + 1]
 * (row 2p + 1), 0 where that row's input is 0. Bit for bit the rows' single-row sums. The layer's weight rows are
 * w_stride floats apart (layer->outputs, or more for a 64-byte aligned copy).
 */
void sparse_pairs_layer_avx512(const int32_t *pair_start, const int32_t *cols, const float *vals, int pairs, const dense_layer_t *layer,
                               int w_stride, float *out, int out_stride, int activation, int apply);

/** Rows [0, rows) of dense inputs (row stride in_stride) through one layer. */
void dense_layer_avx512(const float *in, int in_stride, int rows, const dense_layer_t *layer, float *out, int out_stride,
                        int activation, int apply);
#endif
