// web/ui/model/ops.js (and module-call.js), the ops' one vocabulary: its options are ones the real API accepts
// and applies with PyTorch's meaning, its names and texts are PyTorch's, and the playground's fields and image
// mode's layers take their kinds, ranges and defaults from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { load } from 'convlens';
import {
  CONV_OPS, OPS, OPS_1D, OP_TABLE, POOL_OPS, apiOptions, argField, camelName, functionalName, nnName,
  opArg, opOfModule, opsWith, parameterSpec, parseArgText, parseNumberText, parsePairText, pythonValue, valueText,
} from '../../web/ui/model/ops.js';
import { moduleCall } from '../../web/ui/model/module-call.js';
import { FIELDS, PLAYGROUND_OPS, defaultState, field } from '../../web/ui/model/state.js';
import { FIELDS as LAYER_FIELDS, OPS as LAYER_OPS, defaultLayer } from '../../web/images/layers.js';
import { FIELD_NAMES } from '../../web/widget/options.js';

const cl = await load();

const ones = (shape) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1) });
/**
 * PyTorch's output size of one axis (floor, or ceil with ceil_mode: a window must start inside input + left
 * padding).
 */
function pooledSize(n, k, s, p, d, ceil) {
  const span = n + 2 * p - d * (k - 1) - 1;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= n + p) out--;
  return out;
}

