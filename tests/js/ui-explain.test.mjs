// web/ui/model/compute.js + field-map.js + explain.js against the real API: the arithmetic text, the
// highlight sets, and the invariant that the explanation adds up to what convlens computed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { load } from 'convlens';
import { evaluate } from '../../web/ui/model/compute.js';
import { buildFieldMap, outputFieldMap } from '../../web/ui/model/field-map.js';
import { paddingRing } from '../../web/ui/model/padding-ring.js';
import { checkSum, explainContext, explainOutput } from '../../web/ui/model/explain.js';
import { explainInput } from '../../web/ui/model/explain-input.js';
import { TUTORIAL_INPUT, TUTORIAL_WEIGHT } from '../../web/ui/model/state.js';
import { makeState } from '../../web/ui/model/make-state.js';
import { presetState, LAYER_PRESETS, OUTPUT_SIZE_ROWS, POOL_PRESETS, TUTORIAL_PRESETS, outputSizeState } from '../../web/ui/model/presets.js';
import { mulberry32 } from '../../web/ui/model/random.js';
import { errorFields, errorHome } from '../../web/ui/model/error-fields.js';

const cl = await load();

function context(s) {
  const r = evaluate(cl, s);
  assert.equal(r.ok, true, r.error?.message);
  return { r, ctx: explainContext(s, r, buildFieldMap(cl, s, r.info)) };
}

