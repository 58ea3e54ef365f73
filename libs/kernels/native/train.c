// memsweep_train: N-API binding of the native MLP trainer (train/trainer.h). One call per epoch: JavaScript passes the
// shuffled order and the drop-connect mask keys, C runs every batch. Typed arrays are checked for type and length here;
// the TypeScript wrapper (src/train/) validates everything else with precise messages.
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "train/trainer.h"

typedef struct {
  trainer *t;
  int layers, batch_size;
  size_t n;
  int widths[TRAINER_MAX_LAYERS + 1];
} handle;

#define CHECK(env, call)                                     \
  do {                                                       \
    if ((call) != napi_ok) {                                 \
      napi_throw_error((env), NULL, "memsweep_train: N-API call failed: " #call); \
      return NULL;                                           \
    }                                                        \
  } while (0)

static napi_value fail(napi_env env, const char *message) {
  napi_throw_type_error(env, NULL, message);
  return NULL;
}

/** Data pointer and element count of a typed array of the given type; 0 (with an exception thrown) otherwise. */
static int typed(napi_env env, napi_value value, napi_typedarray_type want, void **data, size_t *length, const char *what) {
  bool is = false;
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  if (napi_is_typedarray(env, value, &is) != napi_ok || !is || napi_get_typedarray_info(env, value, &type, length, data, &buffer, &offset) != napi_ok || type != want) {
    char message[160];
    snprintf(message, sizeof message, "memsweep_train: %s must be a %s", what,
             want == napi_float32_array ? "Float32Array" : want == napi_uint32_array ? "Uint32Array" : "Uint8Array");
    napi_throw_type_error(env, NULL, message);
    return 0;
  }
  if (*length == 0) *data = NULL;
  return 1;
}

static int property(napi_env env, napi_value object, const char *name, napi_value *out) {
  bool has = false;
  if (napi_has_named_property(env, object, name, &has) != napi_ok || !has || napi_get_named_property(env, object, name, out) != napi_ok) {
    char message[120];
    snprintf(message, sizeof message, "memsweep_train: spec.%s is missing", name);
    napi_throw_type_error(env, NULL, message);
    return 0;
  }
  return 1;
}

static int number(napi_env env, napi_value object, const char *name, double *out) {
  napi_value value;
  if (!property(env, object, name, &value)) return 0;
  if (napi_get_value_double(env, value, out) != napi_ok) {
    char message[120];
    snprintf(message, sizeof message, "memsweep_train: spec.%s must be a number", name);
    napi_throw_type_error(env, NULL, message);
    return 0;
  }
  return 1;
}

/** Fills out[0..count) with the Float32Array elements of a JS array whose l-th entry must hold sizes[l] floats. */
static int float_arrays(napi_env env, napi_value array, int count, const size_t *sizes, float **out, const char *what) {
  bool is = false;
  uint32_t length = 0;
  if (napi_is_array(env, array, &is) != napi_ok || !is || napi_get_array_length(env, array, &length) != napi_ok || length != (uint32_t)count) {
    char message[120];
    snprintf(message, sizeof message, "memsweep_train: %s must be an array of %d Float32Arrays", what, count);
    napi_throw_type_error(env, NULL, message);
    return 0;
  }
  for (int l = 0; l < count; l++) {
    napi_value item;
    size_t n;
    if (napi_get_element(env, array, (uint32_t)l, &item) != napi_ok || !typed(env, item, napi_float32_array, (void **)&out[l], &n, what)) return 0;
    if (n != sizes[l]) {
      char message[160];
      snprintf(message, sizeof message, "memsweep_train: %s[%d] has %zu entries, expected %zu", what, l, n, sizes[l]);
      napi_throw_range_error(env, NULL, message);
      return 0;
    }
  }
  return 1;
}

static void finalize(napi_env env, void *data, void *hint) {
  (void)env, (void)hint;
  handle *h = data;
  trainer_free(h->t);
  free(h);
}

static handle *unwrap(napi_env env, napi_value value) {
  void *data = NULL;
  if (napi_get_value_external(env, value, &data) != napi_ok || !data) {
    napi_throw_type_error(env, NULL, "memsweep_train: not a trainer handle");
    return NULL;
  }
  handle *h = data;
  if (!h->t) {
    napi_throw_error(env, NULL, "memsweep_train: the trainer was released");
    return NULL;
  }
  return h;
}

/** Reads exactly `want` arguments (the first a live trainer handle) into argv; NULL with an exception thrown otherwise. */
static handle *arguments(napi_env env, napi_callback_info info, size_t want, napi_value *argv, const char *usage) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want) {
    napi_throw_type_error(env, NULL, usage);
    return NULL;
  }
  return unwrap(env, argv[0]);
}

