// The native trainer's epoch loop: forward with sparse input rows, softmax cross-entropy, back-propagation, and a fused
// gradient + Adam update per weight row. See trainer.h for the contract.
#include "trainer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

/** Sparse rows of one batch: row b has nnz[b] entries (idx[b][k], val[b][k]). */
typedef struct {
  const uint32_t **idx;
  const float **val;
  uint32_t *nnz;
} sparse_rows;

struct trainer {
  const train_kernels *k;
  int L, batch;
  int width[TRAINER_MAX_LAYERS + 1];
  /** width rounded up to a multiple of 8: the row stride of activations, deltas and of weight layer l−1. */
  size_t pad[TRAINER_MAX_LAYERS + 1];
  enum trainer_activation activation;
  float lr, beta1, beta2, eps, drop_rate, drop_scale, l1;
  uint64_t keep_below;
  int64_t step;
  /** Training set as sparse rows. */
  size_t n;
  size_t *row_start;
  uint32_t *data_idx;
  float *data_val;
  uint8_t *labels;
  /** Layer l: weights width[l] × pad[l+1], bias pad[l+1], their Adam moments, drop-connect scratch. */
  float *w[TRAINER_MAX_LAYERS], *wm[TRAINER_MAX_LAYERS], *wv[TRAINER_MAX_LAYERS];
  float *b[TRAINER_MAX_LAYERS], *bm[TRAINER_MAX_LAYERS], *bv[TRAINER_MAX_LAYERS];
  float *w_eff[TRAINER_MAX_LAYERS];
  uint8_t *keep[TRAINER_MAX_LAYERS];
  /** act[l], delta[l] for l = 1…L: batch × pad[l] (act[L] holds the logits). */
  float *act[TRAINER_MAX_LAYERS + 1], *delta[TRAINER_MAX_LAYERS + 1];
  /** Scratch: sparse rows of a hidden layer (batch × max width) and of dense inputs (batch × features). */
  uint32_t *csr_idx, *in_idx;
  float *csr_val, *in_val;
  const uint32_t **row_idx;
  const float **row_val;
  uint32_t *row_nnz;
  /** Scratch: the batch's input columns (feature-major) for the weight gradient. */
  uint32_t *csc_start, *csc_sample;
  float *csc_val;
};

static void *alloc_floats(size_t count, size_t size) {
  size_t bytes = count * size;
  bytes = (bytes + 63) / 64 * 64;
  if (bytes == 0) bytes = 64;
  void *p = aligned_alloc(64, bytes);
  if (p) memset(p, 0, bytes);
  return p;
}

static size_t pad8(int width) { return ((size_t)width + 7) / 8 * 8; }

void trainer_free(trainer *t) {
  if (!t) return;
  for (int l = 0; l < TRAINER_MAX_LAYERS; l++) {
    free(t->w[l]), free(t->wm[l]), free(t->wv[l]), free(t->b[l]), free(t->bm[l]), free(t->bv[l]);
    free(t->w_eff[l]), free(t->keep[l]);
  }
  for (int l = 0; l <= TRAINER_MAX_LAYERS; l++) free(t->act[l]), free(t->delta[l]);
  free(t->row_start), free(t->data_idx), free(t->data_val), free(t->labels);
  free(t->csr_idx), free(t->csr_val), free(t->in_idx), free(t->in_val);
  free((void *)t->row_idx), free((void *)t->row_val), free(t->row_nnz);
  free(t->csc_start), free(t->csc_sample), free(t->csc_val);
  free(t);
}

const char *trainer_isa(const trainer *t) { return t->k->isa; }
int64_t trainer_steps(const trainer *t) { return t->step; }

