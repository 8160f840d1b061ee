// A hostile caller's list: oversized tensors and parameters, non-finite values in the fast paths,
// F.pad's crop rules, polluted prototypes, objects that change while a call reads them, and types
// that are not numbers. Every case gives PyTorch's result or a ConvlensError, and the same instance
// computes the tutorial exactly afterwards (assertStillWorks), in every build: SIMD, scalar and threaded (2 threads).
// Resident tensors: sizes, a wrong or aliasing `out`, tensors of another kind, of another instance, or of an instance
// that broke.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { ConvlensError, assertStillWorks, expectError, load, loadBuilds, tutorialTensors } from './helpers.mjs';
import { gradients } from '../reference/torch-reference.mjs';
import { version } from 'convlens';

const variants = await loadBuilds();
const { input: tut, kernel: ker } = tutorialTensors();
const values = (t) => Array.from(t.data);

/** One hostile case per build: `check(cl)` asserts the outcome, then the tutorial must still be exact. */
function hostile(name, check) {
  for (const { name: build, cl } of variants) {
    test(`${build}: ${name}`, async () => {
      await check(cl);
      assertStillWorks(cl, name);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Sizes: nothing wraps at 32 bits, no trap is reachable
// ---------------------------------------------------------------------------------------------

hostile('an input of 2^30 elements is TOO_LARGE before anything is copied', (cl) => {
  expectError(() => cl.conv2d({ shape: [1, 1, 32768, 32768], data: new Float32Array(2 ** 30) }, ker), 'TOO_LARGE',
    ['[1, 1, 32768, 32768]', '268435456']);
});

hostile('a 16384² RGBA picture (Uint8ClampedArray) is TOO_LARGE', (cl) => {
  expectError(() => cl.maxPool2d({ shape: [1, 4, 16384, 16384], data: new Uint8ClampedArray(2 ** 30) },
    { kernelSize: 2 }),
    'TOO_LARGE', ['268435456']);
});

hostile('MaxPool2d(kernel 2^31 − 1, padding 2^30 − 1) pools the whole input, as PyTorch does', (cl) => {
  const r = cl.maxPool2d(tut, { kernelSize: 2147483647, padding: 1073741823 });
  assert.deepEqual(r.shape, [1, 1, 1, 1]);
  assert.deepEqual(values(r), [5]);
});

hostile('MaxPool2d(kernel [1, 2^30], padding [0, 2^29]) takes each row\'s maximum', (cl) => {
  const r = cl.maxPool2d(tut, { kernelSize: [1, 2 ** 30], padding: [0, 2 ** 29] });
  assert.deepEqual(r.shape, [1, 1, 5, 1]);
  assert.deepEqual(values(r), [3, 3, 2, 5, 2]);
  const avg = cl.avgPool2d(tut, { kernelSize: [1, 2 ** 30], padding: [0, 2 ** 29], countIncludePad: false });
  assert.deepEqual(values(avg).map((v) => Math.round(v * 5)), [7, 7, 4, 12, 5]);
});

hostile('conv_transpose2d of a 1×1 input with a [1, 1, 9459, 9460] weight (fast-kernel buffers past 2^32 bytes)', (cl) => {
  const weight = new Float32Array(9459 * 9460);
  weight[0] = 2;
  weight[weight.length - 1] = 3;
  const r = cl.convTranspose2d({ shape: [1, 1, 1, 1], data: [1.5] }, { shape: [1, 1, 9459, 9460], data: weight });
  assert.deepEqual(r.shape, [1, 1, 9459, 9460]);
  assert.equal(r.data[0], 3);
  assert.equal(r.data[r.data.length - 1], 4.5);
  assert.equal(r.data[12345], 0);
});

hostile('conv2d of 8758² with an 8758² weight (an im2col workspace past 2^32 bytes)', (cl) => {
  const n = 8758 * 8758;
  const x = new Float32Array(n), w = new Float32Array(n);
  x[0] = 2, w[0] = 3, x[n - 1] = -1, w[n - 1] = 5, x[777] = 1;
  const r = cl.conv2d({ shape: [1, 1, 8758, 8758], data: x }, { shape: [1, 1, 8758, 8758], data: w });
  assert.deepEqual(r.shape, [1, 1, 1, 1]);
  assert.deepEqual(values(r), [1]);
});

hostile('receptive fields are bounded: a 4096² or 2048² window is TOO_LARGE at once', (cl) => {
  const t0 = performance.now();
  for (const k of [4096, 2048])
    expectError(() => cl.receptiveField({ op: 'conv2d', inputShape: [1, 1, k, k], weightShape: [1, 1, k, k] }, [0, 0, 0, 0]),
      'TOO_LARGE', [`${k * k} taps`, '262144']);
  expectError(() => cl.receptiveField({ op: 'maxPool2d', inputShape: [1, 1, 5, 5], kernelSize: 2147483647, padding: 1073741823 }, [0, 0, 0, 0]),
    'TOO_LARGE', ['taps']);
  assert.ok(performance.now() - t0 < 2000, 'refused before anything is listed');
  const field = cl.receptiveField({ op: 'conv2d', inputShape: [1, 1, 512, 512], weightShape: [1, 1, 512, 512] }, [0, 0, 0, 0]);
  assert.equal(field.taps.length, 262144, 'the limit itself is allowed');
});

hostile('adaptive pools: outputSize 2^31 − 1 on a 1×1 input is TOO_LARGE, a 2^15-wide window pools in one go', (cl) => {
  expectError(() => cl.adaptiveMaxPool2d({ shape: [1, 1, 1], data: [1] }, { outputSize: [2147483647, 1] }), 'TOO_LARGE',
    ['268435456']);
  expectError(() => cl.adaptiveAvgPool2d({ shape: [1, 1, 1], data: [1] }, { outputSize: [2147483647, 2147483647] }),
    'TOO_LARGE', ['268435456']);
  const wide = new Float32Array(2 ** 15).fill(1);
  wide[12345] = 7;
  const r = cl.adaptiveMaxPool2d({ shape: [1, 1, 2 ** 15], data: wide }, { outputSize: 1, returnIndices: true });
  assert.deepEqual([...r.output.data, ...r.indices.data], [7, 12345]);
  assert.deepEqual(values(cl.adaptiveAvgPool2d({ shape: [1, 1, 2 ** 15], data: wide }, { outputSize: [1, 2] })),
    [(2 ** 14 - 1 + 7) / 2 ** 14, 1]);  // 12345 lies in the first half
});

hostile('the 1-D ops: outputs or padded inputs past 2^28 elements are TOO_LARGE at once; a 2^31 − 1 window pools one element', (cl) => {
  const t0 = performance.now();
  const one = { shape: [1, 1, 1], data: [1] };
  expectError(() => cl.convTranspose1d({ shape: [1, 1, 2], data: [1, 2] }, one, { stride: 2 ** 30 }), 'TOO_LARGE', ['268435456']);
  expectError(() => cl.conv1d(one, one, { padding: 2 ** 29 }), 'TOO_LARGE', ['268435456']);
  expectError(() => cl.conv1d(one, one, { padding: 2 ** 29, paddingMode: 'circular' }), 'INVALID_ARGUMENT', ['wrapping around']);
  assert.ok(performance.now() - t0 < 2000, 'refused before anything is allocated');
  const x = { shape: [1, 1], data: [7] };
  const window = { kernelSize: 2147483647, padding: 1073741823 };
  assert.deepEqual(values(cl.maxPool1d(x, window)), [7]);
  const r = cl.maxPool1d(x, { ...window, returnIndices: true });
  assert.deepEqual([...r.output.data, ...r.indices.data], [7, 0]);
  assert.deepEqual(values(cl.avgPool1d(x, { ...window, countIncludePad: false })), [7]);
});

hostile('maxUnpool2d: indices read once, shrunk or faked lengths and huge output sizes are errors', (cl) => {
  const x = { shape: [1, 2, 2], data: [1, 2, 3, 4] };
  let reads = 0;
  const tricky = [0, 1, 2, 3];
  Object.defineProperty(tricky, 2, { get: () => (reads++ === 0 ? 2 : 1e9) });
  const r = cl.maxUnpool2d(x, { shape: [1, 2, 2], data: tricky }, { kernelSize: 2 });
  assert.equal(reads, 1);
  assert.deepEqual(values(r).slice(0, 4), [1, 2, 3, 4]);
  const faked = new Int32Array([0, 1, 2, 3]);
  Object.defineProperty(faked, 'length', { value: 1 });
  const unfaked = cl.maxUnpool2d(x, { shape: [1, 2, 2], data: faked }, { kernelSize: 2 });
  assert.deepEqual(values(unfaked).slice(0, 4), [1, 2, 3, 4]);
  expectError(() => cl.maxUnpool2d(x, { shape: [1, 2, 2], data: new Int32Array(3) }, { kernelSize: 2 }), 'INVALID_SHAPE');
  const indices = { shape: [1, 2, 2], data: [0, 1, 2, 3] };
  expectError(() => cl.maxUnpool2d(x, indices, { kernelSize: 2147483647 }), 'TOO_LARGE');
  expectError(() => cl.maxUnpool2d({ shape: [1, 1, 1], data: [1] }, { shape: [1, 1, 1], data: [0] },
    { kernelSize: 1, outputSize: [1, 2147483647] }), 'INVALID_ARGUMENT', ['invalid output_size']);
});

hostile('unfold and fold: a 2^30-row column matrix or a 2^30-wide image are TOO_LARGE at once; padding may exceed the kernel', (cl) => {
  const t0 = performance.now();
  expectError(() => cl.unfold({ shape: [1, 1, 1], data: [1] }, { kernelSize: [1, 2 ** 30], padding: [0, 2 ** 29] }),
    'TOO_LARGE', ['268435456']);
  expectError(() => cl.fold({ shape: [1, 1], data: [1] }, { outputSize: 2147483647, kernelSize: 1 }), 'SHAPE_MISMATCH',
    ['sliding blocks 2147483647 * 2147483647']);
  // one block, one value, spread over a 2^30-wide image by its stride: the output is too large
  const spread = { outputSize: [1, 2 ** 30], kernelSize: 1, stride: [1, 2 ** 30] };
  expectError(() => cl.fold({ shape: [1, 1], data: [1] }, spread), 'TOO_LARGE', ['268435456']);
  assert.ok(performance.now() - t0 < 2000, 'refused before anything is allocated');
  // unfold has no "padding at most half the kernel" rule: blocks of pure padding are zeros.
  const r = cl.unfold({ shape: [1, 1, 1], data: [7] }, { kernelSize: 1, padding: 1 });
  assert.deepEqual(r.shape, [1, 9]);
  assert.deepEqual(values(r), [0, 0, 0, 0, 7, 0, 0, 0, 0]);
});

test('a trap inside the wasm marks the instance broken: every later call is an INTERNAL_ERROR', async () => {
  // No trap is reachable through the API, so one is injected: the module's run() traps once.
  const dist = new URL('../../dist/convlens/', import.meta.url);
  const { createApi } = await import(new URL('convlens.js', dist));
  const { default: factory } = await import(new URL('convlens_simd.mjs', dist));
  const module = await factory({ wasmBinary: await readFile(new URL('convlens_simd.wasm', dist)) });
  module._convlens_run = () => {
    throw new WebAssembly.RuntimeError('memory access out of bounds');
  };
  const cl = createApi(module, 'simd');
  expectError(() => cl.conv2d(tut, ker), 'INTERNAL_ERROR', ['RuntimeError: memory access out of bounds', 'load()']);
  for (const call of [() => cl.conv2d(tut, ker), () => cl.maxPool2d(tut, { kernelSize: 2 }),
    () => cl.outputShape({ op: 'conv2d', inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3] }),
    () => cl.receptiveField({ op: 'conv2d', inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3] }, [0, 0, 0, 0]),
    () => cl.parameterCount({ op: 'conv2d', inChannels: 1, outChannels: 1, kernelSize: 3 })])
    expectError(call, 'INTERNAL_ERROR');
  // A user error before the module is touched is still that error, not INTERNAL_ERROR.
  expectError(() => cl.conv2d(tut, ker, { strid: 1 }), 'UNKNOWN_OPTION');
});

hostile('gradients: an upstream gradient of 2^30 elements is TOO_LARGE before anything is copied', (cl) => {
  const huge = { shape: [1, 1, 32768, 32768], data: new Float32Array(2 ** 30) };
  expectError(() => cl.conv2dBackward(huge, tut, ker), 'TOO_LARGE', ['gradOutput', '268435456']);
  expectError(() => cl.maxPool2dBackward(huge, tut, { kernelSize: 2 }), 'TOO_LARGE', ['gradOutput']);
});

hostile('conv2dBackward with 70 000 output channels sums gradWeight over many chunks of the upstream gradient', (cl) => {
  const cout = 70000;
  const x = { shape: [1, 1, 8, 8], data: Float32Array.from({ length: 64 }, (_, i) => (i % 5) - 2) };
  const g = { shape: [1, cout, 8, 8], data: Float32Array.from({ length: cout * 64 }, (_, i) => ((i * 7) % 9) - 4) };
  const w = { shape: [cout, 1, 1, 1], data: Float32Array.from({ length: cout }, (_, i) => (i % 3) - 1) };
  const r = cl.conv2dBackward(g, x, w, { bias: true });
  for (const co of [0, 1, 4, 33333, cout - 1]) {
    let weight = 0, bias = 0;
    for (let p = 0; p < 64; p++) weight += g.data[co * 64 + p] * x.data[p], bias += g.data[co * 64 + p];
    assert.equal(r.gradWeight.data[co], weight, `gradWeight[${co}]`);
    assert.equal(r.gradBias.data[co], bias, `gradBias[${co}]`);
  }
  let input = 0;
  for (let co = 0; co < cout; co++) input += g.data[co * 64 + 9] * w.data[co];
  assert.equal(r.gradInput.data[9], input);
});

hostile('conv2dBackward: ∞ and NaN weights reach only the gradients whose products exist (8 channels, stride 2)', (cl) => {
  const x = { shape: [1, 8, 6, 6], data: Float32Array.from({ length: 288 }, (_, i) => ((i * 5) % 7) - 3) };
  const w = { shape: [8, 8, 3, 3], data: Float32Array.from({ length: 576 }, (_, i) => ((i * 3) % 5) - 2) };
  w.data[40] = Infinity, w.data[300] = NaN;
  const opts = { stride: 2, padding: 1 };
  const g = { shape: [1, 8, 3, 3], data: Float32Array.from({ length: 72 }, (_, i) => (i % 4 === 0 ? 0 : (i % 3) - 1)) };
  g.data[5] = -Infinity;
  const ref = gradients('conv2dBackward', g, x, w, opts);
  const r = cl.conv2dBackward(g, x, w, opts);
  for (const key of ['gradInput', 'gradWeight']) {
    for (let i = 0; i < ref[key].data.length; i++) {
      const [got, want] = [r[key].data[i], ref[key].data[i]];
      assert.ok(Object.is(got, want) || (got === 0 && want === 0) || (Number.isNaN(got) && Number.isNaN(want)),
        `${key}[${i}] is ${got}, expected ${want}`);
    }
  }
});

// ---------------------------------------------------------------------------------------------
// 2. Fast paths: what the direct sum of products gives, for every input
// ---------------------------------------------------------------------------------------------

for (const channels of [7, 8, 16]) {
  hostile(`conv2d 3×3 with ${channels} channels: one +Inf in zeros gives +Inf in its windows, exact 0 elsewhere`, (cl) => {
    const H = 6;
    const x = new Float32Array(channels * H * H);
    x[2 * H + 2] = Infinity;
    const w = new Float32Array(channels * channels * 9).fill(1);
    const r = cl.conv2d({ shape: [1, channels, H, H], data: x }, { shape: [channels, channels, 3, 3], data: w },
      { padding: 1 });
    for (let i = 0; i < r.data.length; i++) {
      const y = Math.floor(i / H) % H, xx = i % H;
      assert.equal(r.data[i], Math.abs(y - 2) <= 1 && Math.abs(xx - 2) <= 1 ? Infinity : 0, `output ${i}`);
    }
  });
}

hostile('conv2d 3×3, 8 channels: 3e38 next to −3e38 sums as the direct sum does (no overflow)', (cl) => {
  const C = 8, H = 4;
  const x = new Float32Array(C * H * H);
  x[0] = 3e38, x[1] = -3e38, x[2] = 3e38;  // channel 0, row 0: 3e38 − 3e38 + 3e38 in the first window
  const w = new Float32Array(C * C * 9);
  for (let co = 0; co < C; co++) w[co * C * 9] = 1, w[co * C * 9 + 1] = 1, w[co * C * 9 + 2] = 1;  // row 0 of channel 0
  const r = cl.conv2d({ shape: [1, C, H, H], data: x }, { shape: [C, C, 3, 3], data: w });
  assert.equal(r.data[0], Math.fround(3e38));
});

hostile('conv2d 3×3, 8 channels: a 1e30 weight that meets only the zero padding leaves the other products', (cl) => {
  const C = 8, H = 5;
  const x = new Float32Array(C * H * H).fill(1);
  const w = new Float32Array(C * C * 9).fill(0.5);
  for (let co = 0; co < C; co++) w[co * C * 9] = 1e30;  // tap (0, 0) of input channel 0: the padding at output (0, 0)
  const r = cl.conv2d({ shape: [1, C, H, H], data: x }, { shape: [C, C, 3, 3], data: w }, { padding: 1 });
  // output (0, 0): a 2×2 corner of each of 8 channels holds ones; tap (0, 0) reads the padding
  assert.equal(r.data[0], 4 * 8 * 0.5);
});

hostile('convTranspose2d adds only real products: [Inf, 1] and [NaN, 1] weights', (cl) => {
  for (const stride of [1, 2, 3]) {
    const x = { shape: [1, 1, 1, 1], data: [1] };
    assert.deepEqual(values(cl.convTranspose2d(x, { shape: [1, 1, 2, 1], data: [Infinity, 1] }, { stride })),
      [Infinity, 1]);
    assert.deepEqual(values(cl.convTranspose2d(x, { shape: [1, 1, 2, 1], data: [NaN, 1] }, { stride })), [NaN, 1]);
  }
});

// ---------------------------------------------------------------------------------------------
// 3. F.pad's rules
// ---------------------------------------------------------------------------------------------

hostile('circular with negative pads crops first, then wraps the cropped tensor', (cl) => {
  const x = { shape: [1, 1, 3], data: [1, 2, 3] };
  assert.deepEqual(values(cl.pad(x, { pad: [1, -1], mode: 'circular' })), [2, 1, 2]);
  assert.deepEqual(values(cl.pad(x, { pad: [-1, 1], mode: 'circular' })), [2, 3, 2]);
  assert.deepEqual(values(cl.pad({ shape: [1, 3, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, { pad: [1, -1, -1, 1], mode: 'circular' })),
    [5, 4, 5, 8, 7, 8, 5, 4, 5]);
});

hostile('F.pad rejects what PyTorch rejects', (cl) => {
  expectError(() => cl.pad({ shape: [1, 2, 2], data: [1, 2, 3, 4] }, { pad: [2, 1], mode: 'reflect' }), 'INVALID_ARGUMENT',
    ['Padding size should be less than the corresponding input dimension']);
  expectError(() => cl.pad({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, { pad: [1, 1], mode: 'reflect' }), 'INVALID_ARGUMENT',
    ['Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now']);
  expectError(() => cl.pad({ shape: [1, 1, 1], data: [5] }, { pad: [-2, 2] }), 'OUTPUT_TOO_SMALL', ['narrow()']);
});

hostile('a pad that crops a dimension to nothing gives an empty tensor, as PyTorch does', (cl) => {
  const r = cl.pad({ shape: [1, 1, 2], data: [1, 2] }, { pad: [-1, -1] });
  assert.deepEqual(r.shape, [1, 1, 0]);
  assert.equal(r.data.length, 0);
  assert.deepEqual(cl.outputShape({ op: 'pad', inputShape: [1, 1, 2], pad: [-1, -1] }).shape, [1, 1, 0]);
  assert.deepEqual(cl.pad({ shape: [1, 1, 3], data: [1, 2, 3] }, { pad: [-2, -1], mode: 'circular' }).shape, [1, 1, 0]);
});

// ---------------------------------------------------------------------------------------------
// 4. Hostile JS objects
// ---------------------------------------------------------------------------------------------

const POLLUTION = {
  stride: 99, padding: 7, dilation: 9, groups: 5, paddingMode: 'circular', bias: [100], kernelSize: 1,
  returnIndices: true, ceilMode: true, out: new Float32Array(1), countIncludePad: false, divisorOverride: 3,
  outputPadding: 5, outputSize: [1, 1], mode: 'reflect', value: 9, op: 'maxPool2d', inputShape: [1], weightShape: [1],
};

hostile('a polluted Object.prototype changes nothing: options are read from own properties only', (cl) => {
  const clean = {
    conv: values(cl.conv2d(tut, ker)),
    transposed: values(cl.convTranspose2d(tut, ker)),
    pool: values(cl.maxPool2d(tut, { kernelSize: 2 })),
    avg: values(cl.avgPool2d(tut, { kernelSize: 2 })),
    pad: values(cl.pad(tut, { pad: [1, 1] })),
    shape: cl.outputShape({ op: 'conv2d', inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3] }).shape,
  };
  for (const [key, value] of Object.entries(POLLUTION)) Object.prototype[key] = value;
  try {
    const conv = cl.conv2d(tut, ker);
    assert.notEqual(conv.data, POLLUTION.out, 'a polluted `out` is not written');
    assert.deepEqual(values(conv), clean.conv);
    assert.deepEqual(values(cl.conv2d(tut, ker, {})), clean.conv);
    assert.deepEqual(values(cl.convTranspose2d(tut, ker)), clean.transposed);
    const pool = cl.maxPool2d(tut, { kernelSize: 2 });
    assert.ok(!('indices' in Object.getOwnPropertyDescriptors(pool)), 'returnIndices comes from the prototype only');
    assert.deepEqual(values(pool), clean.pool);
    assert.deepEqual(values(cl.avgPool2d(tut, { kernelSize: 2 })), clean.avg);
    assert.deepEqual(values(cl.pad(tut, { pad: [1, 1] })), clean.pad);
    expectError(() => cl.maxPool2d(tut, {}), 'INVALID_TYPE', ["missing required argument 'kernelSize'"]);
    assert.deepEqual(cl.outputShape({ op: 'conv2d', inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3] }).shape, clean.shape);
    expectError(() => cl.outputShape({ inputShape: [1, 1, 5, 5] }), 'INVALID_ARGUMENT', ['op must be one of']);
  } finally {
    for (const key of Object.keys(POLLUTION)) delete Object.prototype[key];
  }
});

hostile('an option getter that shrinks the input\'s resizable buffer gives an error, not stale memory', (cl) => {
  const buffer = new ArrayBuffer(25 * 4, { maxByteLength: 25 * 4 });
  const data = new Float32Array(buffer);  // length-tracking
  data.set(tut.data);
  const opts = { get stride() { buffer.resize(4 * 4); return 1; } };
  expectError(() => cl.conv2d({ shape: [1, 1, 5, 5], data }, ker, opts), 'INVALID_SHAPE', ['has 4 elements', 'needs 25']);
});

hostile('an op called by an option\'s getter while a call is staged leaves that call\'s block as it was', (cl) => {
  // The getter of stride[1] runs inside the outer call's staging (its shape and padding already written) and
  // calls another op with other shapes and options; both results must be their plain calls'.
  const big = { shape: [1, 2, 9, 7], data: Float32Array.from({ length: 126 }, (_, i) => Math.sin(i)) };
  const bigKernel = { shape: [3, 2, 2, 2], data: Float32Array.from({ length: 24 }, (_, i) => i / 7 - 1) };
  const innerOptions = { stride: [2, 1], padding: [1, 0], dilation: 2 };
  let inner = null;
  const stride = [1, 1];
  Object.defineProperty(stride, 1, { get() { inner = cl.conv2d(big, bigKernel, innerOptions); return 2; } });
  const outer = cl.conv2d(tut, ker, { stride, padding: 1 });
  assert.deepEqual(outer, cl.conv2d(tut, ker, { stride: [1, 2], padding: 1 }));
  assert.deepEqual(inner, cl.conv2d(big, bigKernel, innerOptions));
  assert.deepEqual(inner.shape, [1, 3, 5, 5]);
});

hostile('a later argument\'s getter that shrinks an earlier tensor is caught before the copy', (cl) => {
  const buffer = new ArrayBuffer(25 * 4, { maxByteLength: 25 * 4 });
  const data = new Float32Array(buffer);
  data.set(tut.data);
  const weight = { shape: [1, 1, 3, 3], get data() { buffer.resize(8); return ker.data; } };
  expectError(() => cl.conv2d({ shape: [1, 1, 5, 5], data }, weight), 'INVALID_SHAPE', ['input.data has 2 elements']);
});

hostile('a number[] truncated while it is read is an error naming the element', (cl) => {
  const data = Array.from(tut.data);
  Object.defineProperty(data, 3, { get() { data.length = 4; return 3; } });
  expectError(() => cl.conv2d({ shape: [1, 1, 5, 5], data }, ker), 'INVALID_TYPE', ['input.data[4] must be a number']);
});

hostile('a typed array with a faked length is measured by its real length', (cl) => {
  const data = new Float32Array(9);
  Object.defineProperty(data, 'length', { value: 25 });
  expectError(() => cl.conv2d({ shape: [1, 1, 5, 5], data }, ker), 'INVALID_SHAPE', ['has 9 elements']);
  const bias = new Float32Array(1);
  Object.defineProperty(bias, 'length', { value: 3 });
  assert.deepEqual(values(cl.conv2d(tut, ker, { bias })), values(cl.conv2d(tut, ker)), 'a 1-element bias of zero');
});

hostile('lengths are checked before elements: a 3e7-element array-like fails at once', (cl) => {
  const t0 = performance.now();
  expectError(() => cl.tensor({ shape: [1, 1, 5, 5], data: { length: 3e7 } }), 'INVALID_SHAPE', ['3000000']);
  expectError(() => cl.conv2d({ shape: [1, 1, 5, 5], data: new Array(3e6).fill(0) }, ker), 'INVALID_SHAPE', ['3000000']);
  expectError(() => cl.tensor({ shape: [2 ** 15, 2 ** 15], data: [] }), 'TOO_LARGE', ['268435456']);
  assert.ok(performance.now() - t0 < 2000, `took ${performance.now() - t0} ms`);
});

hostile('BigInt64Array and DataView data are INVALID_TYPE naming the argument and the accepted types', (cl) => {
  for (const data of [new BigInt64Array(25), new BigUint64Array(25), new DataView(new ArrayBuffer(100))]) {
    const e = expectError(() => cl.conv2d({ shape: [1, 1, 5, 5], data }, ker), 'INVALID_TYPE', ['input.data', 'Float32Array', data.constructor.name]);
    assert.ok(e instanceof ConvlensError);
    expectError(() => cl.conv2d(tut, ker, { bias: data }), 'INVALID_TYPE', ['bias', 'Float32Array']);
    expectError(() => cl.tensor({ shape: [1, 1, 5, 5], data }), 'INVALID_TYPE', ['Float32Array']);
  }
});

hostile('snake_case options get a hint with the camelCase name', (cl) => {
  expectError(() => cl.maxPool2d(tut, { kernel_size: 3 }), 'UNKNOWN_OPTION', ["'kernel_size'", "did you mean 'kernelSize'?"]);
  expectError(() => cl.avgPool2d(tut, { kernelSize: 2, count_include_pad: false }), 'UNKNOWN_OPTION', ["did you mean 'countIncludePad'?"]);
});

// ---------------------------------------------------------------------------------------------
// Resident tensors: sizes, `out`, other instances, a broken instance
// ---------------------------------------------------------------------------------------------

hostile('resident tensors of 2^30 elements are TOO_LARGE before anything is allocated', (cl) => {
  const before = cl.memoryBytes();
  expectError(() => cl.residentEmpty([32768, 32768]), 'TOO_LARGE', ['268435456']);
  expectError(() => cl.resident({ shape: [1, 1, 32768, 32768], data: new Float32Array(2 ** 30) }), 'TOO_LARGE');
  expectError(() => cl.residentEmpty([2 ** 31, 1]), 'TOO_LARGE');
  assert.equal(cl.memoryBytes(), before);
});

hostile('a resident out of the wrong size is SHAPE_MISMATCH, and nothing is written anywhere', (cl) => {
  const x = cl.resident(tut);
  const w = cl.resident(ker);
  const out = cl.resident({ shape: [5], data: [1, 2, 3, 4, 5] });
  const before = cl.memoryBytes();
  expectError(() => cl.conv2d(x, w, { out }), 'SHAPE_MISMATCH', ['out has 5 elements', '[1, 1, 3, 3]', 'needs 9']);
  expectError(() => cl.maxPool2d(tut, { kernelSize: 2, out }), 'SHAPE_MISMATCH', ['out has 5 elements']);
  assert.deepEqual(values(out.read()), [1, 2, 3, 4, 5], 'out is untouched');
  assert.deepEqual(out.shape, [5], 'and keeps its shape');
  assert.deepEqual(values(x.read()), values(tut), 'the input is untouched');
  assert.equal(cl.memoryBytes(), before, 'nothing was allocated');
  const right = cl.residentEmpty([9]);
  assert.deepEqual(values(cl.conv2d(x, w, { out: right }).read()), [10, 12, 12, 18, 16, 16, 13, 9, 3]);
  for (const t of [x, w, out, right]) t.free();
});

hostile('an out that is one of the op\'s tensors is INVALID_ARGUMENT, and nothing is written', (cl) => {
  const x = cl.resident({ shape: [1, 1, 3, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
  const w = cl.resident({ shape: [1, 1, 1, 1], data: [2] });
  expectError(() => cl.conv2d(x, w, { out: x }), 'INVALID_ARGUMENT', ['out is also the input']);
  expectError(() => cl.conv2d(x, w, { out: w }), 'INVALID_ARGUMENT', ['out is also the weight']);
  expectError(() => cl.avgPool2d(x, { kernelSize: 1, out: x }), 'INVALID_ARGUMENT', ['input']);
  const b = cl.resident([0.5]);
  const one = cl.resident({ shape: [1, 1, 1], data: [1] });
  expectError(() => cl.conv1d(one, one, { bias: b, out: b }), 'INVALID_ARGUMENT', ['bias']);
  one.free();
  assert.deepEqual(values(x.read()), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  for (const t of [x, w, b]) t.free();
});

hostile('resident arguments of the wrong kind: int32 indices as floats, floats as indices, a 2-D bias, an out of another type', (cl) => {
  const x = cl.resident(tut);
  const { output, indices } = cl.maxPool2d(x, { kernelSize: 2, returnIndices: true });
  expectError(() => cl.conv2d(indices, ker), 'INVALID_TYPE', ['int32', 'input']);
  expectError(() => cl.maxUnpool2d(output, output, { kernelSize: 2 }), 'INVALID_TYPE', ['float32', 'indices']);
  expectError(() => cl.conv2d(x, ker, { bias: cl.resident([[1]]) }), 'SHAPE_MISMATCH', ['1-dimensional']);
  expectError(() => cl.maxPool2d(x, { kernelSize: 2, out: indices }), 'INVALID_TYPE', ['out']);
  expectError(() => cl.maxPool2d(x, { kernelSize: 2, out: { shape: [4], data: new Float32Array(4) } }), 'INVALID_TYPE', ['ResidentTensor']);
  expectError(() => indices.write([1.5, 0, 0, 0]), 'INVALID_TYPE');
  assert.deepEqual([...indices.write([3, 2, 1, 0]).read().data], [3, 2, 1, 0]);
  for (const t of [x, output, indices]) t.free();
});

hostile('a resident tensor shaped like a tensor, or a made-up one, is not one: no memory is read through it', (cl) => {
  const fake = { shape: [1, 1, 5, 5], [Symbol.for(`convlens ${version} resident`)]: true };
  expectError(() => cl.conv2d(fake, ker), 'INVALID_TYPE', ['not a resident tensor made by convlens']);
  const real = cl.resident(tut);
  expectError(() => new real.constructor(Symbol('ResidentTensor'), {}), 'INVALID_TYPE', ['resident()']);
  real.free();
});

test('a tensor of another instance is INVALID_ARGUMENT, and neither instance reads the other\'s memory', async () => {
  const [{ cl }] = variants;
  const other = await load({ fresh: true });
  const mine = cl.resident(tut);
  const theirs = other.resident(ker);
  expectError(() => cl.conv2d(mine, theirs), 'INVALID_ARGUMENT', ['weight', 'another convlens instance']);
  expectError(() => other.conv2d(mine, theirs), 'INVALID_ARGUMENT', ['input', 'another convlens instance']);
  expectError(() => cl.conv2d(mine, ker, { out: other.residentEmpty([9]) }), 'INVALID_ARGUMENT', ['out']);
  assert.deepEqual(values(cl.conv2d(mine, theirs.read()).read()), [10, 12, 12, 18, 16, 16, 13, 9, 3]);
  for (const t of [mine, theirs]) t.free();
  assertStillWorks(cl, 'after another instance\'s tensors');
  assertStillWorks(other, 'after this instance\'s tensors');
});

test('after an internal error, the instance\'s resident tensors are refused, not read; free() does not touch its heap', async () => {
  const dist = new URL('../../dist/convlens/', import.meta.url);
  const { createApi } = await import(new URL('convlens.js', dist));
  const { default: factory } = await import(new URL('convlens_simd.mjs', dist));
  const module = await factory({ wasmBinary: await readFile(new URL('convlens_simd.wasm', dist)) });
  const cl = createApi(module, 'simd');
  const x = cl.resident(tut);
  const y = cl.conv2d(x, ker);
  assert.deepEqual(values(y.read()), [10, 12, 12, 18, 16, 16, 13, 9, 3]);
  module._convlens_run = () => {
    throw new WebAssembly.RuntimeError('memory access out of bounds');
  };
  expectError(() => cl.conv2d(x, ker), 'INTERNAL_ERROR', ['RuntimeError']);
  const freeBefore = module._free;
  let frees = 0;
  module._free = (p) => (frees++, freeBefore(p));
  for (const call of [() => y.read(), () => x.write(values(tut)), () => cl.maxPool2d(x, { kernelSize: 2 }),
    () => cl.residentEmpty([4]), () => cl.resident([1])])
    expectError(call, 'INTERNAL_ERROR');
  expectError(() => variants[0].cl.conv2d(x, ker), 'INVALID_ARGUMENT', ['another convlens instance']);
  x.free();
  y.free();
  assert.equal(frees, 0, 'a broken instance\'s heap is left alone');
  assert.ok(x.freed && y.freed);
  expectError(() => variants[0].cl.conv2d(x, ker), 'FREED');
});