static void layer_sizes(const handle *h, int layers, size_t *weights, size_t *biases) {
  for (int l = 0; l < layers; l++) weights[l] = (size_t)h->widths[l] * (size_t)h->widths[l + 1], biases[l] = (size_t)h->widths[l + 1];
}

// create(spec) → handle
static napi_value create(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value spec_value, widths_value, value;
  CHECK(env, napi_get_cb_info(env, info, &argc, &spec_value, NULL, NULL));
  if (argc < 1) return fail(env, "memsweep_train: create(spec) needs a spec");
  handle *h = calloc(1, sizeof *h);
  if (!h) return fail(env, "memsweep_train: out of memory");
  trainer_spec spec = {0};
  uint32_t width_count = 0;
  bool is_array = false;
  if (!property(env, spec_value, "widths", &widths_value)) goto error;
  if (napi_is_array(env, widths_value, &is_array) != napi_ok || !is_array || napi_get_array_length(env, widths_value, &width_count) != napi_ok || width_count < 2 ||
      width_count > TRAINER_MAX_LAYERS + 1) {
    napi_throw_range_error(env, NULL, "memsweep_train: spec.widths must be an array of 2 to 17 positive integers");
    goto error;
  }
  for (uint32_t i = 0; i < width_count; i++) {
    int32_t w = 0;
    if (napi_get_element(env, widths_value, i, &value) != napi_ok || napi_get_value_int32(env, value, &w) != napi_ok || w < 1) {
      napi_throw_range_error(env, NULL, "memsweep_train: spec.widths must hold positive integers");
      goto error;
    }
    h->widths[i] = w;
  }
  spec.layers = (int)width_count - 1;
  spec.widths = h->widths;
  double activation, batch, lr, beta1, beta2, eps, drop, keep_below, drop_scale, l1, portable;
  if (!number(env, spec_value, "activation", &activation) || !number(env, spec_value, "batchSize", &batch) || !number(env, spec_value, "learningRate", &lr) ||
      !number(env, spec_value, "beta1", &beta1) || !number(env, spec_value, "beta2", &beta2) || !number(env, spec_value, "epsilon", &eps) ||
      !number(env, spec_value, "dropRate", &drop) || !number(env, spec_value, "keepBelow", &keep_below) || !number(env, spec_value, "dropScale", &drop_scale) ||
      !number(env, spec_value, "l1", &l1) || !number(env, spec_value, "portable", &portable))
    goto error;
  spec.activation = activation == 1 ? TRAINER_RELU : TRAINER_SIGMOID;
  spec.batch_size = batch >= 1 && batch <= (1 << 24) ? (int)batch : 0;
  spec.learning_rate = (float)lr, spec.beta1 = (float)beta1, spec.beta2 = (float)beta2, spec.epsilon = (float)eps;
  spec.drop_rate = (float)drop, spec.keep_below = (uint64_t)keep_below, spec.drop_scale = (float)drop_scale, spec.l1 = (float)l1;
  spec.portable = portable != 0;
  size_t x_length, y_length;
  if (!property(env, spec_value, "x", &value) || !typed(env, value, napi_float32_array, (void **)&spec.x, &x_length, "spec.x")) goto error;
  if (!property(env, spec_value, "y", &value) || !typed(env, value, napi_uint8_array, (void **)&spec.y, &y_length, "spec.y")) goto error;
  spec.n = y_length;
  h->layers = spec.layers, h->batch_size = spec.batch_size, h->n = spec.n;
  if (spec.batch_size < 1) {
    napi_throw_range_error(env, NULL, "memsweep_train: spec.batchSize must be an integer in [1, 2^24]");
    goto error;
  }
  if (x_length != y_length * (size_t)h->widths[0]) {
    napi_throw_range_error(env, NULL, "memsweep_train: spec.x must hold y.length × widths[0] entries");
    goto error;
  }
  for (size_t s = 0; s < spec.n; s++)
    if (spec.y[s] >= h->widths[spec.layers]) {
      napi_throw_range_error(env, NULL, "memsweep_train: a label in spec.y is not below the class count");
      goto error;
    }
  size_t weight_sizes[TRAINER_MAX_LAYERS], bias_sizes[TRAINER_MAX_LAYERS];
  float *weights[TRAINER_MAX_LAYERS], *biases[TRAINER_MAX_LAYERS];
  layer_sizes(h, spec.layers, weight_sizes, bias_sizes);
  if (!property(env, spec_value, "weights", &value) || !float_arrays(env, value, spec.layers, weight_sizes, weights, "spec.weights")) goto error;
  if (!property(env, spec_value, "biases", &value) || !float_arrays(env, value, spec.layers, bias_sizes, biases, "spec.biases")) goto error;
  spec.weights = (const float *const *)weights;
  spec.biases = (const float *const *)biases;
  const char *message = NULL;
  h->t = trainer_create(&spec, &message);
  if (!h->t) {
    napi_throw_error(env, NULL, message);
    goto error;
  }
  napi_value result;
  if (napi_create_external(env, h, finalize, NULL, &result) != napi_ok) {
    trainer_free(h->t);
    goto error;
  }
  return result;
error:
  free(h);
  return NULL;
}

