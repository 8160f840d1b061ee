// An op's calls reuse the block a previous call with the same shapes and option values staged, and the core reuses
// the plan of a call whose block repeats the last one's. Calls that differ from one another in one staged thing each
// (a shape, a bias length, one option's value or presence, an array option, a value the block holds after the
// tensors' addresses: pad's value, an adaptive pool's kept axis, maxPool1d's returnIndices, lpPool2d's normType)
// run in pairs, each twice, so every call meets its neighbour's block and plan: each result must be the reference's,
// and a resident run's the plain run's, bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { ConvlensError, loadBuilds, mulberry32, randomTensor } from './helpers.mjs';
import { compare } from '../reference/differential.mjs';
import { gradients } from '../reference/torch-reference.mjs';

const variants = await loadBuilds();
const rng = mulberry32(20261204);
const [a, b] = [randomTensor(rng, [1, 2, 6, 5]), randomTensor(rng, [1, 2, 5, 6])];
const weight = randomTensor(rng, [3, 2, 3, 3]);
const [small, grouped] = [randomTensor(rng, [3, 2, 2, 2]), randomTensor(rng, [4, 1, 3, 3])];
const [bias3, bias4] = [randomTensor(rng, [3]), randomTensor(rng, [4])];
const line = randomTensor(rng, [2, 3, 7]);

/** [op, input, weight or null, options]: neighbours differ in one thing that staging reads. */
const CALLS = [
  ['conv2d', a, weight, {}],
  ['conv2d', a, small, {}],
  ['conv2d', b, weight, {}],
  ['conv2d', a, weight, { stride: 2 }],
  ['conv2d', a, weight, { stride: [2, 1] }],
  ['conv2d', a, weight, { stride: 1, padding: 1 }],
  ['conv2d', a, weight, { padding: 1, stride: 1, dilation: 2 }],
  ['conv2d', a, weight, { padding: 'same' }],
  ['conv2d', a, weight, { padding: 'same', dilation: 2 }],
  ['conv2d', a, weight, { padding: 'same' }],  // (its options begin as the call's before)
  ['conv2d', a, weight, { padding: 1, paddingMode: 'reflect' }],
  ['conv2d', a, weight, { padding: 1, paddingMode: 'circular' }],
  ['conv2d', a, weight, { padding: 1, paddingMode: 'circular', bias: bias3 }],
  ['conv2d', a, weight, { padding: 1, paddingMode: 'circular', bias: bias4 }],  // (refused: 3 output channels)
  ['conv2d', a, grouped, { groups: 2, bias: bias4 }],
  ['conv2d', a, grouped, { groups: 2 }],
  ['conv2d', a, grouped, { groups: 1 }],  // (refused: 2 input channels, 1 per group)
  ['maxPool2d', a, null, { kernelSize: 2 }],
  ['maxPool2d', a, null, { kernelSize: 3 }],
  ['maxPool2d', a, null, { kernelSize: 3, ceilMode: true, stride: 2 }],
  ['maxPool2d', a, null, { kernelSize: 3, ceilMode: false, stride: 2 }],
  ['maxPool2d', a, null, { kernelSize: 3, stride: 2, padding: 1, returnIndices: true }],
  ['maxPool2d', a, null, { kernelSize: 3, stride: 2, padding: 1, dilation: 2 }],
  ['avgPool2d', a, null, { kernelSize: 3, padding: 1, countIncludePad: false }],
  ['avgPool2d', a, null, { kernelSize: 3, padding: 1, countIncludePad: true }],
  ['avgPool2d', a, null, { kernelSize: 3, padding: 1, divisorOverride: 4 }],
  ['lpPool2d', a, null, { kernelSize: 2, normType: 2 }],
  ['lpPool2d', a, null, { kernelSize: 2, normType: 2.5 }],
  ['lpPool2d', a, null, { kernelSize: 2, normType: 1 }],
  ['pad', a, null, { pad: [1, 2], mode: 'reflect' }],
  ['pad', a, null, { pad: [1, 2], mode: 'replicate' }],
  ['pad', a, null, { pad: [1, 2], value: 3 }],
  ['pad', a, null, { pad: [1, 2, 0, 1], value: 3 }],
  ['pad', a, null, { pad: [1, 2, 0, 1], value: -1 }],  // (the pad value's slot alone)
  ['adaptiveAvgPool2d', a, null, { outputSize: [null, 2] }],
  ['adaptiveAvgPool2d', a, null, { outputSize: [0, 2] }],  // (the kept H axis's slot, and its size's)
  ['maxPool1d', line, null, { kernelSize: 3, stride: 1, padding: 1, dilation: 3 }],
  ['maxPool1d', line, null, { kernelSize: 3, stride: 1, padding: 1, dilation: 3, returnIndices: true }],
];

/// Calls of each op with other input shapes: run first, they leave the op's kept blocks none of CALLS's.
const OTHERS = { conv2d: [weight, {}], maxPool2d: [null, { kernelSize: 2 }], avgPool2d: [null, { kernelSize: 2 }],
  lpPool2d: [null, { kernelSize: 2, normType: 3 }], pad: [null, { pad: [0, 1] }],
  adaptiveAvgPool2d: [null, { outputSize: 2 }], maxPool1d: [null, { kernelSize: 2 }] };
