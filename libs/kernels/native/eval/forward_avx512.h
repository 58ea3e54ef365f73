// AVX-512 forward kernels (forward_avx512.c), called by forward.c only on CPUs with AVX-512F.
#ifndef MEMSWEEP_EVAL_FORWARD_AVX512_H
#define MEMSWEEP_EVAL_FORWARD_AVX512_H
#include "forward.h"

/** Rows [0, rows) of a CSR block through one layer into out (row stride out_stride); hidden layers apply the activation. */
void sparse_layer_avx512(const int32_t *row_start, const int32_t *cols, const float *vals, int rows, const dense_layer_t *layer,
                         float *out, int out_stride, int activation, int apply);

/** Rows [0, rows) of dense inputs (row stride in_stride) through one layer. */
void dense_layer_avx512(const float *in, int in_stride, int rows, const dense_layer_t *layer, float *out, int out_stride,
                        int activation, int apply);
#endif
