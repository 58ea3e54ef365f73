// memsweep_eval: N-API entry points of the Monte-Carlo evaluation kernels (native/eval/*). Argument checking with
// precise messages happens in TypeScript (src/eval/*); here only what keeps memory safe is checked.
#include <node_api.h>
#include <stdlib.h>
#include <string.h>

#include "eval/forward.h"
#include "eval/bit_sliced.h"
#include "eval/perturb.h"

#define MAX_LAYERS 64
#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, "memsweep_eval: N-API call failed: " #call); return NULL; } } while (0)
#define FAIL(message) do { napi_throw_range_error(env, NULL, "memsweep_eval: " message); return NULL; } while (0)

/** Data pointer and element count of a typed array of the expected type; 0 on a type mismatch. */
static int typed(napi_env env, napi_value value, napi_typedarray_type want, void **data, size_t *length) {
  bool is_typed = false;
  napi_typedarray_type type;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return 0;
  if (napi_get_typedarray_info(env, value, &type, length, data, NULL, NULL) != napi_ok) return 0;
  return type == want;
}

static int int_arg(napi_env env, napi_value value, int32_t *out) { return napi_get_value_int32(env, value, out) == napi_ok; }

/**
 * countCorrect(x, rowStart, cols, vals, labels, n, features, denseFirstLayer, widths: Int32Array, weights: Float32Array[],
 * biases: Float32Array[], activation: 0 sigmoid | 1 relu, pairStart: Int32Array | null, pairCols: Int32Array | null,
 * pairVals: Float32Array | null) → number of correct predictions. The pair arrays (forward.h eval_data_t) let the
 * AVX-512 first layer run rows 2p and 2p + 1 together; they must hold exactly those rows' nonzeros.
 */
static napi_value CountCorrect(napi_env env, napi_callback_info info) {
  size_t argc = 15;
  napi_value argv[15];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 15) FAIL("countCorrect takes 15 arguments");
  eval_data_t data;
  size_t x_len, rows_len, cols_len, vals_len, labels_len, widths_len;
  int32_t dense_first, activation;
  int32_t *widths;
  if (!typed(env, argv[0], napi_float32_array, (void **)&data.x, &x_len) ||
      !typed(env, argv[1], napi_int32_array, (void **)&data.row_start, &rows_len) ||
      !typed(env, argv[2], napi_int32_array, (void **)&data.cols, &cols_len) ||
      !typed(env, argv[3], napi_float32_array, (void **)&data.vals, &vals_len) ||
      !typed(env, argv[4], napi_uint8_array, (void **)&data.labels, &labels_len) ||
      !int_arg(env, argv[5], &data.n) || !int_arg(env, argv[6], &data.features) || !int_arg(env, argv[7], &dense_first) ||
      !typed(env, argv[8], napi_int32_array, (void **)&widths, &widths_len) || !int_arg(env, argv[11], &activation))
    FAIL("countCorrect: argument of the wrong type");
  data.dense_first_layer = dense_first;
  const size_t n_layers = widths_len - 1;
  if (data.n < 0 || data.features <= 0 || widths_len < 2 || n_layers > MAX_LAYERS || widths[0] != data.features ||
      labels_len != (size_t)data.n || rows_len != (size_t)data.n + 1 || cols_len != vals_len ||
      (dense_first && x_len != (size_t)data.n * (size_t)data.features))
    FAIL("countCorrect: inconsistent shapes");
  if (data.row_start[0] != 0 || (size_t)data.row_start[data.n] != cols_len) FAIL("countCorrect: rowStart does not span cols");
  for (int s = 0; s < data.n; s++)
    if (data.row_start[s + 1] < data.row_start[s]) FAIL("countCorrect: rowStart is not non-decreasing");
  for (size_t k = 0; k < cols_len; k++)
    if (data.cols[k] < 0 || data.cols[k] >= data.features) FAIL("countCorrect: a column index is out of range");
  data.pair_start = NULL;
  data.pair_cols = NULL;
  data.pair_vals = NULL;
  napi_valuetype pair_type;
  CHECK(napi_typeof(env, argv[12], &pair_type));
  if (pair_type != napi_null && pair_type != napi_undefined) {
    size_t starts_len, pcols_len, pvals_len;
    if (!typed(env, argv[12], napi_int32_array, (void **)&data.pair_start, &starts_len) ||
        !typed(env, argv[13], napi_int32_array, (void **)&data.pair_cols, &pcols_len) ||
        !typed(env, argv[14], napi_float32_array, (void **)&data.pair_vals, &pvals_len))
      FAIL("countCorrect: pairStart, pairCols and pairVals must be an Int32Array, Int32Array and Float32Array");
    if (starts_len != (size_t)data.n / 2 + 1 || pvals_len != 2 * pcols_len || data.pair_start[0] != 0 || (size_t)data.pair_start[data.n / 2] != pcols_len)
      FAIL("countCorrect: inconsistent pair shapes");
    for (int p = 0; p < data.n / 2; p++)
      if (data.pair_start[p + 1] < data.pair_start[p]) FAIL("countCorrect: pairStart is not non-decreasing");
    for (size_t k = 0; k < pcols_len; k++)
      if (data.pair_cols[k] < 0 || data.pair_cols[k] >= data.features) FAIL("countCorrect: a pair column index is out of range");
  }
  dense_layer_t layers[MAX_LAYERS];
  for (size_t l = 0; l < n_layers; l++) {
    napi_value w, b;
    size_t w_len, b_len;
    CHECK(napi_get_element(env, argv[9], (uint32_t)l, &w));
    CHECK(napi_get_element(env, argv[10], (uint32_t)l, &b));
    layers[l].inputs = widths[l];
    layers[l].outputs = widths[l + 1];
    if (!typed(env, w, napi_float32_array, (void **)&layers[l].weights, &w_len) ||
        !typed(env, b, napi_float32_array, (void **)&layers[l].bias, &b_len))
      FAIL("countCorrect: weights and biases must be Float32Arrays");
    if (widths[l] <= 0 || widths[l + 1] <= 0 || w_len != (size_t)widths[l] * (size_t)widths[l + 1] || b_len != (size_t)widths[l + 1])
      FAIL("countCorrect: a layer's weights or bias do not match its widths");
  }
  for (int s = 0; s < data.n; s++)
    if (data.labels[s] >= widths[n_layers]) FAIL("countCorrect: a label is not below the number of classes");
  const int64_t correct = count_correct(&data, layers, (int)n_layers, activation == 1 ? ACTIVATION_RELU : ACTIVATION_SIGMOID);
  if (correct < 0) {
    napi_throw_error(env, NULL, "memsweep_eval: out of memory");
    return NULL;
  }
  napi_value result;
  CHECK(napi_create_int64(env, correct, &result));
  return result;
}

