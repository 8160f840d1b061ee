// web/ui/animation/animation-model.js against the real API: for every preset and for seeded random
// configurations, the input cells highlighted at each step are exactly the receptive field the
// core reports, and each step's drawn sum is the op's output (both views of convTranspose2d).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { load } from 'convlens';
import { evaluate } from '../../web/ui/model/compute.js';
import { buildAnimation, CELL, outputPlanes, scatterSums, stretchedExtent } from '../../web/ui/animation/animation-model.js';
import { CONV_ARITHMETIC_PRESETS } from '../../web/ui/model/conv-arithmetic-presets.js';
import { LAYER_PRESETS, POOL_PRESETS, TUTORIAL_PRESETS, presetState } from '../../web/ui/model/presets.js';
import { adaptiveWindows } from '../../web/ui/model/ops.js';
import { makeState } from '../../web/ui/model/make-state.js';
import { addEnglish, t } from '../../web/ui/i18n/i18n.js';
import { PLAYGROUND_ENGLISH } from '../../web/ui/i18n/i18n-en-playground.js';
import { mulberry32 } from '../../web/ui/model/random.js';

addEnglish(PLAYGROUND_ENGLISH); // the presets' titles are the playground's strings

const cl = await load();

/** |a − b| within float32 summation error of terms adding up to `scale`. */
function near(a, b, scale, what) {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return; // NaN: LPPool2d's negative base to a fractional power
  assert.ok(Math.abs(a - b) <= 1e-4 * (Math.abs(scale) + 1), `${what}: ${a} vs ${b}`);
}

const spec = (s) => {
  const o = evaluate(cl, s);
  assert.equal(o.ok, true, o.error?.message);
  return o;
};

/** Checks one model against the API's receptiveField for every output of its plane. */
function checkModel(s, r, m, label) {
  const [, , Ho, Wo] = r.output.shape;
  const [, Cin, H, W] = s.tensors.input.shape;
  const ig = m.inGrid;
  const rfSpec = { op: s.op, inputShape: s.tensors.input.shape, ...optionsOf(s) };
  const rf = (oy, ox) => cl.receptiveField(rfSpec, [m.n, m.c, oy, ox]);
  const out = (oy, ox) => r.output.data[((m.n * r.output.shape[1] + m.c) * Ho + oy) * Wo + ox];

  if (m.view === 'direct') {
    assert.equal(m.steps.length, Ho * Wo, `${label}: one step per output cell`);
    m.steps.forEach((step, k) => {
      const oy = Math.floor(k / Wo);
      const ox = k % Wo;
      assert.deepEqual([step.out.r, step.out.c], [oy, ox]);
      const taps = rf(oy, ox).taps;
      const key = (inputIndex, weightIndex) => `${inputIndex}/${weightIndex}`;
      if (s.op === 'convTranspose2d') {
        // the window's real input cells are the API's (input, weight) pairs; the rest read 0
        const lit = step.cells.filter((c) => ig.kinds[c.r * ig.cols + c.c] === CELL.input)
          .map((c) => key(c.inputIndex, c.weightIndex)).sort();
        assert.deepEqual(lit, taps.map((tp) => key(tp.inputIndex, tp.weightIndex)).sort(), `${label} step ${k}: highlighted = receptive field`);
        for (const c of step.cells) if (ig.kinds[c.r * ig.cols + c.c] !== CELL.input) assert.equal(c.read, 0);
        // every input cell sits where the stretched input puts it
        for (const c of step.cells.filter((x) => x.inputIndex >= 0)) {
          const plane = c.inputIndex % (H * W);
          const [ey, ex] = m.axes.map(stretchedExtent);
          assert.equal(c.r - ig.top, ey.P + Math.floor(plane / W) * m.axes[0].stride);
          assert.equal(c.c - ig.left, ex.P + (plane % W) * m.axes[1].stride);
        }
      } else {
        // every tap of the API is drawn at its padded position, and nothing else
        const drawn = step.cells.map((c) => `${m.channels[c.plane]},${c.r - ig.top},${c.c - ig.left}|${key(c.inputIndex, c.weightIndex)}`).sort();
        const api = taps.map((tp) => `${tp.input[1]},${tp.input[2]},${tp.input[3]}|${key(tp.inputIndex, tp.weightIndex)}`).sort();
        assert.deepEqual(drawn, api, `${label} step ${k}: highlighted = receptive field`);
        for (const c of step.cells) {
          const inside = c.r - ig.top >= 0 && c.r - ig.top < H && c.c - ig.left >= 0 && c.c - ig.left < W;
          assert.equal(ig.kinds[c.r * ig.cols + c.c] === CELL.input, inside);
        }
      }
      // what is drawn adds up to what was computed
      const scale = step.cells.reduce((a, c) => a + Math.abs(c.read * (c.weight ?? 1)), 0);
      if (s.op === 'maxPool2d') assert.equal(step.sum, out(oy, ox), `${label} step ${k}`);
      else near(step.sum, out(oy, ox), scale, `${label} step ${k}: sum`);
      assert.equal(step.out.value, out(oy, ox));
      for (const c of step.cells) assert.ok(m.channels.includes(m.channels[c.plane]) && c.plane >= 0);
    });
  } else {
    // scatter: one step per input cell of the group; per output, its contributions = its taps
    const cinPerGroup = Cin / s.groups;
    assert.equal(m.steps.length, cinPerGroup * H * W);
    const got = new Map();
    for (const step of m.steps) {
      for (const tg of step.targets) {
        if (tg.cropped) continue;
        const k = tg.oy * Wo + tg.ox;
        if (!got.has(k)) got.set(k, []);
        got.get(k).push(`${step.in.flat}/${tg.weightIndex}`);
      }
    }
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        const api = rf(oy, ox).taps.map((tp) => `${tp.inputIndex}/${tp.weightIndex}`).sort();
        assert.deepEqual((got.get(oy * Wo + ox) ?? []).sort(), api, `${label}: output [${oy}, ${ox}] receives its receptive field`);
      }
    }
    const { sums } = scatterSums(m, m.steps.length - 1);
    const og = m.outGrid;
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        near(sums[(oy + og.top) * og.cols + ox + og.left], out(oy, ox), 100, `${label}: scattered sum at [${oy}, ${ox}]`);
      }
    }
  }
}

