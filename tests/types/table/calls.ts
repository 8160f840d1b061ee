// One table of calls, used twice (tests/js/type-table.test.mjs): tsc --strict checks that every valid
// call type-checks against web/convlens/index.d.ts and that every invalid one is a type error (its
// `// @ts-expect-error` is itself an error otherwise); then the same file, transpiled, runs each call
// against the package: every valid call runs, every invalid one throws (or rejects) a ConvlensError
// with its code. Each row is where a type and the runtime could disagree.
import type * as convlens from '../../../web/convlens/index.d.ts';

/** What a call gets: a loaded module, load() itself, and the .wasm files' directory (a file: URL ending in '/'). */
export interface Context {
  cl: convlens.Convlens;
  load: typeof convlens.load;
  wasmDir: string;
}

export interface ValidCall {
  name: string;
  call: (c: Context) => unknown;
}

export interface InvalidCall {
  name: string;
  code: convlens.ErrorCode;
  call: (c: Context) => unknown;
}

const x = { shape: [1, 1, 4, 4], data: new Float32Array(16).fill(1) };
const w = { shape: [1, 1, 2, 2], data: new Float32Array(4).fill(1) };
const x1d = { shape: [1, 1, 4], data: new Float32Array(4).fill(1) };
const w1d = { shape: [1, 1, 2], data: new Float32Array(2).fill(1) };

