// Every error path: each must throw a ConvlensError with the stable code and a PyTorch-worded message
// that names the argument and its bad value; the module must keep working right after.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  loadBuilds,
  ConvlensError,
  expectError,
  assertStillWorks,
  tutorialTensors,
  shapeRe,
  numRe,
} from './helpers.mjs';

const variants = await loadBuilds();

const f32 = (n, v = 1) => new Float32Array(n).fill(v);
const T = (shape, v = 1) => ({ shape, data: f32(shape.reduce((a, b) => a * b, 1), v) });
const x5 = () => T([1, 1, 5, 5]);
const w3 = () => T([1, 1, 3, 3]);

// [name, call(cl), code (or list when the contract leaves it open), message patterns]
const CASES = [
  // ---- ranks, zero dims, data length, ragged arrays (INVALID_SHAPE)
  ['conv2d: 2-D input', (cl) => cl.conv2d(T([5, 5]), w3()), 'INVALID_SHAPE', [/input/, shapeRe([5, 5])]],
  ['conv2d: 5-D input', (cl) => cl.conv2d(T([1, 1, 1, 5, 5]), w3()), 'INVALID_SHAPE', [/input/, shapeRe([1, 1, 1, 5, 5])]],
  ['maxPool2d: 2-D input', (cl) => cl.maxPool2d(T([5, 5]), { kernelSize: 2 }), 'INVALID_SHAPE', [/input/, shapeRe([5, 5])]],
  ['avgPool2d: 5-D input', (cl) => cl.avgPool2d(T([1, 1, 1, 5, 5]), { kernelSize: 2 }), 'INVALID_SHAPE', [/input/, shapeRe([1, 1, 1, 5, 5])]],
  ['convTranspose2d: 2-D input', (cl) => cl.convTranspose2d(T([5, 5]), w3()), 'INVALID_SHAPE', [/input/, shapeRe([5, 5])]],
  ['pad: 5-D input', (cl) => cl.pad(T([1, 1, 1, 5, 5]), { pad: [1, 1, 1, 1] }), 'INVALID_SHAPE', [/input/, shapeRe([1, 1, 1, 5, 5])]],
  ['conv2d: 3-D weight', (cl) => cl.conv2d(x5(), T([1, 3, 3])), 'INVALID_SHAPE', [/weight/, shapeRe([1, 3, 3])]],
  ['conv2d: 5-D weight', (cl) => cl.conv2d(x5(), T([1, 1, 1, 3, 3])), 'INVALID_SHAPE', [/weight/, shapeRe([1, 1, 1, 3, 3])]],
  ['convTranspose2d: 2-D weight', (cl) => cl.convTranspose2d(x5(), T([3, 3])), 'INVALID_SHAPE', [/weight/, shapeRe([3, 3])]],
  ['conv2d: zero channel dim in input', (cl) => cl.conv2d({ shape: [1, 0, 5, 5], data: new Float32Array(0) }, w3()), 'INVALID_SHAPE', [/input/, shapeRe([1, 0, 5, 5])]],
  ['conv2d: zero spatial dim in weight', (cl) => cl.conv2d(x5(), { shape: [1, 1, 0, 3], data: new Float32Array(0) }), 'INVALID_SHAPE', [/weight/, shapeRe([1, 1, 0, 3])]],
  ['tensor: zero dim', (cl) => cl.tensor({ shape: [2, 0, 3], data: [] }), 'INVALID_SHAPE', [shapeRe([2, 0, 3])]],
  ['tensor: negative dim', (cl) => cl.tensor({ shape: [2, -3], data: [1, 2, 3, 4, 5, 6] }), 'INVALID_SHAPE', [/-3/]],
  ['tensor: data length ≠ product of shape', (cl) => cl.tensor({ shape: [1, 1, 3, 3], data: new Float32Array(8) }), 'INVALID_SHAPE', [shapeRe([1, 1, 3, 3]), numRe(8)]],
  ['conv2d: input data length ≠ product of shape', (cl) => cl.conv2d({ shape: [1, 1, 5, 5], data: new Float32Array(24) }, w3()), 'INVALID_SHAPE', [/input/, numRe(24)]],
  ['conv2d: weight data length ≠ product of shape', (cl) => cl.conv2d(x5(), { shape: [1, 1, 3, 3], data: [1, 2, 3] }), 'INVALID_SHAPE', [/weight/, numRe(3)]],
  ['tensor: ragged nested array', (cl) => cl.tensor([[1, 2, 3], [4, 5]]), 'INVALID_SHAPE', [numRe(3), numRe(2)]],
  ['tensor: ragged at depth 3', (cl) => cl.tensor([[[1, 2], [3, 4]], [[5, 6], [7]]]), 'INVALID_SHAPE', [numRe(2), numRe(1)]],
  ['tensor: rank 5 nested array', (cl) => cl.tensor([[[[[1]]]]]), 'INVALID_SHAPE', [/5/]],

  // ---- JS types (INVALID_TYPE)
  ['tensor: non-array shape', (cl) => cl.tensor({ shape: '1,1,3,3', data: f32(9) }), 'INVALID_TYPE', [/shape/]],
  ['conv2d: non-array input shape', (cl) => cl.conv2d({ shape: 25, data: f32(25) }, w3()), 'INVALID_TYPE', [/shape/]],
  ['conv2d: stride NaN', (cl) => cl.conv2d(x5(), w3(), { stride: NaN }), 'INVALID_TYPE', [/stride/, /NaN/]],
  ['conv2d: stride 1.5', (cl) => cl.conv2d(x5(), w3(), { stride: 1.5 }), 'INVALID_TYPE', [/stride/, /1\.5/]],
  ["conv2d: stride '3'", (cl) => cl.conv2d(x5(), w3(), { stride: '3' }), 'INVALID_TYPE', [/stride/, /3/]],
  ['conv2d: stride pair with 1.5', (cl) => cl.conv2d(x5(), w3(), { stride: [1, 1.5] }), 'INVALID_TYPE', [/stride/, /1\.5/]],
  ['maxPool2d: kernelSize 2.5', (cl) => cl.maxPool2d(x5(), { kernelSize: 2.5 }), 'INVALID_TYPE', [/kernel_?size/i, /2\.5/]],
  ['conv2d: groups 1.5', (cl) => cl.conv2d(x5(), w3(), { groups: 1.5 }), 'INVALID_TYPE', [/groups/, /1\.5/]],
  ['out: not a Float32Array', (cl) => cl.conv2d(x5(), w3(), { out: new Float64Array(9) }), 'INVALID_TYPE', [/out/]],

  // ---- unknown options (UNKNOWN_OPTION)
  ["conv2d: unknown option 'strides'", (cl) => cl.conv2d(x5(), w3(), { strides: 2 }), 'UNKNOWN_OPTION', [/conv2d/, "got an unexpected keyword argument 'strides'"]],
  ["maxPool2d: unknown option 'countIncludePad'", (cl) => cl.maxPool2d(x5(), { kernelSize: 2, countIncludePad: true }), 'UNKNOWN_OPTION', [/max_?pool2d/i, /unexpected keyword argument 'countIncludePad'/]],
  ["avgPool2d: unknown option 'dilation'", (cl) => cl.avgPool2d(x5(), { kernelSize: 2, dilation: 2 }), 'UNKNOWN_OPTION', [/avg_?pool2d/i, /unexpected keyword argument 'dilation'/]],
  ["convTranspose2d: unknown option 'paddingMode'", (cl) => cl.convTranspose2d(x5(), w3(), { paddingMode: 'reflect' }), 'UNKNOWN_OPTION', [/conv_?transpose2d/i, /unexpected keyword argument 'paddingMode'/]],
  ["pad: unknown option 'padding'", (cl) => cl.pad(x5(), { pad: [1, 1, 1, 1], padding: 1 }), 'UNKNOWN_OPTION', [/pad/, /unexpected keyword argument 'padding'/]],

  // ---- tensors that don't fit each other (SHAPE_MISMATCH)
  [
    'conv2d: channels vs groups (exact PyTorch message)',
    (cl) => cl.conv2d(T([1, 2, 5, 5]), w3(), { groups: 1 }),
    'SHAPE_MISMATCH',
    ['Given groups=1, weight of size [1, 1, 3, 3], expected input[1, 2, 5, 5] to have 1 channels, but got 2 channels instead'],
  ],
  ['conv2d: channels vs groups=2', (cl) => cl.conv2d(T([1, 2, 5, 5]), T([2, 2, 3, 3]), { groups: 2 }), 'SHAPE_MISMATCH', [/groups=2/, shapeRe([2, 2, 3, 3]), /4 channels/, /2 channels/]],
  ['conv2d: out_channels not divisible by groups', (cl) => cl.conv2d(T([1, 2, 5, 5]), T([3, 1, 3, 3]), { groups: 2 }), 'SHAPE_MISMATCH', [/groups=2/, /weight/, shapeRe([3, 1, 3, 3])]],
  ['convTranspose2d: channels vs weight', (cl) => cl.convTranspose2d(T([1, 3, 5, 5]), T([2, 1, 3, 3])), 'SHAPE_MISMATCH', [/weight/, shapeRe([2, 1, 3, 3]), shapeRe([1, 3, 5, 5])]],
  ['convTranspose2d: in_channels not divisible by groups', (cl) => cl.convTranspose2d(T([1, 3, 5, 5]), T([3, 1, 3, 3]), { groups: 2 }), 'SHAPE_MISMATCH', [/groups=2/, /weight/, shapeRe([3, 1, 3, 3])]],
  ['conv2d: bias of wrong length (number[])', (cl) => cl.conv2d(x5(), T([2, 1, 3, 3]), { bias: [1, 2, 3] }), 'SHAPE_MISMATCH', [/bias/, /3/]],
  ['conv2d: bias tensor of wrong length', (cl) => cl.conv2d(x5(), T([2, 1, 3, 3]), { bias: T([3]) }), 'SHAPE_MISMATCH', [/bias/, shapeRe([3])]],
  ['convTranspose2d: bias of wrong length', (cl) => cl.convTranspose2d(x5(), T([1, 2, 3, 3]), { bias: new Float32Array(1) }), 'SHAPE_MISMATCH', [/bias/, shapeRe([1])]],
  ['conv2d: out buffer of wrong length', (cl) => cl.conv2d(x5(), w3(), { out: new Float32Array(8) }), 'SHAPE_MISMATCH', [/out/, numRe(8)]],
  ['maxPool2d: out buffer of wrong length', (cl) => cl.maxPool2d(x5(), { kernelSize: 2, out: new Float32Array(5) }), 'SHAPE_MISMATCH', [/out/, numRe(5)]],
  ['pad: out buffer too long', (cl) => cl.pad(x5(), { pad: [1, 1, 1, 1], out: new Float32Array(50) }), 'SHAPE_MISMATCH', [/out/, numRe(50)]],

  // ---- bad values (INVALID_ARGUMENT)
  ['conv2d: stride 0', (cl) => cl.conv2d(x5(), w3(), { stride: 0 }), 'INVALID_ARGUMENT', [/stride/, numRe(0)]],
  ['conv2d: stride -2', (cl) => cl.conv2d(x5(), w3(), { stride: [1, -2] }), 'INVALID_ARGUMENT', [/stride/, /-2/]],
  ['conv2d: negative padding', (cl) => cl.conv2d(x5(), w3(), { padding: -1 }), 'INVALID_ARGUMENT', [/padding/, /-1/]],
  ['conv2d: dilation 0', (cl) => cl.conv2d(x5(), w3(), { dilation: 0 }), 'INVALID_ARGUMENT', [/dilation/, numRe(0)]],
  ['conv2d: groups 0', (cl) => cl.conv2d(x5(), w3(), { groups: 0 }), 'INVALID_ARGUMENT', [/groups/, numRe(0)]],
  ['conv2d: stride with 3 elements', (cl) => cl.conv2d(x5(), w3(), { stride: [1, 2, 3] }), ['INVALID_ARGUMENT', 'INVALID_TYPE'], [/stride/, shapeRe([1, 2, 3])]],
  ["conv2d: padding='same' with stride 2", (cl) => cl.conv2d(x5(), w3(), { padding: 'same', stride: 2 }), 'INVALID_ARGUMENT', [/same/, /stride/]],
  ["conv2d: padding 'bogus'", (cl) => cl.conv2d(x5(), w3(), { padding: 'bogus' }), 'INVALID_ARGUMENT', [/padding/, /bogus/]],
  ["conv2d: paddingMode 'bogus'", (cl) => cl.conv2d(x5(), w3(), { padding: 1, paddingMode: 'bogus' }), 'INVALID_ARGUMENT', [/padding_?mode/i, /bogus/]],
  ['conv2d: reflect padding ≥ input size', (cl) => cl.conv2d(x5(), w3(), { padding: 5, paddingMode: 'reflect' }), 'INVALID_ARGUMENT', [/[Pp]adding/, numRe(5)]],
  ['conv2d: circular padding wrapping more than once', (cl) => cl.conv2d(x5(), w3(), { padding: 6, paddingMode: 'circular' }), 'INVALID_ARGUMENT', [/wrap/i]],
  [
    'convTranspose2d: outputPadding ≥ both stride and dilation',
    (cl) => cl.convTranspose2d(x5(), w3(), { stride: 2, dilation: 1, outputPadding: 2 }),
    'INVALID_ARGUMENT',
    [/output.?padding/i, numRe(2), /stride/, /dilation/],
  ],
  [
    'convTranspose2d: outputSize above the valid range',
    (cl) => cl.convTranspose2d(x5(), w3(), { stride: 2, outputSize: [20, 20] }),
    'INVALID_ARGUMENT',
    [/requested an output size of/, /valid sizes range from/, /20/, /11/, /12/],
  ],
  [
    'convTranspose2d: outputSize below the valid range',
    (cl) => cl.convTranspose2d(x5(), w3(), { stride: 2, outputSize: [11, 10] }),
    'INVALID_ARGUMENT',
    [/requested an output size of/, /valid sizes range from/, /10/, /11/, /12/],
  ],
  ['maxPool2d: padding > kernel/2', (cl) => cl.maxPool2d(x5(), { kernelSize: 3, padding: 2 }), 'INVALID_ARGUMENT', [/pad/, /half/, numRe(2)]],
  ['avgPool2d: padding > kernel/2', (cl) => cl.avgPool2d(x5(), { kernelSize: [4, 2], padding: [1, 2] }), 'INVALID_ARGUMENT', [/pad/, /half/, numRe(2)]],
  ['maxPool2d: stride 0', (cl) => cl.maxPool2d(x5(), { kernelSize: 2, stride: 0 }), 'INVALID_ARGUMENT', [/stride/, numRe(0)]],
  ['maxPool2d: kernelSize 0', (cl) => cl.maxPool2d(x5(), { kernelSize: 0 }), 'INVALID_ARGUMENT', [/kernel/, numRe(0)]],
  ['maxPool2d: dilation 0', (cl) => cl.maxPool2d(x5(), { kernelSize: 2, dilation: 0 }), 'INVALID_ARGUMENT', [/dilation/, numRe(0)]],
  ['maxPool2d: kernelSize missing', (cl) => cl.maxPool2d(x5(), {}), ['INVALID_ARGUMENT', 'INVALID_TYPE'], [/kernel_?[sS]ize/]],
  ['avgPool2d: divisorOverride 0', (cl) => cl.avgPool2d(x5(), { kernelSize: 2, divisorOverride: 0 }), 'INVALID_ARGUMENT', [/divisor/]],
  ['pad: wrong-length pad array', (cl) => cl.pad(x5(), { pad: [1, 1, 1] }), 'INVALID_ARGUMENT', [/[Pp]ad/, /\[\s*1,\s*1,\s*1\s*\]|(^|[^0-9])3([^0-9]|$)/]],
  ['pad: reflect too large', (cl) => cl.pad(x5(), { pad: [5, 0, 0, 0], mode: 'reflect' }), 'INVALID_ARGUMENT', [/[Pp]adding/, numRe(5)]],
  ['pad: circular wrapping more than once', (cl) => cl.pad(x5(), { pad: [0, 0, 6, 0], mode: 'circular' }), 'INVALID_ARGUMENT', [/wrap/i]],
  ["pad: mode 'bogus'", (cl) => cl.pad(x5(), { pad: [1, 1, 1, 1], mode: 'bogus' }), 'INVALID_ARGUMENT', [/mode/, /bogus/]],
  ['parameterCount: inChannels not divisible by groups', (cl) => cl.parameterCount({ op: 'conv2d', inChannels: 3, outChannels: 4, kernelSize: 3, groups: 2 }), ['INVALID_ARGUMENT', 'SHAPE_MISMATCH'], [/in_?[cC]hannels/, /groups/]],
  ["outputShape: unknown op 'conv3d'", (cl) => cl.outputShape({ op: 'conv3d', inputShape: [1, 1, 5, 5, 5] }), 'INVALID_ARGUMENT', [/conv3d/]],
  ['receptiveField: output index outside the output', (cl) => cl.receptiveField({ op: 'conv2d', inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3] }, [0, 0, 3, 0]), 'INVALID_ARGUMENT', [numRe(3)]],

  // ---- outputs that would be empty (OUTPUT_TOO_SMALL)
  ['conv2d: kernel larger than padded input', (cl) => cl.conv2d(T([1, 1, 2, 2]), w3()), 'OUTPUT_TOO_SMALL', [/[Kk]ernel size/, /input size/]],
  ['conv2d: dilated kernel larger than input', (cl) => cl.conv2d(x5(), w3(), { dilation: 3 }), 'OUTPUT_TOO_SMALL', [/[Kk]ernel size/]],
  ['maxPool2d: output size < 1', (cl) => cl.maxPool2d(T([1, 1, 2, 2]), { kernelSize: 3 }), 'OUTPUT_TOO_SMALL', [/[Oo]utput size is too small/]],
  ['avgPool2d: output size < 1', (cl) => cl.avgPool2d(T([1, 1, 2, 5]), { kernelSize: 3 }), 'OUTPUT_TOO_SMALL', [/[Oo]utput size is too small/]],
  ['convTranspose2d: output size < 1', (cl) => cl.convTranspose2d(T([1, 1, 1, 1]), T([1, 1, 1, 1]), { padding: 1 }), 'OUTPUT_TOO_SMALL', [/-1/]],
  ['outputShape: conv2d kernel larger than input', (cl) => cl.outputShape({ op: 'conv2d', inputShape: [1, 1, 2, 2], weightShape: [1, 1, 3, 3] }), 'OUTPUT_TOO_SMALL', [/[Kk]ernel size/]],

  // ---- sizes that would exhaust memory (TOO_LARGE)
  ['outputShape: conv2d input [1,1,100000,100000]', (cl) => cl.outputShape({ op: 'conv2d', inputShape: [1, 1, 100000, 100000], weightShape: [1, 1, 3, 3] }), 'TOO_LARGE', []],
  ['outputShape: maxPool2d input [1,1,100000,100000]', (cl) => cl.outputShape({ op: 'maxPool2d', inputShape: [1, 1, 100000, 100000], kernelSize: 2 }), 'TOO_LARGE', []],
  ['outputShape: convTranspose2d output too large', (cl) => cl.outputShape({ op: 'convTranspose2d', inputShape: [1, 1, 1000, 1000], weightShape: [1, 1, 3, 3], stride: 100 }), 'TOO_LARGE', []],
  ['outputShape: pad to a huge output', (cl) => cl.outputShape({ op: 'pad', inputShape: [1, 1, 5, 5], pad: [0, 1e6, 0, 1e6] }), 'TOO_LARGE', []],
  ['conv2d: huge shape with tiny data', (cl) => cl.conv2d({ shape: [1, 1, 100000, 100000], data: f32(9) }, w3()), ['INVALID_SHAPE', 'TOO_LARGE'], []],
  ['tensor: huge shape with tiny data', (cl) => cl.tensor({ shape: [1, 1, 100000, 100000], data: [1, 2, 3] }), ['INVALID_SHAPE', 'TOO_LARGE'], []],
  ['maxPool2d: huge shape with tiny data', (cl) => cl.maxPool2d({ shape: [1, 1, 100000, 100000], data: f32(4) }, { kernelSize: 2 }), ['INVALID_SHAPE', 'TOO_LARGE'], []],
  ['pad: huge padding on a tiny tensor', (cl) => cl.pad(x5(), { pad: [0, 1e6, 0, 1e6] }), 'TOO_LARGE', []],
  // ---- adaptive pools (ATen's AdaptiveAveragePooling.cpp / AdaptiveMaxPooling2d.cpp)
  ['adaptiveAvgPool2d: negative output size (exact PyTorch message)', (cl) => cl.adaptiveAvgPool2d(x5(), { outputSize: [-1, 2] }), 'INVALID_ARGUMENT',
    ['adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {-1, 2}']],
  ['adaptiveMaxPool2d: negative output size', (cl) => cl.adaptiveMaxPool2d(x5(), { outputSize: [2, -3] }), 'INVALID_ARGUMENT', [/negative dimension -3/, shapeRe([1, 1, 2, -3])]],
  ['adaptiveAvgPool2d: 2-D input', (cl) => cl.adaptiveAvgPool2d(T([5, 5]), { outputSize: 2 }), 'INVALID_SHAPE', ['adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [5, 5]']],
  ['adaptiveMaxPool2d: zero dimension', (cl) => cl.adaptiveMaxPool2d({ shape: [1, 1, 0, 5], data: [] }, { outputSize: 2 }), 'INVALID_SHAPE', [/non-zero size for non-batch dimensions/, shapeRe([1, 1, 0, 5]), /dimension 2/]],
  ['adaptiveAvgPool2d: huge output', (cl) => cl.adaptiveAvgPool2d(x5(), { outputSize: 2 ** 20 }), 'TOO_LARGE', [/output/, numRe(268435456)]],
  ['adaptiveAvgPool2d: missing outputSize', (cl) => cl.adaptiveAvgPool2d(x5(), {}), 'INVALID_TYPE', [/outputSize/]],
  // ---- lp_pool2d (torch.nn.functional.lp_pool2d: avg_pool2d's checks, then 1.0 / norm_type)
  ['lpPool2d: normType 0', (cl) => cl.lpPool2d(x5(), { normType: 0, kernelSize: 2 }), 'INVALID_ARGUMENT', ['float division by zero (norm_type=0)']],
  ['lpPool2d: kernel larger than the input', (cl) => cl.lpPool2d(x5(), { normType: 2, kernelSize: 6 }), 'OUTPUT_TOO_SMALL',
    ['avg_pool2d: Given input size: (1x5x5). Calculated output size: (1x0x0). Output size is too small']],
  ['lpPool2d: stride 0', (cl) => cl.lpPool2d(x5(), { normType: 2, kernelSize: 2, stride: 0 }), 'INVALID_ARGUMENT', [/stride should be greater than zero/]],
  ['lpPool2d: normType a string', (cl) => cl.lpPool2d(x5(), { normType: '2', kernelSize: 2 }), 'INVALID_TYPE', [/normType/, /'2'/]],
  ["lpPool2d: unknown option 'padding'", (cl) => cl.lpPool2d(x5(), { normType: 2, kernelSize: 2, padding: 1 }), 'UNKNOWN_OPTION', [/unexpected keyword argument 'padding'/]],
];

