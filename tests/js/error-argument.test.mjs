// ConvlensError.argument: the PyTorch (snake_case) name of the argument at fault, set by the core's
// validation and by the JS type checks alike, undefined when no single argument is at fault.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadVariants, ConvlensError } from './helpers.mjs';

const variants = await loadVariants();

const T = (shape, v = 1) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(v) });
const x5 = () => T([1, 1, 5, 5]);
const w3 = () => T([1, 1, 3, 3]);
const spec = (extra) => ({ op: 'conv2d', inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3], ...extra });

// [name, call(cl), code, argument]
const CASES = [
  // conv2d: the core
  ['conv2d: 2-D input', (cl) => cl.conv2d(T([5, 5]), w3()), 'INVALID_SHAPE', 'input'],
  ['conv2d: input channels ≠ weight', (cl) => cl.conv2d(T([1, 2, 5, 5]), w3()), 'SHAPE_MISMATCH', 'input'],
  ['conv2d: stride 0', (cl) => cl.conv2d(x5(), w3(), { stride: 0 }), 'INVALID_ARGUMENT', 'stride'],
  ['conv2d: negative padding', (cl) => cl.conv2d(x5(), w3(), { padding: -1 }), 'INVALID_ARGUMENT', 'padding'],
  ["conv2d: 'same' with stride 2", (cl) => cl.conv2d(x5(), w3(), { padding: 'same', stride: 2 }), 'INVALID_ARGUMENT', 'padding'],
  ['conv2d: reflect padding ≥ input', (cl) => cl.conv2d(x5(), w3(), { padding: 5, paddingMode: 'reflect' }), 'INVALID_ARGUMENT', 'padding'],
  ['conv2d: dilation 0', (cl) => cl.conv2d(x5(), w3(), { dilation: [1, 0] }), 'INVALID_ARGUMENT', 'dilation'],
  ['conv2d: groups 0', (cl) => cl.conv2d(x5(), w3(), { groups: 0 }), 'INVALID_ARGUMENT', 'groups'],
  ['conv2d: weight not divisible by groups', (cl) => cl.conv2d(T([1, 2, 5, 5]), T([3, 1, 3, 3]), { groups: 2 }), 'SHAPE_MISMATCH', 'groups'],
  ['conv2d: bias of the wrong length', (cl) => cl.conv2d(x5(), w3(), { bias: [1, 2] }), 'SHAPE_MISMATCH', 'bias'],
  ['conv2d: kernel larger than the padded input', (cl) => cl.conv2d(T([1, 1, 2, 2]), w3()), 'OUTPUT_TOO_SMALL', undefined],
  // conv2d: the JS checks
  ['conv2d: stride 1.5', (cl) => cl.conv2d(x5(), w3(), { stride: 1.5 }), 'INVALID_TYPE', 'stride'],
  ["conv2d: padding 'full'", (cl) => cl.conv2d(x5(), w3(), { padding: 'full' }), 'INVALID_ARGUMENT', 'padding'],
  ["conv2d: paddingMode 'wrap'", (cl) => cl.conv2d(x5(), w3(), { paddingMode: 'wrap' }), 'INVALID_ARGUMENT', 'padding_mode'],
  ['conv2d: 3-D weight', (cl) => cl.conv2d(x5(), T([1, 3, 3])), 'INVALID_SHAPE', 'weight'],
  ['conv2d: input data too short', (cl) => cl.conv2d({ shape: [1, 1, 5, 5], data: new Float32Array(24) }, w3()), 'INVALID_SHAPE', 'input'],
  ['conv2d: weight not a tensor', (cl) => cl.conv2d(x5(), 3), 'INVALID_TYPE', 'weight'],
  ['conv2d: 2-D bias tensor', (cl) => cl.conv2d(x5(), w3(), { bias: T([1, 1]) }), 'SHAPE_MISMATCH', 'bias'],
  ['conv2d: out of the wrong type', (cl) => cl.conv2d(x5(), w3(), { out: new Float64Array(9) }), 'INVALID_TYPE', 'out'],
  ['conv2d: out of the wrong length', (cl) => cl.conv2d(x5(), w3(), { out: new Float32Array(8) }), 'SHAPE_MISMATCH', 'out'],
  ["conv2d: unknown option 'strides'", (cl) => cl.conv2d(x5(), w3(), { strides: 2 }), 'UNKNOWN_OPTION', 'strides'],
  ['conv2d: options not an object', (cl) => cl.conv2d(x5(), w3(), 3), 'INVALID_TYPE', undefined],
  // conv_transpose2d
  ['convTranspose2d: output padding ≥ stride and dilation', (cl) => cl.convTranspose2d(x5(), w3(), { outputPadding: 1 }), 'INVALID_ARGUMENT', 'output_padding'],
  ['convTranspose2d: negative output padding', (cl) => cl.convTranspose2d(x5(), w3(), { outputPadding: -1 }), 'INVALID_ARGUMENT', 'output_padding'],
  ['convTranspose2d: output size out of range', (cl) => cl.convTranspose2d(x5(), w3(), { outputSize: [20, 20] }), 'INVALID_ARGUMENT', 'output_size'],
  ['convTranspose2d: output size of rank 3', (cl) => cl.convTranspose2d(x5(), w3(), { outputSize: [1, 7, 7] }), 'INVALID_TYPE', 'output_size'],
  ['convTranspose2d: padding too large', (cl) => cl.convTranspose2d(T([1, 1, 1, 1]), T([1, 1, 1, 1]), { padding: 1 }), 'OUTPUT_TOO_SMALL', undefined],
  ['convTranspose2d: input channels ≠ weight', (cl) => cl.convTranspose2d(T([1, 3, 5, 5]), T([2, 1, 3, 3])), 'SHAPE_MISMATCH', 'input'],
  ['convTranspose2d: bias of the wrong length', (cl) => cl.convTranspose2d(x5(), w3(), { bias: [1, 2, 3] }), 'SHAPE_MISMATCH', 'bias'],
  ['convTranspose2d: groups 1.5', (cl) => cl.convTranspose2d(x5(), w3(), { groups: 1.5 }), 'INVALID_TYPE', 'groups'],
  // max_pool2d
  ['maxPool2d: no kernelSize', (cl) => cl.maxPool2d(x5(), {}), 'INVALID_TYPE', 'kernel_size'],
  ['maxPool2d: kernel size 0', (cl) => cl.maxPool2d(x5(), { kernelSize: [0, 2] }), 'INVALID_ARGUMENT', 'kernel_size'],
  ['maxPool2d: padding over half the kernel', (cl) => cl.maxPool2d(x5(), { kernelSize: 3, padding: 2 }), 'INVALID_ARGUMENT', 'padding'],
  ['maxPool2d: stride 0', (cl) => cl.maxPool2d(x5(), { kernelSize: 2, stride: 0 }), 'INVALID_ARGUMENT', 'stride'],
  ['maxPool2d: dilation 0', (cl) => cl.maxPool2d(x5(), { kernelSize: 2, dilation: 0 }), 'INVALID_ARGUMENT', 'dilation'],
  ['maxPool2d: output too small', (cl) => cl.maxPool2d(T([1, 1, 2, 2]), { kernelSize: 3 }), 'OUTPUT_TOO_SMALL', undefined],
  ["maxPool2d: ceilMode 'yes'", (cl) => cl.maxPool2d(x5(), { kernelSize: 2, ceilMode: 'yes' }), 'INVALID_TYPE', 'ceil_mode'],
  ['maxPool2d: returnIndices 1', (cl) => cl.maxPool2d(x5(), { kernelSize: 2, returnIndices: 1 }), 'INVALID_TYPE', 'return_indices'],
  ['maxPool2d: 5-D input', (cl) => cl.maxPool2d(T([1, 1, 1, 5, 5]), { kernelSize: 2 }), 'INVALID_SHAPE', 'input'],
  // avg_pool2d
  ['avgPool2d: divisorOverride 0', (cl) => cl.avgPool2d(x5(), { kernelSize: 2, divisorOverride: 0 }), 'INVALID_ARGUMENT', 'divisor_override'],
  ['avgPool2d: divisorOverride 1.5', (cl) => cl.avgPool2d(x5(), { kernelSize: 2, divisorOverride: 1.5 }), 'INVALID_TYPE', 'divisor_override'],
  ["avgPool2d: countIncludePad 'no'", (cl) => cl.avgPool2d(x5(), { kernelSize: 2, countIncludePad: 'no' }), 'INVALID_TYPE', 'count_include_pad'],
  ['avgPool2d: negative padding', (cl) => cl.avgPool2d(x5(), { kernelSize: 3, padding: -1 }), 'INVALID_ARGUMENT', 'padding'],
  // pad
  ['pad: 3 pads', (cl) => cl.pad(x5(), { pad: [1, 1, 1] }), 'INVALID_ARGUMENT', 'pad'],
  ['pad: reflect pad ≥ input', (cl) => cl.pad(x5(), { pad: [5, 5], mode: 'reflect' }), 'INVALID_ARGUMENT', 'pad'],
  ['pad: circular wraps twice', (cl) => cl.pad(x5(), { pad: [6, 6], mode: 'circular' }), 'INVALID_ARGUMENT', 'pad'],
  ['pad: crop past the input', (cl) => cl.pad(x5(), { pad: [-6, 1] }), 'OUTPUT_TOO_SMALL', 'pad'],
  ["pad: mode 'edge'", (cl) => cl.pad(x5(), { pad: [1, 1], mode: 'edge' }), 'INVALID_ARGUMENT', 'mode'],
  ['pad: value with reflect', (cl) => cl.pad(x5(), { pad: [1, 1], mode: 'reflect', value: 2 }), 'INVALID_ARGUMENT', 'value'],
  // adaptive pools
  ['adaptiveAvgPool2d: negative output size', (cl) => cl.adaptiveAvgPool2d(x5(), { outputSize: -1 }), 'INVALID_ARGUMENT', 'output_size'],
  ['adaptiveMaxPool2d: negative output size', (cl) => cl.adaptiveMaxPool2d(x5(), { outputSize: [1, -1] }), 'INVALID_ARGUMENT', 'output_size'],
  ['adaptiveMaxPool2d: 2-D input', (cl) => cl.adaptiveMaxPool2d(T([5, 5]), { outputSize: 1 }), 'INVALID_SHAPE', 'input'],
  ['adaptiveAvgPool2d: outputSize 1.5', (cl) => cl.adaptiveAvgPool2d(x5(), { outputSize: 1.5 }), 'INVALID_TYPE', 'output_size'],
  ['adaptiveAvgPool2d: no outputSize', (cl) => cl.adaptiveAvgPool2d(x5(), {}), 'INVALID_TYPE', 'output_size'],
  ['adaptiveMaxPool2d: returnIndices 1', (cl) => cl.adaptiveMaxPool2d(x5(), { outputSize: 1, returnIndices: 1 }), 'INVALID_TYPE', 'return_indices'],
  ['adaptiveAvgPool2d: an output over the element limit', (cl) => cl.adaptiveAvgPool2d(x5(), { outputSize: 2 ** 15 }), 'TOO_LARGE', undefined],
  // lp_pool2d
  ['lpPool2d: normType 0', (cl) => cl.lpPool2d(x5(), { normType: 0, kernelSize: 2 }), 'INVALID_ARGUMENT', 'norm_type'],
  ['lpPool2d: no normType', (cl) => cl.lpPool2d(x5(), { kernelSize: 2 }), 'INVALID_TYPE', 'norm_type'],
  ['lpPool2d: no kernelSize', (cl) => cl.lpPool2d(x5(), { normType: 2 }), 'INVALID_TYPE', 'kernel_size'],
  ['lpPool2d: kernel size 0', (cl) => cl.lpPool2d(x5(), { normType: 2, kernelSize: 0 }), 'INVALID_ARGUMENT', 'kernel_size'],
  ['lpPool2d: output too small', (cl) => cl.lpPool2d(x5(), { normType: 2, kernelSize: 6 }), 'OUTPUT_TOO_SMALL', undefined],
  ["lpPool2d: ceilMode 'yes'", (cl) => cl.lpPool2d(x5(), { normType: 2, kernelSize: 2, ceilMode: 'yes' }), 'INVALID_TYPE', 'ceil_mode'],
  // max_unpool2d
  ['maxUnpool2d: an index outside the output', (cl) => cl.maxUnpool2d(T([1, 2, 2]), { shape: [1, 2, 2], data: [0, 1, 2, 99] }, { kernelSize: 2 }), 'INVALID_ARGUMENT', 'indices'],
  ['maxUnpool2d: indices of another shape', (cl) => cl.maxUnpool2d(T([1, 2, 2]), { shape: [1, 1, 4], data: [0, 1, 2, 3] }, { kernelSize: 2 }), 'SHAPE_MISMATCH', 'indices'],
  ['maxUnpool2d: outputSize out of range', (cl) => cl.maxUnpool2d(T([1, 2, 2]), { shape: [1, 2, 2], data: [0, 1, 2, 3] }, { kernelSize: 2, outputSize: [9, 9] }), 'INVALID_ARGUMENT', 'output_size'],
  ['maxUnpool2d: indices not a tensor', (cl) => cl.maxUnpool2d(T([1, 2, 2]), [0, 1, 2, 3], { kernelSize: 2 }), 'INVALID_TYPE', 'indices'],
  ['maxUnpool2d: 2-D input', (cl) => cl.maxUnpool2d(T([2, 2]), { shape: [2, 2], data: [0, 1, 2, 3] }, { kernelSize: 2 }), 'INVALID_SHAPE', 'input'],
  ['maxUnpool2d: negative output size', (cl) => cl.maxUnpool2d(T([1, 2, 2]), { shape: [1, 2, 2], data: [0, 1, 2, 3] }, { kernelSize: 1, padding: 2 }), 'OUTPUT_TOO_SMALL', undefined],
  // unfold / fold
  ['unfold: kernel size 0', (cl) => cl.unfold(x5(), { kernelSize: 0 }), 'INVALID_ARGUMENT', 'kernel_size'],
  ['unfold: negative padding', (cl) => cl.unfold(x5(), { kernelSize: 2, padding: -1 }), 'INVALID_ARGUMENT', 'padding'],
  ['unfold: no block fits', (cl) => cl.unfold(x5(), { kernelSize: 6 }), 'OUTPUT_TOO_SMALL', undefined],
  ['fold: output size 0', (cl) => cl.fold(T([4, 4]), { outputSize: [0, 3], kernelSize: 2 }), 'INVALID_ARGUMENT', 'output_size'],
  ['fold: L does not match', (cl) => cl.fold(T([4, 5]), { outputSize: 3, kernelSize: 2 }), 'SHAPE_MISMATCH', 'input'],
  ['fold: dilation 0', (cl) => cl.fold(T([4, 4]), { outputSize: 3, kernelSize: 2, dilation: 0 }), 'INVALID_ARGUMENT', 'dilation'],
  // adaptive 1-D pools
  ['adaptiveAvgPool1d: 4-D input', (cl) => cl.adaptiveAvgPool1d(x5(), { outputSize: 2 }), 'INVALID_SHAPE', 'input'],
  ['adaptiveMaxPool1d: two output sizes', (cl) => cl.adaptiveMaxPool1d(T([1, 5]), { outputSize: [2, 2] }), 'INVALID_ARGUMENT', 'output_size'],
  ['adaptiveMaxPool1d: negative output size', (cl) => cl.adaptiveMaxPool1d(T([1, 5]), { outputSize: -2 }), 'INVALID_ARGUMENT', 'output_size'],
  ['adaptiveAvgPool1d: outputSize 1.5', (cl) => cl.adaptiveAvgPool1d(T([1, 5]), { outputSize: 1.5 }), 'INVALID_TYPE', 'output_size'],
  // the 1-D conv ops and pools
  ['conv1d: 4-D input', (cl) => cl.conv1d(x5(), T([1, 1, 3])), 'INVALID_SHAPE', 'input'],
  ['conv1d: 4-D weight', (cl) => cl.conv1d(T([1, 1, 5]), w3()), 'INVALID_SHAPE', 'weight'],
  ['conv1d: stride of two ints', (cl) => cl.conv1d(T([1, 1, 5]), T([1, 1, 3]), { stride: [1, 2] }), 'INVALID_ARGUMENT', 'stride'],
  ['conv1d: dilation 0', (cl) => cl.conv1d(T([1, 1, 5]), T([1, 1, 3]), { dilation: [0] }), 'INVALID_ARGUMENT', 'dilation'],
  ['conv1d: reflect padding ≥ length', (cl) => cl.conv1d(T([1, 1, 5]), T([1, 1, 3]), { padding: 5, paddingMode: 'reflect' }), 'INVALID_ARGUMENT', 'padding'],
  ['conv1d: bias of the wrong length', (cl) => cl.conv1d(T([1, 1, 5]), T([1, 1, 3]), { bias: [1, 2] }), 'SHAPE_MISMATCH', 'bias'],
  ['convTranspose1d: outputSize out of range', (cl) => cl.convTranspose1d(T([1, 1, 2]), T([1, 1, 3]), { outputSize: [9] }), 'INVALID_ARGUMENT', 'output_size'],
  ['convTranspose1d: outputSize not a list', (cl) => cl.convTranspose1d(T([1, 1, 2]), T([1, 1, 3]), { outputSize: 4 }), 'INVALID_TYPE', 'output_size'],
  ['convTranspose1d: output padding ≥ stride', (cl) => cl.convTranspose1d(T([1, 1, 2]), T([1, 1, 3]), { outputPadding: 1 }), 'INVALID_ARGUMENT', 'output_padding'],
  ['maxPool1d: padding over half the kernel', (cl) => cl.maxPool1d(T([1, 5]), { kernelSize: 2, padding: 2 }), 'INVALID_ARGUMENT', 'padding'],
  ['maxPool1d: kernel longer than the input', (cl) => cl.maxPool1d(T([1, 5]), { kernelSize: 6 }), 'OUTPUT_TOO_SMALL', undefined],
  ['maxPool1d: kernelSize 1.5', (cl) => cl.maxPool1d(T([1, 5]), { kernelSize: 1.5 }), 'INVALID_TYPE', 'kernel_size'],
  ['avgPool1d: stride 0', (cl) => cl.avgPool1d(T([1, 5]), { kernelSize: 2, stride: 0 }), 'INVALID_ARGUMENT', 'stride'],
  ['avgPool1d: divisorOverride (F.avg_pool1d has none)', (cl) => cl.avgPool1d(T([1, 5]), { kernelSize: 2, divisorOverride: 2 }), 'UNKNOWN_OPTION', 'divisorOverride'],
  ['parameterCount: conv1d kernelSize of two ints', (cl) => cl.parameterCount({ op: 'conv1d', inChannels: 1, outChannels: 1, kernelSize: [3, 3] }), 'INVALID_ARGUMENT', 'kernel_size'],
  // outputShape / receptiveField / parameterCount / tensor
  ['outputShape: unknown op', (cl) => cl.outputShape(spec({ op: 'conv3d' })), 'INVALID_ARGUMENT', 'op'],
  ['outputShape: negative dimension in inputShape', (cl) => cl.outputShape(spec({ inputShape: [1, 1, -5, 5] })), 'INVALID_SHAPE', 'input'],
  ['outputShape: weightShape not an array', (cl) => cl.outputShape(spec({ weightShape: 3 })), 'INVALID_TYPE', 'weight'],
  ['outputShape: stride 0', (cl) => cl.outputShape(spec({ stride: 0 })), 'INVALID_ARGUMENT', 'stride'],
  ['receptiveField: index outside the output', (cl) => cl.receptiveField(spec(), [0, 0, 3, 0]), 'INVALID_ARGUMENT', 'index'],
  ['receptiveField: index of 2 ints', (cl) => cl.receptiveField(spec(), [0, 0]), 'INVALID_TYPE', 'index'],
  ['receptiveField: a window over the tap limit', (cl) => cl.receptiveField({ op: 'maxPool2d', inputShape: [1, 1, 1024, 1024], kernelSize: 1024 }, [0, 0, 0, 0]), 'TOO_LARGE', undefined],
  ['parameterCount: inChannels 0', (cl) => cl.parameterCount({ op: 'conv2d', inChannels: 0, outChannels: 1, kernelSize: 3 }), 'INVALID_ARGUMENT', 'in_channels'],
  ['parameterCount: outChannels not divisible by groups', (cl) => cl.parameterCount({ op: 'conv2d', inChannels: 2, outChannels: 3, kernelSize: 3, groups: 2 }), 'INVALID_ARGUMENT', 'groups'],
  ["parameterCount: kernelSize '3'", (cl) => cl.parameterCount({ op: 'conv2d', inChannels: 1, outChannels: 1, kernelSize: '3' }), 'INVALID_TYPE', 'kernel_size'],
  ['tensor: ragged nested array', (cl) => cl.tensor([[1, 2], [3]]), 'INVALID_SHAPE', 'data'],
  ['tensor: zero dimension in shape', (cl) => cl.tensor({ shape: [2, 0], data: [] }), 'INVALID_SHAPE', 'shape'],
];

for (const { name: variant, cl } of variants) {
  for (const [name, call, code, argument] of CASES) {
    test(`${variant}: ${name} → ${argument ?? 'no argument'}`, () => {
      let caught = null;
      try {
        call(cl);
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof ConvlensError, `expected a ConvlensError, got ${caught}`);
      assert.equal(caught.code, code, caught.message);
      assert.equal(caught.argument, argument, caught.message);
    });
  }
}

test('argument is an own property, undefined when no single argument is at fault', () => {
  const e = new ConvlensError('INVALID_ARGUMENT', 'm');
  assert.ok(Object.hasOwn(e, 'argument'));
  assert.equal(e.argument, undefined);
  assert.equal(new ConvlensError('INVALID_ARGUMENT', 'm', 'stride').argument, 'stride');
});