// the same translation compute.js makes (its apiSpec), spelled out so the test does not trust it
function optionsOf(s) {
  if (s.op.startsWith('adaptive')) return { outputSize: s.output_size };
  if (s.op === 'lpPool2d') {
    const stride = s.stride ? { stride: s.stride } : {};
    return { normType: s.norm_type, kernelSize: s.kernel_size, ceilMode: s.ceil_mode, ...stride };
  }
  const o = { padding: s.padding };
  if (s.stride !== null) o.stride = s.stride;
  if (s.op === 'conv2d') Object.assign(o, { dilation: s.dilation, groups: s.groups, paddingMode: s.padding_mode, weightShape: s.tensors.weight.shape, bias: s.bias });
  if (s.op === 'convTranspose2d') {
    Object.assign(o, {
      dilation: s.dilation, groups: s.groups, outputPadding: s.output_padding, weightShape: s.tensors.weight.shape,
      bias: s.bias,
    });
    if (s.output_size) o.outputSize = s.output_size;
  }
  if (s.op === 'maxPool2d') Object.assign(o, { kernelSize: s.kernel_size, dilation: s.dilation, ceilMode: s.ceil_mode });
  if (s.op === 'avgPool2d') {
    Object.assign(o, { kernelSize: s.kernel_size, ceilMode: s.ceil_mode, countIncludePad: s.count_include_pad });
    if (s.divisor_override !== null) o.divisorOverride = s.divisor_override;
  }
  return o;
}

/** The transposed convolution computed independently from the direct view's stretched picture. */
function directViewOutput(m) {
  return m.steps.map((st) => st.cells.reduce((a, c) => a + c.read * c.weight, 0) + (m.bias ? m.bias[m.c] : 0));
}

