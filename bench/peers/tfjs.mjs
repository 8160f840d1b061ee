// TensorFlow.js, wasm backend (XNNPACK), one thread, SIMD binary.
//
// Loading in Node 20: the package's Node entry (dist/tf-backend-wasm.node.js) reads the .wasm with
// fs from the folder given to setWasmPaths() (a plain file path; Node's fetch is never used). The
// backend picks tfjs-backend-wasm-threaded-simd.wasm when WASM_HAS_MULTITHREAD_SUPPORT is true
// (it is in Node, SharedArrayBuffer exists), so that flag is turned off: the non-threaded
// tfjs-backend-wasm-simd.wasm is then used, and setThreadsCount(1) is set as well. Which binary
// really compiled is checked by byte length (wasm-watch.mjs) and reported.
//
// Layout: NHWC input and [kH, kW, Cin, Cout] filters (depthwise: [kH, kW, C, 1]; transposed:
// [kH, kW, Cout, Cin]) are made once, outside the timing, as tensors living in wasm memory. A timed
// call is the op plus dataSync() (the result copied out of wasm memory into a new Float32Array)
// plus dispose(). output() converts the last result back to NCHW (untimed).
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';
import * as watch from './wasm-watch.mjs';

const require = createRequire(import.meta.url);
const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
const version = require('@tensorflow/tfjs-backend-wasm/package.json').version;
const coreVersion = require('@tensorflow/tfjs-core/package.json').version;

/** NCHW [N, C, H, W] → NHWC. */
export function nchwToNhwc(data, [n, c, h, w]) {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          out[((b * h + y) * w + x) * c + ch] = data[((b * c + ch) * h + y) * w + x];
  return out;
}

/** NHWC data of NCHW shape [N, C, H, W] → NCHW. */
export function nhwcToNchw(data, [n, c, h, w]) {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          out[((b * c + ch) * h + y) * w + x] = data[((b * h + y) * w + x) * c + ch];
  return out;
}

/** [A, B, kH, kW] (PyTorch weight layout) → [kH, kW, A, B] or, with swap, [kH, kW, B, A]. */
function weightToHwio(data, [a, b, kh, kw], swap) {
  const out = new Float32Array(data.length);
  for (let i = 0; i < a; i++)
    for (let j = 0; j < b; j++)
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++) {
          const dst = swap ? ((y * kw + x) * b + j) * a + i : ((y * kw + x) * a + i) * b + j;
          out[dst] = data[((i * b + j) * kh + y) * kw + x];
        }
  return out;
}

const symmetric = (p) => [[0, 0], [p, p], [p, p], [0, 0]];

