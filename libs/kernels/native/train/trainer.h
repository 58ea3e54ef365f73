// The native MLP trainer (issue #7): softmax cross-entropy, Adam, optional drop-connect and L1, on a sparse-aware
// CPU path. Owns a copy of the training set (as sparse rows), the padded weights, Adam moments and every scratch
// buffer, so a training epoch allocates nothing.
#ifndef MEMSWEEP_TRAIN_TRAINER_H
#define MEMSWEEP_TRAIN_TRAINER_H
#include <stddef.h>
#include <stdint.h>

#define TRAINER_MAX_LAYERS 16

enum trainer_activation { TRAINER_SIGMOID = 0, TRAINER_RELU = 1 };

typedef struct {
  /** Number of weight layers L ≥ 1; widths has L + 1 entries (features, hidden…, classes). */
  int layers;
  const int *widths;
  enum trainer_activation activation;
  int batch_size;
  float learning_rate, beta1, beta2, epsilon;
  /** Drop-connect: 0 = off. keep_below = round((1 − p)·2³²): a weight is kept when its 32-bit draw is below it. */
  float drop_rate;
  uint64_t keep_below;
  /** 1/(1 − p) as float (the JS double rounded), the factor on kept weights and their gradients. */
  float drop_scale;
  /** L1 strength on every weight (biases excluded); 0 = off. */
  float l1;
  /** Training set: n × widths[0] inputs (row-major), n labels < widths[L]. Copied. */
  const float *x;
  const uint8_t *y;
  size_t n;
  /** Initial weights (widths[l] × widths[l+1], row-major) and biases per layer. Copied. */
  const float *const *weights;
  const float *const *biases;
  /** Non-zero: use the portable kernels even on an AVX2 CPU. */
  int portable;
} trainer_spec;

typedef struct trainer trainer;

/** A new trainer, or NULL with *error set (a static message). */
trainer *trainer_create(const trainer_spec *spec, const char **error);
void trainer_free(trainer *t);
/** Name of the kernel set in use, e.g. "avx2-fma". */
const char *trainer_isa(const trainer *t);
/** Adam steps taken so far. */
int64_t trainer_steps(const trainer *t);

/**
 * One pass over `order` (sample indices, any length) in batches of batch_size, one Adam step per batch.
 * mask_keys (drop-connect only): per batch, per layer, the 2-word Philox key of its mask stream.
 * Returns the summed cross-entropy Σ_batches (mean CE of the batch × batch size), in nats.
 */
double trainer_epoch(trainer *t, const uint32_t *order, size_t count, const uint32_t *mask_keys);

/**
 * The gradient of the loss on the batch `samples` (count ≤ batch_size) at the current weights, without a step:
 * written to grad_w[l] (widths[l] × widths[l+1]) and grad_b[l]. mask_keys: one key per layer, or NULL.
 * Returns the batch's mean cross-entropy.
 */
double trainer_gradients(trainer *t, const uint32_t *samples, size_t count, const uint32_t *mask_keys, float *const *grad_w, float *const *grad_b);

/** Copies the current weights and biases out (unpadded). */
void trainer_read(const trainer *t, float *const *weights, float *const *biases);

/** Samples of (x, y) (n × widths[0], labels) whose arg-max logit (first on ties) is the label, unmasked weights. */
size_t trainer_count_correct(trainer *t, const float *x, const uint8_t *y, size_t n);

#endif