function runOthers(cl, op) {
  const [w, options] = OTHERS[op];
  for (let h = 7; h < 12; h++)
    cl[op](randomTensor(rng, op === 'maxPool1d' ? [2, h] : [1, 2, h, 7]), ...(w ? [w] : []), options);
}

/** What the call `cfg` gives: its result, or its ConvlensError's code. */
function outcome(cl, { op, input, weight, opts }) {
  try {
    return cl[op](input, ...(weight ? [weight] : []), opts);
  } catch (e) {
    if (!(e instanceof ConvlensError)) throw e;
    return e.code;
  }
}

/** Each pair of neighbours in CALLS, the op's kept blocks first made other shapes' (runOthers). */
function* pairs(cl) {
  for (let i = 0; i < CALLS.length; i++) {
    const pair = [CALLS[i], CALLS[(i + 1) % CALLS.length]];
    for (const op of new Set(pair.map(([name]) => name))) runOthers(cl, op);
    yield pair;
  }
}

/** The call as the op takes it, each tensor made resident first when `resident` (the caller frees them). */
function callOf(cl, [op, input, w, options], resident) {
  const made = [];
  const keep = (t) => {
    if (!resident || !t) return t;
    made.push(cl.resident(t));
    return made.at(-1);
  };
  const opts = { ...options };
  if (opts.bias) opts.bias = keep(opts.bias);
  return { cfg: { op, input: keep(input), weight: keep(w), opts }, made };
}

for (const { name, cl } of variants) {
  test(`${name}: each call gives its own result after its neighbour's, kept or staged`, () => {
    for (const pair of pairs(cl)) {
      for (const call of [...pair, ...pair]) {
        const { cfg } = callOf(cl, call, false);
        const failure = compare(cl, cfg);
        assert.equal(failure, null, `${call[0]} ${JSON.stringify(call[3])} after ${JSON.stringify(pair[0][3])}: ${failure?.detail}`);
      }
    }
  });

  test(`${name}: a resident call gives the plain call's values after its neighbour's`, () => {
    for (const pair of pairs(cl)) {
      for (const call of [...pair, ...pair]) {
        const expected = outcome(cl, callOf(cl, call, false).cfg);
        const { cfg, made } = callOf(cl, call, true);
        const got = outcome(cl, cfg);
        const read = (r) => (cl.isResident(r) ? r.read() : r);
        const values = typeof got === 'string' ? got
          : got.output ? { output: read(got.output), indices: read(got.indices) } : read(got);
        assert.deepEqual(values, expected, `${call[0]} ${JSON.stringify(call[3])}`);
        for (const t of [...made, got.output, got.indices, got]) if (cl.isResident(t)) t.free();
      }
    }
  });

  test(`${name}: a call whose staging fails leaves no block behind`, () => {
    const good = { padding: 'same' };
    const before = cl.conv2d(a, weight, good);
    for (let i = 0; i < 2; i++)
      assert.throws(() => cl.conv2d(a, weight, { padding: 'sane' }), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => cl.conv2d(a, weight, { padding: 'same', groups: 1.5 }), { code: 'INVALID_TYPE' });
    assert.deepEqual(cl.conv2d(a, weight, good), before);
    assert.deepEqual(cl.conv2d(a, weight, { padding: 'valid' }), cl.conv2d(a, weight));
  });
}

for (const { name, cl } of variants) {
  test(`${name}: a call that repeats the last one's shapes and options still has its out checked`, () => {
    const [x, w] = [cl.resident(a), cl.resident(weight)];
    const [out, wrong] = [cl.residentEmpty([1, 3, 4, 3]), cl.residentEmpty([1, 3, 4, 4])];
    const opts = { padding: [0, 0] };
    const expected = cl.conv2d(a, weight, opts);
    cl.conv2d(x, w, { ...opts, out });
    assert.throws(() => cl.conv2d(x, w, { ...opts, out: wrong }), { code: 'SHAPE_MISMATCH', argument: 'out' });
    assert.throws(() => cl.conv2d(a, weight, { ...opts, out: new Float32Array(10) }), { code: 'SHAPE_MISMATCH' });
    assert.deepEqual(cl.conv2d(x, w, { ...opts, out }).read(), expected);
    assert.deepEqual([...wrong.read().data], new Array(48).fill(0), 'the refused out is left as it was');
    for (const t of [x, w, out, wrong]) t.free();
  });

  test(`${name}: a backward call's upstream gradient of another shape is refused after a kept block`, () => {
    const g = randomTensor(rng, [1, 2, 3, 2]);
    const first = cl.maxPool2dBackward(g, a, { kernelSize: 2 });
    assert.throws(() => cl.maxPool2dBackward(randomTensor(rng, [1, 2, 2, 3]), a, { kernelSize: 2 }), { code: 'SHAPE_MISMATCH' });
    assert.deepEqual(cl.maxPool2dBackward(g, a, { kernelSize: 2 }), first);
    // Windows that do not overlap: each input element gets one value or none, exactly the reference's.
    assert.deepEqual(first.data, Float32Array.from(gradients('maxPool2dBackward', g, a, undefined, { kernelSize: 2 }).gradInput.data));
  });
}
