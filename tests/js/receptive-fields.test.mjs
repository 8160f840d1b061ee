// receptiveFields(spec, { start, count }) answers for many outputs in one call: for seeded random
// configurations of every op it must hold exactly what receptiveField(spec, index) returns for each
// output, in both builds; ranges are checked as untrusted input and the caps hold for the whole batch.
// Set CONVLENS_SEED=<int> to try other configurations; the seed is printed in every failure message.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { loadVariants, baseSeed, mulberry32, randInt, pick, unflatIndex, product, expectError, ConvlensError } from './helpers.mjs';

const variants = await loadVariants();
const SEED = baseSeed();
const CONFIGS_PER_OP = 30;
const MAX_FIELD_TAPS = 262144;

const intOpt = (rng, lo, hi) => (rng() < 0.4 ? randInt(rng, lo, hi) : [randInt(rng, lo, hi), randInt(rng, lo, hi)]);
const inputShape = (rng, C) => {
  const spatial = [randInt(rng, 1, 7), randInt(rng, 1, 7)];
  return rng() < 0.3 ? [C, ...spatial] : [randInt(rng, 1, 2), C, ...spatial];
};

// Specs only (no data); generated loosely, the ones outputShape refuses are drawn again.
const GENERATORS = {
  conv2d(rng) {
    const g = pick(rng, [1, 1, 2, 3]);
    const spec = { op: 'conv2d', inputShape: inputShape(rng, g * randInt(rng, 1, 2)) };
    spec.weightShape = [g * randInt(rng, 1, 2), spec.inputShape.at(-3) / g, randInt(rng, 1, 3), randInt(rng, 1, 3)];
    if (g > 1 || rng() < 0.2) spec.groups = g;
    if (rng() < 0.5) spec.dilation = intOpt(rng, 1, 2);
    const kind = pick(rng, ['int', 'int', 'same', 'valid', 'none']);
    if (kind === 'int') spec.padding = intOpt(rng, 0, 2);
    else if (kind !== 'none') spec.padding = kind;
    if (kind !== 'same' && rng() < 0.6) spec.stride = intOpt(rng, 1, 3);
    const mode = pick(rng, ['zeros', 'reflect', 'replicate', 'circular', undefined]);
    if (mode) spec.paddingMode = mode;
    return spec;
  },
  convTranspose2d(rng) {
    const g = pick(rng, [1, 1, 2, 3]);
    const spec = { op: 'convTranspose2d', inputShape: inputShape(rng, g * randInt(rng, 1, 2)) };
    spec.weightShape = [spec.inputShape.at(-3), randInt(rng, 1, 2), randInt(rng, 1, 3), randInt(rng, 1, 3)];
    if (g > 1 || rng() < 0.2) spec.groups = g;
    const s = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
    const d = [randInt(rng, 1, 2), randInt(rng, 1, 2)];
    if (rng() < 0.8) spec.stride = s;
    else s.fill(1);
    if (rng() < 0.5) spec.dilation = d;
    else d.fill(1);
    if (rng() < 0.6) spec.padding = intOpt(rng, 0, 2);
    if (rng() < 0.5) {
      spec.outputPadding = [randInt(rng, 0, Math.max(s[0], d[0]) - 1), randInt(rng, 0, Math.max(s[1], d[1]) - 1)];
    }
    return spec;
  },
  maxPool2d(rng) {
    const spec = { op: 'maxPool2d', inputShape: inputShape(rng, randInt(rng, 1, 3)), kernelSize: intOpt(rng, 1, 3) };
    if (rng() < 0.6) spec.stride = intOpt(rng, 1, 3);
    if (rng() < 0.6) spec.padding = intOpt(rng, 0, 1);
    if (rng() < 0.5) spec.dilation = intOpt(rng, 1, 2);
    if (rng() < 0.6) spec.ceilMode = rng() < 0.7;
    return spec;
  },
  avgPool2d(rng) {
    const spec = { op: 'avgPool2d', inputShape: inputShape(rng, randInt(rng, 1, 3)), kernelSize: intOpt(rng, 1, 3) };
    if (rng() < 0.6) spec.stride = intOpt(rng, 1, 3);
    if (rng() < 0.6) spec.padding = intOpt(rng, 0, 1);
    if (rng() < 0.6) spec.ceilMode = rng() < 0.7;
    if (rng() < 0.7) spec.countIncludePad = rng() < 0.5;
    if (rng() < 0.3) spec.divisorOverride = randInt(rng, 1, 5);
    return spec;
  },
};