for (const { name: variant, cl } of variants) {
  describe(`errors [${variant}]`, () => {
    test('ConvlensError is an Error subclass', () => {
      assert.equal(typeof ConvlensError, 'function');
      assert.ok(ConvlensError.prototype instanceof Error);
    });

    for (const [name, call, code, patterns] of CASES) {
      test(name, () => {
        const err = expectError(() => call(cl), code, patterns, `[${variant}] ${name}`);
        assert.equal(typeof err.code, 'string');
        assertStillWorks(cl, `[${variant}] after "${name}"`);
      });
    }

    test('outputShape validates like the op (same code, same wording)', () => {
      const chan = 'Given groups=1, weight of size [1, 1, 3, 3], expected input[1, 2, 5, 5] to have 1 channels, but got 2 channels instead';
      expectError(() => cl.outputShape({ op: 'conv2d', inputShape: [1, 2, 5, 5], weightShape: [1, 1, 3, 3] }), 'SHAPE_MISMATCH', [chan]);
      expectError(() => cl.outputShape({ op: 'maxPool2d', inputShape: [1, 1, 5, 5], kernelSize: 3, padding: 2 }), 'INVALID_ARGUMENT', [/pad/, /half/]);
      expectError(() => cl.outputShape({ op: 'conv2d', inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3], strides: 2 }), 'UNKNOWN_OPTION', ["unexpected keyword argument 'strides'"]);
      expectError(() => cl.outputShape({ op: 'conv2d', inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3], stride: 1.5 }), 'INVALID_TYPE', [/stride/, /1\.5/]);
      expectError(() => cl.outputShape({ op: 'conv2d', inputShape: [5, 5], weightShape: [1, 1, 3, 3] }), 'INVALID_SHAPE', [/input/, shapeRe([5, 5])]);
      expectError(() => cl.outputShape({ op: 'convTranspose2d', inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3], stride: 2, outputSize: [20, 20] }), 'INVALID_ARGUMENT', [/requested an output size of/]);
      assertStillWorks(cl);
    });

    test('a failed call with an out buffer leaves the module usable and a correct call can reuse the buffer', () => {
      const out = new Float32Array(9);
      expectError(() => cl.conv2d(T([1, 2, 5, 5]), w3(), { out }), 'SHAPE_MISMATCH');
      const { input, kernel } = tutorialTensors();
      const r = cl.conv2d(input, kernel, { out });
      assert.equal(r.data, out);
      assert.deepEqual(Array.from(out), [10, 12, 12, 18, 16, 16, 13, 9, 3]);
    });

    test('after 1,000 erroring calls the module still computes the tutorial example', () => {
      let thrown = 0;
      for (let i = 0; i < 1000; i++) {
        const [, call] = CASES[i % CASES.length];
        try {
          call(cl);
        } catch (e) {
          assert.ok(e instanceof ConvlensError, `call ${i} threw ${e?.constructor?.name}: ${e?.message}`);
          thrown++;
        }
      }
      assert.equal(thrown, 1000, 'every call in the loop should have thrown');
      assertStillWorks(cl, `[${variant}] after 1000 errors`);
      // and the pools and the other ops too
      const { input } = tutorialTensors();
      assert.deepEqual(Array.from(cl.maxPool2d(input, { kernelSize: 3, ceilMode: true }).data), [2, 3, 5, 1]);
    });
  });
}
