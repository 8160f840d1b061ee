// The gradients (conv2dBackward, maxPool2dBackward, avgPool2dBackward) through the JS API, in both
// builds, checked three ways: every case of tests/fixtures/gradients/ (the naive reference's gradients,
// PyTorch's rejections by code); central finite differences in float64 of the reference's forward op
// (double sums) on small seeded cases; seeded differential configurations against the reference's
// gradients. Plus the options, their types and the errors of the API.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { FIXTURES_DIR, assertTensorClose, expectError, fixtureTensor, loadVariants, mulberry32, parseNum } from './helpers.mjs';
import { GRADIENT_OPS, describeConfig, gradientConfigFor } from '../reference/differential.mjs';
import { gradients, reference, sumAccepts } from '../reference/torch-reference.mjs';

const variants = await loadVariants();

/** Fixture op (PyTorch's name) → convlens method. */
const METHOD = { conv2d_backward: 'conv2dBackward', max_pool2d_backward: 'maxPool2dBackward', avg_pool2d_backward: 'avgPool2dBackward' };
const gradientsDir = path.join(FIXTURES_DIR, 'gradients');
const files = readdirSync(gradientsDir).filter((f) => f.endsWith('.json')).sort();
const cases = files.flatMap((f) => JSON.parse(readFileSync(path.join(gradientsDir, f), 'utf8')));
const camel = (k) => k.replace(/_([a-z])/g, (_, ch) => ch.toUpperCase());

/** Calls a backward op of `cl` the way its signature takes the tensors. */
function backward(cl, op, gradOutput, input, weight, opts) {
  return op === 'conv2dBackward' ? cl.conv2dBackward(gradOutput, input, weight, opts) : cl[op](gradOutput, input, opts);
}

/** The result of a backward op as { gradInput, gradWeight?, gradBias? }. */
const asGradients = (op, r) => (op === 'conv2dBackward' ? r : { gradInput: r });

test('gradient fixture counts', () => {
  assert.deepEqual(files, ['avg_pool2d_backward.json', 'conv2d_backward.json', 'max_pool2d_backward.json']);
  assert.equal(cases.length, 174);
  assert.equal(cases.filter((c) => c.error).length, 38);
});