/** Stores the non-zero entries of n dense rows (features wide) as sparse rows; returns 0 when out of memory. */
static int sparsify_dataset(trainer *t, const float *x, size_t n, int features) {
  size_t nnz = 0;
  for (size_t i = 0; i < n * (size_t)features; i++) nnz += x[i] != 0.0f;
  t->row_start = alloc_floats(n + 1, sizeof(size_t));
  t->data_idx = alloc_floats(nnz, sizeof(uint32_t));
  t->data_val = alloc_floats(nnz, sizeof(float));
  if (!t->row_start || !t->data_idx || !t->data_val) return 0;
  size_t at = 0;
  for (size_t s = 0; s < n; s++) {
    t->row_start[s] = at;
    const float *row = x + s * (size_t)features;
    for (int f = 0; f < features; f++)
      if (row[f] != 0.0f) t->data_idx[at] = (uint32_t)f, t->data_val[at++] = row[f];
  }
  t->row_start[n] = at;
  return 1;
}

trainer *trainer_create(const trainer_spec *spec, const char **error) {
  if (spec->layers < 1 || spec->layers > TRAINER_MAX_LAYERS) return *error = "layers must be between 1 and 16", NULL;
  if (spec->batch_size < 1) return *error = "batch size must be at least 1", NULL;
  trainer *t = calloc(1, sizeof *t);
  if (!t) return *error = "out of memory", NULL;
  t->k = train_kernels_select(spec->portable);
  t->L = spec->layers;
  t->batch = spec->batch_size;
  t->activation = spec->activation;
  t->lr = spec->learning_rate, t->beta1 = spec->beta1, t->beta2 = spec->beta2, t->eps = spec->epsilon;
  t->drop_rate = spec->drop_rate, t->drop_scale = spec->drop_scale, t->keep_below = spec->keep_below, t->l1 = spec->l1;
  int max_width = 0;
  for (int l = 0; l <= t->L; l++) {
    t->width[l] = spec->widths[l];
    t->pad[l] = pad8(spec->widths[l]);
    if (l < t->L && t->width[l] > max_width) max_width = t->width[l];
  }
  const size_t B = (size_t)t->batch;
  int ok = 1;
  for (int l = 0; l < t->L; l++) {
    const size_t rows = (size_t)t->width[l], P = t->pad[l + 1], cols = (size_t)t->width[l + 1];
    t->w[l] = alloc_floats(rows * P, sizeof(float)), t->wm[l] = alloc_floats(rows * P, sizeof(float)), t->wv[l] = alloc_floats(rows * P, sizeof(float));
    t->b[l] = alloc_floats(P, sizeof(float)), t->bm[l] = alloc_floats(P, sizeof(float)), t->bv[l] = alloc_floats(P, sizeof(float));
    ok = ok && t->w[l] && t->wm[l] && t->wv[l] && t->b[l] && t->bm[l] && t->bv[l];
    if (t->drop_rate > 0) {
      t->w_eff[l] = alloc_floats(rows * P, sizeof(float)), t->keep[l] = alloc_floats(rows * P, 1);
      ok = ok && t->w_eff[l] && t->keep[l];
    }
    if (!ok) break;
    for (size_t r = 0; r < rows; r++) memcpy(t->w[l] + r * P, spec->weights[l] + r * cols, cols * sizeof(float));
    memcpy(t->b[l], spec->biases[l], cols * sizeof(float));
  }
  for (int l = 1; ok && l <= t->L; l++) {
    t->act[l] = alloc_floats(B * t->pad[l], sizeof(float)), t->delta[l] = alloc_floats(B * t->pad[l], sizeof(float));
    ok = t->act[l] && t->delta[l];
  }
  if (ok) {
    const size_t cells = B * (size_t)max_width, in_cells = B * (size_t)t->width[0];
    t->csr_idx = alloc_floats(cells, sizeof(uint32_t)), t->csr_val = alloc_floats(cells, sizeof(float));
    t->in_idx = alloc_floats(in_cells, sizeof(uint32_t)), t->in_val = alloc_floats(in_cells, sizeof(float));
    t->row_idx = alloc_floats(B, sizeof(uint32_t *)), t->row_val = alloc_floats(B, sizeof(float *)), t->row_nnz = alloc_floats(B, sizeof(uint32_t));
    t->csc_start = alloc_floats((size_t)max_width + 1, sizeof(uint32_t)), t->csc_sample = alloc_floats(cells, sizeof(uint32_t)), t->csc_val = alloc_floats(cells, sizeof(float));
    t->labels = alloc_floats(spec->n, 1);
    ok = t->csr_idx && t->csr_val && t->in_idx && t->in_val && t->row_idx && t->row_val && t->row_nnz && t->csc_start && t->csc_sample && t->csc_val && t->labels && sparsify_dataset(t, spec->x, spec->n, t->width[0]);
  }
  if (!ok) {
    trainer_free(t);
    return *error = "out of memory", NULL;
  }
  t->n = spec->n;
  memcpy(t->labels, spec->y, spec->n);
  return t;
}