export async function load() {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tfwasm.setWasmPaths(wasmDir + path.sep);
  tfwasm.setThreadsCount(1);
  const from = watch.mark();
  if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
  await tf.ready();
  const loaded = watch.since(from, wasmDir);
  const simdFlag = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = tfwasm.getThreadsCount();
  const file = loaded.map((l) => l.file ?? `unknown (${l.bytes} bytes)`).join(', ') || 'not seen';
  if (!/tfjs-backend-wasm-simd\.wasm/.test(file))
    throw new Error(`tfjs: expected tfjs-backend-wasm-simd.wasm to load, but saw ${file}`);

  // Two ways to call it: on an input tensor uploaded once (resident in wasm memory, as a model's
  // activations are), and from a JS Float32Array uploaded in every call — the same work convlens's
  // API does, whose every call copies its input in.
  const runner = (uploadEachCall) => ({
    id: uploadEachCall ? 'tfjs-js' : 'tfjs',
    name: uploadEachCall ? 'tfjs-wasm (input from JS)' : 'tfjs-wasm',
    residentInput: !uploadEachCall,
    version: `@tensorflow/tfjs-backend-wasm ${version}, tfjs-core ${coreVersion}`,
    variant: `${file} (WASM_HAS_SIMD_SUPPORT=${simdFlag}, threads=${threads})`,

    setup(wl, { input, weight, gradOutput }) {
      const [n, c, h, w] = wl.inputShape;
      const nhwc = nchwToNhwc(input.data, wl.inputShape);  // NHWC is tfjs's layout: converted once, untimed
      const resident = tf.tensor4d(nhwc, [n, h, w, c]);
      let x = resident;
      const [k] = wl.weightShape ? wl.weightShape.slice(2) : [wl.options.kernelSize];
      const { stride, padding: pad, groups = 1 } = wl.options;
      let filter = null;
      const held = [];  // other tensors made here, disposed with the filter
      let op;
      if (wl.op === 'conv2d' && groups === 1) {
        const [cout, cin] = wl.weightShape;
        filter = tf.tensor4d(weightToHwio(weight.data, wl.weightShape, true), [k, k, cin, cout]);
        op = () => tf.conv2d(x, filter, stride, symmetric(pad));
      } else if (wl.op === 'conv2d' && groups === c && wl.weightShape[0] === c) {
        // depthwise, multiplier 1: PyTorch [C, 1, kH, kW] → [kH, kW, C, 1]
        filter = tf.tensor4d(weightToHwio(weight.data, wl.weightShape, false), [k, k, c, 1]);
        // depthwiseConv2d accepts explicit padding too, but 'same' is the XNNPACK-friendly form;
        // it equals PyTorch's symmetric padding only for stride 1 and odd k with pad = (k-1)/2.
        const same = stride === 1 && pad === (k - 1) / 2;
        op = () => tf.depthwiseConv2d(x, filter, stride, same ? 'same' : symmetric(pad));
      } else if (wl.op === 'convTranspose2d' && groups === 1) {
        const [, cout] = wl.weightShape;
        const [, , oh, ow] = wl.outputShape;
        // tf filter [kH, kW, outDepth, inDepth] = PyTorch [Cin, Cout, kH, kW] moved, no flip.
        filter = tf.tensor4d(weightToHwio(weight.data, wl.weightShape, true), [k, k, cout, c]);
        // conv2dTranspose takes 'same' | 'valid' | a number. 'same' with stride s gives out = in·s
        // and pads the forward conv by (k − s) split top/bottom: PyTorch's pad p when k − s = 2p.
        const same = oh === h * stride && ow === w * stride && k - stride === 2 * pad;
        if (!same) return { unsupported: 'conv2dTranspose: no matching tfjs padding' };
        op = () => tf.conv2dTranspose(x, filter, [n, oh, ow, cout], stride, 'same');
      } else if (wl.op === 'adaptiveAvgPool2d') {
        op = () => tf.mean(x, [1, 2], true);  // NHWC [n, 1, 1, c] is NCHW [n, c, 1, 1]
      } else if (wl.op === 'conv2dBackward' && groups === 1 && stride === 1 && pad === (k - 1) / 2) {
        // gradInput: conv2dBackpropInput (tf.conv2dTranspose with the forward filter). gradWeight: tfjs-wasm
        // has no Conv2DBackpropFilter kernel, so it runs as the forward conv of the input with batch and
        // channels swapped over the upstream gradient as the filter (the same multiply-adds, on XNNPACK).
        const [cout, cin] = wl.weightShape;
        const [, , oh, ow] = wl.gradOutputShape;
        filter = tf.tensor4d(weightToHwio(weight.data, wl.weightShape, true), [k, k, cin, cout]);
        const dyData = nchwToNhwc(gradOutput.data, wl.gradOutputShape);
        const dy = tf.tensor4d(dyData, [n, oh, ow, cout]);
        held.push(dy);
        op = () => tf.tidy(() => {
          const g = uploadEachCall ? tf.tensor4d(dyData, [n, oh, ow, cout]) : dy;
          const gradInput = tf.conv2dTranspose(g, filter, [n, h, w, c], 1, 'same');
          tf.conv2d(tf.transpose(x, [3, 1, 2, 0]), tf.transpose(g, [1, 2, 0, 3]), 1, symmetric(pad)).dataSync();
          return gradInput;
        });
      } else if (wl.op === 'maxPool2d') {
        // A number pad is symmetric (explicit per-side padding is not accepted by maxPool);
        // 'floor' rounding gives PyTorch's output size. XNNPACK's max pool ignores padded cells.
        op = () => tf.maxPool(x, k, stride, pad, 'floor');
      } else {
        return { unsupported: `${wl.op} with groups=${groups}` };
      }
      let last = null;
      return {
        run() {
          if (uploadEachCall) x = tf.tensor4d(nhwc, [n, h, w, c]);
          const y = op();
          last = y.dataSync();
          y.dispose();
          if (uploadEachCall) x.dispose();
        },
        output: () => nhwcToNchw(last, wl.outputShape),
        dispose() {
          resident.dispose();
          if (filter) filter.dispose();
          for (const t of held) t.dispose();
        },
      };
    },
  });
  return [runner(false), runner(true)];
}
