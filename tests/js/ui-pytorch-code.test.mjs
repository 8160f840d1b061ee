// web/ui/model/pytorch-code.js and numbers.js: code that reproduces a state exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { load } from 'convlens';
import { evaluate } from '../../web/ui/model/compute.js';
import { functionalCall, pytorchCode, pythonNested, moduleCall } from '../../web/ui/model/pytorch-code.js';
import { float32Text, formatValue, parseCell, pythonFloat } from '../../web/ui/model/numbers.js';
import { makeState } from '../../web/ui/model/make-state.js';
import { presetState } from '../../web/ui/model/presets.js';
import { setCell } from '../../web/ui/model/tensors.js';

const cl = await load();
const code = (s) => pytorchCode(s, evaluate(cl, s));

test('cell text: numbers as Python reads them, anything else is not a number (not 0)', () => {
  assert.equal(parseCell('1'), 1);
  assert.equal(parseCell(' -2.5e-1 '), -0.25);
  assert.equal(parseCell('.5'), 0.5);
  assert.equal(parseCell('1.'), 1);
  assert.equal(parseCell('−3'), -3);
  assert.equal(parseCell('inf'), Infinity);
  assert.equal(parseCell('-Infinity'), -Infinity);
  assert.ok(Number.isNaN(parseCell('nan')));
  for (const bad of ['', ' ', 'abc', '1,5', '1 2', '0x10', '1e', '--1', null, undefined]) assert.equal(parseCell(bad), null, String(bad));
});

test('values are written as the shortest text that reads back as the same float32', () => {
  assert.equal(float32Text(Math.fround(0.1)), '0.1');
  assert.equal(float32Text(Math.fround(1 / 3)), '0.33333334');
  assert.equal(pythonFloat(1), '1.');
  assert.equal(pythonFloat(-0.5), '-0.5');
  assert.equal(pythonFloat(Infinity), "float('inf')");
  assert.equal(pythonFloat(NaN), "float('nan')");
  assert.equal(formatValue(Math.fround(1 / 3)), '0.3333');
  assert.equal(formatValue(-Infinity), '−∞');
  assert.equal(pythonNested([2, 2], [1, 2, 3, 4], 4), '[[1., 2.],\n     [3., 4.]]');
});

test('the tutorial as nn.Conv2d with its weight copied in, and the expected output', () => {
  const text = code(presetState('conv-s1'));
  assert.equal(text, `import torch
from torch import nn
import torch.nn.functional as F

x = torch.tensor([[[[1., 2., 0., 3., 1.],
                    [0., 1., 2., 3., 1.],
                    [1., 2., 1., 0., 0.],
                    [5., 2., 3., 1., 1.],
                    [2., 1., 0., 1., 1.]]]])
conv = nn.Conv2d(1, 1, kernel_size=3, stride=1, padding=0, dilation=1, groups=1, bias=False, padding_mode='zeros')
with torch.no_grad():
    w = torch.tensor([[[[1., 2., 1.],
                        [0., 1., 0.],
                        [2., 1., 0.]]]])
    conv.weight.copy_(w)
y = conv(x)
print(y)
torch.testing.assert_close(F.conv2d(x, conv.weight, conv.bias), y, rtol=0, atol=0, equal_nan=True)
# expected y (computed by convlens), shape (1, 1, 3, 3):
# [[[[10., 12., 12.],
#    [18., 16., 16.],
#    [13., 9., 3.]]]]
`);
});

test('every argument of every module is written', () => {
  assert.equal(moduleCall(makeState({ op: 'convTranspose2d', stride: [2, 1], output_padding: [1, 0], bias: true })),
    'nn.ConvTranspose2d(1, 1, kernel_size=3, stride=(2, 1), padding=0, output_padding=(1, 0), groups=1, bias=True, dilation=1)');
  assert.equal(moduleCall(makeState({ op: 'maxPool2d', stride: null, ceil_mode: true })),
    'nn.MaxPool2d(kernel_size=3, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=True)');
  assert.equal(moduleCall(makeState({ op: 'avgPool2d', divisor_override: 2, count_include_pad: false })),
    'nn.AvgPool2d(kernel_size=3, stride=1, padding=0, ceil_mode=False, count_include_pad=False, divisor_override=2)');
  assert.equal(moduleCall(makeState({ padding: 'same', padding_mode: 'reflect' })),
    "nn.Conv2d(1, 1, kernel_size=3, stride=1, padding='same', dilation=1, groups=1, bias=False, padding_mode='reflect')");
});