/** Layer l's keep-mask from the Philox stream `key` (weight r·cols + c is stream word r·cols + c, as drawKeepMask in
 *  @memsweep/training) and its effective weights w ⊙ keep / (1 − p). */
static void draw_drop_connect(trainer *t, int l, const uint32_t key[2]) {
  t->k->drop_connect(t->keep[l], t->w_eff[l], t->w[l], (size_t)t->width[l], (size_t)t->width[l + 1], t->pad[l + 1], key, t->keep_below, t->drop_scale);
}

/** Layer l's input rows as sparse rows: the data set's rows for l = 0 (already set), the non-zero activations else. */
static void hidden_rows(trainer *t, int l, size_t count) {
  const size_t width = (size_t)t->width[l], P = t->pad[l];
  for (size_t b = 0; b < count; b++) {
    const float *a = t->act[l] + b * P;
    uint32_t *idx = t->csr_idx + b * width;
    float *val = t->csr_val + b * width;
    uint32_t nnz = 0;
    for (size_t i = 0; i < width; i++)
      if (a[i] != 0.0f) idx[nnz] = (uint32_t)i, val[nnz++] = a[i];
    t->row_idx[b] = idx, t->row_val[b] = val, t->row_nnz[b] = nnz;
  }
}

static void dataset_rows(trainer *t, const uint32_t *samples, size_t count) {
  for (size_t b = 0; b < count; b++) {
    const size_t s = samples[b], start = t->row_start[s];
    t->row_idx[b] = t->data_idx + start, t->row_val[b] = t->data_val + start, t->row_nnz[b] = (uint32_t)(t->row_start[s + 1] - start);
  }
}

static void activate(trainer *t, float *row, int width, size_t P) {
  if (t->activation == TRAINER_SIGMOID) t->k->sigmoid(row, (size_t)width);
  else
    for (int j = 0; j < width; j++) row[j] = row[j] > 0.0f ? row[j] : 0.0f;
  for (size_t j = (size_t)width; j < P; j++) row[j] = 0.0f;
}

/** Forward pass of `count` samples whose layer-0 rows are already in row_idx/row_val/row_nnz; logits in act[L]. */
static void forward(trainer *t, size_t count, float *const *weights) {
  for (int l = 0; l < t->L; l++) {
    if (l > 0) hidden_rows(t, l, count);
    const size_t P = t->pad[l + 1];
    t->k->sparse_gemm(t->act[l + 1], t->b[l], weights[l], P, t->row_idx, t->row_val, t->row_nnz, count);
    if (l + 1 < t->L)
      for (size_t b = 0; b < count; b++) activate(t, t->act[l + 1] + b * P, t->width[l + 1], P);
  }
}

/** Softmax cross-entropy of the logits in act[L] against labels; writes delta[L] = (softmax − onehot) / count and
 *  returns the summed cross-entropy. */
