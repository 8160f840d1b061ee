// web/ui/model/backward.js against the real API: every gradient cell's explanation (which output cells'
// gradients flow into it, times which weight or input values) adds up to the API's gradient; conv2d's
// gradInput equals convTranspose2d(gradOutput, weight) with the output_padding that restores the input's size
// (the padding modes folded back); the playground state of that transposed convolution computes it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { load } from 'convlens';
import { evaluate } from '../../web/ui/model/compute.js';
import { buildFieldMap } from '../../web/ui/model/field-map.js';
import { im2col } from '../../web/ui/model/im2col.js';
import {
  animationLink, backwardCode, backwardContext, compareTensors, explainGradBias, explainGradInput, explainGradWeight,
  foldTarget, runBackward, runTranspose, stepTerms, transposeCall, transposedState, upstreamGradient, writtenCells,
} from '../../web/ui/model/backward.js';
import { buildAnimation } from '../../web/ui/animation/animation-model.js';
import { TUTORIAL_INPUT, TUTORIAL_WEIGHT } from '../../web/ui/model/state.js';
import { makeState } from '../../web/ui/model/make-state.js';

const cl = await load();

function setup(s, kind = 'random', { seed = 4, cell = 0 } = {}) {
  const r = evaluate(cl, s);
  assert.equal(r.ok, true, r.error?.message);
  const grad = upstreamGradient(r.output.shape, kind, { seed, cell });
  const g = { shape: grad.shape, data: grad.values };
  const map = buildFieldMap(cl, s, r.info);
  assert.ok(map, 'the field map is built');
  return { r, grad, g, map };
}

/** gradWeight from unfold, independently of the map: Σ over batches and columns of g · cols (per group). */
function gradWeightByUnfold(s, r, g) {
  const m = im2col(cl, s, r.info);
  const [N, Cout] = r.output.shape;
  const rows = m.cols.shape[1];
  const out = new Float64Array(Cout * m.K);
  for (let co = 0; co < Cout; co++) {
    const group = Math.floor(co / m.rowsPerGroup);
    for (let k = 0; k < m.K; k++) {
      let acc = 0;
      for (let n = 0; n < N; n++) {
        for (let l = 0; l < m.L; l++) {
          acc += g.data[(n * Cout + co) * m.L + l] * m.cols.data[(n * rows + group * m.K + k) * m.L + l];
        }
      }
      out[co * m.K + k] = acc;
    }
  }
  return out;
}

const CONV_CONFIGS = {
  'the tutorial, stride 1': {},
  'stride 2 (output_padding 0)': { stride: [2, 2] },
  'stride 2 on 6×7 (output_padding restores the dropped row and column)': { stride: [2, 2], input_size: [6, 7] },
  'stride (3, 2), padding 1, dilation 2, bias, 2 batches': { stride: [3, 2], padding: [1, 1], dilation: [2, 2], input_size: [9, 8], bias: true, batch: 2 },
  'groups 2': { in_channels: 4, out_channels: 6, groups: 2, padding: [1, 0] },
  "'same' with an even kernel (asymmetric: F.pad)": { kernel_size: [2, 4], padding: 'same', input_size: [5, 6] },
  'reflect padding': { padding: [2, 1], padding_mode: 'reflect', in_channels: 2, out_channels: 3 },
  'replicate padding, stride 2': { padding: [1, 2], padding_mode: 'replicate', stride: [2, 2] },
  'circular padding, groups 2': { padding: [1, 1], padding_mode: 'circular', in_channels: 2, out_channels: 4, groups: 2 },
};