describe('conv_arithmetic presets', () => {
  test('fifteen paper cases, with the paper’s names and exact sizes, plus the kernel-2 stride-2 transposed case', () => {
    const names = CONV_ARITHMETIC_PRESETS.map((p) => t('en', p.title).replace(/ \([^()]*\)$/, ''));
    for (const n of ['No padding, no strides', 'Arbitrary padding, no strides', 'Half padding, no strides', 'Full padding, no strides',
      'No padding, strides', 'Padding, strides', 'Padding, strides (odd)', 'Dilation', 'Kernel 2, stride 2, transposed']) {
      assert.ok(names.includes(n), n);
    }
    assert.equal(names.filter((n) => n.endsWith(', transposed')).length, 8); // seven from the paper + k2 s2
    assert.equal(CONV_ARITHMETIC_PRESETS.filter((p) => p.state().op.startsWith('conv')).length, 16);
    for (const p of CONV_ARITHMETIC_PRESETS) {
      const s = p.state();
      const r = spec(s);
      assert.equal(s.input_size[0], p.sizes[0], p.id);
      assert.deepEqual(r.output.shape.slice(2), [p.sizes[1], p.sizes[1]], `${p.id}: ${p.sizes.join(' → ')}`);
      assert.ok(presetState(p.id), `${p.id} loads through presetState`);
    }
    // the transposed cases are the transposes of the direct ones: same kernel, stride, padding, sizes swapped
    for (const p of CONV_ARITHMETIC_PRESETS.filter((x) => x.id.endsWith('-transposed') && x.id !== 'ca-k2-s2-transposed')) {
      const d = CONV_ARITHMETIC_PRESETS.find((x) => x.id === p.id.replace(/-transposed$/, ''));
      const [a, b] = [d.state(), p.state()];
      assert.deepEqual([b.kernel_size, b.stride, b.padding], [a.kernel_size, a.stride, a.padding], p.id);
      assert.deepEqual(p.sizes, [...d.sizes].reverse(), p.id);
    }
  });

  for (const p of CONV_ARITHMETIC_PRESETS) {
    test(`${p.id}: highlighted cells = receptive field, sums = output (every view)`, () => {
      const s = p.state();
      const r = spec(s);
      for (const view of s.op === 'convTranspose2d' ? ['direct', 'scatter'] : ['direct']) {
        const built = buildAnimation(cl, s, r, { view });
        assert.equal(built.ok, true);
        assert.equal(built.model.view, view);
        checkModel(s, r, built.model, `${p.id} (${view})`);
      }
    });
  }

  test('transposed: the direct view and the scatter view give convTranspose2d’s numbers', () => {
    for (const p of CONV_ARITHMETIC_PRESETS.filter((x) => x.state().op === 'convTranspose2d')) {
      const s = p.state();
      const r = spec(s);
      const direct = buildAnimation(cl, s, r, { view: 'direct' }).model;
      const scatter = buildAnimation(cl, s, r, { view: 'scatter' }).model;
      const expected = cl.convTranspose2d({ shape: s.tensors.input.shape, data: s.tensors.input.values },
        { shape: s.tensors.weight.shape, data: s.tensors.weight.values },
        { stride: s.stride, padding: s.padding, outputPadding: s.output_padding, dilation: s.dilation }).data;
      assert.deepEqual(directViewOutput(direct), Array.from(expected), `${p.id}: direct view`);
      const { sums } = scatterSums(scatter, scatter.steps.length - 1);
      const og = scatter.outGrid;
      const [, , Ho, Wo] = r.output.shape;
      const scattered = [];
      for (let y = 0; y < Ho; y++) {
        for (let x = 0; x < Wo; x++) scattered.push(sums[(y + og.top) * og.cols + x + og.left]);
      }
      assert.deepEqual(scattered, Array.from(expected), `${p.id}: scatter view`);
    }
  });

  test('the stretched input of "padding, strides (odd), transposed": zeros between, padding 1, output_padding at the bottom/right', () => {
    const s = presetState('ca-padding-strides-odd-transposed');
    const m = buildAnimation(cl, s, spec(s), { view: 'direct' }).model;
    assert.deepEqual([m.inGrid.rows, m.inGrid.cols], [8, 8]); // (3−1)·2 + 1 + 2·1 + 1
    const row = (r) => Array.from({ length: 8 }, (_, c) => m.inGrid.kinds[r * 8 + c]);
    assert.deepEqual(row(0), ['pad', 'pad', 'pad', 'pad', 'pad', 'pad', 'pad', 'opad']);
    assert.deepEqual(row(1), ['pad', 'in', 'zero', 'in', 'zero', 'in', 'pad', 'opad']);
    assert.deepEqual(row(2), ['pad', 'zero', 'zero', 'zero', 'zero', 'zero', 'pad', 'opad']);
    assert.deepEqual(row(7), new Array(8).fill('opad'));
  });

  test('pooling: ceil_mode’s partial windows reach beyond the padding; a dropped window is drawn as a ghost', () => {
    const avg = presetState('ca-avg-pool-ceil');
    const a = buildAnimation(cl, avg, spec(avg)).model;
    assert.ok(a.kinds.has(CELL.over));
    assert.equal(a.steps[a.steps.length - 1].divisor, 1); // the corner window holds one real cell
    const max = presetState('ca-max-pool-ceil-dropped');
    const m = buildAnimation(cl, max, spec(max)).model;
    const info = spec(max).info;
    assert.equal(info.axes[0].droppedLastWindow, true);
    assert.ok(m.ghosts.length > 0);
    // the ghost starts in the right padding: column W + padding − 1 = 5, i.e. grid column 6
    assert.ok(m.ghosts.every((g) => g.c0 === 6 || g.r0 === 6), JSON.stringify(m.ghosts));
    assert.ok(m.steps.every((st) => st.winner), 'max pool marks its winner at every step');
  });
});