describe('the tutorial', () => {
  test('output[0, 0] = 10 with the arithmetic written out', () => {
    const { ctx } = context(presetState('conv-s1'));
    const e = explainOutput(ctx, 0);
    assert.equal(e.text, '10 = 1·1 + 2·2 + 0·1 + 0·0 + 1·1 + 2·0 + 1·2 + 2·1 + 1·0');
    assert.deepEqual(e.taps.map((t) => t.source), [0, 1, 2, 5, 6, 7, 10, 11, 12]);
    assert.deepEqual(e.weights, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(e.bias, null);
  });

  test('stride 2 + padding 1: padded taps read 0 and are marked', () => {
    const { ctx } = context(presetState('conv-s2-p1'));
    const e = explainOutput(ctx, 0);
    assert.equal(e.text, '1 = 0·1 + 0·2 + 0·1 + 0·0 + 1·1 + 2·0 + 0·2 + 0·1 + 1·0');
    assert.ok(e.notes.some((n) => n.key === 'notePaddingZero'));
    assert.deepEqual(e.taps.filter((t) => t.source < 0).map((t) => [t.y, t.x]),
      [[-1, -1], [-1, 0], [-1, 1], [0, -1], [1, -1]]);
  });

  test('with a bias, the bias is the last term', () => {
    const s = makeState({ bias: true, tensors: { input: TUTORIAL_INPUT, weight: TUTORIAL_WEIGHT, bias: [-0.5] } });
    const { ctx } = context(s);
    assert.equal(explainOutput(ctx, 0).text, '9.5 = 1·1 + 2·2 + 0·1 + 0·0 + 1·1 + 2·0 + 1·2 + 2·1 + 1·0 + (-0.5)');
  });

  test('MaxPool2d(3, ceil_mode=True): the winner and PyTorch’s index', () => {
    const { ctx } = context(presetState('pool-ceil'));
    const e = explainOutput(ctx, 1);
    assert.equal(e.text, '3 = max(3, 1, −∞, 3, 1, −∞, 0, 0, −∞)'); // the window reaches past the right edge
    assert.deepEqual(e.winner, { flat: 3, planeIndex: 3 });
    const last = explainOutput(ctx, 3); // the ceil-mode window reaching past the input
    assert.equal(last.text, '1 = max(1, 1, −∞, 1, 1, −∞, −∞, −∞, −∞)');
    assert.deepEqual(last.winner, { flat: 18, planeIndex: 18 }); // ties keep the first
  });

  test('an input cell lists the outputs it reaches', () => {
    const { ctx } = context(presetState('conv-s1'));
    const centre = explainInput(ctx, 12);
    assert.equal(centre.outputs.length, 9);
    const corner = explainInput(ctx, 0);
    assert.deepEqual(corner.outputs, [0]);
    assert.equal(corner.contributions[0].text, 'output[0, 0, 0, 0] += 1·1 = 1');
  });

  test('AvgPool2d shows its divisor (count_include_pad and divisor_override)', () => {
    const base = { op: 'avgPool2d', kernel_size: [3, 3], stride: [2, 2], padding: [1, 1], tensors: { input: TUTORIAL_INPUT } };
    let { ctx } = context(makeState(base));
    assert.equal(explainOutput(ctx, 0).divisor, 9);
    assert.match(explainOutput(ctx, 0).text, /^0\.4444 = \(1 \+ 2 \+ 0 \+ 1\) \/ 9$/);
    ({ ctx } = context(makeState({ ...base, count_include_pad: false })));
    assert.equal(explainOutput(ctx, 0).divisor, 4);
    ({ ctx } = context(makeState({ ...base, divisor_override: 2 })));
    assert.equal(explainOutput(ctx, 0).divisor, 2);
  });

  test('ConvTranspose2d: an input cell scatters k×k products; an output sums its pairs', () => {
    const s = presetState('unet-up');
    const { ctx } = context(s);
    const e = explainInput(ctx, 0);
    assert.equal(e.outputs.length, 4);
    assert.ok(e.notes.some((n) => n.key === 'noteScatters'));
    const o = explainOutput(ctx, 0);
    assert.equal(o.taps.length, 2); // two input channels, one weight tap each
    assert.match(o.text, / \+ 0\.5$/);
  });
});

describe('the explanation adds up to what convlens computed', () => {
  const random = mulberry32(4);
  const pick = (a) => a[Math.floor(random() * a.length)];
  const states = [...TUTORIAL_PRESETS, ...LAYER_PRESETS.filter((p) => p.id !== 'large'), ...POOL_PRESETS]
    .map((p) => [p.id, p.state()]);
  for (let i = 0; i < 12; i++) {
    const op = ['adaptiveAvgPool2d', 'adaptiveMaxPool2d', 'lpPool2d'][i % 3];
    const input_size = [3 + Math.floor(random() * 5), 2 + Math.floor(random() * 5)];
    const fields = op === 'lpPool2d'
      ? {
        norm_type: pick([1, 2, 3, 0.5]), kernel_size: [2, 1 + (i % 3)], stride: pick([null, [1, 1], [2, 1]]),
        ceil_mode: random() < 0.5,
      }
      : { output_size: [pick([1, 2, 3, null]), pick([1, 2, 4, null])] };
    states.push([`random #${i} (${op})`, makeState({ op, in_channels: 2, input_size, ...fields, tensors: { input: { kind: 'random', seed: 50 + i } } })]);
  }
  for (let i = 0; i < 24; i++) {
    const op = ['conv2d', 'convTranspose2d', 'maxPool2d', 'avgPool2d'][i % 4];
    const k = 1 + Math.floor(random() * 3);
    const fields = {
      op, in_channels: 2, out_channels: 2, groups: pick([1, 2]), input_size: [4 + Math.floor(random() * 4), 5],
      kernel_size: [k, k + (op === 'maxPool2d' ? 0 : 1)], stride: [1 + Math.floor(random() * 2), 1 + Math.floor(random() * 2)],
      padding: [Math.floor(random() * 2) * (k > 1 ? 1 : 0), 0], dilation: op === 'avgPool2d' ? [1, 1] : [1 + Math.floor(random() * 2), 1],
      ceil_mode: random() < 0.5, bias: random() < 0.5, count_include_pad: random() < 0.5,
      padding_mode: op === 'conv2d' ? pick(['zeros', 'reflect', 'replicate', 'circular']) : 'zeros',
      tensors: { input: { kind: 'random', seed: i }, weight: { kind: 'random', seed: 100 + i }, bias: { kind: 'random', seed: 200 + i } },
    };
    if (op === 'convTranspose2d') fields.output_padding = [0, 0];
    states.push([`random #${i} (${op})`, makeState(fields)]);
  }
  for (const [name, s] of states) {
    test(name, (t) => {
      const r = evaluate(cl, s);
      if (!r.ok) {
        t.skip(`not a valid configuration: ${r.error.message}`);
        return;
      }
      const { ctx } = context(s);
      for (let o = 0; o < r.output.data.length; o++) {
        const { expected, sum } = checkSum(ctx, o);
        const nan = Number.isNaN(expected) && Number.isNaN(sum); // LPPool2d: a negative base to a fractional power
        assert.ok(nan || Math.abs(expected - sum) <= 1e-4 + 1e-4 * Math.abs(expected), `${name}, output ${o}: ${expected} vs Σ ${sum}`);
        if (s.op.includes('ax')) assert.equal(ctx.input[explainOutput(ctx, o).winner.flat], expected, 'the winner holds the max');
      }
      // the inverse lists every tap that reads a real input cell, exactly once
      const { map } = ctx;
      let reading = 0;
      for (let k = 0; k < map.source.length && k < map.offsets[map.outCount]; k++) if (map.source[k] >= 0) reading++;
      assert.equal(map.inTaps.length, reading);
      // one output at a time (large configurations) gives the same as the whole map
      const single = outputFieldMap(cl, s, r.info, r.output.data.length - 1);
      const last = r.output.data.length - 1;
      assert.equal(explainOutput({ ...ctx, map: single }, last).text, explainOutput(ctx, last).text);
    });
  }
});

describe('the padding ring', () => {
  test('reflect / replicate / circular cells copy the sources the API pads with', () => {
    for (const mode of ['reflect', 'replicate', 'circular']) {
      const s = makeState({
        padding: [2, 1], padding_mode: mode, tensors: { input: TUTORIAL_INPUT, weight: TUTORIAL_WEIGHT },
      });
      const { r } = context(s);
      const ring = paddingRing(cl, s, r.info);
      assert.deepEqual([ring.top, ring.bottom, ring.left, ring.right], [2, 2, 1, 1]);
      const padded = cl.pad({ shape: [1, 1, 5, 5], data: s.tensors.input.values }, { pad: [1, 1, 2, 2], mode }).data;
      for (let cell = 0; cell < ring.rows * ring.cols; cell++) {
        assert.equal(s.tensors.input.values[ring.source[cell]], padded[cell], `${mode} cell ${cell}`);
      }
    }
  });

  test('zero padding has no sources; ceil_mode’s overhang is marked apart', () => {
    const s = presetState('pool-ceil');
    const { r } = context(s);
    const ring = paddingRing(cl, s, r.info);
    assert.deepEqual([ring.top, ring.bottom, ring.left, ring.right], [0, 1, 0, 1]);
    assert.equal(ring.kind[5], 2);
    assert.equal(ring.source[5], -1);
    assert.equal(paddingRing(cl, presetState('unet-up'), context(presetState('unet-up')).r.info), null);
  });
});

describe('errors point at their control', () => {
  const cases = [
    [{ kernel_size: [7, 7] }, 'kernel_size', /Kernel size can't be greater than actual input size/],
    [{ in_channels: 3, groups: 2 }, 'groups', /in_channels must be divisible by groups/],
    [{ out_channels: 3, in_channels: 2, groups: 2 }, 'groups', /out_channels must be divisible by groups/],
    [{ stride: [0, 0] }, 'stride', /non-positive stride/],
    [{ stride: [2, 2], padding: 'same' }, 'padding', /padding='same' is not supported for strided convolutions/],
    [{ padding: [5, 5], padding_mode: 'reflect' }, 'padding', /Padding size should be less than/],
    [{ dilation: [0, 0] }, 'dilation', /dilation/],
    [{ op: 'convTranspose2d', output_padding: [1, 1] }, 'output_padding', /output padding must be smaller/],
    [{ op: 'convTranspose2d', output_size: [20, 20] }, 'output_size', /requested an output size/],
    [{ op: 'maxPool2d', padding: [2, 2] }, 'padding', /pad should be at most half/],
    [{ op: 'avgPool2d', divisor_override: 0 }, 'divisor_override', /divisor must be not zero/],
    [{ op: 'maxPool2d', kernel_size: [6, 6] }, 'kernel_size', /Output size is too small/],
  ];
  for (const [fields, home, message] of cases) {
    test(`${JSON.stringify(fields)} → ${home}`, () => {
      const s = makeState(fields);
      const r = evaluate(cl, s);
      assert.equal(r.ok, false);
      assert.match(r.error.message, message);
      const marked = errorFields(r.error, s);
      assert.equal(errorHome(marked, null, () => true), home, `${r.error.message} → ${marked}`);
    });
  }

  test('the field the user changed last wins when the error points at it', () => {
    // conv2d's kernel larger than the padded input: no single argument, stride plays no part
    const s = makeState({ kernel_size: [7, 7] });
    const fields = errorFields({ code: 'OUTPUT_TOO_SMALL', argument: undefined }, s);
    assert.deepEqual(fields, errorFields(evaluate(cl, s).error, s));
    assert.equal(errorHome(fields, 'input_size', () => true), 'input_size');
    assert.equal(errorHome(fields, 'stride', () => true), 'kernel_size');
    assert.equal(errorHome([], 'stride', () => true), null);
  });

  test('fields come from the error\'s argument, never from its message', () => {
    const s = makeState({ stride: [0, 0] });
    const r = evaluate(cl, s);
    assert.equal(errorFields(r.error, s)[0], 'stride');
    const reworded = { code: 'INVALID_ARGUMENT', argument: 'stride', message: 'the step between windows must be positive' };
    assert.deepEqual(errorFields(reworded, s), errorFields(r.error, s));
    assert.deepEqual(errorFields({ code: 'INVALID_ARGUMENT', argument: undefined, message: 'stride dilation padding' }, s), []);
    // groups that do not divide a channel count: groups, then the count at fault
    assert.deepEqual(errorFields({ code: 'INVALID_ARGUMENT', argument: 'groups' }, makeState({ in_channels: 3, groups: 2 })), ['groups', 'in_channels']);
    assert.deepEqual(errorFields({ code: 'INVALID_ARGUMENT', argument: 'groups' }, makeState({ in_channels: 2, out_channels: 3, groups: 2 })), ['groups', 'out_channels']);
  });

  test("a pool's negative padding points at padding", () => {
    const s = makeState({ op: 'maxPool2d', padding: [-1, 0] });
    const r = evaluate(cl, s);
    assert.equal(r.error.code, 'INVALID_ARGUMENT');
    assert.equal(errorHome(errorFields(r.error, s), null, () => true), 'padding');
  });

  test('a cell that is not a number stops the computation and is named', () => {
    const s = presetState('conv-s1');
    s.tensors.weight.texts[4] = 'one';
    s.tensors.weight.invalid.add(4);
    const r = evaluate(cl, s);
    assert.equal(r.error.code, 'INVALID_CELL');
    assert.deepEqual(r.error.cell, { index: 4, position: [0, 0, 1, 1], text: 'one' });
  });
});

test('every preset is a valid configuration; the output-size table gives the tutorial’s sizes', () => {
  for (const p of [...TUTORIAL_PRESETS, ...LAYER_PRESETS]) assert.equal(evaluate(cl, p.state()).ok, true, p.id);
  const sizes = OUTPUT_SIZE_ROWS.map((row) => evaluate(cl, outputSizeState(row)).output.shape[2]);
  assert.deepEqual(sizes, [3, 2, 3, 7, 32, 112, 26]);
});
