// web/ui/model/layer-cache.js against the real API: a large state's op run through a cached torch.nn layer
// gives compute.js evaluate()'s functional result bit for bit (output, indices, errors), writes its weights
// again only when they changed, and frees every layer it replaces.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ConvlensError, loadVariants } from './helpers.mjs';
import { evaluate } from '../../web/ui/model/compute.js';
import { LARGE_ELEMENTS, LayerCache, isLarge } from '../../web/ui/model/layer-cache.js';
import { makeState } from '../../web/ui/model/make-state.js';
import { OP_TABLE } from '../../web/ui/model/ops.js';
import { presetState } from '../../web/ui/model/presets.js';
import { count, filled, fromNumbers, setCell } from '../../web/ui/model/tensors.js';

const variants = await loadVariants();

const random = (seed) => ({ kind: 'random', seed });

/** Large states: each op family, with the arguments that change what a layer is made with. */
const LARGE_STATES = {
  'conv2d: groups, dilation, reflect padding, bias': () => makeState({
    in_channels: 8, out_channels: 16, groups: 2, input_size: [64, 64], kernel_size: [3, 3], dilation: [2, 1],
    padding: [2, 1], padding_mode: 'reflect', bias: true,
    tensors: { input: random(1), weight: random(2), bias: random(3) } }),
  "conv2d: padding='same', circular, depthwise": () => makeState({
    in_channels: 8, out_channels: 8, groups: 8, input_size: [64, 64], kernel_size: [5, 3], padding: 'same',
    padding_mode: 'circular', tensors: { input: random(4), weight: random(5) } }),
  'conv2d: the large preset': () => presetState('large'),
  'convTranspose2d: stride 2, output_padding, groups, bias': () => makeState({
    op: 'convTranspose2d', in_channels: 16, out_channels: 8, groups: 2, input_size: [40, 40], kernel_size: [3, 3],
    stride: [2, 2], padding: [1, 1], output_padding: [1, 0], bias: true,
    tensors: { input: random(6), weight: random(7), bias: random(8) } }),
  'convTranspose2d: output_size': () => makeState({
    op: 'convTranspose2d', in_channels: 16, out_channels: 8, input_size: [40, 40], kernel_size: [3, 3],
    stride: [2, 2], padding: [1, 1], output_size: [80, 79], tensors: { input: random(9), weight: random(10) } }),
  'conv1d: dilation, zeros padding, bias': () => makeState({
    op: 'conv1d', batch: 8, in_channels: 16, out_channels: 16, input_size: 256, kernel_size: 5, dilation: 2,
    padding: 3, bias: true, tensors: { input: random(11), weight: random(12), bias: random(13) } }),
  'convTranspose1d: stride 3, output_padding': () => makeState({
    op: 'convTranspose1d', batch: 8, in_channels: 16, out_channels: 8, input_size: 256, kernel_size: 4, stride: 3,
    output_padding: 2, tensors: { input: random(14), weight: random(15) } }),
  'maxPool2d: ceil_mode, padding, dilation, return_indices': () => makeState({
    op: 'maxPool2d', batch: 2, in_channels: 8, input_size: [64, 64], kernel_size: [3, 3], stride: [2, 2],
    padding: [1, 1], dilation: [1, 2], ceil_mode: true, return_indices: true, tensors: { input: random(16) } }),
  'avgPool2d: ceil_mode, count_include_pad=False, divisor_override': () => makeState({
    op: 'avgPool2d', in_channels: 16, input_size: [64, 64], kernel_size: [3, 3], stride: [2, 2], padding: [1, 1],
    ceil_mode: true, count_include_pad: false, divisor_override: 7, tensors: { input: random(17) } }),
  'maxPool1d: ceil_mode, return_indices': () => makeState({
    op: 'maxPool1d', batch: 8, in_channels: 32, input_size: 256, kernel_size: 3, stride: 2, ceil_mode: true,
    return_indices: true, tensors: { input: random(18) } }),
  'adaptiveMaxPool2d: an axis of None, return_indices': () => makeState({
    op: 'adaptiveMaxPool2d', in_channels: 16, input_size: [64, 64], output_size: [5, null], return_indices: true,
    tensors: { input: random(19) } }),
  'lpPool2d: norm_type 3, ceil_mode': () => makeState({
    op: 'lpPool2d', in_channels: 16, input_size: [64, 64], norm_type: 3, kernel_size: [2, 3], ceil_mode: true,
    tensors: { input: random(20) } }),
  'maxUnpool2d: output_size': () => makeState({
    op: 'maxUnpool2d', in_channels: 16, input_size: [64, 64], kernel_size: [2, 2], stride: null,
    output_size: [65, 64], tensors: { input: random(21) } }),
  unfold: () => makeState({
    op: 'unfold', in_channels: 8, input_size: [64, 64], kernel_size: [2, 3], dilation: [2, 1], padding: [1, 0],
    stride: [1, 2], tensors: { input: random(22) } }),
};

