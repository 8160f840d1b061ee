// ONNX Runtime Web, wasm execution provider, one thread (load({ threads }) for more: bench/threads.mjs).
//
// Loading in Node 20: the package's "node" export (dist/ort.node.min.mjs) imports the Emscripten
// glue ort-wasm-simd-threaded.mjs and reads the .wasm next to it; both are named explicitly through
// env.wasm.wasmPaths (file: URLs). numThreads = 1 means no worker thread is started. The package
// ships SIMD builds only (there is no plain one); env.wasm.simd = true just asks it to check the
// feature. Which binary compiled is checked by byte length (wasm-watch.mjs) and reported.
//
// Each workload is a one-node ONNX model (Conv, ConvTranspose or MaxPool, opset 13) built here with
// onnx-proto, the weight stored as an initializer. NCHW, like convlens. The input ort.Tensor is made
// once; a timed call is `await session.run(feeds)`, which copies the input into wasm memory and the
// output into a new Float32Array (result.y.data).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web';
import onnxProto from 'onnx-proto';
import * as watch from './wasm-watch.mjs';

const { onnx } = onnxProto;
const require = createRequire(import.meta.url);
// The package's "exports" hide package.json; its Node entry lives in dist/.
const distDir = path.dirname(require.resolve('onnxruntime-web'));
const version = JSON.parse(readFileSync(path.join(distDir, '..', 'package.json'), 'utf8')).version;
const protoVersion = require('onnx-proto/package.json').version;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INTS = onnx.AttributeProto.AttributeType.INTS;
const INT = onnx.AttributeProto.AttributeType.INT;

const valueInfo = (name, dims) => ({
  name,
  type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
});
const ints = (name, values) => ({ name, type: INTS, ints: values });
const int = (name, value) => ({ name, type: INT, i: value });

/** Serialised one-node ONNX model for a workload. */
export function buildModel(wl, weight) {
  const { stride = 1, padding: p = 0, groups = 1 } = wl.options;
  const k = wl.weightShape ? wl.weightShape[2] : wl.options.kernelSize;
  const common = [ints('kernel_shape', [k, k]), ints('strides', [stride, stride]), ints('pads', [p, p, p, p])];
  const opType = { conv2d: 'Conv', convTranspose2d: 'ConvTranspose', maxPool2d: 'MaxPool', adaptiveAvgPool2d: 'GlobalAveragePool' }[wl.op];
  const attribute = wl.op === 'adaptiveAvgPool2d' ? [] : wl.op === 'maxPool2d'
    ? common
    : [...common, int('group', groups), ints('dilations', [1, 1])];
  const inputs = weight ? ['x', 'w'] : ['x'];
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'convlens-bench',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: wl.id,
      node: [{ opType, input: inputs, output: ['y'], attribute }],
      initializer: weight
        ? [{ name: 'w', dataType: FLOAT, dims: wl.weightShape, rawData: new Uint8Array(weight.data.slice().buffer) }]
        : [],
      input: [valueInfo('x', wl.inputShape)],
      output: [valueInfo('y', wl.outputShape)],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

export async function load({ threads = 1 } = {}) {
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.simd = true;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmPaths = {
    mjs: pathToFileURL(path.join(distDir, 'ort-wasm-simd-threaded.mjs')).href,
    wasm: pathToFileURL(path.join(distDir, 'ort-wasm-simd-threaded.wasm')).href,
  };
  ort.env.logLevel = 'error';

  // The runtime initialises on the first session; build a trivial one now to see what loads.
  const from = watch.mark();
  const probe = await ort.InferenceSession.create(
    buildModel({ id: 'probe', op: 'maxPool2d', inputShape: [1, 1, 2, 2], outputShape: [1, 1, 1, 1], options: { kernelSize: 2, stride: 2 } }, null),
    { executionProviders: ['wasm'] });
  await probe.release();
  const loaded = watch.since(from, distDir);
  const file = loaded.map((l) => l.file ?? `unknown (${l.bytes} bytes)`).join(', ') || 'not seen';
  if (!/ort-wasm-simd-threaded\.wasm/.test(file))
    throw new Error(`onnxruntime-web: expected ort-wasm-simd-threaded.wasm to load, but saw ${file}`);

  return [{
    id: 'ort',
    name: 'onnxruntime-web',
    version: `onnxruntime-web ${version} (models built with onnx-proto ${protoVersion})`,
    variant: `${file} (wasm EP, numThreads=${ort.env.wasm.numThreads}, simd=${ort.env.wasm.simd})`,

    async setup(wl, { input, weight }) {
      if (wl.op === 'conv2dBackward') return { unsupported: 'no gradient ops in the inference runtime' };
      const session = await ort.InferenceSession.create(buildModel(wl, weight), {
        executionProviders: ['wasm'],
        graphOptimizationLevel: 'all',
        executionMode: 'sequential',
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
      });
      const feeds = { x: new ort.Tensor('float32', input.data, wl.inputShape) };
      let last = null;
      return {
        run: () => session.run(feeds).then((r) => {
          last = r.y;
        }),
        output: () => last.data,
        dispose: () => session.release(),
      };
    },
  }];
}