test('bias, output_size and return_indices reach the code', () => {
  const up = code(presetState('unet-up'));
  assert.match(up, /conv\.bias\.copy_\(torch\.tensor\(\[0\.5\]\)\)/);
  const sized = code(makeState({ op: 'convTranspose2d', stride: [2, 2], output_size: [12, 12] }));
  assert.match(sized, /y = conv\(x, output_size=\[12, 12\]\)/);
  assert.match(sized, /shape \(1, 1, 12, 12\)/);
  const pool = code(makeState({ op: 'maxPool2d', stride: null, return_indices: true, ceil_mode: true }));
  assert.match(pool, /y, indices = pool\(x\)/);
  assert.match(pool, /# expected indices \(computed by convlens\), shape \(1, 1, 2, 2\):\n# \[\[\[\[1, 3\],\n#\s+\[15, 18\]\]\]\]/);
});

test('a failing state still gives the code, with PyTorch’s error as the expectation', () => {
  const text = code(makeState({ kernel_size: [7, 7] }));
  assert.match(text, /kernel_size=7/);
  assert.match(text, /# expected: PyTorch raises an error here:\n# Calculated padded input size per channel: \(5 x 5\)\. Kernel size: \(7 x 7\)/);
});

test('a cell that is not a number gives a comment instead of code', () => {
  const s = presetState('conv-s1');
  setCell(s.tensors.input, 2, 'zero');
  assert.equal(code(s), '# input[0, 0, 0, 2] is "zero", which is not a number:\n# fix that cell to get runnable code.');
});

test('large outputs are summarised, not listed', () => {
  const text = code(presetState('large'));
  assert.match(text, /# expected y \(computed by convlens\), shape \(1, 16, 62, 62\): too large to list here;\n# y\.sum\(\) ≈ -?[\d.]+, y\[0, 0, 0, :8\] = \[/);
  assert.ok(text.length < 200_000);
});

test('the functional form of each op, checked equal to the module\'s output in the code', () => {
  assert.equal(functionalCall(makeState({ op: 'adaptiveAvgPool2d', output_size: [2, null] })), 'F.adaptive_avg_pool2d(x, output_size=(2, None))');
  assert.equal(functionalCall(makeState({ op: 'adaptiveMaxPool2d', output_size: [1, 1], return_indices: true })), 'F.adaptive_max_pool2d(x, output_size=1)');
  assert.equal(functionalCall(makeState({ op: 'lpPool2d', norm_type: 2, kernel_size: [2, 2], stride: null })), 'F.lp_pool2d(x, norm_type=2, kernel_size=2)');
  assert.equal(functionalCall(makeState({ op: 'maxPool2d', stride: null, ceil_mode: true })), 'F.max_pool2d(x, kernel_size=3, ceil_mode=True)');
  assert.equal(functionalCall(makeState({ stride: [2, 2], bias: true })), 'F.conv2d(x, conv.weight, conv.bias, stride=2)');
  // F.conv2d has no padding_mode, F.conv_transpose2d no output_size: no functional line there
  assert.equal(functionalCall(makeState({ padding: [1, 1], padding_mode: 'reflect' })), null);
  assert.equal(functionalCall(makeState({ op: 'convTranspose2d', output_size: [5, 5] })), null);
  const text = pytorchCode(presetState('lp-pool'), null);
  assert.match(text, /^pool = nn\.LPPool2d\(norm_type=2, kernel_size=2, stride=None, ceil_mode=False\)$/m);
  assert.match(text, /^torch\.testing\.assert_close\(F\.lp_pool2d\(x, norm_type=2, kernel_size=2\), y, rtol=0, atol=0, equal_nan=True\)$/m);
});

test('the 1-D ops: nn.Conv1d with one-int arguments and its [N, C, L] tensors; ConvTranspose1d\'s output_size a list', () => {
  const text = code(presetState('conv1d'));
  assert.match(text, /^conv = nn\.Conv1d\(2, 3, kernel_size=3, stride=1, padding=1, dilation=1, groups=1, bias=True, padding_mode='zeros'\)$/m);
  assert.match(text, /^torch\.testing\.assert_close\(F\.conv1d\(x, conv\.weight, conv\.bias, padding=1\), y, /m);
  assert.match(text, /^x = torch\.tensor\(\[\[\[/m);
  const up = makeState({ op: 'convTranspose1d', input_size: 4, kernel_size: 3, stride: 2, output_size: 10 });
  assert.match(code(up), /^y = conv\(x, output_size=\[10\]\)$/m);
  assert.match(code(presetState('max-pool1d')), /^y, indices = pool\(x\)$/m);
  assert.match(code(presetState('adaptive-avg-pool1d')), /^pool = nn\.AdaptiveAvgPool1d\(output_size=3\)$/m);
});