/** PyTorch's special values in a few cells: −0, ±∞ and NaN must come out the same on both paths. */
function withSpecials(s) {
  const { input, weight } = s.tensors;
  ['-0', 'inf', '-inf', 'nan'].forEach((text, i) => setCell(input, 97 * i + 5, text));
  if (weight) setCell(weight, 1, '-0');
  return s;
}

/** Counts the writes of a layer's parameter `name` (its own setter, wrapped on this one layer). */
function countWrites(layer, name) {
  let proto = Object.getPrototypeOf(layer);
  while (!Object.getOwnPropertyDescriptor(proto, name)) proto = Object.getPrototypeOf(proto);
  const { get, set } = /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(proto, name));
  const counter = { writes: 0 };
  Object.defineProperty(layer, name, {
    get() {
      return get.call(this);
    },
    set(v) {
      counter.writes++;
      set.call(this, v);
    },
  });
  return counter;
}

/**
 * Conv2d(64, 64, 4) on 64×8×8 inputs: a layer holding 65,536 weights (256 KB of the module's memory) for little
 * arithmetic. `next(stride, seed)` is the state with that stride and a new input; the weight stays one tensor.
 */
function bigConv() {
  const base = makeState({
    in_channels: 64, out_channels: 64, input_size: [8, 8], kernel_size: [4, 4], bias: true,
    tensors: { input: random(1), weight: random(2), bias: random(3) },
  });
  return (stride, seed) => ({
    ...base, stride: [stride, stride],
    tensors: { ...base.tensors, input: filled(base.tensors.input.shape, 'random', seed) },
  });
}