static double softmax_cross_entropy(trainer *t, const uint32_t *samples, size_t count) {
  const int classes = t->width[t->L];
  const size_t P = t->pad[t->L];
  double total = 0;
  for (size_t b = 0; b < count; b++) {
    const float *z = t->act[t->L] + b * P;
    float *d = t->delta[t->L] + b * P;
    float top = z[0];
    for (int j = 1; j < classes; j++) top = z[j] > top ? z[j] : top;
    float sum = 0;
    for (int j = 0; j < classes; j++) sum += d[j] = expf(z[j] - top);
    const int label = t->labels[samples[b]];
    total += (double)(top + logf(sum) - z[label]);
    const float inv = 1.0f / sum, per = 1.0f / (float)count;
    for (int j = 0; j < classes; j++) d[j] = (d[j] * inv - (j == label ? 1.0f : 0.0f)) * per;
    for (size_t j = (size_t)classes; j < P; j++) d[j] = 0.0f;
  }
  return total;
}

/** delta[l] = (delta[l+1] · W_lᵀ) ⊙ f'(act[l]) for a hidden layer l ≥ 1. */
static void backpropagate(trainer *t, int l, size_t count, const float *weights) {
  const size_t Pin = t->pad[l], Pout = t->pad[l + 1];
  const int width = t->width[l];
  for (size_t b = 0; b < count; b++) {
    float *d = t->delta[l] + b * Pin;
    const float *a = t->act[l] + b * Pin;
    t->k->dot_rows(d, weights, (size_t)width, Pout, t->delta[l + 1] + b * Pout);
    if (t->activation == TRAINER_SIGMOID)
      for (int i = 0; i < width; i++) d[i] *= a[i] * (1.0f - a[i]);
    else
      for (int i = 0; i < width; i++) d[i] = a[i] > 0.0f ? d[i] : 0.0f;
    for (size_t i = (size_t)width; i < Pin; i++) d[i] = 0.0f;
  }
}

/** The batch's layer-l input in feature-major form (from the sparse rows currently in row_idx/…). */
static void build_columns(trainer *t, int l, size_t count) {
  const size_t width = (size_t)t->width[l];
  uint32_t *start = t->csc_start;
  memset(start, 0, (width + 1) * sizeof *start);
  for (size_t b = 0; b < count; b++)
    for (uint32_t k = 0; k < t->row_nnz[b]; k++) start[t->row_idx[b][k] + 1]++;
  for (size_t i = 0; i < width; i++) start[i + 1] += start[i];
  for (size_t b = 0; b < count; b++)
    for (uint32_t k = 0; k < t->row_nnz[b]; k++) {
      const uint32_t at = start[t->row_idx[b][k]]++;
      t->csc_sample[at] = (uint32_t)b, t->csc_val[at] = t->row_val[b][k];
    }
  for (size_t i = width; i > 0; i--) start[i] = start[i - 1];
  start[0] = 0;
}

static adam_step adam_constants(const trainer *t, int64_t step) {
  const double bc1 = 1.0 - pow(t->beta1, (double)step), bc2 = 1.0 - pow(t->beta2, (double)step);
  return (adam_step){t->beta1, 1.0f - t->beta1, t->beta2, 1.0f - t->beta2, (float)(t->lr / (float)bc1), (float)(1.0 / (float)bc2), t->eps};
}

/** Weight and bias gradients of layer l from delta[l+1] and the layer's input columns; an Adam step on them, or (with
 *  grad_w) the gradients written out instead. */
static void update_layer(trainer *t, int l, size_t count, int dropping, const adam_step *step, float *grad_w, float *grad_b) {
  const size_t P = t->pad[l + 1], cols = (size_t)t->width[l + 1];
  const adam_target weights = {.param = t->w[l], .m = t->wm[l], .v = t->wv[l], .keep = dropping ? t->keep[l] : NULL, .rows = (size_t)t->width[l], .cols = cols, .P = P,
                               .grad_scale = dropping ? t->drop_scale : 1.0f, .l1 = t->l1, .grad_out = grad_w};
  const sparse_columns x = {.start = t->csc_start, .sample = t->csc_sample, .value = t->csc_val};
  t->k->weight_update(&weights, &x, t->delta[l + 1], step);
  const adam_target bias = {.param = t->b[l], .m = t->bm[l], .v = t->bv[l], .rows = 1, .cols = cols, .P = P, .grad_scale = 1.0f, .grad_out = grad_b};
  t->k->bias_update(&bias, t->delta[l + 1], count, step);
}