/**
 * perturbWeightLevel(weights, bias, keys: Uint32Array [faults0, faults1, variation0, variation1], stuckOffRate,
 * stuckOnRate, sigma, signedMax: boolean, outWeights, outBias, liveRows: Uint8Array | null): libs/crossbar
 * perturbLayerWeightLevel, bit for bit, except that weight rows whose liveRows byte is 0 are not drawn and read 0.
 */
static napi_value PerturbWeightLevel(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 10) FAIL("perturbWeightLevel takes 10 arguments");
  float *weights, *bias, *out_weights, *out_bias;
  uint32_t *keys;
  size_t w_len, b_len, keys_len, ow_len, ob_len;
  weight_level_t d;
  bool signed_max;
  if (!typed(env, argv[0], napi_float32_array, (void **)&weights, &w_len) ||
      !typed(env, argv[1], napi_float32_array, (void **)&bias, &b_len) ||
      !typed(env, argv[2], napi_uint32_array, (void **)&keys, &keys_len) ||
      napi_get_value_double(env, argv[3], &d.stuck_off_rate) != napi_ok ||
      napi_get_value_double(env, argv[4], &d.stuck_on_rate) != napi_ok ||
      napi_get_value_double(env, argv[5], &d.sigma) != napi_ok || napi_get_value_bool(env, argv[6], &signed_max) != napi_ok ||
      !typed(env, argv[7], napi_float32_array, (void **)&out_weights, &ow_len) ||
      !typed(env, argv[8], napi_float32_array, (void **)&out_bias, &ob_len))
    FAIL("perturbWeightLevel: argument of the wrong type");
  if (keys_len != 4 || ow_len != w_len || ob_len != b_len) FAIL("perturbWeightLevel: inconsistent shapes");
  uint8_t *live_rows = NULL;
  napi_valuetype live_type;
  CHECK(napi_typeof(env, argv[9], &live_type));
  if (live_type != napi_null && live_type != napi_undefined) {
    size_t live_len;
    if (!typed(env, argv[9], napi_uint8_array, (void **)&live_rows, &live_len)) FAIL("perturbWeightLevel: liveRows must be a Uint8Array or null");
    if (b_len == 0 || live_len * b_len != w_len) FAIL("perturbWeightLevel: liveRows needs one entry per weight row");
  }
  d.signed_max = signed_max;
  if (perturb_weight_level(weights, w_len, bias, b_len, keys[0], keys[1], keys[2], keys[3], &d, out_weights, out_bias, live_rows) != 0)
    FAIL("perturbWeightLevel: angle outside the reproduced range");
  return NULL;
}

/**
 * bitSlicedColumns(codes: Int32Array, dims: Int32Array [batch, rows, inputBits, twosComplement, tileRows, tiles,
 * wordsPerTile, columns, weightBits, outputs, zeroNodeSuppression, adcOn], positive: Uint32Array, negative: Uint32Array,
 * reals: Float64Array [noiseStd, adcStep, adcTop], mmse: Float64Array | null, allZero: Uint8Array, noise: Float64Array
 * [key0, key1, block, hasSpare, spare] (read and advanced), totals: Float64Array (batch × outputs, zeros in)):
 * libs/crossbar `runColumnsJs`, bit for bit.
 */