/** Reads optional mask keys (null/undefined → NULL) that must hold `expected` words. */
static int mask_keys(napi_env env, napi_value value, size_t expected, uint32_t **keys) {
  napi_valuetype type;
  *keys = NULL;
  if (napi_typeof(env, value, &type) != napi_ok) return 0;
  if (type == napi_null || type == napi_undefined) return 1;
  size_t length;
  if (!typed(env, value, napi_uint32_array, (void **)keys, &length, "maskKeys")) return 0;
  if (length != expected) {
    char message[120];
    snprintf(message, sizeof message, "memsweep_train: maskKeys has %zu words, expected %zu", length, expected);
    napi_throw_range_error(env, NULL, message);
    return 0;
  }
  return 1;
}

/** A Uint32Array of sample indices, each below the training set size. */
static int sample_indices(napi_env env, napi_value value, const handle *h, uint32_t **indices, size_t *count) {
  if (!typed(env, value, napi_uint32_array, (void **)indices, count, "sample indices")) return 0;
  for (size_t i = 0; i < *count; i++)
    if ((*indices)[i] >= h->n) {
      napi_throw_range_error(env, NULL, "memsweep_train: a sample index is not below the training set size");
      return 0;
    }
  return 1;
}

// trainEpoch(handle, order: Uint32Array, maskKeys: Uint32Array | null) → summed cross-entropy of the epoch's batches
static napi_value train_epoch(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  handle *h = arguments(env, info, 3, argv, "memsweep_train: trainEpoch(handle, order, maskKeys)");
  uint32_t *order, *keys;
  size_t count;
  if (!h || !sample_indices(env, argv[1], h, &order, &count)) return NULL;
  const size_t batches = (count + (size_t)h->batch_size - 1) / (size_t)h->batch_size;
  if (!mask_keys(env, argv[2], batches * 2 * (size_t)h->layers, &keys)) return NULL;
  napi_value result;
  CHECK(env, napi_create_double(env, trainer_epoch(h->t, order, count, keys), &result));
  return result;
}