/** One batch: masks, forward, loss, backward with an Adam step per layer (or gradients out). Returns summed CE. */
static double run_batch(trainer *t, const uint32_t *samples, size_t count, const uint32_t *mask_keys, float *const *grad_w, float *const *grad_b) {
  float *weights[TRAINER_MAX_LAYERS];
  const int dropping = t->drop_rate > 0 && mask_keys;
  for (int l = 0; l < t->L; l++) {
    if (dropping) draw_drop_connect(t, l, mask_keys + 2 * l);
    weights[l] = dropping ? t->w_eff[l] : t->w[l];
  }
  dataset_rows(t, samples, count);
  forward(t, count, weights);
  const double loss = softmax_cross_entropy(t, samples, count);
  const adam_step step = adam_constants(t, grad_w ? t->step + 1 : ++t->step);
  for (int l = t->L - 1; l >= 0; l--) {
    if (l > 0) backpropagate(t, l, count, weights[l]);
    if (l > 0) hidden_rows(t, l, count);
    else dataset_rows(t, samples, count);
    build_columns(t, l, count);
    update_layer(t, l, count, dropping, &step, grad_w ? grad_w[l] : NULL, grad_b ? grad_b[l] : NULL);
  }
  return loss;
}

double trainer_epoch(trainer *t, const uint32_t *order, size_t count, const uint32_t *mask_keys) {
  double total = 0;
  for (size_t start = 0, batch = 0; start < count; start += (size_t)t->batch, batch++) {
    const size_t size = count - start < (size_t)t->batch ? count - start : (size_t)t->batch;
    total += run_batch(t, order + start, size, mask_keys ? mask_keys + batch * 2 * (size_t)t->L : NULL, NULL, NULL);
  }
  return total;
}

double trainer_gradients(trainer *t, const uint32_t *samples, size_t count, const uint32_t *mask_keys, float *const *grad_w, float *const *grad_b) {
  return run_batch(t, samples, count, mask_keys, grad_w, grad_b) / (double)count;
}

void trainer_read(const trainer *t, float *const *weights, float *const *biases) {
  for (int l = 0; l < t->L; l++) {
    const size_t cols = (size_t)t->width[l + 1], P = t->pad[l + 1];
    for (size_t r = 0; r < (size_t)t->width[l]; r++) memcpy(weights[l] + r * cols, t->w[l] + r * P, cols * sizeof(float));
    memcpy(biases[l], t->b[l], cols * sizeof(float));
  }
}

size_t trainer_count_correct(trainer *t, const float *x, const uint8_t *y, size_t n) {
  const size_t features = (size_t)t->width[0], P = t->pad[t->L];
  const int classes = t->width[t->L];
  size_t correct = 0;
  for (size_t start = 0; start < n; start += (size_t)t->batch) {
    const size_t count = n - start < (size_t)t->batch ? n - start : (size_t)t->batch;
    for (size_t b = 0; b < count; b++) {
      const float *row = x + (start + b) * features;
      uint32_t *idx = t->in_idx + b * features, nnz = 0;
      float *val = t->in_val + b * features;
      for (size_t f = 0; f < features; f++)
        if (row[f] != 0.0f) idx[nnz] = (uint32_t)f, val[nnz++] = row[f];
      t->row_idx[b] = idx, t->row_val[b] = val, t->row_nnz[b] = nnz;
    }
    forward(t, count, t->w);
    for (size_t b = 0; b < count; b++) {
      const float *z = t->act[t->L] + b * P;
      int best = 0;
      for (int j = 1; j < classes; j++) best = z[j] > z[best] ? j : best;
      correct += best == y[start + b];
    }
  }
  return correct;
}