describe('conv2d: gradInput = convTranspose2d(gradOutput, weight, …), and the explanations', () => {
  test('the output_padding restores the input size', () => {
    const at = (fields) => transposeCall(makeState(fields), evaluate(cl, makeState(fields)).info);
    assert.deepEqual(at({ stride: [2, 2] }).options,
      { stride: [2, 2], padding: [0, 0], outputPadding: [0, 0], groups: 1, dilation: [1, 1] });
    assert.deepEqual(at({ stride: [2, 2], input_size: [6, 7] }).options.outputPadding, [1, 0]);
    assert.deepEqual(at({ stride: [3, 3], padding: [1, 1], input_size: [8, 9] }).options.outputPadding, [1, 2]);
    const reflect = at({ padding: [2, 1], padding_mode: 'reflect' });
    assert.deepEqual(reflect.pad, [1, 1, 2, 2]);
    assert.deepEqual(reflect.options.padding, [0, 0]);
    assert.equal(at({ stride: [2, 2], padding: [1, 1] }).code,
      'x.grad == F.conv_transpose2d(g, weight, stride=(2, 2), padding=(1, 1), output_padding=(0, 0), groups=1, dilation=(1, 1))');
  });

  for (const [name, fields] of Object.entries(CONV_CONFIGS)) {
    test(name, () => {
      const s = makeState({ ...fields, tensors: { input: 'random', weight: { kind: 'random', seed: 7 }, bias: 'random' } });
      const { r, grad, g, map } = setup(s);
      const call = transposeCall(s, r.info);
      const { transposed, folded } = runTranspose(cl, s, g, call);
      assert.deepEqual(folded.shape, s.tensors.input.shape);
      if (!call.pad) assert.deepEqual(transposed.shape, s.tensors.input.shape, 'output_padding restores the size');
      const grads = runBackward(cl, s, g);
      assert.deepEqual(compareTensors(grads.gradInput, folded), { equal: true, maxDiff: 0 }, 'the API’s gradInput is the transposed convolution');
      assert.equal(grads.gradBias === null, !s.bias);
      const ctx = backwardContext(s, r, map, g.data, grads);
      for (let i = 0; i < folded.data.length; i++) {
        const e = explainGradInput(ctx, i);
        assert.equal(e.sum, folded.data[i], `gradInput ${i}: ${e.text}`);
        assert.equal(e.agrees, true);
        for (const t of e.terms) assert.equal(t.g, grad.values[t.output]);
      }
      const byUnfold = gradWeightByUnfold(s, r, g);
      for (let w = 0; w < byUnfold.length; w++) {
        const e = explainGradWeight(ctx, w);
        assert.equal(e.sum, byUnfold[w], `gradWeight ${w}: ${e.text}`);
        assert.equal(grads.gradWeight.data[w], byUnfold[w]);
        assert.equal(e.agrees, true);
      }
      for (let c = 0; c < (s.bias ? s.out_channels : 0); c++) {
        const e = explainGradBias(ctx, c);
        assert.equal(e.sum, grads.gradBias.data[c]);
        assert.equal(e.terms.length, s.batch * r.output.shape[2] * r.output.shape[3]);
      }
    });
  }

  test('the tutorial with gradOutput = ones: gradInput[0, 0, 2, 2] is the whole kernel’s sum', () => {
    const s = makeState({ tensors: { input: TUTORIAL_INPUT, weight: TUTORIAL_WEIGHT } });
    const { r, g, map } = setup(s, 'ones');
    const { folded } = runTranspose(cl, s, g, transposeCall(s, r.info));
    const ctx = backwardContext(s, r, map, g.data, { gradInput: folded });
    const centre = explainGradInput(ctx, 12);
    assert.equal(centre.text, '8 = 1·0 + 1·1 + 1·2 + 1·0 + 1·1 + 1·0 + 1·1 + 1·2 + 1·1');
    assert.equal(centre.terms.length, 9);
    assert.deepEqual(centre.outputs, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.match(centre.terms[0].line, /^gradOutput\[0, 0, 0, 0\]·weight\[0, 0, 2, 2\] = 1·0$/);
    const corner = explainGradInput(ctx, 0);
    assert.equal(corner.text, '1 = 1·1');
  });

  test('one-hot at a pinned output cell: gradInput is the weight placed at that window', () => {
    const s = makeState({ stride: [2, 2], tensors: { input: TUTORIAL_INPUT, weight: TUTORIAL_WEIGHT } });
    const { r, grad, g } = setup(s, 'onehot', { cell: 3 }); // output[0, 0, 1, 1]: the window at (2, 2)
    assert.deepEqual(Array.from(grad.values), [0, 0, 0, 1]);
    const { folded } = runTranspose(cl, s, g, transposeCall(s, r.info));
    const expected = new Array(25).fill(0);
    TUTORIAL_WEIGHT.flat().forEach((w, k) => (expected[(2 + Math.floor(k / 3)) * 5 + 2 + (k % 3)] = w));
    assert.deepEqual(Array.from(folded.data), expected);
  });

  test('the convTranspose2d state computes gradInput, and its animation has that call', () => {
    const configs = [
      { stride: [2, 2], input_size: [6, 7], padding: [1, 1] },
      { in_channels: 4, out_channels: 2, groups: 2, dilation: [2, 1], batch: 2 },
    ];
    for (const fields of configs) {
      const s = makeState({ ...fields, tensors: { input: 'random', weight: 'random' } });
      const { r, grad, g } = setup(s, 'random', { seed: 11 });
      const call = transposeCall(s, r.info);
      const t = transposedState(s, r.info, grad, call);
      assert.equal(t.op, 'convTranspose2d');
      const o = call.options;
      assert.deepEqual([t.output_padding, t.stride, t.padding, t.dilation, t.groups],
        [o.outputPadding, o.stride, o.padding, o.dilation, s.groups]);
      assert.deepEqual(t.tensors.input.shape, r.output.shape);
      assert.deepEqual(t.tensors.weight.shape, s.tensors.weight.shape);
      assert.deepEqual(t.tensors.input.fill, { kind: 'random', seed: 11 }, 'a seeded gradient stays a fill (a short URL)');
      const tr = evaluate(cl, t);
      assert.equal(tr.ok, true, tr.error?.message);
      assert.deepEqual(compareTensors(tr.output, runTranspose(cl, s, g, call).folded), { equal: true, maxDiff: 0 });
    }
  });
});

describe('the transposed convolution’s animation beside gradInput', () => {
  for (const [name, fields] of Object.entries(CONV_CONFIGS)) {
    test(name, () => {
      const s = makeState({ ...fields, tensors: { input: 'random', weight: { kind: 'random', seed: 7 }, bias: 'random' } });
      const { r, grad, g, map } = setup(s);
      const call = transposeCall(s, r.info);
      const { transposed, folded, fold } = runTranspose(cl, s, g, call);
      const grads = runBackward(cl, s, g);
      const ctx = backwardContext(s, r, map, g.data, grads);
      const t = transposedState(s, r.info, grad, call);
      const tr = evaluate(cl, t);
      assert.equal(tr.ok, true, tr.error?.message);
      const [N, C, H, W] = s.tensors.input.shape;
      const [, , Ho, Wo] = transposed.shape;
      for (const [n, c] of [[0, 0], [N - 1, C - 1]]) {
        const plane = (n * C + c) * H * W;
        for (const view of ['direct', 'scatter']) {
          const built = buildAnimation(cl, t, tr, { view, batch: n, channel: c });
          assert.equal(built.ok, true, view);
          const { model } = built;
          // every step writes cells of the animated plane of gradInput only; all of them are written
          const written = new Set();
          model.steps.forEach((step, k) => {
            for (const i of writtenCells(model, k, fold)) {
              assert.ok(i >= plane && i < plane + H * W, `${view} step ${k} writes ${i}`);
              written.add(i);
            }
            if (view === 'direct') {
              // the step's output cell is the API's convTranspose2d value there, and its terms add up to it
              assert.equal(step.out.value, transposed.data[step.out.flat]);
              assert.equal(step.out.flat, (n * C + c) * Ho * Wo + k);
            }
          });
          const reached = Array.from({ length: H * W }, (_, q) => plane + q)
            .filter((i) => explainGradInput(ctx, i).terms.length);
          for (const i of reached) assert.ok(written.has(i), `${view}: gradInput ${i} is written`);
          // the explanation of each gradInput cell names exactly the terms the animation adds into it
          for (let q = 0; q < H * W; q++) {
            const i = plane + q;
            const e = explainGradInput(ctx, i);
            const link = animationLink(model, i, fold, e);
            assert.equal(link.same || (!e.terms.length && !link.terms.length), true, `${view} gradInput ${i}: ${e.text}`);
            let sum = 0;
            for (const term of link.terms) sum += g.data[term.output] * s.tensors.weight.values[term.weight];
            assert.equal(Math.fround(sum), folded.data[i], `${view} gradInput ${i}: the animation’s terms add up to it`);
          }
        }
      }
      // another plane's animation writes none of this plane's cells
      if (N * C > 1) {
        const { model } = buildAnimation(cl, t, tr, { view: 'direct', batch: N - 1, channel: C - 1 });
        const e = explainGradInput(ctx, 0);
        assert.deepEqual(animationLink(model, 0, fold, e), { steps: [], terms: [], same: false });
      }
    });
  }

  test('the tutorial, stride 2: step k writes gradInput cell k; its window reads g·weight, flipped', () => {
    const s = makeState({ stride: [2, 2], tensors: { input: TUTORIAL_INPUT, weight: TUTORIAL_WEIGHT } });
    const { r, grad, g, map } = setup(s, 'random', { seed: 4 });
    const call = transposeCall(s, r.info);
    const { fold } = runTranspose(cl, s, g, call);
    const t = transposedState(s, r.info, grad, call);
    const { model } = buildAnimation(cl, t, evaluate(cl, t), { view: 'direct' });
    assert.equal(model.steps.length, 25);
    assert.deepEqual(writtenCells(model, 12, fold), [12]);
    // gradInput[0, 0, 2, 2] = Σ over the four windows at (0, 0), (0, 1), (1, 0), (1, 1)
    assert.deepEqual(stepTerms(model, 12, 12, fold).sort((a, b) => a.output - b.output),
      [{ output: 0, weight: 8 }, { output: 1, weight: 6 }, { output: 2, weight: 2 }, { output: 3, weight: 0 }]);
    assert.deepEqual(stepTerms(model, 12, 11, fold), [], 'step 12 adds nothing into another cell');
    const grads = runBackward(cl, s, g);
    const e = explainGradInput(backwardContext(s, r, map, g.data, grads), 12);
    assert.deepEqual(animationLink(model, 12, fold, e).steps, [12]);
    const scatter = buildAnimation(cl, t, evaluate(cl, t), { view: 'scatter' }).model;
    assert.deepEqual(animationLink(scatter, 12, fold, e), {
      steps: [0, 1, 2, 3], same: true,
      terms: [{ output: 0, weight: 8 }, { output: 1, weight: 6 }, { output: 2, weight: 2 }, { output: 3, weight: 0 }],
    });
    assert.deepEqual(writtenCells(scatter, 3, fold), [12, 13, 14, 17, 18, 19, 22, 23, 24]);
  });

  test('padding folded back: a reflected copy’s cell writes the cell it copies; zero padding’s is dropped', () => {
    const s = makeState({ padding: [1, 1], padding_mode: 'reflect', tensors: { input: 'random', weight: 'random' } });
    const { r, g } = setup(s);
    const { fold } = runTranspose(cl, s, g, transposeCall(s, r.info));
    // the padded plane is 7×7: its (0, 0) copies input (1, 1), its (1, 1) is input (0, 0)
    assert.equal(foldTarget(fold, 0), 6);
    assert.equal(foldTarget(fold, 8), 0);
    assert.equal(foldTarget(fold, 49 + 8), 25 + 0, 'the next plane');
    const same = makeState({ kernel_size: [2, 2], padding: 'same', tensors: { input: 'random', weight: 'random' } });
    const rs = setup(same);
    const sameFold = runTranspose(cl, same, rs.g, transposeCall(same, rs.r.info)).fold;
    assert.equal(foldTarget(sameFold, 6 * 6 - 1), -1, "'same''s extra zero row is dropped");
    assert.equal(foldTarget({ plane: 25, from: null }, 7), 7, 'no F.pad: the same cell');
  });
});

describe('the pools', () => {
  test('MaxPool2d(2): each window’s gradient goes to its max (maxUnpool2d places it there too)', () => {
    const s = makeState({ op: 'maxPool2d', kernel_size: [2, 2], stride: null, input_size: [4, 6], in_channels: 2, tensors: { input: 'random' } });
    const { r, g, map } = setup(s);
    const unpooled = cl.maxUnpool2d(g, r.indices, { kernelSize: 2, outputSize: [4, 6] });
    const grads = runBackward(cl, s, g);
    assert.deepEqual(compareTensors(grads.gradInput, unpooled), { equal: true, maxDiff: 0 });
    const ctx = backwardContext(s, r, map, g.data, grads);
    for (let i = 0; i < unpooled.data.length; i++) {
      const e = explainGradInput(ctx, i);
      assert.equal(e.sum, unpooled.data[i], `${i}: ${e.text}`);
      assert.ok(e.terms.length <= 1);
    }
  });

  test('overlapping max windows add up where they share a winner', () => {
    const s = makeState({ op: 'maxPool2d', kernel_size: [3, 3], stride: [1, 1], tensors: { input: TUTORIAL_INPUT } });
    const { r, g, map } = setup(s, 'ones');
    const ctx = backwardContext(s, r, map, g.data, { gradInput: { data: new Float32Array(25) } });
    const e = explainGradInput(ctx, 15); // input[0, 0, 3, 0] = 5 wins both windows of the left column it is in
    assert.deepEqual(e.outputs, [3, 6]);
    assert.equal(e.sum, 2);
    assert.equal(e.text, '0 = 1 + 1', 'the value shown is the given gradInput’s (zeros here)');
    const grads = runBackward(cl, s, g);
    const full = backwardContext(s, r, map, g.data, grads);
    for (let i = 0; i < 25; i++) assert.equal(explainGradInput(full, i).sum, grads.gradInput.data[i]);
  });

  test('AvgPool2d: each gradient spread over its window by the divisor', () => {
    for (const fields of [
      { kernel_size: [3, 3], stride: [2, 2], padding: [1, 1] },
      { kernel_size: [3, 3], stride: [2, 2], padding: [1, 1], count_include_pad: false, ceil_mode: true },
      { kernel_size: [2, 3], stride: [1, 2], divisor_override: 4 },
    ]) {
      const s = makeState({ op: 'avgPool2d', ...fields, input_size: [6, 7], tensors: { input: 'random' } });
      const { r, g, map } = setup(s);
      const grads = runBackward(cl, s, g);
      const ctx = backwardContext(s, r, map, g.data, grads);
      for (let i = 0; i < grads.gradInput.data.length; i++) {
        const e = explainGradInput(ctx, i);
        assert.equal(e.agrees, true, `${JSON.stringify(fields)} ${i}: ${e.text} vs ${grads.gradInput.data[i]}`);
      }
    }
  });
});

test('the PyTorch code: requires_grad, backward(g), the gradients and the transposed convolution', () => {
  const tensors = { input: TUTORIAL_INPUT, weight: TUTORIAL_WEIGHT, bias: [1] };
  const s = makeState({ stride: [2, 2], bias: true, tensors });
  const r = evaluate(cl, s);
  const grad = upstreamGradient(r.output.shape, 'onehot', { cell: 3 });
  const code = backwardCode(s, grad, 'onehot', 3, transposeCall(s, r.info));
  assert.match(code, /^x = torch\.tensor\(\[\[\[\[1\., 2\., 0\., 3\., 1\.\],/m);
  assert.match(code, /\]\]\]\]\)\.requires_grad_\(\)$/m);
  assert.match(code, /^conv = nn\.Conv2d\(1, 1, kernel_size=3, stride=2, /m);
  assert.match(code, /^g = torch\.zeros_like\(y\)\ng\[0, 0, 1, 1\] = 1\ny\.backward\(g\)\nprint\(x\.grad\)\nprint\(conv\.weight\.grad\)\nprint\(conv\.bias\.grad\)$/m);
  assert.match(code, /^print\(torch\.equal\(x\.grad, F\.conv_transpose2d\(g, conv\.weight\.detach\(\), stride=\(2, 2\), padding=\(0, 0\), output_padding=\(0, 0\), groups=1, dilation=\(1, 1\)\)\)\) {2}# True$/m);
  const pool = makeState({ op: 'avgPool2d', kernel_size: [2, 2], stride: null });
  const pr = evaluate(cl, pool);
  const poolCode = backwardCode(pool, upstreamGradient(pr.output.shape, 'ones'), 'ones', 0, null);
  assert.match(poolCode, /^pool = nn\.AvgPool2d\(kernel_size=2, /m);
  assert.match(poolCode, /^g = torch\.ones_like\(y\)\ny\.backward\(g\)\nprint\(x\.grad\)\n$/m);
});