static napi_value BitSlicedColumns(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 9) FAIL("bitSlicedColumns takes 9 arguments");
  int32_t *codes, *dims;
  uint32_t *positive, *negative;
  double *reals, *noise_state, *totals, *mmse = NULL;
  uint8_t *all_zero;
  size_t codes_len, dims_len, pos_len, neg_len, reals_len, noise_len, totals_len, zero_len, mmse_len = 0;
  if (!typed(env, argv[0], napi_int32_array, (void **)&codes, &codes_len) || !typed(env, argv[1], napi_int32_array, (void **)&dims, &dims_len) ||
      !typed(env, argv[2], napi_uint32_array, (void **)&positive, &pos_len) || !typed(env, argv[3], napi_uint32_array, (void **)&negative, &neg_len) ||
      !typed(env, argv[4], napi_float64_array, (void **)&reals, &reals_len) || !typed(env, argv[6], napi_uint8_array, (void **)&all_zero, &zero_len) ||
      !typed(env, argv[7], napi_float64_array, (void **)&noise_state, &noise_len) || !typed(env, argv[8], napi_float64_array, (void **)&totals, &totals_len))
    FAIL("bitSlicedColumns: argument of the wrong type");
  napi_valuetype mmse_type;
  CHECK(napi_typeof(env, argv[5], &mmse_type));
  if (mmse_type != napi_null && !typed(env, argv[5], napi_float64_array, (void **)&mmse, &mmse_len)) FAIL("bitSlicedColumns: mmse must be a Float64Array or null");
  if (dims_len != 12 || reals_len != 3 || noise_len != 5) FAIL("bitSlicedColumns: dims, reals or noise have the wrong length");
  const bit_sliced_job_t job = {
    .batch = dims[0], .rows = dims[1], .input_bits = dims[2], .twos_complement = dims[3], .tile_rows = dims[4], .tiles = dims[5],
    .words_per_tile = dims[6], .columns = dims[7], .weight_bits = dims[8], .outputs = dims[9], .zero_node_suppression = dims[10], .adc = dims[11],
    .codes = codes, .positive = positive, .negative = negative, .noise_std = reals[0], .adc_step = reals[1], .adc_top = reals[2],
    .mmse = mmse, .all_zero = all_zero,
  };
  for (int d = 0; d < 10; d++)
    if (dims[d] < 0) FAIL("bitSlicedColumns: a dimension is negative");
  const size_t cells = (size_t)job.tiles * job.columns * job.words_per_tile;
  if (job.input_bits < 1 || job.input_bits > 30 || job.tile_rows < 1 || job.words_per_tile * 32 < job.tile_rows || (size_t)job.tiles * job.tile_rows < (size_t)job.rows ||
      job.columns != job.outputs * job.weight_bits || codes_len != (size_t)job.batch * job.rows || pos_len != cells || neg_len != cells ||
      zero_len != (size_t)job.outputs || totals_len != (size_t)job.batch * job.outputs || (mmse && mmse_len != (size_t)4 * job.tiles))
    FAIL("bitSlicedColumns: inconsistent shapes");
  if (!(noise_state[2] >= 0 && noise_state[2] < 9007199254740992.0)) FAIL("bitSlicedColumns: the noise block is out of range");
  normal_stream_t noise = {(uint32_t)noise_state[0], (uint32_t)noise_state[1], (uint64_t)noise_state[2], noise_state[3] != 0, noise_state[4]};
  const int status = bit_sliced_columns(&job, &noise, totals);
  if (status == -2) FAIL("bitSlicedColumns: out of memory");
  if (status != 0) FAIL("bitSlicedColumns: angle outside the reproduced range");
  noise_state[2] = (double)noise.block;
  noise_state[3] = noise.has_spare;
  noise_state[4] = noise.spare;
  return NULL;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_value fn, name;
  CHECK(napi_create_function(env, "countCorrect", NAPI_AUTO_LENGTH, CountCorrect, NULL, &fn));
  CHECK(napi_set_named_property(env, exports, "countCorrect", fn));
  CHECK(napi_create_function(env, "perturbWeightLevel", NAPI_AUTO_LENGTH, PerturbWeightLevel, NULL, &fn));
  CHECK(napi_set_named_property(env, exports, "perturbWeightLevel", fn));
  CHECK(napi_create_function(env, "bitSlicedColumns", NAPI_AUTO_LENGTH, BitSlicedColumns, NULL, &fn));
  CHECK(napi_set_named_property(env, exports, "bitSlicedColumns", fn));
  CHECK(napi_create_string_utf8(env, forward_kernel_name(), NAPI_AUTO_LENGTH, &name));
  CHECK(napi_set_named_property(env, exports, "kernel", name));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