/** A random spec of `op` that outputShape accepts, with its output shape. */
function validSpec(cl, rng, op) {
  for (;;) {
    const spec = GENERATORS[op](rng);
    try {
      return { spec, shape: cl.outputShape(spec).shape };
    } catch (e) {
      if (!(e instanceof ConvlensError)) throw e;
    }
  }
}

/** Element i of a batch, rebuilt in receptiveField()'s shape from the columns. */
function fieldOf(fields, i) {
  const index = unflatIndex(fields.shape, fields.start + i);
  const taps = [];
  for (let t = fields.offsets[i]; t < fields.offsets[i + 1]; t++) {
    const at = (columns) => columns.map((column) => column[t]);
    taps.push({
      input: at(fields.input),
      source: fields.source[2][t] >= 0 ? at(fields.source) : null,
      inputIndex: fields.inputIndex[t],
      weight: fields.weight[0][t] >= 0 ? at(fields.weight) : null,
      weightIndex: fields.weightIndex[t],
    });
  }
  const field = { output: index.length === 3 ? [0, ...index] : index, taps, bias: fields.bias ? fields.bias[i] : null };
  if (fields.divisor) field.divisor = fields.divisor[i];
  return field;
}

/** Checks a batch's layout and that element i equals receptiveField() of output start + i. */
function checkBatch(cl, spec, fields, label) {
  const { count, offsets } = fields;
  assert.equal(offsets.length, count + 1, `${label}: offsets`);
  assert.equal(offsets[0], 0, `${label}: offsets[0]`);
  const taps = offsets[count];
  for (const column of [...fields.input, ...fields.source, fields.inputIndex, ...fields.weight, fields.weightIndex]) {
    assert.ok(column instanceof Int32Array && column.length === taps, `${label}: a tap column of ${column.length}, not ${taps}`);
  }
  assert.equal(fields.bias === null, spec.op === 'maxPool2d' || spec.op === 'avgPool2d', `${label}: bias only for conv ops`);
  assert.equal('divisor' in fields, spec.op === 'avgPool2d', `${label}: divisor only for avgPool2d`);
  for (let i = 0; i < count; i++) {
    const index = unflatIndex(fields.shape, fields.start + i);
    assert.deepEqual(fieldOf(fields, i), cl.receptiveField(spec, index), `${label}: output ${index}`);
  }
}

