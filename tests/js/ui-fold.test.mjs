// Unfold and Fold in the playground's models, against the real API: the explanations (explain-fold.js),
// the animation's steps (animation-model.js) and the presets, each checked against cl.unfold / cl.fold
// and their receptive fields.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { load } from 'convlens';
import { evaluate } from '../../web/ui/model/compute.js';
import { buildFieldMap } from '../../web/ui/model/field-map.js';
import { explainContext } from '../../web/ui/model/explain.js';
import { blockColumn, blockRow, explainFoldInput, explainFoldOutput, foldGeometry } from '../../web/ui/model/explain-fold.js';
import { highlights } from '../../web/ui/model/explain-input.js';
import { makeState } from '../../web/ui/model/make-state.js';
import { presetState } from '../../web/ui/model/presets.js';
import { errorFields } from '../../web/ui/model/error-fields.js';
import { pytorchCode } from '../../web/ui/model/pytorch-code.js';
import { buildAnimation, outputPlanes } from '../../web/ui/animation/animation-model.js';
import { unflatten } from '../../web/ui/model/tensors.js';

const cl = await load();

function computed(s) {
  const r = evaluate(cl, s);
  assert.equal(r.ok, true, r.error?.message);
  return { r, ctx: explainContext(s, r, buildFieldMap(cl, s, r.info)), g: foldGeometry(r.info) };
}

const asTensor = (t) => ({ shape: t.shape, data: t.values });

const UNFOLD = makeState({
  op: 'unfold', in_channels: 2, input_size: [4, 5], kernel_size: [2, 3], padding: [1, 0], stride: [2, 1], dilation: [1, 1],
  tensors: { input: { kind: 'random', seed: 5 } },
});

