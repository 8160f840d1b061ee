// Differential testing against an independent reference of PyTorch's semantics
// (tests/reference/torch-reference.mjs): 10 000 seeded configurations per op of OPS, for the SIMD and the
// scalar build, plus regressions kept as explicit cases. Set CONVLENS_FUZZ_SEED to try another seed;
// `npm run fuzz` runs any number of configurations.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { loadVariants, expectError } from './helpers.mjs';
import { OPS, runDifferential, formatFailure } from '../reference/differential.mjs';
import { reference } from '../reference/torch-reference.mjs';

const PER_OP = 10_000;
const SHOWN_FAILURES = 5;

function fuzzSeed() {
  const env = process.env.CONVLENS_FUZZ_SEED;
  if (env === undefined || env === '') return 20260214;
  const n = Number(env);
  if (!Number.isInteger(n)) throw new Error(`CONVLENS_FUZZ_SEED must be an integer, got ${env}`);
  return n >>> 0;
}

const SEED = fuzzSeed();
console.log(`differential: seed ${SEED} (CONVLENS_FUZZ_SEED overrides it)`);

const variants = await loadVariants();

const ERROR_CODES = ['INVALID_ARGUMENT', 'INVALID_SHAPE', 'SHAPE_MISMATCH', 'OUTPUT_TOO_SMALL', 'TOO_LARGE'];
const T = (shape, data) => ({ shape, data: Float32Array.from(data) });

/** Element-wise equality where NaN ≡ NaN and −0 ≡ +0. */
function assertValues(got, expected, label) {
  assert.deepEqual([...got.shape], [...expected.shape], `${label}: shape`);
  assert.equal(got.data.length, expected.data.length, `${label}: length`);
  for (let i = 0; i < expected.data.length; i++) {
    const g = got.data[i];
    const e = expected.data[i];
    if (!(g === e || (Number.isNaN(g) && Number.isNaN(e)))) assert.fail(`${label}: element ${i} is ${g}, expected ${e}`);
  }
}

// conv2d of zeros with one +∞ by all-ones 3×3 weights, padding 1: +∞ where the window holds the ∞,
// 0 elsewhere. With ≥ 8 input and output channels this shape runs the Winograd kernel.
function infinityConv(channels) {
  const [h, w, y, x] = [6, 6, 2, 3];
  const data = new Float32Array(channels * h * w);
  data[1 * h * w + y * w + x] = Infinity;
  const input = { shape: [1, channels, h, w], data };
  const weight = T([channels, channels, 3, 3], new Array(channels * channels * 9).fill(1));
  const out = new Array(channels * h * w);
  for (let c = 0; c < channels; c++)
    for (let oy = 0; oy < h; oy++)
      for (let ox = 0; ox < w; ox++) {
        out[(c * h + oy) * w + ox] = Math.abs(oy - y) <= 1 && Math.abs(ox - x) <= 1 ? Infinity : 0;
      }
  return { input, weight, opts: { stride: 1, padding: 1 }, expected: { shape: [1, channels, h, w], data: out } };
}

// [name, op, input, weight, opts, expected result ({ shape, data }) or null for a ConvlensError]
const REGRESSIONS = [
  ['conv2d (Winograd shape, 8 channels): one +∞ input gives +∞, not NaN', 'conv2d', ...Object.values(infinityConv(8))],
  ['conv2d (7 channels, no Winograd): one +∞ input gives +∞', 'conv2d', ...Object.values(infinityConv(7))],
  [
    'convTranspose2d: an ∞ weight tap meets no structural zero',
    'convTranspose2d', T([1, 1, 1, 1], [1]), T([1, 1, 2, 1], [Infinity, 1]), {}, { shape: [1, 1, 2, 1], data: [Infinity, 1] },
  ],
  [
    'convTranspose2d: a NaN weight tap reaches only its own output',
    'convTranspose2d', T([1, 1, 1, 1], [1]), T([1, 1, 2, 1], [NaN, 1]), {}, { shape: [1, 1, 2, 1], data: [NaN, 1] },
  ],
  ['pad circular [1, -1] wraps the cropped input', 'pad', T([1, 1, 3], [1, 2, 3]), undefined, { pad: [1, -1], mode: 'circular' }, { shape: [1, 1, 3], data: [2, 1, 2] }],
  ['pad circular [-1, 1] wraps the cropped input', 'pad', T([1, 1, 3], [1, 2, 3]), undefined, { pad: [-1, 1], mode: 'circular' }, { shape: [1, 1, 3], data: [2, 3, 2] }],
  ['pad constant [-2, 2] narrows past the input (PyTorch raises from narrow)', 'pad', T([1, 1, 1], [5]), undefined, { pad: [-2, 2] }, null],
  ["pad 'reflect' with a 2-element pad on a 4-D input is an error", 'pad', T([1, 1, 2, 2], [1, 2, 3, 4]), undefined, { pad: [1, 1], mode: 'reflect' }, null],
  ['pad constant [-1, -1] leaves a zero-size dimension', 'pad', T([1, 1, 2], [1, 2]), undefined, { pad: [-1, -1] }, { shape: [1, 1, 0], data: [] }],
];

test('the reference gives the regression cases their PyTorch results', () => {
  for (const [name, op, input, weight, opts, expected] of REGRESSIONS) {
    const ref = reference(op, input, weight, opts);
    if (expected === null) assert.ok(ref.error, `${name}: the reference should reject, got shape [${ref.shape}]`);
    else {
      assert.equal(ref.error, undefined, `${name}: the reference rejected (${ref.error}: ${ref.reason})`);
      assertValues(ref, expected, `${name} (reference)`);
    }
  }
});

for (const { name: variant, cl } of variants) {
  describe(`differential [${variant}]`, () => {
    test('cl.variant', () => assert.equal(cl.variant, variant));

    test(`${PER_OP} configurations per op (${OPS.join(', ')}), seed ${SEED}`, () => {
      const started = performance.now();
      const run = runDifferential({ cl, seed: SEED, count: PER_OP * OPS.length, maxFailures: SHOWN_FAILURES });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`differential [${variant}]: ${run.checked} configurations (${run.rejected} rejected by PyTorch), ${run.failed} failures, ${seconds} s`);
      assert.equal(run.checked, PER_OP * OPS.length);
      if (run.failed > 0)
        assert.fail(
          `[${variant}] ${run.failed} of ${run.checked} configurations differ from PyTorch (seed ${SEED}); the first ${run.failures.length}:\n\n` +
            run.failures.map(formatFailure).join('\n\n'),
        );
    });

    describe('regressions', () => {
      for (const [name, op, input, weight, opts, expected] of REGRESSIONS) {
        test(name, () => {
          const run = () => (weight ? cl[op](input, weight, opts) : cl[op](input, opts));
          // Any ConvlensError: the codes themselves are compared by the seeded run.
          if (expected === null) expectError(run, ERROR_CODES, [], `[${variant}] ${name}`);
          else assertValues(run(), expected, `[${variant}] ${name}`);
        });
      }
    });
  });
}