test('the names are PyTorch\'s: nn classes, F functions, and convlens op = F name in camelCase', () => {
  assert.deepEqual([...OPS], ['conv2d', 'convTranspose2d', 'maxPool2d', 'avgPool2d', 'adaptiveAvgPool2d',
    'adaptiveMaxPool2d', 'lpPool2d', 'maxUnpool2d', 'unfold', 'fold', 'conv1d', 'convTranspose1d', 'maxPool1d',
    'avgPool1d', 'adaptiveAvgPool1d', 'adaptiveMaxPool1d']);
  assert.deepEqual(OPS.map(nnName), ['nn.Conv2d', 'nn.ConvTranspose2d', 'nn.MaxPool2d', 'nn.AvgPool2d',
    'nn.AdaptiveAvgPool2d', 'nn.AdaptiveMaxPool2d', 'nn.LPPool2d', 'nn.MaxUnpool2d', 'nn.Unfold', 'nn.Fold', 'nn.Conv1d',
    'nn.ConvTranspose1d', 'nn.MaxPool1d', 'nn.AvgPool1d', 'nn.AdaptiveAvgPool1d', 'nn.AdaptiveMaxPool1d']);
  assert.deepEqual(OPS.map(functionalName), ['F.conv2d', 'F.conv_transpose2d', 'F.max_pool2d', 'F.avg_pool2d',
    'F.adaptive_avg_pool2d', 'F.adaptive_max_pool2d', 'F.lp_pool2d', 'F.max_unpool2d', 'F.unfold', 'F.fold',
    'F.conv1d', 'F.conv_transpose1d', 'F.max_pool1d', 'F.avg_pool1d', 'F.adaptive_avg_pool1d',
    'F.adaptive_max_pool1d']);
  for (const op of OPS) {
    assert.equal(camelName(OP_TABLE[op].functional), op);
    assert.equal(opOfModule(OP_TABLE[op].module), op);
    for (const a of OP_TABLE[op].args) assert.equal(a.option, camelName(a.name));
  }
  assert.equal(opOfModule('Linear'), undefined);
  assert.deepEqual([...CONV_OPS], ['conv2d', 'convTranspose2d', 'conv1d', 'convTranspose1d']);
  assert.deepEqual([...POOL_OPS], ['maxPool2d', 'avgPool2d', 'adaptiveAvgPool2d', 'adaptiveMaxPool2d', 'lpPool2d',
    'maxPool1d', 'avgPool1d', 'adaptiveAvgPool1d', 'adaptiveMaxPool1d']);
  assert.deepEqual([...OPS_1D], ['conv1d', 'convTranspose1d', 'maxPool1d', 'avgPool1d', 'adaptiveAvgPool1d',
    'adaptiveMaxPool1d']);
  // the constructors' signatures, in order (torch.nn docs)
  assert.deepEqual(OP_TABLE.conv2d.args.map((a) => a.name),
    ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode']);
  assert.deepEqual(OP_TABLE.avgPool2d.args.map((a) => a.name),
    ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override']);
  assert.deepEqual(OP_TABLE.lpPool2d.args.map((a) => a.name), ['norm_type', 'kernel_size', 'stride', 'ceil_mode']);
  assert.deepEqual(OP_TABLE.fold.args.map((a) => a.name), ['output_size', 'kernel_size', 'dilation', 'padding', 'stride']);
  assert.deepEqual(OP_TABLE.unfold.args.map((a) => a.name), ['kernel_size', 'dilation', 'padding', 'stride']);
  assert.deepEqual(OP_TABLE.maxUnpool2d.args.map((a) => a.name), ['kernel_size', 'stride', 'padding', 'output_size']);
  assert.deepEqual(OP_TABLE.adaptiveMaxPool2d.args.map((a) => a.name), ['output_size', 'return_indices']);
  assert.deepEqual(OP_TABLE.avgPool1d.args.map((a) => a.name), ['kernel_size', 'stride', 'padding', 'ceil_mode',
    'count_include_pad']); // AvgPool1d has no divisor_override
  assert.deepEqual(OP_TABLE.convTranspose1d.args.map((a) => a.name), OP_TABLE.convTranspose2d.args.map((a) => a.name));
  assert.deepEqual(opsWith('dilation'), ['conv2d', 'convTranspose2d', 'maxPool2d', 'unfold', 'fold', 'conv1d',
    'convTranspose1d', 'maxPool1d']);
  assert.deepEqual(opsWith('norm_type'), ['lpPool2d']);
  assert.equal(opArg('maxPool2d', 'stride').def, null);
  assert.deepEqual(opArg('conv2d', 'stride').def, [1, 1]);
});

test('conv2d: every option, at a value that is not its default, is accepted and means what PyTorch means', () => {
  const values = { stride: [2, 1], padding: [1, 2], dilation: [2, 1], groups: 2, padding_mode: 'reflect' };
  const o = apiOptions('conv2d', { ...values, in_channels: 2, out_channels: 4, kernel_size: [3, 2], bias: true });
  assert.deepEqual(o, { stride: [2, 1], padding: [1, 2], dilation: [2, 1], groups: 2, paddingMode: 'reflect' });
  const x = ones([1, 2, 7, 8]);
  const y = cl.conv2d(x, ones([4, 1, 3, 2]), { ...o, bias: new Float32Array([0.5, 0.5, 0.5, 0.5]) });
  // H: (7 + 2 − 2·2 − 1) / 2 + 1 = 3; W: (8 + 4 − 1 − 1) / 1 + 1 = 11
  assert.deepEqual(y.shape, [1, 4, 3, 11]);
  // a reflected ones input is ones: every output is the kernel's size (one group's channel) + bias
  assert.ok(y.data.every((v) => v === 3 * 2 + 0.5));
  assert.deepEqual(parameterSpec('conv2d', { in_channels: 2, out_channels: 4, kernel_size: [3, 2], groups: 2, bias: false }),
    { op: 'conv2d', inChannels: 2, outChannels: 4, kernelSize: [3, 2], groups: 2, bias: false });
  assert.equal(cl.parameterCount(parameterSpec('conv2d', { in_channels: 2, out_channels: 4, kernel_size: [3, 2], groups: 2, bias: true })).total, 4 * 1 * 3 * 2 + 4);
});

test('convTranspose2d: every option is accepted; output_size picks the output_padding', () => {
  const o = apiOptions('convTranspose2d', { stride: [2, 3], padding: [1, 0], output_padding: [1, 2], groups: 2, dilation: [1, 2], output_size: null });
  assert.deepEqual(o, { stride: [2, 3], padding: [1, 0], outputPadding: [1, 2], groups: 2, dilation: [1, 2] });
  const x = ones([1, 2, 3, 4]);
  const w = ones([2, 3, 3, 2]); // [in, out / groups, kH, kW]
  // H: (3 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 6; W: (4 − 1)·3 − 0 + 2·(2 − 1) + 2 + 1 = 14; 2 groups × 3
  assert.deepEqual(cl.convTranspose2d(x, w, o).shape, [1, 6, 6, 14]);
  const sized = apiOptions('convTranspose2d', { stride: [2, 3], padding: [1, 0], groups: 2, dilation: [1, 2], output_size: [5, 13] });
  assert.deepEqual(sized.outputSize, [5, 13]);
  assert.deepEqual(cl.convTranspose2d(x, w, sized).shape, [1, 6, 5, 13]);
});

test('maxPool2d: every option is accepted; ceil_mode adds the last window; return_indices is the caller\'s', () => {
  const values = {
    kernel_size: [3, 2], stride: [2, 1], padding: [1, 1], dilation: [1, 2], ceil_mode: true, return_indices: true,
  };
  const o = apiOptions('maxPool2d', values);
  assert.deepEqual(o, { kernelSize: [3, 2], stride: [2, 1], padding: [1, 1], dilation: [1, 2], ceilMode: true });
  const x = { shape: [1, 1, 10, 7], data: Float32Array.from({ length: 70 }, (_, i) => i) };
  const { output, indices } = cl.maxPool2d(x, { ...o, returnIndices: values.return_indices });
  const shape = [1, 1, pooledSize(10, 3, 2, 1, 1, true), pooledSize(7, 2, 1, 1, 2, true)];
  assert.deepEqual(shape, [1, 1, 6, 7]);
  assert.notEqual(pooledSize(10, 3, 2, 1, 1, false), 6); // ceil_mode matters here
  assert.deepEqual(output.shape, shape);
  assert.deepEqual(indices.shape, shape);
  // the input rises along rows and columns: each window's maximum is its last real cell
  assert.equal(output.data[0], x.data[indices.data[0]]);
  assert.equal(output.data[0], 8); // window rows −1..1, columns −1, 1 → cell (1, 1)
});

test('avgPool2d: count_include_pad and divisor_override change the mean as in PyTorch', () => {
  const base = { kernel_size: [2, 3], stride: [1, 2], padding: [1, 1], ceil_mode: true };
  const x = ones([1, 1, 4, 5]);
  const shape = [1, 1, pooledSize(4, 2, 1, 1, 1, true), pooledSize(5, 3, 2, 1, 1, true)];
  const withPad = cl.avgPool2d(x, apiOptions('avgPool2d', { ...base, count_include_pad: true, divisor_override: null }));
  const withoutPad = cl.avgPool2d(x, apiOptions('avgPool2d', { ...base, count_include_pad: false, divisor_override: null }));
  const o = apiOptions('avgPool2d', { ...base, count_include_pad: false, divisor_override: 2 });
  assert.deepEqual(o, {
    kernelSize: [2, 3], stride: [1, 2], padding: [1, 1], ceilMode: true, countIncludePad: false, divisorOverride: 2,
  });
  const divided = cl.avgPool2d(x, o);
  for (const y of [withPad, withoutPad, divided]) assert.deepEqual(y.shape, shape);
  // the corner window holds 1 × 2 real cells of its 2 × 3
  assert.equal(withPad.data[0], Math.fround(2 / 6));
  assert.equal(withoutPad.data[0], 1);
  assert.equal(divided.data[0], 2 / 2);
});

test('every option of every op is one the API accepts (outputShape rejects unknown names)', () => {
  // a required argument's value: fold's output_size makes L = 16 blocks of 2 × 2 (a 5 × 5 image)
  const required = { norm_type: 2, output_size: [5, 5], kernel_size: [2, 2] };
  const shapes = {
    conv2d: [1, 2, 9, 9], convTranspose2d: [1, 2, 4, 4], maxPool2d: [1, 2, 9, 9], avgPool2d: [1, 2, 9, 9],
    adaptiveAvgPool2d: [1, 2, 9, 9], adaptiveMaxPool2d: [1, 2, 9, 9], lpPool2d: [1, 2, 9, 9],
    maxUnpool2d: [1, 2, 4, 4], unfold: [1, 2, 9, 9], fold: [1, 8, 16], adaptiveAvgPool1d: [1, 2, 9],
    adaptiveMaxPool1d: [1, 2, 9], conv1d: [1, 2, 9], convTranspose1d: [1, 2, 4], maxPool1d: [1, 2, 9],
    avgPool1d: [1, 2, 9],
  };
  assert.deepEqual(Object.keys(shapes).sort(), [...OPS].sort());
  for (const op of OPS) {
    const values = {};
    for (const a of OP_TABLE[op].args) {
      const one = (v) => (a.axes === 1 && Array.isArray(v) ? v[0] : v);
      values[a.name] = one(a.def === undefined ? required[a.name] : a.def);
    }
    const forward = opArg(op, 'output_size')?.forward ? { output_size: null } : {};
    const options = apiOptions(op, { ...values, ...forward, divisor_override: 1 });
    const spec = { op, inputShape: shapes[op], ...options };
    const weightShape = OP_TABLE[op].dims === 1 ? [2, 2, 2] : [2, 2, 2, 2];
    if (OP_TABLE[op].weight) Object.assign(spec, { weightShape, bias: true });
    assert.equal(cl.outputShape(spec).shape.length, shapes[op].length + (op === 'fold') - (op === 'unfold'), op);
    const names = OP_TABLE[op].args.filter((a) => !a.positional && !a.fromWeight && !a.data && !a.result)
      .map((a) => a.option);
    const everyArg = Object.fromEntries(OP_TABLE[op].args.map((a) => [a.name, [1, 1]]));
    assert.deepEqual(Object.keys(apiOptions(op, everyArg)), names);
  }
  assert.throws(() => cl.outputShape({ op: 'avgPool2d', inputShape: [1, 1, 4, 4], kernelSize: 2, count_include_pad: true }), { code: 'UNKNOWN_OPTION' });
});

test('module calls: PyTorch\'s text, every argument or only those off their defaults', () => {
  assert.equal(moduleCall('maxPool2d', { kernel_size: [3, 3], stride: null, ceil_mode: true }, { omitDefaults: true }),
    'MaxPool2d(kernel_size=3, ceil_mode=True)');
  assert.equal(moduleCall('conv2d', { in_channels: 3, out_channels: 8, kernel_size: [3, 5], stride: null, padding: 'same', dilation: [1, 1], groups: 1, bias: false, padding_mode: 'zeros' }),
    "Conv2d(3, 8, kernel_size=(3, 5), stride=1, padding='same', dilation=1, groups=1, bias=False, padding_mode='zeros')");
  assert.equal(moduleCall('conv2d', { in_channels: 3, out_channels: 8, kernel_size: [3, 3], stride: [1, 1], padding: 'same', bias: true }, { omitDefaults: true }),
    "Conv2d(3, 8, kernel_size=3, padding='same')");
  assert.equal(moduleCall('avgPool2d', { kernel_size: [2, 2], stride: null, padding: [0, 0], ceil_mode: false, count_include_pad: false, divisor_override: null }),
    'AvgPool2d(kernel_size=2, stride=None, padding=0, ceil_mode=False, count_include_pad=False, divisor_override=None)');
  // output_size belongs to forward(), not to the constructor
  assert.equal(moduleCall('convTranspose2d', { in_channels: 1, out_channels: 1, kernel_size: [2, 2], output_size: [5, 5] }, { omitDefaults: true }),
    'ConvTranspose2d(1, 1, kernel_size=2)');
  assert.equal(pythonValue([2, 3]), '(2, 3)');
  assert.equal(pythonValue(null), 'None');
  assert.equal(pythonValue('reflect'), "'reflect'");
  assert.equal(valueText([2, 3], { sep: ',' }), '2,3');
  assert.equal(valueText([4, 4], { parens: true }), '4');
});

test('argument text: ints, pairs ("2", "(2, 3)", "2x3"), the padding words, None, and ranges', () => {
  const stride = opArg('conv2d', 'stride');
  assert.deepEqual(parsePairText('2'), [2, 2]);
  assert.deepEqual(parsePairText(' (2, 3) '), [2, 3]);
  assert.deepEqual(parsePairText('[2,3]'), [2, 3]);
  assert.deepEqual(parsePairText('2×3'), [2, 3]);
  for (const bad of ['', '1, 2, 3', 'a', '2.5', '1234567890', '3,x', '3,', ',3', '2 x ']) assert.equal(parsePairText(bad), null, bad);
  assert.deepEqual(parsePairText('1234567890', 10), [1234567890, 1234567890]);
  assert.deepEqual(parseArgText(stride, '65'), { ok: false, error: 'range' });
  assert.deepEqual(parseArgText(stride, 'None'), { ok: false, error: 'pair' });
  assert.deepEqual(parseArgText(stride, 'None', { nullable: true }), { ok: true, value: null });
  const padding = opArg('conv2d', 'padding');
  assert.deepEqual(parseArgText(padding, "'same'"), { ok: true, value: 'same' });
  assert.deepEqual(parseArgText(padding, 'same', { words: false }), { ok: false, error: 'padding' });
  assert.deepEqual(parseArgText(opArg('conv2d', 'padding_mode'), '"circular"'), { ok: true, value: 'circular' });
  assert.deepEqual(parseArgText(opArg('conv2d', 'groups'), 'two'), { ok: false, error: 'int' });
  assert.deepEqual(parseArgText(opArg('avgPool2d', 'count_include_pad'), 'False'), { ok: true, value: false });
});

test('the playground\'s fields are the vocabulary\'s, with its own defaults only where it says so', () => {
  // norm_type: LPPool2d requires p; the playground starts from 2
  const own = { in_channels: 1, out_channels: 1, kernel_size: [3, 3], bias: false, norm_type: 2 };
  const d = defaultState();
  const names = new Set(PLAYGROUND_OPS.flatMap((op) => OP_TABLE[op].args.map((a) => a.name)));
  for (const name of names) {
    const f = field(name);
    const a = argField(name);
    assert.ok(f, `the playground has ${name}`);
    assert.equal(f.kind, a.kind, name);
    assert.equal(f.min, a.min, name);
    assert.equal(f.max, a.max, name);
    assert.deepEqual(f.values, a.values, name);
    assert.deepEqual(f.ops, name === 'in_channels' ? PLAYGROUND_OPS : opsWith(name), name);
    assert.deepEqual(d[name], name in own ? own[name] : opArg(opsWith(name)[0], name).def, name);
    assert.ok(FIELD_NAMES.includes(name), `<conv-lens controls="${name}">`);
  }
  assert.equal(field('padding').kind, 'padding'); // conv2d takes 'same' / 'valid'
  assert.equal(field('stride').nullable, true); // a pool's stride may be None
  assert.ok(FIELDS.every((f) => !names.has(f.name) || f === field(f.name)));
});

test('image mode\'s layers take PyTorch\'s defaults but where it picks its own', () => {
  const own = {
    conv2d: { out_channels: 3, kernel_size: [5, 5], padding: 'same' },
    convTranspose2d: { out_channels: 3, kernel_size: [4, 4], stride: [2, 2], padding: [1, 1] },
    maxPool2d: { kernel_size: [2, 2] },
    avgPool2d: { kernel_size: [2, 2] },
    // PyTorch gives these no default: ResNet's 7×7, and L2 pooling of 2×2 windows (norm_type: a float, checked below)
    adaptiveAvgPool2d: { output_size: [7, 7] },
    adaptiveMaxPool2d: { output_size: [7, 7] },
    lpPool2d: { kernel_size: [2, 2] },
  };
  assert.equal(defaultLayer('lpPool2d').norm_type, 2);
  for (const op of LAYER_OPS) {
    const layer = defaultLayer(op);
    for (const a of OP_TABLE[op].args) {
      const f = LAYER_FIELDS.find((g) => g.name === a.name);
      if (!f || f.kind === 'number') continue; // in_channels come from the input; bias is a value here
      assert.equal(f.kind, argField(a.name).kind, a.name);
      assert.deepEqual(layer[a.name], a.name in own[op] ? own[op][a.name] : a.def, `${op} ${a.name}`);
    }
  }
});

test('the playground’s field groups hold exactly its ops’ arguments (an op in the picker needs a control for each)', async () => {
  const { ARG_FIELDS, SIZE_FIELDS } = await import('../../web/ui/model/state.js');
  const vocabulary = new Set(PLAYGROUND_OPS.flatMap((op) => OP_TABLE[op].args.map((a) => a.name)));
  const page = new Set([...SIZE_FIELDS, ...ARG_FIELDS].filter((n) => n !== 'input_size' && n !== 'batch'));
  assert.deepEqual([...vocabulary].filter((n) => !page.has(n)).sort(), []);
  assert.deepEqual([...page].filter((n) => !vocabulary.has(n)).sort(), []);
});

test('adaptive pools: output_size (None keeps an axis) gives PyTorch\'s windows ⌊i·H/out⌋ … ⌈(i+1)·H/out⌉', () => {
  const a = opArg('adaptiveAvgPool2d', 'output_size');
  assert.equal(a.def, undefined); // required
  assert.equal(a.axisNone, true);
  const x = { shape: [1, 1, 5, 3], data: Float32Array.from({ length: 15 }, (_, i) => i) };
  const o = apiOptions('adaptiveAvgPool2d', { output_size: [2, null] });
  assert.deepEqual(o, { outputSize: [2, null] });
  const y = cl.adaptiveAvgPool2d(x, o);
  assert.deepEqual(y.shape, [1, 1, 2, 3]);
  // row windows [0, 3) and [2, 5): column 0 averages rows 0..2 → (0 + 3 + 6) / 3, then rows 2..4 → (6 + 9 + 12) / 3
  assert.deepEqual([y.data[0], y.data[3]], [3, 9]);
  const { output, indices } = cl.adaptiveMaxPool2d(x, { ...apiOptions('adaptiveMaxPool2d', { output_size: [2, 1], return_indices: true }), returnIndices: true });
  assert.deepEqual([...output.data], [8, 14]);
  assert.deepEqual([...indices.data], [8, 14]);
  // AdaptiveAvgPool1d(output_size=2) on L = 5: windows [0, 3) and [2, 5)
  const line = { shape: [1, 1, 5], data: Float32Array.from([0, 1, 2, 3, 4]) };
  assert.deepEqual(apiOptions('adaptiveAvgPool1d', { output_size: 2 }), { outputSize: 2 });
  assert.deepEqual([...cl.adaptiveAvgPool1d(line, apiOptions('adaptiveAvgPool1d', { output_size: 2 })).data], [1, 3]);
  assert.deepEqual([...cl.adaptiveMaxPool1d(line, apiOptions('adaptiveMaxPool1d', { output_size: 2, return_indices: false })).data], [2, 4]);
});

test('lpPool2d: norm_type is p; maxUnpool2d: (H − 1)·s − 2p + k; unfold: L blocks; fold sums them back', () => {
  const x = { shape: [1, 1, 2, 2], data: Float32Array.from([1, 2, 2, 4]) };
  const lp = apiOptions('lpPool2d', { norm_type: 2, kernel_size: [2, 2], stride: null, ceil_mode: false });
  assert.deepEqual(lp, { normType: 2, kernelSize: [2, 2], ceilMode: false });
  assert.equal(cl.lpPool2d(x, lp).data[0], 5); // √(1 + 4 + 4 + 16)
  const unpool = apiOptions('maxUnpool2d', { kernel_size: [3, 2], stride: [2, 2], padding: [1, 0], output_size: null });
  assert.deepEqual(unpool, { kernelSize: [3, 2], stride: [2, 2], padding: [1, 0] });
  const y = cl.maxUnpool2d(x, { shape: [1, 1, 2, 2], data: [0, 3, 5, 7] }, unpool);
  // H: (2 − 1)·2 − 2·1 + 3 = 3; W: (2 − 1)·2 − 0 + 2 = 4
  assert.deepEqual(y.shape, [1, 1, 3, 4]);
  assert.deepEqual([...y.data], [1, 0, 0, 2, 0, 2, 0, 4, 0, 0, 0, 0]);
  const cols = cl.unfold(ones([1, 2, 4, 5]), apiOptions('unfold', { kernel_size: [2, 3], dilation: [1, 1], padding: [0, 1], stride: [1, 2] }));
  // C·kh·kw = 12; L = ⌊(4 − 1 − 1)/1 + 1⌋ · ⌊(5 + 2 − 2 − 1)/2 + 1⌋ = 3 · 3
  assert.deepEqual(cols.shape, [1, 12, 9]);
  const fold = apiOptions('fold', { output_size: [4, 5], kernel_size: [2, 3], dilation: [1, 1], padding: [0, 1], stride: [1, 2] });
  assert.deepEqual(fold, { outputSize: [4, 5], kernelSize: [2, 3], dilation: [1, 1], padding: [0, 1], stride: [1, 2] });
  const back = cl.fold(cols, fold);
  assert.deepEqual(back.shape, [1, 2, 4, 5]);
  // how many blocks cover each cell: row 0 is in 1 block row, column 0 in 1 block column, column 1 in 2
  assert.deepEqual([...back.data.subarray(0, 5)], [1, 2, 1, 2, 1]);
});

test('1-D ops take one int where the 2-D ones take a pair, with the same names and defaults', () => {
  for (const op of OPS_1D) {
    const of = OP_TABLE[op.replace(/1d$/, '2d')];
    assert.equal(OP_TABLE[op].dims, 1);
    assert.equal(OP_TABLE[op].family, of.family, op);
    for (const a of OP_TABLE[op].args) {
      const b = of.args.find((x) => x.name === a.name);
      if (b.kind !== 'pair' && b.kind !== 'padding') {
        assert.equal(a, b, `${op} ${a.name}`);
        continue;
      }
      assert.equal(a.axes, 1, `${op} ${a.name}`);
      assert.equal(a.kind, b.kind === 'padding' ? 'padding' : 'int', `${op} ${a.name}`);
      assert.equal(a.def, Array.isArray(b.def) ? b.def[0] : b.def, `${op} ${a.name}`);
      assert.equal(a.axisNone, undefined);
    }
  }
  assert.deepEqual(parseArgText(opArg('conv1d', 'kernel_size'), '(3,)'), { ok: true, value: 3 });
  assert.deepEqual(parseArgText(opArg('maxPool1d', 'stride'), '[2]'), { ok: true, value: 2 });
  assert.deepEqual(parseArgText(opArg('maxPool1d', 'stride'), '2, 2'), { ok: false, error: 'int' });
  assert.deepEqual(parseArgText(opArg('conv1d', 'padding'), "'same'"), { ok: true, value: 'same' });
  assert.deepEqual(parseArgText(opArg('conv1d', 'padding'), '(2,)'), { ok: true, value: 2 });
  assert.deepEqual(parseArgText(opArg('conv1d', 'padding'), '2, 1'), { ok: false, error: 'padding' });
  assert.deepEqual(parseArgText(opArg('conv1d', 'groups'), '(2,)'), { ok: false, error: 'int' }); // not a size
  assert.equal(moduleCall('conv1d', { in_channels: 2, out_channels: 4, kernel_size: 3, stride: 2, padding: 'same', bias: false }, { omitDefaults: true }),
    "Conv1d(2, 4, kernel_size=3, stride=2, padding='same', bias=False)");
  assert.equal(moduleCall('avgPool1d', { kernel_size: 3, stride: null, padding: 1, ceil_mode: false, count_include_pad: true }),
    'AvgPool1d(kernel_size=3, stride=None, padding=1, ceil_mode=False, count_include_pad=True)');
  assert.deepEqual(apiOptions('maxPool1d', { kernel_size: 3, stride: null, padding: 1, dilation: 2, return_indices: true, ceil_mode: true }),
    { kernelSize: 3, padding: 1, dilation: 2, ceilMode: true });
  assert.deepEqual(parameterSpec('conv1d', { in_channels: 2, out_channels: 4, kernel_size: 3, groups: 2, bias: true }),
    { op: 'conv1d', inChannels: 2, outChannels: 4, kernelSize: 3, groups: 2, bias: true });
  assert.equal(cl.parameterCount(parameterSpec('conv1d', { in_channels: 2, out_channels: 4, kernel_size: 3, groups: 2, bias: true })).total,
    4 * 1 * 3 + 4);
});

test('1-D ops: the vocabulary\'s options mean what PyTorch means on [N, C, L]', () => {
  const line = { shape: [1, 1, 7], data: Float32Array.from([1, 2, 0, 3, 1, 4, 2]) };
  const conv = apiOptions('conv1d', { stride: 2, padding: 1, dilation: 1, groups: 1, padding_mode: 'reflect' });
  assert.deepEqual(conv, { stride: 2, padding: 1, dilation: 1, groups: 1, paddingMode: 'reflect' });
  // reflect-padded [2, 1, 2, 0, 3, 1, 4, 2, 4]; windows of 3 at 0, 2, 4, 6 with weight [1, 1, 1]
  assert.deepEqual([...cl.conv1d(line, { shape: [1, 1, 3], data: [1, 1, 1] }, conv).data], [5, 5, 8, 10]);
  const up = apiOptions('convTranspose1d', { stride: 2, padding: 0, output_padding: 0, groups: 1, dilation: 1, output_size: 16 });
  assert.deepEqual(up, { stride: 2, padding: 0, outputPadding: 0, groups: 1, dilation: 1, outputSize: [16] });
  // (7 − 1)·2 + 3 = 15; output_size 16 picks output_padding 1
  assert.deepEqual(cl.convTranspose1d(line, { shape: [1, 1, 3], data: [1, 1, 1] }, up).shape, [1, 1, 16]);
  const max = apiOptions('maxPool1d', { kernel_size: 3, stride: null, padding: 1, dilation: 1, ceil_mode: true, return_indices: false });
  assert.deepEqual(max, { kernelSize: 3, padding: 1, dilation: 1, ceilMode: true });
  assert.deepEqual([...cl.maxPool1d(line, max).data], [2, 3, 4]);
  const avg = apiOptions('avgPool1d', { kernel_size: 2, stride: null, padding: 0, ceil_mode: true, count_include_pad: true });
  assert.deepEqual([...cl.avgPool1d(line, avg).data], [1.5, 1.5, 2.5, 2]);
});

test('argument text: p as a float, None for one axis of an adaptive output_size, and their Python text', () => {
  const p = opArg('lpPool2d', 'norm_type');
  assert.equal(p.def, undefined);
  assert.deepEqual(parseArgText(p, '2'), { ok: true, value: 2 });
  assert.deepEqual(parseArgText(p, '-1.5'), { ok: true, value: -1.5 });
  assert.deepEqual(parseArgText(p, '.5e1'), { ok: true, value: 5 });
  assert.deepEqual(parseArgText(p, '1e400'), { ok: false, error: 'number' });
  assert.deepEqual(parseArgText(p, 'two'), { ok: false, error: 'number' });
  assert.deepEqual(parseArgText(p, '65'), { ok: false, error: 'range' });
  assert.equal(parseNumberText('Infinity'), null);
  const size = opArg('adaptiveAvgPool2d', 'output_size');
  assert.deepEqual(parseArgText(size, '(None, 3)'), { ok: true, value: [null, 3] });
  assert.deepEqual(parseArgText(size, 'None'), { ok: true, value: [null, null] });
  assert.deepEqual(parseArgText(size, '7'), { ok: true, value: [7, 7] });
  assert.deepEqual(parseArgText(size, '0, 3'), { ok: false, error: 'range' });
  // convTranspose2d's output_size is a pair or None, never half of one
  assert.deepEqual(parseArgText(opArg('convTranspose2d', 'output_size'), 'None, 3'), { ok: false, error: 'pair' });
  assert.deepEqual(parseArgText(opArg('fold', 'output_size'), 'None'), { ok: false, error: 'pair' });
  assert.equal(valueText([null, 3], { sep: ',' }), 'None,3');
  // F.adaptive_avg_pool2d(x, None) is a TypeError (len(None)); (None, None) keeps both sizes
  assert.equal(pythonValue([null, null]), '(None, None)');
  assert.equal(valueText([null, null]), 'None, None');
  assert.equal(moduleCall('adaptiveAvgPool2d', { output_size: [null, 3] }), 'AdaptiveAvgPool2d(output_size=(None, 3))');
  assert.equal(moduleCall('adaptiveMaxPool2d', { output_size: [1, 1], return_indices: true }, { omitDefaults: true }),
    'AdaptiveMaxPool2d(output_size=1, return_indices=True)');
  assert.equal(moduleCall('lpPool2d', { norm_type: 1.5, kernel_size: [2, 3], stride: null, ceil_mode: false }, { omitDefaults: true }),
    'LPPool2d(norm_type=1.5, kernel_size=(2, 3))');
  assert.equal(moduleCall('fold', { output_size: [4, 5], kernel_size: [2, 2], dilation: [1, 1], padding: [0, 0], stride: [1, 1] }, { omitDefaults: true }),
    'Fold(output_size=(4, 5), kernel_size=2)');
  // output_size is MaxUnpool2d.forward()'s
  assert.equal(moduleCall('maxUnpool2d', { kernel_size: [2, 2], stride: null, padding: [0, 0], output_size: [5, 5] }, { omitDefaults: true }),
    'MaxUnpool2d(kernel_size=2)');
});
