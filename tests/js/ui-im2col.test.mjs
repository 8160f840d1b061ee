// web/ui/model/im2col.js against the real API: the column matrix is unfold's, its rows are (c, i, j) in
// PyTorch's order, and one weight row times one column (plus the bias) is conv2d's output cell, for every
// cell of every configuration tried (strides, dilation, padding, 'same', groups, padding modes, batches).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { load } from 'convlens';
import { evaluate } from '../../web/ui/model/compute.js';
import { colRow, dotProduct, im2col, im2colCode } from '../../web/ui/model/im2col.js';
import { TUTORIAL_INPUT, TUTORIAL_WEIGHT } from '../../web/ui/model/state.js';
import { makeState } from '../../web/ui/model/make-state.js';
import { mulberry32 } from '../../web/ui/model/random.js';

const cl = await load();

function model(s) {
  const r = evaluate(cl, s);
  assert.equal(r.ok, true, r.error?.message);
  const m = im2col(cl, s, r.info);
  const bias = s.bias ? s.tensors.bias.values : null;
  const values = { weight: s.tensors.weight.values, bias, output: r.output.data };
  return { r, m, values };
}

/** Every output cell's dot product against conv2d's output: exactly equal for integer data. */
function checkAllCells(s, { exact = true } = {}) {
  const { r, m, values } = model(s);
  for (let o = 0; o < r.output.data.length; o++) {
    const d = dotProduct(m, o, values);
    if (exact) assert.equal(d.sum, r.output.data[o], `output ${o}: ${d.text}`);
    assert.ok(d.agrees, `output ${o}: sum ${d.sum} vs ${r.output.data[o]}`);
    assert.equal(d.value, r.output.data[o]);
  }
  return m;
}

describe('the tutorial', () => {
  test('the 9×9 column matrix, its rows (c, i, j), and output[0, 0, 0, 0] = 10 as a dot product', () => {
    const s = makeState({ tensors: { input: TUTORIAL_INPUT, weight: TUTORIAL_WEIGHT } });
    const { m, values } = model(s);
    assert.deepEqual(m.cols.shape, [1, 9, 9]);
    assert.equal(m.pad, null);
    assert.deepEqual([m.K, m.L, m.rowsPerGroup], [9, 9, 1]);
    // column 0 is the first 3×3 window read row by row
    const column0 = Array.from({ length: 9 }, (_, r) => m.cols.data[r * 9]);
    assert.deepEqual(column0, [1, 2, 0, 0, 1, 2, 1, 2, 1]);
    assert.deepEqual(colRow(m, 5), [0, 1, 2]);
    const d = dotProduct(m, 0, values);
    assert.equal(d.text, '10 = 1·1 + 2·2 + 1·0 + 0·0 + 1·1 + 0·2 + 2·1 + 1·2 + 0·1');
    assert.deepEqual([d.sum, d.value, d.agrees, d.l, d.row, d.group], [10, 10, true, 0, 0, 0]);
    assert.deepEqual(d.colRows, [0, 9]);
    const last = dotProduct(m, 8, values); // output[0, 0, 2, 2] = 3: column 8
    assert.equal(last.l, 8);
    assert.equal(last.sum, 3);
    assert.equal(im2colCode(m), [
      'cols = F.unfold(x, kernel_size=(3, 3), dilation=(1, 1), padding=(0, 0), stride=(1, 1))  # [1, 9, 9]',
      'W = weight.view(1, -1)  # [1, 9]',
      'y = (W @ cols).view(1, 1, 3, 3)  # + bias.view(1, -1, 1, 1) if any',
    ].join('\n'));
  });

  test('stride 2, padding 1: unfold pads with zeros itself', () => {
    const tensors = { input: TUTORIAL_INPUT, weight: TUTORIAL_WEIGHT };
    const s = makeState({ stride: [2, 2], padding: [1, 1], tensors });
    const m = checkAllCells(s);
    assert.equal(m.pad, null);
    assert.deepEqual(m.unfold.padding, [1, 1]);
    assert.deepEqual(m.cols.shape, [1, 9, 9]);
  });
});

describe('every output cell equals its dot product', () => {
  const configs = {
    'bias, 2 batches, 3 → 4 channels': { batch: 2, in_channels: 3, out_channels: 4, bias: true },
    'groups 2, stride (2, 1), dilation 2': { in_channels: 4, out_channels: 6, groups: 2, stride: [2, 1], dilation: [2, 2], input_size: [7, 6] },
    'depthwise (groups = channels)': { in_channels: 3, out_channels: 3, groups: 3, padding: [1, 1] },
    "'same' with an even kernel (odd extra row at the bottom)": { kernel_size: [2, 4], padding: 'same', input_size: [5, 6] },
    "'valid'": { padding: 'valid', kernel_size: [2, 3] },
    'reflect padding': { padding: [2, 1], padding_mode: 'reflect', in_channels: 2, out_channels: 2 },
    'replicate padding, stride 2': { padding: [1, 2], padding_mode: 'replicate', stride: [2, 2] },
    'circular padding, groups 2': { padding: [1, 1], padding_mode: 'circular', in_channels: 2, out_channels: 4, groups: 2 },
  };
  for (const [name, fields] of Object.entries(configs)) {
    test(name, () => {
      const s = makeState({ ...fields, tensors: { input: 'random', weight: { kind: 'random', seed: 9 }, bias: 'random' } });
      const m = checkAllCells(s);
      const [N, C] = s.tensors.input.shape;
      const [kh, kw] = s.kernel_size;
      assert.deepEqual(m.cols.shape.slice(0, 2), [N, C * kh * kw]);
    });
  }

  test("'same' with an odd extra row, and the padding modes, go through F.pad", () => {
    const same = model(makeState({ kernel_size: [2, 2], padding: 'same' })).m;
    assert.deepEqual(same.pad, [0, 1, 0, 1]);
    assert.match(im2colCode(same), /^cols = F\.unfold\(F\.pad\(x, \(0, 1, 0, 1\), mode='constant'\), .*padding=\(0, 0\)/);
    const reflect = model(makeState({ padding: [1, 2], padding_mode: 'reflect' })).m;
    assert.deepEqual(reflect.pad, [2, 2, 1, 1]);
    assert.equal(reflect.padMode, 'reflect');
  });

  test('random float data: the float64 sum rounds to conv2d’s value within float32 rounding', () => {
    const s = makeState({ in_channels: 3, out_channels: 2, input_size: [6, 6], bias: true });
    const next = mulberry32(5);
    for (const name of ['input', 'weight', 'bias']) {
      const t = s.tensors[name];
      for (let i = 0; i < t.values.length; i++) t.values[i] = Math.fround(next() * 2 - 1);
    }
    checkAllCells(s, { exact: false });
  });

  test('groups: the code reshapes the weight per group', () => {
    const { m } = model(makeState({ in_channels: 4, out_channels: 6, groups: 2 }));
    assert.match(im2colCode(m), /W = weight\.view\(2, 3, -1\) {2}# \[2, 3, 18\]/);
    assert.match(im2colCode(m), /y = \(W @ cols\.view\(1, 2, 18, -1\)\)\.view\(1, 6, 3, 3\)/);
  });
});