describe('playground presets and groups', () => {
  for (const p of [...TUTORIAL_PRESETS, ...LAYER_PRESETS, ...POOL_PRESETS]) {
    test(`${p.id}: every output plane animates its group`, () => {
      const s = p.state();
      const r = spec(s);
      const planes = outputPlanes(r);
      for (const [n, c] of planes.slice(0, 4)) {
        const built = buildAnimation(cl, s, r, { batch: n, channel: c, view: 'scatter' });
        if (!built.ok) {
          assert.equal(built.key, 'animTooLarge', p.id);
          continue;
        }
        checkModel(s, r, built.model, `${p.id} [${n}, ${c}]`);
      }
    });
  }

  test('depthwise: output channel 2 reads input channel 2 only; grouped: its group', () => {
    const s = presetState('depthwise');
    const m = buildAnimation(cl, s, spec(s), { channel: 2 }).model;
    assert.deepEqual(m.channels, [2]);
    const g = makeState({ in_channels: 4, out_channels: 4, groups: 2, input_size: [4, 4], tensors: { input: { kind: 'random' }, weight: { kind: 'random' } } });
    const mg = buildAnimation(cl, g, spec(g), { channel: 3 }).model;
    assert.deepEqual(mg.channels, [2, 3]);
    assert.equal(mg.group, 1);
  });

  test('too large to animate: a message key, and no receptiveField calls', () => {
    const s = presetState('large');
    const calls = { n: 0 };
    const spy = { ...cl, receptiveField: (...a) => (calls.n++, cl.receptiveField(...a)) };
    const built = buildAnimation(spy, s, spec(s));
    assert.equal(built.ok, false);
    assert.equal(built.key, 'animTooLarge');
    assert.equal(calls.n, 0);
  });

  test('a cache keeps the receptive fields across data edits', () => {
    const s = presetState('conv-s2-p1');
    const cache = { key: null };
    const calls = { n: 0 };
    const spy = { ...cl, receptiveField: (...a) => (calls.n++, cl.receptiveField(...a)) };
    buildAnimation(spy, s, spec(s), { cache, cacheKey: 'k' });
    const first = calls.n;
    buildAnimation(spy, s, spec(s), { cache, cacheKey: 'k' });
    assert.equal(calls.n, first);
  });
});