for (const { name: variant, cl } of variants) {
  describe(`the playground's op through a cached layer [${variant}]`, () => {
    test('isLarge: the large preset and bigger, not the tutorial', () => {
      assert.equal(LARGE_ELEMENTS, 65536);
      assert.equal(isLarge([1, 3, 64, 64], [16, 3, 3, 3], [1, 16, 62, 62]), true, '12288 + 432 + 61504');
      assert.equal(isLarge([1, 1, 5, 5], [1, 1, 3, 3], [1, 1, 3, 3]), false);
      assert.equal(isLarge([1, 16, 64, 63], null, [1, 16, 1, 1]), false, '64512 + 16');
      assert.equal(isLarge([1, 16, 64, 64], null, [1, 16, 1, 1]), true, '65536 + 16');
    });

    for (const [name, make] of Object.entries(LARGE_STATES)) {
      test(`${name}: the layer's result is the functional call's, bit for bit`, () => {
        const s = withSpecials(make());
        const cache = new LayerCache();
        const got = cache.evaluate(cl, s);
        const want = evaluate(cl, s);
        assert.equal(want.ok, true, want.error?.message);
        assert.equal(cache.layer?.kind, OP_TABLE[s.op].module, 'computed by the layer');
        // strict deepEqual compares typed arrays byte for byte: the output's and indices' bits, NaN's too
        assert.deepEqual(got, want);
        if (OP_TABLE[s.op].weight) assert.ok(got.output.data.some((v) => Number.isNaN(v)), 'the NaN reached the output');
        if (OP_TABLE[s.op].family === 'pool' && s.return_indices) assert.ok(got.indices.data.length > 0);
        // a second evaluation reuses the layer and still agrees
        const layer = cache.layer;
        assert.deepEqual(cache.evaluate(cl, s), want);
        assert.equal(cache.layer, layer);
        cache.clear();
      });
    }

    test('small states keep the functional call: no layer is made', () => {
      const cache = new LayerCache();
      for (const id of ['conv-s1', 'resnet-3x3', 'unet-up']) {
        const s = presetState(id);
        assert.deepEqual(cache.evaluate(cl, s), evaluate(cl, s));
        assert.equal(cache.layer, null, id);
      }
    });

    test('an API without cl.nn (the <conv-lens> figure\'s bundle) keeps the functional call', () => {
      const withoutNn = Object.create(cl, { nn: { value: undefined } });
      const cache = new LayerCache();
      const s = presetState('large');
      assert.deepEqual(cache.evaluate(withoutNn, s), evaluate(cl, s));
      assert.equal(cache.layer, null);
    });

    test('editing one weight or bias cell in place changes the output exactly as the functional call does', () => {
      const s = LARGE_STATES['conv2d: groups, dilation, reflect padding, bias']();
      const cache = new LayerCache();
      const before = cache.evaluate(cl, s);
      const weightWrites = countWrites(cache.layer, 'weight');
      const biasWrites = countWrites(cache.layer, 'bias');
      setCell(s.tensors.weight, 7, '2.5');
      const after = cache.evaluate(cl, s);
      assert.deepEqual(after, evaluate(cl, s));
      assert.notDeepEqual(after.output.data, before.output.data);
      assert.deepEqual([weightWrites.writes, biasWrites.writes], [1, 0], 'only the weight is written again');
      setCell(s.tensors.bias, 3, '-4.25');
      assert.deepEqual(cache.evaluate(cl, s), evaluate(cl, s));
      assert.deepEqual([weightWrites.writes, biasWrites.writes], [1, 1], 'then only the bias');
    });

    test('the weights are written only when the state\'s values changed, not on input or field edits', () => {
      const s = presetState('large');
      const cache = new LayerCache();
      cache.evaluate(cl, s);
      const layer = cache.layer;
      const writes = countWrites(layer, 'weight');
      // a typed input cell, and a new input (a fill): the layer and its weight stay
      setCell(s.tensors.input, 0, '9');
      assert.deepEqual(cache.evaluate(cl, s), evaluate(cl, s));
      const refilled = { ...s, tensors: { ...s.tensors, input: filled(s.tensors.input.shape, 'random', 77) } };
      assert.deepEqual(cache.evaluate(cl, refilled), evaluate(cl, refilled));
      assert.equal(cache.layer, layer);
      assert.equal(writes.writes, 0);
      // a new weight tensor (a fill or a paste) of the same shape: written once, then kept
      const reweighted = { ...refilled, tensors: { ...refilled.tensors, weight: filled(s.tensors.weight.shape, 'ones') } };
      assert.deepEqual(cache.evaluate(cl, reweighted), evaluate(cl, reweighted));
      assert.deepEqual(cache.evaluate(cl, reweighted), evaluate(cl, reweighted));
      assert.equal(writes.writes, 1);
      assert.equal(cache.layer, layer);
      cache.clear();
    });

    test('no leak: memory stays flat over 200 evaluations with new inputs and new layers; replaced layers are freed', () => {
      const next = bigConv();
      const cache = new LayerCache();
      for (let i = 0; i < 4; i++) cache.evaluate(cl, next(1 + (i % 2), i));
      const bytes = cl.memoryBytes();
      let previous = cache.layer;
      for (let i = 0; i < 200; i++) {
        // every evaluation a new input, and every other one new options (stride 1 ⇄ 2): a new layer
        const s = next(1 + (i % 2), 100 + i);
        const r = cache.evaluate(cl, s);
        assert.equal(r.ok, true);
        assert.notEqual(cache.layer, previous);
        assert.throws(() => previous.weight, { code: 'FREED' }, 'the replaced layer was freed');
        previous = cache.layer;
      }
      assert.equal(cl.memoryBytes(), bytes, 'wasm memory after 200 evaluations');
      // and with the options kept, one layer serves every new input
      const layer = cache.layer;
      for (let i = 0; i < 200; i++) cache.evaluate(cl, next(2, 400 + i));
      assert.equal(cache.layer, layer);
      assert.equal(cl.memoryBytes(), bytes);
      const last = next(2, 7);
      assert.deepEqual(cache.evaluate(cl, last), evaluate(cl, last));
      cache.clear();
      assert.equal(cache.layer, null);
      assert.throws(() => layer.weight, { code: 'FREED' });
    });

    test('a layer of another instance is replaced, not used', () => {
      const other = variants.find((v) => v.cl !== cl).cl;
      const cache = new LayerCache();
      const s = presetState('large');
      cache.evaluate(cl, s);
      const mine = cache.layer;
      assert.deepEqual(cache.evaluate(other, s), evaluate(other, s));
      assert.notEqual(cache.layer, mine);
      assert.throws(() => mine.weight, { code: 'FREED' });
      cache.clear();
    });

    test('errors are the functional call\'s: the same codes, messages and fields', () => {
      const unpool = LARGE_STATES['maxUnpool2d: output_size']();
      // typed indices, one of them outside the output: the op itself refuses
      const pooled = evaluate(cl, unpool).indices;
      const indices = fromNumbers(pooled.shape, Array.from(pooled.data));
      setCell(indices, 100, String(65 * 64));
      const badIndices = { ...unpool, tensors: { ...unpool.tensors, indices } };
      const failing = {
        'the op: an index outside the output': badIndices,
        'outputShape: padding over half the kernel': makeState({
          op: 'maxPool2d', in_channels: 16, input_size: [64, 64], kernel_size: [3, 3], padding: [2, 2],
          tensors: { input: random(1) } }),
        'outputShape: a kernel larger than the padded input': makeState({
          in_channels: 16, out_channels: 4, input_size: [64, 64], kernel_size: [3, 32], dilation: [1, 3],
          tensors: { input: random(1), weight: random(2) } }),
        'parameterCount: channels not divisible by groups': makeState({
          in_channels: 16, out_channels: 6, groups: 4, input_size: [64, 64], kernel_size: [3, 3],
          tensors: { input: random(1) } }),
        'the output limit': makeState({
          op: 'convTranspose2d', in_channels: 1, out_channels: 64, input_size: [128, 128], kernel_size: [4, 4],
          stride: [4, 4], tensors: { input: random(1), weight: random(2) } }),
        'a cell that is not a number': (() => {
          const s = presetState('large');
          setCell(s.tensors.weight, 3, 'x');
          return s;
        })(),
      };
      for (const [name, s] of Object.entries(failing)) {
        const cache = new LayerCache();
        const want = evaluate(cl, s);
        assert.equal(want.ok, false, name);
        assert.deepEqual(cache.evaluate(cl, s), want, name);
        if (s === badIndices) assert.equal(cache.layer?.kind, 'MaxUnpool2d', 'the op was reached through the layer');
        cache.clear();
      }
      assert.match(evaluate(cl, badIndices).error.message, /index/i);
      assert.ok(count(badIndices.tensors.input.shape) >= LARGE_ELEMENTS);
    });

    test('a layer that refuses hands the call back: the functional result or error, never the layer\'s words', () => {
      const refusing = (code) => class {
        constructor() {
          throw new ConvlensError(code, 'the layer\'s own words', 'groups');
        }
      };
      const nn = { Conv2d: refusing('INVALID_ARGUMENT'), MaxPool2d: refusing('INVALID_TYPE') };
      const strict = Object.create(cl, { nn: { value: nn } });
      const cache = new LayerCache();
      const conv = presetState('large');
      assert.deepEqual(cache.evaluate(strict, conv), evaluate(cl, conv));
      assert.equal(cache.layer, null);
      const pool = LARGE_STATES['maxPool2d: ceil_mode, padding, dilation, return_indices']();
      assert.deepEqual(cache.evaluate(strict, pool), evaluate(cl, pool));
      // an error that is not the API's is a bug: it is not hidden
      const broken = Object.create(cl, { nn: { value: { Conv2d: class { constructor() { throw new TypeError('bug'); } } } } });
      assert.throws(() => cache.evaluate(broken, conv), TypeError);
    });
  });
}
