// memsweep_eval for WebAssembly SIMD (AssemblyScript, compiled by wasm/build.mjs): the portable twin of
// native/eval/forward.c. Every output is summed in input order (acc = acc + x·w, float32 multiply then add), zero
// inputs skipped, then + bias, then the activation, so the predictions equal the native kernel's bit for bit.
// Memory is laid out by the caller (src/eval/wasm-forward.ts); all pointers are byte offsets.

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const P0: f32 = 1.9875691500e-4;
const P1: f32 = 1.3981999507e-3;
const P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2;
const P4: f32 = 1.6666665459e-1;
const P5: f32 = 5.0000001201e-1;

// @ts-ignore: decorator
@inline function expV(x: v128): v128 {
  x = f32x4.pmin(f32x4.splat(87.0), x); // x < 87 ? x : 87
  x = f32x4.pmax(f32x4.splat(-87.0), x); // x > -87 ? x : -87
  const fx = f32x4.floor(f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(0.5)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(LN2_HI)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(LN2_LO)));
  const z = f32x4.mul(x, x);
  let y = f32x4.splat(P0);
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(P1));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(P2));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(P3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(P4));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(P5));
  y = f32x4.add(f32x4.mul(y, z), x);
  y = f32x4.add(y, f32x4.splat(1.0));
  return f32x4.mul(y, i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(fx), i32x4.splat(127)), 23));
}

// @ts-ignore: decorator
@inline function expS(x: f32): f32 {
  x = x < 87.0 ? x : 87.0;
  x = x > -87.0 ? x : -87.0;
  const fx = Mathf.floor(x * LOG2E + 0.5);
  x = x - fx * LN2_HI;
  x = x - fx * LN2_LO;
  const z = x * x;
  let y = P0;
  y = y * x + P1;
  y = y * x + P2;
  y = y * x + P3;
  y = y * x + P4;
  y = y * x + P5;
  y = y * z + x;
  y = y + 1.0;
  return y * reinterpret<f32>((<i32>fx + 127) << 23);
}

// @ts-ignore: decorator
@inline function finishV(acc: v128, bias: v128, relu: bool, apply: bool): v128 {
  const z = f32x4.add(acc, bias);
  if (!apply) return z;
  if (relu) return v128.and(z, f32x4.gt(z, f32x4.splat(0)));
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, expV(f32x4.sub(f32x4.splat(0), z))));
}

// @ts-ignore: decorator
@inline function finishS(acc: f32, bias: f32, relu: bool, apply: bool): f32 {
  const z = acc + bias;
  if (!apply) return z;
  if (relu) return z > 0 ? z : 0;
  return <f32>1.0 / (<f32>1.0 + expS(-z));
}

/**
 * One output row: out[j] = act(bias[j] + Σ_k vals[k]·W[cols[k]][j]) over `nnz` (col, val) pairs at colsPtr/valsPtr
 * (cols as i32). Eight vectors (32 outputs) per pass, then single vectors, then scalar columns.
 */