describe('seeded random configurations', () => {
  const seed = Number(process.env.SEED ?? 20261205);
  test(`random configurations (seed ${seed}): highlighted = receptive field, sums = output`, () => {
    const rnd = mulberry32(seed);
    const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
    const pick = (a) => a[Math.floor(rnd() * a.length)];
    let checked = 0;
    for (let i = 0; i < 400 && checked < 120; i++) {
      const op = pick(['conv2d', 'convTranspose2d', 'maxPool2d', 'avgPool2d']);
      const groups = op.startsWith('conv') ? pick([1, 1, 2]) : 1;
      const k = [int(1, 4), int(1, 4)];
      const f = {
        op, groups,
        in_channels: groups * int(1, 2), out_channels: groups * int(1, 2), batch: int(1, 2),
        input_size: [int(2, 7), int(2, 7)], kernel_size: k,
        stride: [int(1, 3), int(1, 3)],
        padding: [int(0, 2), int(0, 2)],
        dilation: op === 'avgPool2d' ? [1, 1] : [int(1, 2), int(1, 2)],
        bias: rnd() < 0.5,
        ceil_mode: rnd() < 0.5,
        count_include_pad: rnd() < 0.5,
        padding_mode: op === 'conv2d' ? pick(['zeros', 'zeros', 'reflect', 'replicate', 'circular']) : 'zeros',
      };
      if (op === 'convTranspose2d') f.output_padding = [int(0, Math.max(f.stride[0], f.dilation[0]) - 1), int(0, Math.max(f.stride[1], f.dilation[1]) - 1)];
      const s = makeState({ ...f, tensors: { input: { kind: 'random', seed: i }, weight: { kind: 'random', seed: i + 1 }, bias: { kind: 'random', seed: i + 2 } } });
      const r = evaluate(cl, s);
      if (!r.ok) continue;
      const planes = outputPlanes(r);
      const [n, c] = pick(planes);
      for (const view of op === 'convTranspose2d' ? ['direct', 'scatter'] : ['direct']) {
        const built = buildAnimation(cl, s, r, { batch: n, channel: c, view });
        if (!built.ok) continue;
        checkModel(s, r, built.model, `seed ${seed} #${i} ${JSON.stringify(f)} [${n}, ${c}] ${view}`);
        checked++;
      }
    }
    assert.ok(checked >= 60, `only ${checked} configurations were valid`);
  });
});

describe('adaptive pools and LPPool2d', () => {
  const random = mulberry32(13);
  const states = [];
  for (let i = 0; i < 12; i++) {
    const op = ['adaptiveAvgPool2d', 'adaptiveMaxPool2d', 'lpPool2d'][i % 3];
    const input_size = [2 + Math.floor(random() * 6), 2 + Math.floor(random() * 6)];
    const size = (n) => (random() < 0.2 ? null : 1 + Math.floor(random() * (n + 2)));
    const fields = op === 'lpPool2d'
      ? {
        norm_type: [1, 2, 3, 1.5][i % 4], kernel_size: [2, 1 + (i % 3)], stride: random() < 0.5 ? null : [1, 2],
        ceil_mode: random() < 0.5,
      }
      : { output_size: [size(input_size[0]), size(input_size[1])] };
    states.push(makeState({ op, in_channels: 2, input_size, ...fields, tensors: { input: { kind: 'random', seed: i } } }));
  }
  for (const [i, s] of states.entries()) {
    test(`#${i} ${s.op}: every tap drawn is the API's, and each window adds up to the output`, () => {
      const r = spec(s);
      assert.equal(r.ok, true, r.error?.message);
      for (const [n, c] of outputPlanes(r).slice(0, 2)) checkModel(s, r, buildAnimation(cl, s, r, { batch: n, channel: c }).model, `#${i}`);
    });
  }

  test('an adaptive window changes size from cell to cell: its outline is [⌊i·H/out⌋, ⌈(i+1)·H/out⌉) on each axis', () => {
    const s = makeState({ op: 'adaptiveMaxPool2d', input_size: [5, 7], output_size: [3, 4], tensors: { input: { kind: 'random' } } });
    const m = buildAnimation(cl, s, spec(s)).model;
    const rows = adaptiveWindows(5, 3);
    const cols = adaptiveWindows(7, 4);
    assert.deepEqual(rows, [[0, 2], [1, 4], [3, 5]]);
    assert.deepEqual(cols, [[0, 2], [1, 4], [3, 6], [5, 7]]);
    m.steps.forEach((st, k) => {
      const [r0, r1] = rows[Math.floor(k / 4)];
      const [c0, c1] = cols[k % 4];
      assert.deepEqual(st.outline, { r0, r1: r1 - 1, c0, c1: c1 - 1 }, `step ${k}`);
      assert.equal(st.cells.length, (r1 - r0) * (c1 - c0));
    });
    assert.notEqual(m.steps[0].cells.length, m.steps[5].cells.length, 'windows of 2×2 and 3×3 cells');
    assert.ok(m.steps.every((st) => st.winner), 'the max is marked at every step');
  });
});