describe('unfold: each entry a copy of one input cell (or the zero padding)', () => {
  test('the output is the API\'s; every entry names the input cell its row (c, ky, kx) and column (oy, ox) read', () => {
    const { r, ctx, g } = computed(UNFOLD);
    const api = cl.unfold(asTensor(UNFOLD.tensors.input), { kernelSize: [2, 3], padding: [1, 0], stride: [2, 1] });
    assert.deepEqual(r.output.shape, api.shape);
    assert.deepEqual(r.output.data, api.data);
    assert.deepEqual([g.kh, g.kw, g.lh, g.lw], [2, 3, 3, 3]);
    const [N, R, L] = api.shape;
    assert.deepEqual([N, R, L], [1, 12, 9]);
    for (let o = 0; o < N * R * L; o++) {
      const e = explainFoldOutput(ctx, g, o);
      const [n, row, l] = unflatten(api.shape, o);
      const { c, ky, kx } = blockRow(row, g);
      const { oy, ox } = blockColumn(l, g);
      // PyTorch's im2col: the block at (oy, ox) reads (oy·s − p + ky·d, ox·s − p + kx·d)
      const y = oy * 2 - 1 + ky;
      const x = ox + kx;
      assert.equal(e.taps.length, 1);
      const inside = y >= 0 && y < 4 && x >= 0 && x < 5;
      assert.equal(e.taps[0].source, inside ? ((n * 2 + c) * 4 + y) * 5 + x : -1, `entry ${o}`);
      const value = inside ? UNFOLD.tensors.input.values[e.taps[0].source] : 0;
      assert.equal(api.data[o], value);
      assert.equal(e.text, inside ? `${e.text.split(' = ')[0]} = input[${n}, ${c}, ${y}, ${x}]` : '0 = 0');
      assert.deepEqual(e.notes[0], { key: 'noteUnfoldEntry', params: { r: row, c, ky, kx, l, oy, ox, n } });
      assert.equal(e.notes.some((x) => x.key === 'notePaddingZero'), !inside);
    }
  });

  test('an input cell lists the entries that copy it; the highlights light them', () => {
    const { ctx } = computed(UNFOLD);
    const i = (0 * 4 + 1) * 5 + 2; // input[0, 0, 1, 2]
    const e = explainFoldInput(ctx, i);
    const api = cl.unfold(asTensor(UNFOLD.tensors.input), { kernelSize: [2, 3], padding: [1, 0], stride: [2, 1] });
    const copies = [];
    for (let o = 0; o < api.data.length; o++) {
      const f = cl.receptiveField({ op: 'unfold', inputShape: UNFOLD.tensors.input.shape, kernelSize: [2, 3], padding: [1, 0], stride: [2, 1] },
        unflatten(api.shape, o));
      if (f.taps[0].inputIndex === i) copies.push(o);
    }
    assert.deepEqual(e.outputs, copies);
    assert.ok(copies.length > 1);
    assert.deepEqual(e.notes, [{ key: 'noteCopiedTo', params: { n: copies.length } }]);
    assert.match(e.contributions[0].text, /^output\[0, \d+, \d\] = /);
    assert.deepEqual(highlights(e, UNFOLD.tensors.input.shape).output.map((h) => h.flat), copies);
  });

  test('the animation: one step per entry of a row, each the one cell the API\'s receptive field names', () => {
    const { r } = computed(UNFOLD);
    const planes = outputPlanes(r);
    assert.equal(planes.length, 12);
    for (const [n, c] of [[0, 0], [0, 7], [0, 11]]) {
      const built = buildAnimation(cl, UNFOLD, r, { batch: n, channel: c });
      assert.equal(built.ok, true);
      const m = built.model;
      assert.deepEqual(m.channels, [Math.floor(c / 6)], 'row c copies channel c / (kh·kw)');
      assert.equal(m.steps.length, 9);
      m.steps.forEach((step, l) => {
        const f = cl.receptiveField({ op: 'unfold', inputShape: UNFOLD.tensors.input.shape, kernelSize: [2, 3], padding: [1, 0], stride: [2, 1] },
          [n, c, l]);
        assert.equal(step.cells.length, 1);
        const [cell] = step.cells;
        assert.deepEqual([cell.r - m.inGrid.top, cell.c - m.inGrid.left], [f.taps[0].input[2], f.taps[0].input[3]]);
        assert.equal(cell.inputIndex, f.taps[0].inputIndex);
        assert.equal(step.sum, r.output.data[(n * 12 + c) * 9 + l]);
        assert.equal(step.out.value, step.sum);
        assert.equal(step.text, `${step.sum} = ${cell.read}`);
      });
    }
  });
});

