// Unfold, Fold and MaxUnpool2d in the playground's models, against the real API: the explanations
// (explain-fold.js, explain-unpool.js), the animation's steps (animation-model.js), the presets, the URL and
// the code, each checked against cl.unfold / cl.fold / cl.maxUnpool2d and their receptive fields.
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
import { buildAnimation, outputPlanes, scatterSums } from '../../web/ui/animation/animation-model.js';
import { buildAnyAnimation, unpoolFrame } from '../../web/ui/animation/unpool-animation.js';
import { fromNumbers, unflatten } from '../../web/ui/model/tensors.js';
import { explainUnpoolInput, explainUnpoolOutput, unpoolContext } from '../../web/ui/model/explain-unpool.js';
import { parseHash, serializeHash } from '../../web/ui/model/state.js';

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

describe('maxUnpool2d: x written at its indices, from max pooling the input or typed', () => {
  const s = makeState({
    op: 'maxUnpool2d', batch: 2, in_channels: 2, input_size: [5, 6], kernel_size: [2, 3], stride: [2, 2], padding: [1, 1],
    output_size: [5, 6], tensors: { input: { kind: 'random', seed: 13 } },
  });
  const source = asTensor(s.tensors.input);
  const window = { kernelSize: [2, 3], stride: [2, 2], padding: [1, 1] };

  test('x and indices are max pooling\'s; the output is the API\'s unpool of them; every cell explained', () => {
    const r = evaluate(cl, s);
    assert.equal(r.ok, true, r.error?.message);
    const pooled = cl.maxPool2d(source, { ...window, returnIndices: true });
    // the default size (3 − 1)·2 − 2·1 + 2 = 4 (and 5) is too small for the source's indices: output_size is its size
    assert.throws(() => cl.maxUnpool2d(pooled.output, pooled.indices, window), /invalid max index/);
    const want = cl.maxUnpool2d(pooled.output, pooled.indices, { ...window, outputSize: [5, 6] });
    assert.deepEqual(r.pooled.data, pooled.output.data);
    assert.deepEqual(r.indices.data, pooled.indices.data);
    assert.deepEqual(r.output.shape, want.shape);
    assert.deepEqual(r.output.data, want.data);
    const ctx = unpoolContext(r);
    const [, , H, W] = want.shape;
    const [, , h, w] = pooled.output.shape;
    let written = 0;
    for (let o = 0; o < want.data.length; o++) {
      const e = explainUnpoolOutput(ctx, o);
      const [n, c, y, x] = unflatten(want.shape, o);
      const from = [];
      pooled.indices.data.forEach((index, k) => {
        if (Math.floor(k / (h * w)) === n * 2 + c && index === y * W + x) from.push(k);
      });
      assert.deepEqual(e.sources, from, `output ${o}`);
      if (from.length) {
        written++;
        const k = from.at(-1);
        assert.equal(want.data[o], pooled.output.data[k]);
        assert.equal(e.text, `${e.text.split(' = ')[0]} = x[${unflatten(pooled.output.shape, k).join(', ')}]`);
        assert.deepEqual(e.notes[0].params, { cell: `x[${unflatten(pooled.output.shape, k).join(', ')}]`, index: y * W + x, y, x, w: W });
        const back = explainUnpoolInput(ctx, k);
        assert.equal(back.target, o);
      } else {
        assert.equal(want.data[o], 0);
        assert.equal(e.text, '0 = 0');
        assert.deepEqual(e.notes, [{ key: 'noteUnpoolNone', params: { index: y * W + x } }]);
      }
    }
    assert.ok(written > 0 && written < want.data.length);
    assert.equal(H, 5);
  });

  test('typed indices: a repeated index keeps the last value; one outside the output is PyTorch\'s error on the indices', () => {
    const pooled = cl.maxPool2d(source, { ...window, returnIndices: true });
    const same = Array.from(pooled.indices.data);
    same[1] = same[0]; // x[0, 0, 0, 1] to where x[0, 0, 0, 0] went
    const typed = { ...s, tensors: { ...s.tensors, indices: fromNumbers(pooled.indices.shape, same) } };
    const r = evaluate(cl, typed);
    assert.equal(r.ok, true, r.error?.message);
    const indices = { shape: pooled.indices.shape, data: same };
    const want = cl.maxUnpool2d(pooled.output, indices, { ...window, outputSize: [5, 6] });
    assert.deepEqual(r.output.data, want.data);
    const e = explainUnpoolOutput(unpoolContext(r), same[0]);
    assert.deepEqual(e.sources, [0, 1]);
    assert.equal(e.winner, 1);
    assert.equal(r.output.data[same[0]], pooled.output.data[1], 'the last one written');
    assert.deepEqual(e.notes[1], { key: 'noteUnpoolRepeated', params: { n: 2 } });
    const outside = Array.from(same);
    outside[3] = 30;
    typed.tensors.indices = fromNumbers(pooled.indices.shape, outside);
    const bad = evaluate(cl, typed);
    assert.equal(bad.ok, false);
    assert.equal(bad.error.argument, 'indices');
    assert.match(bad.error.message, /Found an invalid max index: 30 \(output volumes are of size 5x6\)/);
    // the URL carries the typed indices, and only for maxUnpool2d
    const hash = serializeHash(typed);
    assert.match(hash, /&indices=2x2x3x3:/);
    const { state, notices } = parseHash(hash);
    assert.deepEqual(notices, []);
    assert.deepEqual(Array.from(state.tensors.indices.values), outside);
    assert.doesNotMatch(serializeHash({ ...typed, op: 'maxPool2d' }), /indices=/);
    const code = pytorchCode(typed, bad);
    assert.match(code, /^indices = torch\.tensor\(\[\[\[\[/m);
    assert.match(code, /PyTorch raises an error here:\n# Found an invalid max index: 30/);
  });
});

describe('maxUnpool2d\'s animation: a scatter of x to the cells its indices name', () => {
  test('each step moves one element of x to its index; the frames end at the API\'s output plane, a repeated index keeping the last', () => {
    const s = presetState('unpool');
    const r = evaluate(cl, s);
    assert.equal(r.ok, true, r.error?.message);
    const pooled = cl.maxPool2d(asTensor(s.tensors.input), { kernelSize: 2, returnIndices: true });
    const want = cl.maxUnpool2d(pooled.output, pooled.indices, { kernelSize: 2 });
    const built = buildAnyAnimation(cl, s, r, {});
    assert.equal(built.ok, true);
    const m = built.model;
    assert.equal(m.view, 'scatter');
    assert.equal(m.steps.length, 4);
    m.steps.forEach((step, k) => {
      const index = pooled.indices.data[k];
      assert.deepEqual([step.targets[0].r, step.targets[0].c], [Math.floor(index / 4), index % 4]);
      assert.equal(step.in.value, pooled.output.data[k]);
      assert.match(step.text, new RegExp(`^x\\[0, 0, ${Math.floor(k / 2)}, ${k % 2}\\] = .* → output\\[0, 0, ${Math.floor(index / 4)}, ${index % 4}\\] \\(${index} = `));
      // before its step the cell is 0 (no other index names it), after it the value
      assert.equal(unpoolFrame(m, k - 1)[index], 0);
      assert.equal(unpoolFrame(m, k)[index], pooled.output.data[k]);
    });
    assert.deepEqual(unpoolFrame(m, 3), want.data);
    // scatterSums, which the renderer reads, writes rather than adds: the last value stays
    assert.deepEqual(Float32Array.from(scatterSums(m, 3).sums), want.data);
    const typed = { ...s, tensors: { ...s.tensors, indices: fromNumbers([1, 1, 2, 2], [5, 5, 5, 5]) } };
    const rt = evaluate(cl, typed);
    const mt = buildAnyAnimation(cl, typed, rt, {}).model;
    assert.equal(unpoolFrame(mt, 3)[5], pooled.output.data[3]);
    assert.equal(scatterSums(mt, 3).sums[5], pooled.output.data[3]);
    assert.deepEqual(unpoolFrame(mt, 3), rt.output.data);
    // the other ops go to animation-model.js's buildAnimation
    const fold = presetState('fold-counts');
    assert.equal(buildAnyAnimation(cl, fold, evaluate(cl, fold), {}).model.steps.length, 25);
  });
});