// gradients(handle, samples, maskKeys | null, gradWeights[], gradBiases[]) → the batch's mean cross-entropy
static napi_value gradients(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  handle *h = arguments(env, info, 5, argv, "memsweep_train: gradients(handle, samples, maskKeys, gradWeights, gradBiases)");
  uint32_t *samples, *keys;
  size_t count, weight_sizes[TRAINER_MAX_LAYERS], bias_sizes[TRAINER_MAX_LAYERS];
  float *gw[TRAINER_MAX_LAYERS], *gb[TRAINER_MAX_LAYERS];
  if (!h || !sample_indices(env, argv[1], h, &samples, &count)) return NULL;
  if (count == 0 || count > (size_t)h->batch_size) return fail(env, "memsweep_train: gradients needs 1 to batchSize samples");
  layer_sizes(h, h->layers, weight_sizes, bias_sizes);
  if (!mask_keys(env, argv[2], 2 * (size_t)h->layers, &keys) || !float_arrays(env, argv[3], h->layers, weight_sizes, gw, "gradWeights") ||
      !float_arrays(env, argv[4], h->layers, bias_sizes, gb, "gradBiases"))
    return NULL;
  napi_value result;
  CHECK(env, napi_create_double(env, trainer_gradients(h->t, samples, count, keys, gw, gb), &result));
  return result;
}

// read(handle, weights[], biases[]): copies the current parameters out
static napi_value read_layers(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  handle *h = arguments(env, info, 3, argv, "memsweep_train: read(handle, weights, biases)");
  if (!h) return NULL;
  size_t weight_sizes[TRAINER_MAX_LAYERS], bias_sizes[TRAINER_MAX_LAYERS];
  float *w[TRAINER_MAX_LAYERS], *b[TRAINER_MAX_LAYERS];
  layer_sizes(h, h->layers, weight_sizes, bias_sizes);
  if (!float_arrays(env, argv[1], h->layers, weight_sizes, w, "weights") || !float_arrays(env, argv[2], h->layers, bias_sizes, b, "biases")) return NULL;
  trainer_read(h->t, w, b);
  return NULL;
}

// countCorrect(handle, x: Float32Array, y: Uint8Array) → correctly classified samples
static napi_value count_correct(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  handle *h = arguments(env, info, 3, argv, "memsweep_train: countCorrect(handle, x, y)");
  float *x;
  uint8_t *y;
  size_t x_length, y_length;
  if (!h || !typed(env, argv[1], napi_float32_array, (void **)&x, &x_length, "x") || !typed(env, argv[2], napi_uint8_array, (void **)&y, &y_length, "y")) return NULL;
  if (x_length != y_length * (size_t)h->widths[0]) return fail(env, "memsweep_train: x must hold y.length × features entries");
  napi_value result;
  CHECK(env, napi_create_double(env, (double)trainer_count_correct(h->t, x, y, y_length), &result));
  return result;
}

// info(handle) → { isa, steps }
static napi_value trainer_info(napi_env env, napi_callback_info info) {
  napi_value argv[1], result, isa, steps;
  handle *h = arguments(env, info, 1, argv, "memsweep_train: info(handle)");
  if (!h) return NULL;
  CHECK(env, napi_create_object(env, &result));
  CHECK(env, napi_create_string_utf8(env, trainer_isa(h->t), NAPI_AUTO_LENGTH, &isa));
  CHECK(env, napi_create_double(env, (double)trainer_steps(h->t), &steps));
  CHECK(env, napi_set_named_property(env, result, "isa", isa));
  CHECK(env, napi_set_named_property(env, result, "steps", steps));
  return result;
}

// release(handle): frees the trainer's memory now rather than at garbage collection
static napi_value release(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  handle *h = arguments(env, info, 1, argv, "memsweep_train: release(handle)");
  if (!h) return NULL;
  trainer_free(h->t);
  h->t = NULL;
  return NULL;
}

static napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor functions[] = {
      {"create", NULL, create, NULL, NULL, NULL, napi_default, NULL},
      {"trainEpoch", NULL, train_epoch, NULL, NULL, NULL, napi_default, NULL},
      {"gradients", NULL, gradients, NULL, NULL, NULL, napi_default, NULL},
      {"read", NULL, read_layers, NULL, NULL, NULL, napi_default, NULL},
      {"countCorrect", NULL, count_correct, NULL, NULL, NULL, napi_default, NULL},
      {"info", NULL, trainer_info, NULL, NULL, NULL, napi_default, NULL},
      {"release", NULL, release, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