export const valid: ValidCall[] = [
  { name: 'nn.Conv2d forward', call: ({ cl }) => new cl.nn.Conv2d(1, 2, 3, { padding: 'same', bias: false }).forward(x) },
  { name: 'nn.Sequential with a state dict', call: ({ cl }) => {
    const net = new cl.nn.Sequential(new cl.nn.Conv2d(1, 1, 2), new cl.nn.MaxPool2d(2, { ceilMode: true }));
    net.loadStateDict({ '0.weight': [[[[1, 2], [3, 4]]]], '0.bias': { shape: [1], data: [0] } });
    return net.forward(x);
  } },
  { name: 'nn.ConvTranspose1d forward with output_size', call: ({ cl }) =>
    new cl.nn.ConvTranspose1d(1, 1, 2, { stride: 2 }).forward(x1d, [9]) },
  { name: 'Float32Array data', call: ({ cl }) => cl.conv2d(x, w) },
  { name: 'Float64Array data', call: ({ cl }) => cl.conv2d({ shape: [1, 1, 4, 4], data: new Float64Array(16) }, w) },
  { name: 'Int32Array data', call: ({ cl }) => cl.conv2d(x, { shape: [1, 1, 2, 2], data: new Int32Array([1, 2, 3, 4]) }) },
  { name: 'Uint8Array data', call: ({ cl }) => cl.maxPool2d({ shape: [1, 4, 4], data: new Uint8Array(16) }, { kernelSize: 2 }) },
  { name: 'number[] data', call: ({ cl }) => cl.avgPool2d({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, { kernelSize: 2 }) },
  { name: 'tensor() from a Float64Array', call: ({ cl }) => cl.tensor({ shape: [2], data: new Float64Array([1, 2]) }) },
  { name: 'bias: null (PyTorch bias=None)', call: ({ cl }) => cl.conv2d(x, w, { bias: null }) },
  { name: 'bias as a Float64Array', call: ({ cl }) => cl.conv2d(x, w, { bias: new Float64Array([0.5]) }) },
  { name: 'bias as a number[]', call: ({ cl }) => cl.convTranspose2d(x, w, { bias: [1] }) },
  { name: 'options null', call: ({ cl }) => cl.conv2d(x, w, null) },
  { name: 'options left out', call: ({ cl }) => cl.convTranspose2d(x, w) },
  { name: 'an option given as undefined', call: ({ cl }) => cl.conv2d(x, w, { stride: undefined }) },
  { name: 'out: null', call: ({ cl }) => cl.conv2d(x, w, { out: null }) },
  { name: 'outputSize: null', call: ({ cl }) => cl.convTranspose2d(x, w, { outputSize: null }) },
  { name: 'pool stride: null (PyTorch stride=None)', call: ({ cl }) => cl.maxPool2d(x, { kernelSize: 2, stride: null }) },
  { name: 'pool stride: [] (PyTorch stride=[])', call: ({ cl }) => cl.maxPool2d(x, { kernelSize: 2, stride: [] }) },
  { name: 'avg pool stride: [] and divisorOverride: null', call: ({ cl }) => cl.avgPool2d(x, { kernelSize: 2, stride: [], divisorOverride: null }) },
  { name: 'pad value: null (PyTorch value=None)', call: ({ cl }) => cl.pad(x, { pad: [1, 1], value: null }) },
  { name: 'a spec with bias: true', call: ({ cl }) => cl.outputShape({ op: 'conv2d', inputShape: [1, 1, 4, 4], weightShape: [1, 1, 2, 2], bias: true }) },
  { name: 'a pool spec with stride []', call: ({ cl }) => cl.outputShape({ op: 'avgPool2d', inputShape: [1, 1, 4, 4], kernelSize: 2, stride: [] }) },
  { name: 'conv1d with kernel [int] options and a bias', call: ({ cl }) => cl.conv1d(x1d, w1d, { stride: [1], padding: 'same', bias: [1] }) },
  { name: 'convTranspose1d outputSize [n, c, l]', call: ({ cl }) => cl.convTranspose1d(x1d, w1d, { outputSize: [1, 1, 5] }) },
  { name: 'maxPool1d with indices', call: ({ cl }) => cl.maxPool1d(x1d, { kernelSize: 2, returnIndices: true }).indices },
  { name: 'avgPool1d stride: null', call: ({ cl }) => cl.avgPool1d(x1d, { kernelSize: [2], stride: null }) },
  { name: 'a conv1d spec and an nn.Conv1d parameter count', call: ({ cl }) =>
    [cl.outputShape({ op: 'conv1d', inputShape: [1, 1, 4], weightShape: [1, 1, 2] }),
      cl.parameterCount({ op: 'conv1d', inChannels: 1, outChannels: 1, kernelSize: [2] })] },
  { name: 'conv2dBackward with bias: true', call: ({ cl }) => cl.conv2dBackward({ shape: [1, 1, 3, 3], data: new Float32Array(9) }, x, w, { bias: true }) },
  { name: 'conv2dBackward with the bias tensor and padding \'same\'', call: ({ cl }) =>
    cl.conv2dBackward(x, x, w, { bias: [1], padding: 'same', paddingMode: 'reflect' }) },
  { name: 'maxPool2dBackward', call: ({ cl }) => cl.maxPool2dBackward({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, x, { kernelSize: 2, stride: null }) },
  { name: 'avgPool2dBackward with divisorOverride: null', call: ({ cl }) =>
    cl.avgPool2dBackward({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, x, { kernelSize: 2, divisorOverride: null }) },
  { name: 'load()', call: ({ load }) => load() },
  { name: 'load(null)', call: ({ load }) => load(null) },
  { name: 'load({ simd: false })', call: ({ load }) => load({ simd: false }) },
  { name: 'load({ fresh: true })', call: ({ load }) => load({ fresh: true }) },
  { name: 'load({ fresh, locateFile })', call: ({ load, wasmDir }) => load({ fresh: true, locateFile: (file) => wasmDir + file }) },
  { name: 'load({ print, printErr })', call: ({ load }) => load({ fresh: true, print: () => {}, printErr: () => {} }) },
  { name: 'resident tensors through conv2d, maxPool2d, maxUnpool2d, avgPool2d and conv2dBackward', call: ({ cl }) => residentChain(cl) },
];

/** Resident calls whose results have the declared resident types (each assignment is a type check). */
function residentChain(cl: convlens.Convlens) {
  const rx: convlens.ResidentTensor = cl.resident(x);
  const y: convlens.ResidentTensor = cl.conv2d(rx, w, { bias: cl.resident([0.5]) });
  const p: convlens.ResidentWithIndices = cl.maxPool2d(y, { kernelSize: 2, returnIndices: true });
  const u: convlens.ResidentTensor = cl.maxUnpool2d(p.output, p.indices, { kernelSize: 2 });
  const plain: convlens.Tensor = cl.avgPool2d(u, { kernelSize: 2, out: new Float32Array(1) });
  const into: convlens.ResidentTensor = cl.avgPool2d(x, { kernelSize: 2, out: cl.residentEmpty([4]) });
  const grads: convlens.Conv2dGradients<convlens.ResidentTensor> = cl.conv2dBackward(y, rx, w);
  const indices: convlens.IndexTensor = p.indices.read();
  const values: Float32Array = into.write([1, 2, 3, 4]).read().data;
  for (const t of [rx, y, p.output, p.indices, u, into, grads.gradInput, grads.gradWeight]) t.free();
  return [plain, indices, values];
}

export const invalid: InvalidCall[] = [
  { name: 'nn.Conv2d with a snake_case option', code: 'UNKNOWN_OPTION', call: ({ cl }) =>
    // @ts-expect-error PyTorch's keyword in its JS spelling
    new cl.nn.Conv2d(1, 1, 3, { padding_mode: 'reflect' }) },
  { name: 'nn.ConvTranspose2d with reflect padding', code: 'INVALID_ARGUMENT', call: ({ cl }) =>
    // @ts-expect-error only zeros, as PyTorch
    new cl.nn.ConvTranspose2d(1, 1, 3, { paddingMode: 'reflect' }) },
  { name: 'conv1d stride of two ints', code: 'INVALID_ARGUMENT', call: ({ cl }) =>
    // @ts-expect-error a 1-D op's argument is one int
    cl.conv1d(x1d, w1d, { stride: [1, 2] }) },
  { name: 'avgPool1d divisorOverride (F.avg_pool1d has none)', code: 'UNKNOWN_OPTION', call: ({ cl }) =>
    // @ts-expect-error
    cl.avgPool1d(x1d, { kernelSize: 2, divisorOverride: 2 }) },
  { name: 'maxPool2dBackward takes no returnIndices', code: 'UNKNOWN_OPTION', call: ({ cl }) =>
    // @ts-expect-error a gradient has no indices
    cl.maxPool2dBackward({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, x, { kernelSize: 2, returnIndices: true }) },
  { name: 'avgPool2dBackward takes no out', code: 'UNKNOWN_OPTION', call: ({ cl }) =>
    // @ts-expect-error no out buffer for gradients
    cl.avgPool2dBackward({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, x, { kernelSize: 2, out: new Float32Array(16) }) },
  { name: 'bias: false (PyTorch refuses bias=False)', code: 'INVALID_TYPE', call: ({ cl }) =>
    // @ts-expect-error bias is a tensor or null
    cl.conv2d(x, w, { bias: false }) },
  { name: 'conv stride: null (PyTorch takes no None)', code: 'INVALID_TYPE', call: ({ cl }) =>
    // @ts-expect-error a conv's stride is never null
    cl.conv2d(x, w, { stride: null }) },
  { name: 'conv padding: null', code: 'INVALID_TYPE', call: ({ cl }) =>
    // @ts-expect-error
    cl.conv2d(x, w, { padding: null }) },
  { name: 'groups: null', code: 'INVALID_TYPE', call: ({ cl }) =>
    // @ts-expect-error
    cl.convTranspose2d(x, w, { groups: null }) },
  { name: 'paddingMode: null', code: 'INVALID_TYPE', call: ({ cl }) =>
    // @ts-expect-error
    cl.conv2d(x, w, { paddingMode: null }) },
  { name: 'ceilMode: null', code: 'INVALID_TYPE', call: ({ cl }) =>
    // @ts-expect-error
    cl.maxPool2d(x, { kernelSize: 2, ceilMode: null }) },
  { name: 'pad mode: null', code: 'INVALID_TYPE', call: ({ cl }) =>
    // @ts-expect-error
    cl.pad(x, { pad: [1, 1], mode: null }) },
  { name: 'a spec with stride: null for conv2d', code: 'INVALID_TYPE', call: ({ cl }) =>
    // @ts-expect-error
    cl.outputShape({ op: 'conv2d', inputShape: [1, 1, 4, 4], weightShape: [1, 1, 2, 2], stride: null }) },
  { name: 'pool options null (kernelSize is required)', code: 'INVALID_TYPE', call: ({ cl }) =>
    // @ts-expect-error
    cl.maxPool2d(x, null) },
  { name: 'a string stride', code: 'INVALID_TYPE', call: ({ cl }) =>
    // @ts-expect-error
    cl.conv2d(x, w, { stride: '2' }) },
  { name: 'a stride of three ints', code: 'INVALID_TYPE', call: ({ cl }) =>
    // @ts-expect-error
    cl.conv2d(x, w, { stride: [1, 2, 3] }) },
  { name: 'conv stride: [] (only pools take it)', code: 'INVALID_TYPE', call: ({ cl }) =>
    // @ts-expect-error
    cl.conv2d(x, w, { stride: [] }) },
  { name: 'an unknown padding mode', code: 'INVALID_ARGUMENT', call: ({ cl }) =>
    // @ts-expect-error
    cl.conv2d(x, w, { paddingMode: 'zero' }) },
  { name: 'BigInt64Array data', code: 'INVALID_TYPE', call: ({ cl }) =>
    // @ts-expect-error
    cl.conv2d({ shape: [1, 1, 2, 2], data: new BigInt64Array(4) }, w) },
  { name: 'DataView data', code: 'INVALID_TYPE', call: ({ cl }) =>
    // @ts-expect-error
    cl.conv2d({ shape: [1, 1, 2, 2], data: new DataView(new ArrayBuffer(16)) }, w) },
  { name: 'a snake_case option', code: 'UNKNOWN_OPTION', call: ({ cl }) =>
    // @ts-expect-error
    cl.maxPool2d(x, { kernelSize: 2, ceil_mode: true }) },
  { name: 'a misspelt option', code: 'UNKNOWN_OPTION', call: ({ cl }) =>
    // @ts-expect-error
    cl.conv2d(x, w, { strides: 1 }) },
  { name: 'a spec option the op does not take', code: 'UNKNOWN_OPTION', call: ({ cl }) =>
    // @ts-expect-error
    cl.outputShape({ op: 'maxPool2d', inputShape: [1, 1, 4, 4], kernelSize: 2, groups: 1 }) },
  { name: 'load({ simdd: false })', code: 'UNKNOWN_OPTION', call: ({ load }) =>
    // @ts-expect-error
    load({ simdd: false }) },
  { name: 'load() with an Emscripten option convlens does not take', code: 'UNKNOWN_OPTION', call: ({ load }) =>
    // @ts-expect-error
    load({ noExitRuntime: true }) },
  { name: "load({ simd: 'no' })", code: 'INVALID_TYPE', call: ({ load }) =>
    // @ts-expect-error
    load({ simd: 'no' }) },
  { name: 'load() with a string locateFile', code: 'INVALID_TYPE', call: ({ load }) =>
    // @ts-expect-error
    load({ locateFile: '/wasm/' }) },
  { name: 'load() with wasmBinary a number[]', code: 'INVALID_TYPE', call: ({ load }) =>
    // @ts-expect-error
    load({ wasmBinary: [0, 97, 115, 109] }) },
  { name: 'resident max-pool indices as an input', code: 'INVALID_TYPE', call: ({ cl }) =>
    // @ts-expect-error int32 indices are not a float32 tensor
    cl.conv2d(cl.maxPool2d(cl.resident(x), { kernelSize: 2, returnIndices: true }).indices, w) },
];