function sparseRow(colsPtr: usize, valsPtr: usize, nnz: i32, outputs: i32, wPtr: usize, bPtr: usize, outPtr: usize, relu: bool, apply: bool): void {
  const rowBytes = <usize>outputs << 2;
  let j = 0;
  for (; j + 32 <= outputs; j += 32) {
    let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    const base = wPtr + (<usize>j << 2);
    for (let k = 0; k < nnz; k++) {
      const x = v128.load32_splat(valsPtr + (<usize>k << 2));
      const w = base + <usize>load<i32>(colsPtr + (<usize>k << 2)) * rowBytes;
      a0 = f32x4.add(a0, f32x4.mul(x, v128.load(w, 0)));
      a1 = f32x4.add(a1, f32x4.mul(x, v128.load(w, 16)));
      a2 = f32x4.add(a2, f32x4.mul(x, v128.load(w, 32)));
      a3 = f32x4.add(a3, f32x4.mul(x, v128.load(w, 48)));
      a4 = f32x4.add(a4, f32x4.mul(x, v128.load(w, 64)));
      a5 = f32x4.add(a5, f32x4.mul(x, v128.load(w, 80)));
      a6 = f32x4.add(a6, f32x4.mul(x, v128.load(w, 96)));
      a7 = f32x4.add(a7, f32x4.mul(x, v128.load(w, 112)));
    }
    const b = bPtr + (<usize>j << 2), o = outPtr + (<usize>j << 2);
    v128.store(o, finishV(a0, v128.load(b, 0), relu, apply), 0);
    v128.store(o, finishV(a1, v128.load(b, 16), relu, apply), 16);
    v128.store(o, finishV(a2, v128.load(b, 32), relu, apply), 32);
    v128.store(o, finishV(a3, v128.load(b, 48), relu, apply), 48);
    v128.store(o, finishV(a4, v128.load(b, 64), relu, apply), 64);
    v128.store(o, finishV(a5, v128.load(b, 80), relu, apply), 80);
    v128.store(o, finishV(a6, v128.load(b, 96), relu, apply), 96);
    v128.store(o, finishV(a7, v128.load(b, 112), relu, apply), 112);
  }
  for (; j + 4 <= outputs; j += 4) {
    let a = f32x4.splat(0);
    const base = wPtr + (<usize>j << 2);
    for (let k = 0; k < nnz; k++) {
      const x = v128.load32_splat(valsPtr + (<usize>k << 2));
      a = f32x4.add(a, f32x4.mul(x, v128.load(base + <usize>load<i32>(colsPtr + (<usize>k << 2)) * rowBytes)));
    }
    v128.store(outPtr + (<usize>j << 2), finishV(a, v128.load(bPtr + (<usize>j << 2)), relu, apply));
  }
  for (; j < outputs; j++) {
    let a: f32 = 0;
    const base = wPtr + (<usize>j << 2);
    for (let k = 0; k < nnz; k++) {
      a = a + load<f32>(valsPtr + (<usize>k << 2)) * load<f32>(base + <usize>load<i32>(colsPtr + (<usize>k << 2)) * rowBytes);
    }
    store<f32>(outPtr + (<usize>j << 2), finishS(a, load<f32>(bPtr + (<usize>j << 2)), relu, apply));
  }
}

// @ts-ignore: decorator
@inline function mac(acc: v128, x: v128, w: v128): v128 {
  return f32x4.add(acc, f32x4.mul(x, w));
}

/**
 * Two samples (inA, inB: `inputs` floats each) through a dense layer: out[j] = act(bias[j] + Σ_i x_i·W[i][j]) in input
 * order, zero inputs included (0·w adds nothing for finite weights: as forward.c's dense kernels). Blocks of 12
 * outputs, 3 vectors × 2 samples = 6 independent sums. A last, partial block reads up to 11 floats past its row and the
 * bias (the caller pads both by 128 bytes) and stores whole vectors into the output rows' padding to a multiple of 4.
 */
function denseTwoRows(inA: usize, inB: usize, inputs: i32, outputs: i32, wPtr: usize, bPtr: usize, outA: usize, outB: usize, relu: bool, apply: bool): void {
  const rowBytes = <usize>outputs << 2;
  for (let j = 0; j < outputs; j += 12) {
    let a0 = f32x4.splat(0), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0;
    let w = wPtr + (<usize>j << 2);
    for (let i = 0; i < inputs; i++, w += rowBytes) {
      const xa = v128.load32_splat(inA + (<usize>i << 2)), xb = v128.load32_splat(inB + (<usize>i << 2));
      const w0 = v128.load(w, 0), w1 = v128.load(w, 16), w2 = v128.load(w, 32);
      a0 = mac(a0, xa, w0);
      a1 = mac(a1, xa, w1);
      a2 = mac(a2, xa, w2);
      b0 = mac(b0, xb, w0);
      b1 = mac(b1, xb, w1);
      b2 = mac(b2, xb, w2);
    }
    const b = bPtr + (<usize>j << 2), oa = outA + (<usize>j << 2), ob = outB + (<usize>j << 2);
    v128.store(oa, finishV(a0, v128.load(b, 0), relu, apply), 0);
    v128.store(ob, finishV(b0, v128.load(b, 0), relu, apply), 0);
    if (j + 4 < outputs) {
      v128.store(oa, finishV(a1, v128.load(b, 16), relu, apply), 16);
      v128.store(ob, finishV(b1, v128.load(b, 16), relu, apply), 16);
    }
    if (j + 8 < outputs) {
      v128.store(oa, finishV(a2, v128.load(b, 32), relu, apply), 32);
      v128.store(ob, finishV(b2, v128.load(b, 32), relu, apply), 32);
    }
  }
}

