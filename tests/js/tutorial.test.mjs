// The tutorial's worked examples, written out literally, for both variants, built with cl.tensor(nested).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  loadVariants,
  loadTutorialCases,
  parseNums,
  flatten,
  nest,
  TUTORIAL_INPUT,
  TUTORIAL_KERNEL,
  TUTORIAL_STRIDE1,
} from './helpers.mjs';

const variants = await loadVariants();

// Expected results, literally. The stride-2 + padding-1 one is taken from tutorial.json
// (seed_conv2d_stride2_pad1: shape [1,1,3,3], data [1,4,8,7,16,8,14,9,4]); a test below checks the two agree.
const STRIDE2 = [
  [10, 12],
  [13, 3],
];
const STRIDE2_PAD1 = [
  [1, 4, 8],
  [7, 16, 8],
  [14, 9, 4],
];
const MAXPOOL3_CEIL = [
  [2, 3],
  [5, 1],
];
const MAXPOOL3_FLOOR = [[2]];

/** Result tensor → nested 2-D plane (n = 0, c = 0) as plain numbers, after checking rank 4 and N = C = 1. */
function plane(t) {
  assert.equal(t.shape.length, 4, `rank of ${JSON.stringify(t.shape)}`);
  assert.equal(t.shape[0], 1);
  assert.equal(t.shape[1], 1);
  return nest(t.shape.slice(2), Array.from(t.data));
}

test('the literal expectations agree with tutorial.json', () => {
  const byName = Object.fromEntries(loadTutorialCases().map((c) => [c.name, c]));
  const out = (name) => {
    const o = byName[name].outputs.find((x) => x.role === 'output');
    return nest(o.shape.slice(2), parseNums(o.data));
  };
  assert.deepEqual(out('seed_conv2d_stride1'), TUTORIAL_STRIDE1);
  assert.deepEqual(out('seed_conv2d_stride2'), STRIDE2);
  assert.deepEqual(out('seed_conv2d_stride2_pad1'), STRIDE2_PAD1);
  assert.deepEqual(out('seed_max_pool2d_k3_ceil'), MAXPOOL3_CEIL);
  assert.deepEqual(out('seed_max_pool2d_k3_floor'), MAXPOOL3_FLOOR);
  const inp = byName.seed_conv2d_stride1.inputs;
  assert.deepEqual(inp.find((i) => i.role === 'input').data, TUTORIAL_INPUT.flat());
  assert.deepEqual(inp.find((i) => i.role === 'weight').data, TUTORIAL_KERNEL.flat());
});

