#ifndef MEMSWEEP_EVAL_FORWARD_H
#define MEMSWEEP_EVAL_FORWARD_H
#include <stdint.h>

/** One dense layer: row-major weights [inputs][outputs] and a bias [outputs]. */
typedef struct {
  int inputs;
  int outputs;
  const float *weights;
  const float *bias;
} dense_layer_t;

/** A data set: dense rows x [n][features] and the same rows as CSR (row_start [n+1], cols, vals) of the nonzeros. */
typedef struct {
  int n;
  int features;
  const float *x;
  const int32_t *row_start;
  const int32_t *cols;
  const float *vals;
  const uint8_t *labels;
  int dense_first_layer; /* 1: the first layer reads x with the dense micro-kernel, 0: it sums over the CSR nonzeros */
  /* optional (pair_start NULL: none): rows 2p and 2p + 1 as one union of nonzero columns, pair p's entries k in
     [pair_start[p], pair_start[p + 1]) with pair_cols[k] and the two rows' values pair_vals[2k], pair_vals[2k + 1] */
  const int32_t *pair_start;
  const int32_t *pair_cols;
  const float *pair_vals;
} eval_data_t;

enum { ACTIVATION_SIGMOID = 0, ACTIVATION_RELU = 1 };

/**
 * Number of rows whose argmax output (ties → lowest class) equals the label. Every output is summed in input order
 * (acc += x_i·w_i, float32 multiply then add, zero inputs contribute nothing), then + bias, so every code path and the
 * portable kernels give identical bits. Returns -1 when scratch memory cannot be allocated.
 */
int64_t count_correct(const eval_data_t *data, const dense_layer_t *layers, int n_layers, int activation);

/** 2: AVX-512F kernels, 1: AVX2, 0: generic — what the CPU has, capped by MEMSWEEP_NATIVE_KERNEL=generic|avx2 (read once). */
int native_vector_level(void);

/** 1 when the AVX2 (or AVX-512) kernels run: the CPU has AVX2 and MEMSWEEP_NATIVE_KERNEL is not "generic" (read once). */
int use_avx2(void);

/** "avx512", "avx2" or "generic": the kernels count_correct runs on this CPU. */
const char *forward_kernel_name(void);
#endif