for (const { name: variant, cl } of variants) {
  describe(`gradient fixtures [${variant}]`, () => {
    for (const c of cases) {
      test(c.name, () => {
        const op = METHOD[c.op];
        const byRole = (role) => c.inputs.find((i) => i.role === role);
        const opts = Object.fromEntries(Object.entries(c.attrs_pytorch).map(([k, v]) => [camel(k), typeof v === 'string' && k !== 'padding' && k !== 'padding_mode' ? parseNum(v) : v]));
        const weight = byRole('weight') && fixtureTensor(byRole('weight'));
        const call = () => backward(cl, op, fixtureTensor(byRole('grad_output')), fixtureTensor(byRole('input')), weight, opts);
        const label = `[${variant}] ${c.name}`;
        if (c.error) {
          expectError(call, c.error, [], label);
          return;
        }
        const got = asGradients(op, call());
        const expected = Object.fromEntries(c.outputs.map((o) => [camel(o.role), fixtureTensor(o)]));
        assertTensorClose(got.gradInput, expected.gradInput, `${label}: gradInput`);
        if (op !== 'conv2dBackward') return;
        assertTensorClose(got.gradWeight, expected.gradWeight, `${label}: gradWeight`);
        if (expected.gradBias) assertTensorClose(got.gradBias, expected.gradBias, `${label}: gradBias`);
        else assert.equal(got.gradBias, null, `${label}: no bias, no gradBias`);
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Central finite differences of the reference's forward op, in float64
// ---------------------------------------------------------------------------------------------

const STEP = 1e-3;

/** Σ g·f(…) for the reference's forward op (its sums are in double). */
function loss(op, g, input, weight, opts) {
  const y = reference(op, input, weight, opts);
  assert.ok(!y.error, `forward: ${y.reason}`);
  let sum = 0;
  for (let i = 0; i < g.length; i++) sum += g[i] * y.data[i];
  return sum;
}

/** d loss / d t.data[i] for every i, by (loss(t + h) − loss(t − h)) / 2h. */
function finiteDifferences(t, evaluate) {
  const d = new Float64Array(t.data.length);
  for (let i = 0; i < t.data.length; i++) {
    const kept = t.data[i];
    t.data[i] = kept + STEP;
    const up = evaluate();
    t.data[i] = kept - STEP;
    const down = evaluate();
    t.data[i] = kept;
    d[i] = (up - down) / (2 * STEP);
  }
  return d;
}

function assertNear(got, want, label) {
  assert.equal(got.length, want.length, `${label}: length`);
  for (let i = 0; i < want.length; i++)
    assert.ok(Math.abs(got[i] - want[i]) <= 1e-4 * (1 + Math.abs(want[i])), `${label}: element ${i} is ${got[i]}, finite differences give ${want[i]}`);
}

const CONV_CASES = [
  {}, { stride: 2, padding: 1 }, { padding: 'same', dilation: 2 }, { groups: 2, stride: [1, 2] }, { padding: 'valid', dilation: [1, 2] },
  { padding: 1, paddingMode: 'reflect' }, { padding: [2, 1], paddingMode: 'replicate' }, { padding: 'same', paddingMode: 'circular' },
  { padding: [1, 2], stride: 2, paddingMode: 'circular', groups: 2 },
];
const POOL_CASES = [
  ['maxPool2d', { kernelSize: 2 }], ['maxPool2d', { kernelSize: 3, stride: 1, padding: 1 }],
  ['maxPool2d', { kernelSize: [2, 3], stride: 2, dilation: 2, ceilMode: true }], ['maxPool2d', { kernelSize: 3, stride: 2, ceilMode: true, padding: 1 }],
  ['avgPool2d', { kernelSize: 2 }], ['avgPool2d', { kernelSize: 3, stride: 2, padding: 1 }],
  ['avgPool2d', { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false, ceilMode: true }],
  ['avgPool2d', { kernelSize: [2, 3], stride: [1, 2], divisorOverride: 5 }], ['avgPool2d', { kernelSize: 3, stride: 2, ceilMode: true }],
];

describe('finite differences', () => {
  CONV_CASES.forEach((opts, k) => {
    test(`conv2d ${JSON.stringify(opts)}: gradInput, gradWeight and gradBias`, () => {
      const next = mulberry32(7000 + k);
      const groups = opts.groups ?? 1;
      const int = (lo, span) => lo + Math.floor(next() * span);
      const [n, cin, cout, kh, kw] = [int(1, 2), 2 * groups, 2 * groups, int(2, 2), int(2, 2)];
      const [h, w] = [5 + Math.floor(next() * 3), 5 + Math.floor(next() * 3)];
      const random = (count) => Float64Array.from({ length: count }, () => next() * 2 - 1);
      const x = { shape: [n, cin, h, w], data: random(n * cin * h * w) };
      const wt = { shape: [cout, cin / groups, kh, kw], data: random(cout * (cin / groups) * kh * kw) };
      const bias = { shape: [cout], data: random(cout) };
      const out = reference('conv2d', x, wt, { ...opts, bias });
      const g = random(out.data.length);
      const evaluate = () => loss('conv2d', g, x, wt, { ...opts, bias });
      const want = {
        gradInput: finiteDifferences(x, evaluate),
        gradWeight: finiteDifferences(wt, evaluate),
        gradBias: finiteDifferences(bias, evaluate),
      };
      for (const { name, cl } of variants) {
        const got = cl.conv2dBackward({ shape: out.shape, data: g }, x, wt, { ...opts, bias: true });
        for (const key of ['gradInput', 'gradWeight', 'gradBias']) assertNear(got[key].data, want[key], `[${name}] ${key}`);
      }
    });
  });

  POOL_CASES.forEach(([op, opts], k) => {
    test(`${op} ${JSON.stringify(opts)}: gradInput`, () => {
      const next = mulberry32(8000 + k);
      const [n, c, h, w] = [1 + Math.floor(next() * 2), 2, 5 + Math.floor(next() * 4), 5 + Math.floor(next() * 4)];
      // Distinct values 0.01 apart: no perturbation of STEP changes a window's maximum.
      const order = Array.from({ length: n * c * h * w }, (_, i) => i).sort(() => next() - 0.5);
      const x = { shape: [n, c, h, w], data: Float64Array.from(order, (i) => i * 0.01 - 1) };
      const out = reference(op, x, undefined, opts);
      const g = Float64Array.from(out.data, () => next() * 2 - 1);
      const want = finiteDifferences(x, () => loss(op, g, x, undefined, opts));
      for (const { name, cl } of variants) assertNear(cl[`${op}Backward`]({ shape: out.shape, data: g }, x, opts).data, want, `[${name}]`);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Differential: seeded configurations against the reference's gradients
// ---------------------------------------------------------------------------------------------

const SEED = 20261204;
const PER_OP = 300;

for (const op of Object.keys(GRADIENT_OPS)) {
  test(`differential: ${PER_OP} configurations of ${op} in both builds`, () => {
    let values = 0;
    for (let i = 0; i < PER_OP; i++) {
      const cfg = gradientConfigFor(op, SEED, i);
      const ref = gradients(op, cfg.gradOutput, cfg.input, cfg.weight, cfg.opts);
      const label = `${op} config ${i} (seed ${SEED}): ${describeConfig({ ...cfg, op: GRADIENT_OPS[op] })}`;
      for (const { name, cl } of variants) {
        const call = () => backward(cl, op, cfg.gradOutput, cfg.input, cfg.weight, cfg.opts);
        if (ref.error) {
          expectError(call, ref.error, [], `[${name}] ${label}`);
          continue;
        }
        const got = asGradients(op, call());
        for (const key of ['gradInput', 'gradWeight', 'gradBias']) {
          if (!(key in ref) || (key === 'gradBias' && op !== 'conv2dBackward')) continue;
          if (ref[key] === null) {
            assert.equal(got[key], null, `[${name}] ${label}: ${key}`);
            continue;
          }
          assert.deepEqual(got[key].shape, ref[key].shape, `[${name}] ${label}: ${key} shape`);
          for (let e = 0; e < ref[key].data.length; e++) {
            if (!sumAccepts(got[key].data[e], ref[key].data[e], ref[key].bound[e], ref[key].overflow[e]))
              assert.fail(`[${name}] ${label}: ${key}[${e}] is ${got[key].data[e]}, the reference ${ref[key].data[e]} ± ${ref[key].bound[e]}`);
          }
        }
      }
      if (!ref.error) values++;
    }
    assert.ok(values > PER_OP / 2, `${values} of ${PER_OP} configurations have gradients`);
  });
}

// ---------------------------------------------------------------------------------------------
// The API
// ---------------------------------------------------------------------------------------------

for (const { name: variant, cl } of variants) {
  describe(`gradient API [${variant}]`, () => {
    const x = { shape: [1, 1, 3, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]) };
    const w = { shape: [2, 1, 2, 2], data: Float32Array.from([1, 0, 0, 1, 0, 1, 1, 0]) };
    const g = { shape: [1, 2, 2, 2], data: Float32Array.from([1, 1, 1, 1, 1, 2, 3, 4]) };

    test('conv2dBackward: the three gradients, shaped as their tensors; bias true, a bias, or none', () => {
      const r = cl.conv2dBackward(g, x, w, { bias: true });
      assert.deepEqual(r.gradInput.shape, [1, 1, 3, 3]);
      // channel 0 (identity diagonal) spreads ones; channel 1 (anti-diagonal) spreads 1, 2, 3, 4
      assert.deepEqual(Array.from(r.gradInput.data), [1, 1 + 1, 2, 1 + 1, 1 + 1 + 2 + 3, 1 + 4, 3, 1 + 4, 1]);
      assert.deepEqual(r.gradWeight.shape, [2, 1, 2, 2]);
      assert.deepEqual(Array.from(r.gradWeight.data), [12, 16, 24, 28, 37, 47, 67, 77]);
      assert.deepEqual(r.gradBias, { shape: [2], data: Float32Array.from([4, 10]) });
      assert.deepEqual(cl.conv2dBackward(g, x, w, { bias: [5, 6] }).gradBias.data, Float32Array.from([4, 10]));
      for (const none of [undefined, null, false])
        assert.equal(cl.conv2dBackward(g, x, w, { bias: none }).gradBias, null, String(none));
      assert.equal(cl.conv2dBackward(g, x, w).gradBias, null);
      // unbatched in, unbatched out
      const u = cl.conv2dBackward({ shape: [2, 2, 2], data: g.data }, { shape: [1, 3, 3], data: x.data }, w);
      assert.deepEqual(u.gradInput.shape, [1, 3, 3]);
      assert.deepEqual(u.gradInput.data, r.gradInput.data);
    });

    test('errors: the forward op\'s checks, then grad_output\'s shape; option names and types', () => {
      expectError(() => cl.conv2dBackward({ shape: [1, 2, 3, 3], data: new Float32Array(18) }, x, w), 'SHAPE_MISMATCH',
        [/^Mismatch in shape: grad_output has a shape of \[1, 2, 3, 3\] and output has a shape of \[1, 2, 2, 2\]$/]);
      expectError(() => cl.conv2dBackward(g, x, w, { bias: [1, 2, 3] }), 'SHAPE_MISMATCH', [/bias/]);
      expectError(() => cl.conv2dBackward(g, x, w, { groups: 2 }), 'SHAPE_MISMATCH', [/groups=2/]);
      expectError(() => cl.conv2dBackward(g, x, w, { padding: 'same', stride: 2 }), 'INVALID_ARGUMENT', [/strided/]);
      expectError(() => cl.conv2dBackward(g, x, w, { out: new Float32Array(9) }), 'UNKNOWN_OPTION', [/'out'/]);
      expectError(() => cl.conv2dBackward(g, x, w, { padding_mode: 'reflect' }), 'UNKNOWN_OPTION', [/did you mean 'paddingMode'/]);
      expectError(() => cl.conv2dBackward(g, x, w, { stride: null }), 'INVALID_TYPE', [/stride/]);
      expectError(() => cl.conv2dBackward(undefined, x, w), 'INVALID_TYPE', [/'gradOutput'/]);
      expectError(() => cl.conv2dBackward({ shape: [1, 2, 2, 2], data: [1, 2] }, x, w), 'INVALID_SHAPE', [/gradOutput/]);
      const e = expectError(() => cl.maxPool2dBackward(g, x, { kernelSize: 2 }), 'SHAPE_MISMATCH');
      assert.equal(e.argument, 'grad_output');
      expectError(() => cl.maxPool2dBackward({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, x, {}), 'INVALID_TYPE', [/kernelSize/]);
      expectError(() => cl.maxPool2dBackward({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, x, { kernelSize: 2, returnIndices: true }), 'UNKNOWN_OPTION');
      expectError(() => cl.avgPool2dBackward({ shape: [1, 1, 1, 1], data: [1] }, x, { kernelSize: 2, divisorOverride: 0 }), 'INVALID_ARGUMENT', [/divisor/]);
      const inherited = Object.create({ kernelSize: 2 });
      expectError(() => cl.avgPool2dBackward({ shape: [1, 1, 1, 1], data: [1] }, x, inherited), 'INVALID_TYPE', [/kernelSize/]);
      // After every error the module still computes.
      assert.deepEqual(cl.conv2dBackward(g, x, w, { bias: true }).gradBias.data, Float32Array.from([4, 10]));
    });

    test('maxPool2dBackward and avgPool2dBackward: winners and divisors', () => {
      const up = { shape: [1, 1, 2, 2], data: Float32Array.from([1, 2, 3, 4]) };
      // MaxPool2d(2, stride 1) on 1…9: the windows' maxima are 5, 6, 8, 9.
      assert.deepEqual(Array.from(cl.maxPool2dBackward(up, x, { kernelSize: 2, stride: 1 }).data),
        [0, 0, 0, 0, 1, 2, 0, 3, 4]);
      // AvgPool2d(2, stride 1): each window spreads a quarter; the center is in all four.
      assert.deepEqual(Array.from(cl.avgPool2dBackward(up, x, { kernelSize: 2, stride: 1 }).data),
        [0.25, 0.75, 0.5, 1, 2.5, 1.5, 0.75, 1.75, 1]);
      const ties = { shape: [1, 2, 2], data: Float32Array.from([7, 7, 7, 7]) };
      const tied = cl.maxPool2dBackward({ shape: [1, 1, 1], data: [5] }, ties, { kernelSize: 2 });
      assert.deepEqual(Array.from(tied.data), [5, 0, 0, 0]);
    });
  });
}