for (const { name: variant, cl } of variants) {
  describe(`tutorial [${variant}]`, () => {
    test('variant', () => assert.equal(cl.variant, variant));

    const x = cl.tensor([[TUTORIAL_INPUT]]); // [1, 1, 5, 5]
    const k = cl.tensor([[TUTORIAL_KERNEL]]); // [1, 1, 3, 3]

    test('cl.tensor(nested) builds the 5×5 input and 3×3 kernel', () => {
      assert.deepEqual(x.shape, [1, 1, 5, 5]);
      assert.ok(x.data instanceof Float32Array);
      assert.deepEqual(Array.from(x.data), TUTORIAL_INPUT.flat());
      assert.deepEqual(k.shape, [1, 1, 3, 3]);
      assert.deepEqual(Array.from(k.data), TUTORIAL_KERNEL.flat());
    });

    test('conv2d stride 1 → [[10,12,12],[18,16,16],[13,9,3]]', () => {
      const r = cl.conv2d(x, k, { stride: 1 });
      assert.deepEqual(r.shape, [1, 1, 3, 3]);
      assert.deepEqual(plane(r), TUTORIAL_STRIDE1);
    });

    test('conv2d with default options is the stride-1 result', () => {
      assert.deepEqual(plane(cl.conv2d(x, k)), TUTORIAL_STRIDE1);
    });

    test('conv2d stride 2 → [[10,12],[13,3]]', () => {
      const r = cl.conv2d(x, k, { stride: 2 });
      assert.deepEqual(r.shape, [1, 1, 2, 2]);
      assert.deepEqual(plane(r), STRIDE2);
    });

    test('conv2d stride 2 padding 1 → [[1,4,8],[7,16,8],[14,9,4]]', () => {
      const r = cl.conv2d(x, k, { stride: 2, padding: 1 });
      assert.deepEqual(r.shape, [1, 1, 3, 3]);
      assert.deepEqual(plane(r), STRIDE2_PAD1);
    });

    test('conv2d on the unbatched [1,5,5] input', () => {
      const xu = cl.tensor([TUTORIAL_INPUT]);
      assert.deepEqual(xu.shape, [1, 5, 5]);
      const r = cl.conv2d(xu, k);
      assert.deepEqual(r.shape, [1, 3, 3]);
      assert.deepEqual(nest([3, 3], Array.from(r.data)), TUTORIAL_STRIDE1);
    });

    test('MaxPool2d(3, ceil_mode=True) → [[2,3],[5,1]]', () => {
      const r = cl.maxPool2d(x, { kernelSize: 3, ceilMode: true });
      assert.deepEqual(r.shape, [1, 1, 2, 2]);
      assert.deepEqual(plane(r), MAXPOOL3_CEIL);
    });

    test('MaxPool2d(3, ceil_mode=False) → [[2]]', () => {
      const r = cl.maxPool2d(x, { kernelSize: 3, ceilMode: false });
      assert.deepEqual(r.shape, [1, 1, 1, 1]);
      assert.deepEqual(plane(r), MAXPOOL3_FLOOR);
      assert.deepEqual(plane(cl.maxPool2d(x, { kernelSize: 3 })), MAXPOOL3_FLOOR, 'ceilMode defaults to false');
    });

    test('MaxPool2d(3, ceil_mode=True) with indices', () => {
      const r = cl.maxPool2d(x, { kernelSize: 3, ceilMode: true, returnIndices: true });
      assert.deepEqual(plane(r.output), MAXPOOL3_CEIL);
      assert.ok(r.indices.data instanceof Int32Array);
      assert.deepEqual(r.indices.shape, [1, 1, 2, 2]);
      // 2 at (0,1) → 1 (first max in scan order); 3 at (0,3) → 3; 5 at (3,0) → 15; 1 at (3,3) → 18
      // (first of the four 1s)
      assert.deepEqual(Array.from(r.indices.data), [1, 3, 15, 18]);
    });

    // The tutorial's output-size table: H_out = ⌊(H_in + 2p − d(k−1) − 1)/s⌋ + 1
    const table = [
      // [H_in, k, s, p, d, H_out]
      [5, 3, 1, 0, 1, 3],
      [5, 3, 2, 0, 1, 2],
      [5, 3, 2, 1, 1, 3],
      [5, 3, 1, 1, 1, 5],
      [7, 3, 1, 0, 2, 3],
      [32, 5, 1, 2, 1, 32],
      [28, 3, 2, 1, 1, 14],
      [224, 7, 2, 3, 1, 112],
      [224, 11, 4, 2, 1, 55],
      [10, 4, 3, 0, 1, 3],
      [9, 3, 1, 2, 3, 7],
    ];
    for (const [h, kk, s, p, d, expected] of table) {
      test(`output-size table: H_in=${h} k=${kk} s=${s} p=${p} d=${d} → ${expected}`, () => {
        const formula = Math.floor((h + 2 * p - d * (kk - 1) - 1) / s) + 1;
        assert.equal(formula, expected, 'the table itself');
        const info = cl.outputShape({
          op: 'conv2d',
          inputShape: [1, 1, h, h + 1],
          weightShape: [1, 1, kk, kk],
          stride: s,
          padding: p,
          dilation: d,
        });
        const wExpected = Math.floor((h + 1 + 2 * p - d * (kk - 1) - 1) / s) + 1;
        assert.deepEqual(info.shape, [1, 1, expected, wExpected]);
        assert.equal(info.axes.length, 2);
        const [H, W] = info.axes;
        assert.equal(H.axis, 'H');
        assert.equal(W.axis, 'W');
        assert.equal(H.output, expected);
        assert.equal(W.output, wExpected);
        assert.equal(H.input, h);
        assert.equal(W.input, h + 1);
        assert.equal(H.kernel, kk);
        assert.equal(H.stride, s);
        assert.deepEqual(H.padding, [p, p]);
        assert.equal(H.dilation, d);
        assert.match(H.formula, new RegExp(`=\\s*${expected}\\s*$`), `H formula ${JSON.stringify(H.formula)}`);
        assert.match(W.formula, new RegExp(`=\\s*${wExpected}\\s*$`), `W formula ${JSON.stringify(W.formula)}`);
      });
    }

    test('the contract example: outputShape conv2d [1,1,5,5] * [1,1,3,3], stride 2, padding 1', () => {
      const info = cl.outputShape({ op: 'conv2d', inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3], stride: 2, padding: 1 });
      assert.deepEqual(info.shape, [1, 1, 3, 3]);
      const H = info.axes[0];
      assert.equal(H.axis, 'H');
      assert.equal(H.input, 5);
      assert.equal(H.kernel, 3);
      assert.equal(H.stride, 2);
      assert.deepEqual(H.padding, [1, 1]);
      assert.equal(H.dilation, 1);
      assert.equal(H.output, 3);
      for (const n of ['5', '3', '2', '1']) assert.ok(H.formula.includes(n), `formula ${JSON.stringify(H.formula)} contains ${n}`);
      assert.match(H.formula, /=\s*3\s*$/);
    });

    test('max pool output-size with ceil_mode (the tutorial\'s 5×5, k=3)', () => {
      const ceil = cl.outputShape({ op: 'maxPool2d', inputShape: [1, 1, 5, 5], kernelSize: 3, ceilMode: true });
      assert.deepEqual(ceil.shape, [1, 1, 2, 2]);
      assert.equal(ceil.axes[0].ceilMode, true);
      assert.match(ceil.axes[0].formula, /=\s*2\s*$/);
      const floor = cl.outputShape({ op: 'maxPool2d', inputShape: [1, 1, 5, 5], kernelSize: 3 });
      assert.deepEqual(floor.shape, [1, 1, 1, 1]);
      assert.equal(floor.axes[0].ceilMode, false);
      assert.match(floor.axes[0].formula, /=\s*1\s*$/);
    });

    // parameterCount examples
    const params = [
      [{ op: 'conv2d', inChannels: 1, outChannels: 1, kernelSize: 3 }, 9, 1, 10],
      [{ op: 'conv2d', inChannels: 3, outChannels: 64, kernelSize: 3 }, 1728, 64, 1792], // nn.Conv2d(3, 64, 3)
      [{ op: 'conv2d', inChannels: 8, outChannels: 16, kernelSize: 3, groups: 4 }, 288, 16, 304], // 16·2·9 + 16
      [{ op: 'conv2d', inChannels: 3, outChannels: 64, kernelSize: 3, bias: false }, 1728, 0, 1728],
      [{ op: 'conv2d', inChannels: 32, outChannels: 32, kernelSize: 3, groups: 32 }, 288, 32, 320], // depthwise
      [{ op: 'conv2d', inChannels: 4, outChannels: 6, kernelSize: [3, 5] }, 360, 6, 366],
      [{ op: 'convTranspose2d', inChannels: 16, outChannels: 8, kernelSize: 4, groups: 2 }, 1024, 8, 1032], // 16·4·16 + 8
      [{ op: 'convTranspose2d', inChannels: 3, outChannels: 64, kernelSize: 3 }, 1728, 64, 1792],
      [{ op: 'convTranspose2d', inChannels: 6, outChannels: 4, kernelSize: [2, 3], groups: 2, bias: false }, 72, 0, 72], // 6·2·6
    ];
    for (const [spec, weights, bias, total] of params) {
      test(`parameterCount ${JSON.stringify(spec)} → ${total}`, () => {
        const r = cl.parameterCount(spec);
        assert.equal(r.weights, weights, 'weights');
        assert.equal(r.bias, bias, 'bias');
        assert.equal(r.total, total, 'total');
        assert.equal(typeof r.formula, 'string');
        assert.match(r.formula, new RegExp(`=\\s*${total}\\s*$`), `formula ${JSON.stringify(r.formula)}`);
      });
    }

    test("parameterCount's formula for the contract example", () => {
      const r = cl.parameterCount({ op: 'conv2d', inChannels: 1, outChannels: 1, kernelSize: 3, bias: true });
      assert.deepEqual({ weights: r.weights, bias: r.bias, total: r.total }, { weights: 9, bias: 1, total: 10 });
      assert.match(r.formula, /weights/);
      assert.match(r.formula, /bias/);
      assert.match(r.formula, /=\s*10$/);
    });
  });
}

test('flatten/nest round-trip (helper sanity)', () => {
  const f = flatten([[TUTORIAL_INPUT]]);
  assert.deepEqual(f.shape, [1, 1, 5, 5]);
  assert.deepEqual(nest(f.shape, f.data), [[TUTORIAL_INPUT]]);
});