/** Index of the largest of `width` floats at ptr; ties and NaNs go to the lowest index. */
function argmax(ptr: usize, width: i32): i32 {
  let best = 0;
  let bestValue = load<f32>(ptr);
  for (let c = 1; c < width; c++) {
    const v = load<f32>(ptr + (<usize>c << 2));
    if (v > bestValue) {
      best = c;
      bestValue = v;
    }
  }
  return best;
}

/**
 * Number of correct predictions. Data: rowStart (i32 × n+1), cols (i32), vals (f32), labels (u8 × n). Network:
 * `layerCount` layers; widths (i32 × layerCount+1), weight and bias pointers (u32 each × layerCount), each array
 * followed by 48 bytes of padding (denseTwoRows). Scratch: room for 4·maxWidth + 12 floats (two samples' activations,
 * double-buffered). Samples run two at a time through the layers after the first (an odd last one is paired with itself).
 */
export function countCorrect(rowStartPtr: usize, colsPtr: usize, valsPtr: usize, labelsPtr: usize, n: i32, widthsPtr: usize,
  weightPtrs: usize, biasPtrs: usize, layerCount: i32, relu: bool, scratch: usize): i32 {
  let maxWidth = 0;
  for (let l = 1; l <= layerCount; l++) maxWidth = max(maxWidth, load<i32>(widthsPtr + (<usize>l << 2)));
  const stride = (<usize>(maxWidth + 3) & ~3) << 2;
  const classes = load<i32>(widthsPtr + (<usize>layerCount << 2));
  let correct = 0;
  for (let s = 0; s < n; s += 2) {
    const t = s + 1 < n ? s + 1 : s;
    let a = scratch, a2 = scratch + stride, b = scratch + 2 * stride, b2 = scratch + 3 * stride;
    for (let r = 0; r < 2; r++) {
      const sample = r == 0 ? s : t;
      const k0 = load<i32>(rowStartPtr + (<usize>sample << 2)), k1 = load<i32>(rowStartPtr + (<usize>(sample + 1) << 2));
      sparseRow(colsPtr + (<usize>k0 << 2), valsPtr + (<usize>k0 << 2), k1 - k0, load<i32>(widthsPtr + 4), load<u32>(weightPtrs),
        load<u32>(biasPtrs), r == 0 ? a : a2, relu, layerCount > 1);
    }
    for (let l = 1; l < layerCount; l++) {
      denseTwoRows(a, a2, load<i32>(widthsPtr + (<usize>l << 2)), load<i32>(widthsPtr + (<usize>(l + 1) << 2)), load<u32>(weightPtrs + (<usize>l << 2)),
        load<u32>(biasPtrs + (<usize>l << 2)), b, b2, relu, l + 1 < layerCount);
      let swap = a;
      a = b;
      b = swap;
      swap = a2;
      a2 = b2;
      b2 = swap;
    }
    if (argmax(a, classes) == <i32>load<u8>(labelsPtr + <usize>s)) correct++;
    if (t != s && argmax(a2, classes) == <i32>load<u8>(labelsPtr + <usize>t)) correct++;
  }
  return correct;
}