describe('fold: each pixel the sum of the entries whose block covers it', () => {
  test('the fold-counts preset: fold of ones counts the 3×3 blocks over each pixel of 5×5', () => {
    const s = presetState('fold-counts');
    const { r, ctx, g } = computed(s);
    const api = cl.fold(asTensor(s.tensors.input), { outputSize: 5, kernelSize: 3 });
    assert.deepEqual(r.output.data, api.data);
    assert.deepEqual(Array.from(api.data.subarray(10, 15)), [3, 6, 9, 6, 3]);
    const e = explainFoldOutput(ctx, g, 12);
    assert.equal(e.text, '9 = 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1');
    assert.equal(e.flatTaps, true);
    assert.equal(e.notes[0].key, 'noteFoldSum');
    assert.match(e.notes[0].params.cells, /^input\[0, 0, 8\], input\[0, 1, 7\], /);
    // the highlights are the entries themselves (the input is drawn as a matrix)
    assert.deepEqual(highlights(e, s.tensors.input.shape).input.map((h) => h.flat), e.taps.map((t) => t.source));
  });

  test('fold(unfold(x)) is x times the counts; every pixel\'s entries are the API\'s receptive field', () => {
    const x = makeState({ in_channels: 2, input_size: [4, 5], tensors: { input: { kind: 'random', seed: 9 } } }).tensors.input;
    const opts = { kernelSize: [2, 3], padding: [1, 1], stride: [1, 2], dilation: [1, 1] };
    const cols = cl.unfold(asTensor(x), opts);
    const s = makeState({
      op: 'fold', in_channels: cols.shape[1], input_size: cols.shape[2], output_size: [4, 5], kernel_size: [2, 3],
      padding: [1, 1], stride: [1, 2], tensors: { input: [Array.from(cols.data)] },
    });
    const { r, ctx, g } = computed(s);
    const api = cl.fold(cols, { outputSize: [4, 5], ...opts });
    assert.deepEqual(r.output.data, api.data);
    for (let o = 0; o < api.data.length; o++) {
      const e = explainFoldOutput(ctx, g, o);
      const f = cl.receptiveField({ op: 'fold', inputShape: cols.shape, outputSize: [4, 5], ...opts }, unflatten(api.shape, o));
      assert.deepEqual(e.taps.map((t) => t.source), f.taps.map((t) => t.inputIndex));
      const sum = e.taps.reduce((a, t) => a + s.tensors.input.values[t.source], 0);
      assert.ok(Math.abs(sum - api.data[o]) <= 1e-5 * (Math.abs(sum) + 1), `pixel ${o}`);
      // fold(unfold(x)) = x · (how many blocks cover the pixel)
      assert.ok(Math.abs(api.data[o] - x.values[o] * e.taps.length) <= 1e-5 * (Math.abs(api.data[o]) + 1));
    }
    // an entry whose block position lies in the padding is dropped; the others reach one pixel
    const reach = Array.from({ length: cols.data.length }, (_, i) => explainFoldInput(ctx, i).outputs.length);
    assert.ok(reach.includes(0) && reach.includes(1) && reach.every((n) => n <= 1));
    assert.equal(explainFoldInput(ctx, reach.indexOf(0)).notes[0].key, 'noteFoldDropped');
    // the animation of channel 1: its kh·kw rows, one step per pixel summing the entries
    const m = buildAnimation(cl, s, r, { channel: 1 }).model;
    assert.deepEqual(m.channels, [6, 7, 8, 9, 10, 11]);
    assert.equal(m.steps.length, 20);
    m.steps.forEach((step, k) => {
      const o = 20 + k;
      const f = cl.receptiveField({ op: 'fold', inputShape: cols.shape, outputSize: [4, 5], ...opts }, unflatten(api.shape, o));
      assert.deepEqual(step.cells.map((c) => c.inputIndex), f.taps.map((t) => t.inputIndex));
      assert.deepEqual(step.cells.map((c) => m.channels[c.plane]), f.taps.map((t) => t.input[1]));
      assert.ok(Math.abs(step.sum - api.data[o]) <= 1e-5 * (Math.abs(step.sum) + 1));
    });
  });

  test('PyTorch\'s rejections point at the control at fault; the code names nn.Fold and F.fold', () => {
    const s = presetState('fold-counts');
    const wrongL = evaluate(cl, { ...s, output_size: [6, 6] });
    assert.equal(wrongL.ok, false);
    assert.deepEqual(errorFields(wrongL.error, { ...s, output_size: [6, 6] }), ['input_size', 'output_size', 'kernel_size']);
    const rows = makeState({ ...s, in_channels: 8, tensors: {} });
    const wrongC = evaluate(cl, rows);
    assert.equal(wrongC.ok, false);
    assert.match(wrongC.error.message, /divisible by the product of kernel_size/);
    assert.deepEqual(errorFields(wrongC.error, rows), ['in_channels', 'kernel_size']);
    const code = pytorchCode(s, evaluate(cl, s));
    assert.match(code, /^fold = nn\.Fold\(output_size=5, kernel_size=3, dilation=1, padding=0, stride=1\)$/m);
    assert.match(code, /^y = fold\(x\)$/m);
    assert.match(code, /F\.fold\(x, output_size=5, kernel_size=3\), y/);
  });
});