describe('the 1-D ops: one-row planes', () => {
  // the API's spelling of a 1-D state, written out so the test does not trust compute.js
  function oneDSpec(s) {
    const o = { op: s.op, inputShape: s.tensors.input.shape };
    if (s.op.startsWith('adaptive')) return { ...o, outputSize: s.output_size };
    Object.assign(o, { padding: s.padding, ...(s.stride === null ? {} : { stride: s.stride }) });
    if (s.op.startsWith('conv')) {
      Object.assign(o, { dilation: s.dilation, groups: s.groups, weightShape: s.tensors.weight.shape, bias: s.bias });
      if (s.op === 'convTranspose1d') o.outputPadding = s.output_padding;
      return o;
    }
    Object.assign(o, { kernelSize: s.kernel_size, ceilMode: s.ceil_mode });
    return s.op === 'maxPool1d' ? { ...o, dilation: s.dilation } : { ...o, countIncludePad: s.count_include_pad };
  }

  const random = mulberry32(17);
  const pick = (n) => Math.floor(random() * n);
  const states = [];
  for (let i = 0; i < 24; i++) {
    const op = ['conv1d', 'convTranspose1d', 'maxPool1d', 'avgPool1d', 'adaptiveAvgPool1d', 'adaptiveMaxPool1d'][i % 6];
    const k = 1 + pick(3);
    const fields = op.startsWith('adaptive') ? { output_size: 1 + pick(6) }
      : {
        kernel_size: k, stride: 1 + pick(2), padding: pick(Math.floor(k / 2) + 1), dilation: op === 'avgPool1d' ? 1 : 1 + pick(2),
        ceil_mode: random() < 0.3, bias: random() < 0.5, out_channels: 1 + pick(2),
      };
    states.push(makeState({
      op, in_channels: 1 + pick(2), input_size: 4 + pick(6), ...fields,
      tensors: { input: { kind: 'random', seed: i }, weight: { kind: 'random', seed: 100 + i } },
    }));
  }
  for (const [i, s] of states.entries()) {
    test(`#${i} ${s.op}: one step per output cell, its cells the API's taps at [0, l], adding up to the output`, () => {
      const r = spec(s);
      assert.equal(r.ok, true, r.error?.message);
      assert.equal(r.output.shape.length, 3);
      const [, C, L] = r.output.shape;
      const m = buildAnimation(cl, s, r, { channel: C - 1 }).model;
      assert.equal(m.inGrid.rows, 1, 'one row');
      assert.equal(m.steps.length, L);
      m.steps.forEach((step, l) => {
        const taps = cl.receptiveField(oneDSpec(s), [0, C - 1, l]).taps;
        if (s.op !== 'convTranspose1d') {
          const drawn = step.cells.map((c) => `${c.r - m.inGrid.top},${c.c - m.inGrid.left}|${c.inputIndex}/${c.weightIndex}`).sort();
          assert.deepEqual(drawn, taps.map((tp) => `0,${tp.input[3]}|${tp.inputIndex}/${tp.weightIndex}`).sort(), `step ${l}`);
        } else {
          const lit = step.cells.filter((c) => c.inputIndex >= 0).map((c) => `${c.inputIndex}/${c.weightIndex}`).sort();
          assert.deepEqual(lit, taps.map((tp) => `${tp.inputIndex}/${tp.weightIndex}`).sort(), `step ${l}`);
        }
        const want = r.output.data[(C - 1) * L + l];
        assert.equal(step.out.value, want);
        const scale = step.cells.reduce((a, c) => a + Math.abs(c.read * (c.weight ?? 1)), 0);
        if (s.op.includes('ax')) assert.equal(step.sum, want, `step ${l}: the max`);
        else near(step.sum, want, scale, `step ${l}: sum`);
      });
    });
  }

  test('the title and file name speak of one axis: Conv1d(…): 8 → 8, conv1d_k3_…_8', async () => {
    const { describe: title } = await import('../../web/ui/animation/animation-render.js');
    const { baseName } = await import('../../web/ui/animation/export-names.js');
    const s = presetState('conv1d');
    const m = buildAnimation(cl, s, spec(s)).model;
    assert.equal(title(m), 'Conv1d(kernel_size=3, stride=1, padding=1, dilation=1): 8 → 8');
    assert.equal(baseName(m), 'conv1d_k3_s1_p1_d1_8_n0c0');
    const a = presetState('adaptive-avg-pool1d');
    const ma = buildAnimation(cl, a, spec(a)).model;
    assert.equal(title(ma), 'AdaptiveAvgPool1d(output_size=3): 7 → 3');
    assert.deepEqual(ma.steps.map((st) => st.cells.length), adaptiveWindows(7, 3).map(([b, e]) => e - b));
  });
});