for (const { name, cl } of variants) {
  describe(`receptiveFields (${name} build)`, () => {
    for (const op of Object.keys(GENERATORS)) {
      test(`${op}: the whole output and random ranges equal receptiveField per output (seed ${SEED})`, () => {
        const rng = mulberry32(SEED ^ op.length * 7919);
        for (let k = 0; k < CONFIGS_PER_OP; k++) {
          const { spec, shape } = validSpec(cl, rng, op);
          const label = `seed ${SEED}, ${op} config ${k} ${JSON.stringify(spec)}`;
          const all = cl.receptiveFields(spec);
          assert.deepEqual(all.shape, shape, `${label}: shape`);
          assert.equal(all.start, 0);
          assert.equal(all.count, product(shape), `${label}: count`);
          checkBatch(cl, spec, all, label);
          // a range is the same slice of the whole output's answer
          const start = randInt(rng, 0, all.count);
          const count = randInt(rng, 0, all.count - start);
          const toEnd = rng() < 0.2;
          const part = cl.receptiveFields(spec, toEnd ? { start } : { start, count });
          const n = toEnd ? all.count - start : count;
          assert.deepEqual([part.start, part.count], [start, n], `${label}: range`);
          const first = all.offsets[start];
          const last = all.offsets[start + n];
          assert.deepEqual(Array.from(part.offsets), Array.from(all.offsets.subarray(start, start + n + 1), (o) => o - first), `${label}: range offsets`);
          assert.deepEqual(part.inputIndex, all.inputIndex.slice(first, last), `${label}: range taps`);
          assert.deepEqual(part.weight, all.weight.map((c) => c.slice(first, last)), `${label}: range weights`);
          if (all.bias) assert.deepEqual(part.bias, all.bias.slice(start, start + n), `${label}: range bias`);
          if (all.divisor) assert.deepEqual(part.divisor, all.divisor.slice(start, start + n), `${label}: range divisor`);
        }
      });
    }

    test('the tutorial example: 9 outputs, 81 taps; output 4 reads rows and columns 1 … 3', () => {
      const f = cl.receptiveFields({ op: 'conv2d', inputShape: [1, 1, 5, 5], weightShape: [1, 1, 3, 3], stride: 2, padding: 1 });
      assert.deepEqual(Array.from(f.offsets), [0, 9, 18, 27, 36, 45, 54, 63, 72, 81]);
      assert.deepEqual(Array.from(f.inputIndex.subarray(36, 45)), [6, 7, 8, 11, 12, 13, 16, 17, 18]);
      assert.deepEqual(Array.from(f.input[2].subarray(0, 9)), [-1, -1, -1, 0, 0, 0, 1, 1, 1]);
      assert.deepEqual(Array.from(f.source[2].subarray(0, 9)), [-1, -1, -1, -1, 0, 0, -1, 1, 1]);
      assert.deepEqual(Array.from(f.weightIndex.subarray(0, 9)), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
      assert.deepEqual(Array.from(f.bias), new Array(9).fill(0));
    });

    test('results are copies: they outlive wasm memory growth and later calls', () => {
      const spec = { op: 'avgPool2d', inputShape: [2, 6, 6], kernelSize: 3, padding: 1, stride: 2, countIncludePad: false };
      const f = cl.receptiveFields(spec, { start: 3, count: 5 });
      const copy = structuredClone(f);
      cl.receptiveFields({ op: 'maxPool2d', inputShape: [1, 1, 400, 400], kernelSize: 1 }, { count: 100000 });
      cl.conv2d(
        cl.tensor({ shape: [1, 8, 256, 256], data: new Float32Array(8 * 256 * 256) }),
        cl.tensor({ shape: [8, 8, 3, 3], data: new Float32Array(576) }),
      );
      assert.deepEqual(f, copy);
      assert.deepEqual(cl.receptiveFields(spec, { start: 3, count: 5 }), copy);
      assert.deepEqual(Array.from(f.divisor), [6, 9, 9, 6, 9]);
    });

    test('an empty range at the end; start and count validated as untrusted', () => {
      const spec = { op: 'conv2d', inputShape: [1, 2, 4, 4], weightShape: [3, 2, 3, 3] }; // output [1, 3, 2, 2]: 12
      const empty = cl.receptiveFields(spec, { start: 12, count: 0 });
      assert.deepEqual(
        [empty.count, Array.from(empty.offsets), empty.inputIndex.length, empty.bias.length], [0, [0], 0, 0]);
      assert.equal(cl.receptiveFields(spec, { start: 12 }).count, 0);
      assert.equal(cl.receptiveFields(spec, {}).count, 12);
      assert.equal(cl.receptiveFields(spec, null).count, 12);
      assert.equal(cl.receptiveFields(spec, { start: 5, count: undefined }).count, 7);
      const cases = [
        [{ start: -1 }, 'INVALID_ARGUMENT', 'start', /start -1 is outside the output of size \[1, 3, 2, 2\] \(12 elements\)/],
        [{ start: 13 }, 'INVALID_ARGUMENT', 'start', /start 13/],
        [{ start: 13, count: 0 }, 'INVALID_ARGUMENT', 'start', /start 13/],
        [{ start: 2, count: 11 }, 'INVALID_ARGUMENT', 'count', /count 11 from start 2 is negative or passes the end/],
        [{ count: -1 }, 'INVALID_ARGUMENT', 'count', /count -1/],
        [{ start: 2 ** 31 }, 'INVALID_ARGUMENT', 'start', /out of range/],
        [{ count: 2 ** 31 - 1, start: 2 ** 31 - 1 }, 'INVALID_ARGUMENT', 'start', /start 2147483647/],
        [{ start: 1, count: 2 ** 31 - 1 }, 'INVALID_ARGUMENT', 'count', /count 2147483647/],
        [{ count: -(2 ** 40) }, 'INVALID_ARGUMENT', 'count', /out of range/],
        [{ start: 1.5 }, 'INVALID_TYPE', 'start', /must be an int/],
        [{ count: '3' }, 'INVALID_TYPE', 'count', /must be an int/],
        [{ count: NaN }, 'INVALID_TYPE', 'count', /must be an int/],
        [{ start: Infinity }, 'INVALID_TYPE', 'start', /must be an int/],
        [{ count: 3n }, 'INVALID_TYPE', 'count', /must be an int/],
        [{ begin: 0 }, 'UNKNOWN_OPTION', 'begin', /unexpected keyword argument 'begin'/],
        [[0, 4], 'INVALID_TYPE', 'range', /range must be \{ start, count \}/],
        [5, 'INVALID_TYPE', 'range', /range must be/],
      ];
      for (const [range, code, argument, pattern] of cases) {
        const e = expectError(() => cl.receptiveFields(spec, range), code, [pattern], JSON.stringify(range, (k, v) => (typeof v === 'bigint' ? `${v}n` : v)));
        assert.equal(e.argument, argument, `${String(range)}: argument`);
      }
      // a getter runs once, before anything is computed
      let reads = 0;
      const range = { get count() { reads++; return 2; } };
      assert.equal(cl.receptiveFields(spec, range).count, 2);
      assert.equal(reads, 1);
      const bad = expectError(() => cl.receptiveFields({ op: 'pad', inputShape: [1, 1, 3, 3], pad: [1, 1] }), 'INVALID_ARGUMENT', [/op must be one of/]);
      assert.equal(bad.argument, 'op');
      expectError(() => cl.receptiveFields({ op: 'conv2d', inputShape: [1, 2, 4, 4], weightShape: [3, 1, 3, 3] }), 'SHAPE_MISMATCH');
    });

    test('the tap cap holds for the whole batch: 262 144 taps pass, one output more is TOO_LARGE', () => {
      // 4 taps per output: outputs 0 … 65 535 are exactly the cap
      const spec = { op: 'conv2d', inputShape: [1, 4, 300, 300], weightShape: [1, 4, 1, 1] };
      const atCap = cl.receptiveFields(spec, { start: 100, count: MAX_FIELD_TAPS / 4 });
      assert.equal(atCap.offsets[atCap.count], MAX_FIELD_TAPS);
      // output 101: 4 channels
      assert.deepEqual(Array.from(atCap.inputIndex.subarray(4, 8)), [101, 90101, 180101, 270101]);
      for (const range of [{ start: 100, count: MAX_FIELD_TAPS / 4 + 1 }, undefined]) {
        const e = expectError(() => cl.receptiveFields(spec, range), 'TOO_LARGE', [/conv2d: the receptive fields of output elements \d+ to \d+ have more than 262144 taps in all/]);
        assert.equal(e.argument, undefined);
      }
      // the 3×64×64, 16-channel conv of the playground's largest maps: 27 taps per output
      const big = { op: 'conv2d', inputShape: [1, 3, 64, 64], weightShape: [16, 3, 3, 3] };
      expectError(() => cl.receptiveFields(big), 'TOO_LARGE', [/more than 262144 taps in all/]);
      assert.equal(cl.receptiveFields(big, { start: 61504 - 9709, count: 9709 }).offsets[9709], 9709 * 27);
      // a single window over the cap is refused as receptiveField refuses it
      expectError(() => cl.receptiveFields({ op: 'maxPool2d', inputShape: [1, 1, 1024, 1024], kernelSize: 1024 }), 'TOO_LARGE', [/has 1048576 taps, more than the 262144/]);
      // and so are more outputs than the cap, even with no taps to list
      const pool = { op: 'maxPool2d', inputShape: [1, 1, 1024, 1024], kernelSize: 1 };
      assert.equal(cl.receptiveFields(pool, { start: 5, count: MAX_FIELD_TAPS }).count, MAX_FIELD_TAPS);
      const e = expectError(() => cl.receptiveFields(pool), 'TOO_LARGE', [/1048576 output elements asked for, more than the 262144/]);
      assert.equal(e.argument, undefined);
      const sparse = { op: 'convTranspose2d', inputShape: [1, 1, 2, 2], weightShape: [1, 1, 1, 1], stride: 600 }; // 601², 4 taps
      expectError(() => cl.receptiveFields(sparse), 'TOO_LARGE', [/361201 output elements/]);
      const rows = cl.receptiveFields(sparse, { count: 601 * 2 });
      assert.deepEqual([rows.offsets[1], rows.offsets[601], rows.offsets[1202]], [1, 2, 2]);
      // the module keeps working
      assert.equal(cl.receptiveFields(spec, { count: 1 }).inputIndex.length, 4);
    });
  });
}
