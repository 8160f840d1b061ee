// DataLoader + ToTensor (web/images/data/data-loader.js): ToTensor's 256 values are the correctly
// rounded float32 quotients k / 255; the tutorial's run — CIFAR-10 test split, batch 64, no shuffle,
// each step through the real API's MaxPool2d(kernel_size=3, ceil_mode=False) — gives the shapes,
// float64 sums and first output channel of expected.json at all 5 steps; shuffle is a seeded
// permutation; drop_last and batch_size limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { load } from '../../dist/convlens/index.node.js';
import { readCifarBinary } from '../../web/images/data/cifar.js';
import { dataLoader, sampleOrder, TO_TENSOR_TABLE, MAX_BATCH_SIZE } from '../../web/images/data/data-loader.js';
import { syntheticDataset } from '../../web/images/data/synthetic.js';

const DIR = fileURLToPath(new URL('../fixtures/datasets/', import.meta.url));
const EXPECTED = JSON.parse(readFileSync(`${DIR}expected.json`, 'utf8'));
const cifarTest = () => readCifarBinary([{ path: 'test_batch.bin', blob: new Blob([readFileSync(`${DIR}cifar-10-batches-bin/test_batch.bin`)]) }]);

/** The float32 nearest to p / q for 0 ≤ p ≤ q (ties to even), computed exactly with integers. */
function float32Quotient(p, q) {
  if (p === 0) return 0;
  // Scale so that the quotient has 24 significant bits: the least e with p·2^e / q ≥ 2^23.
  let e = 0;
  while (BigInt(p) << BigInt(e) < BigInt(q) << 23n) e++;
  const num = BigInt(p) << BigInt(e);
  const den = BigInt(q);
  let m = num / den;
  const r = num - m * den;
  if (2n * r > den || (2n * r === den && m % 2n === 1n)) m += 1n;
  return Number(m) / 2 ** e;
}

test('ToTensor: every byte k → the correctly rounded float32 of k / 255, as img.float().div(255)', () => {
  assert.equal(TO_TENSOR_TABLE.length, 256);
  for (let k = 0; k < 256; k++) assert.equal(TO_TENSOR_TABLE[k], float32Quotient(k, 255), `k = ${k}`);
  assert.equal(TO_TENSOR_TABLE[255], 1);
  assert.equal(TO_TENSOR_TABLE[103], 0.40392157435417175);
});

test("the tutorial's loop: CIFAR-10 test split, batch 64, MaxPool2d(3) through the real API, all 5 steps", async () => {
  const cl = await load();
  const d = await cifarTest();
  const loader = dataLoader(d); // defaults: batch_size 64, shuffle false, drop_last false
  assert.equal(loader.steps, EXPECTED.dataloader_batch64_maxpool3.length);
  for (const exp of EXPECTED.dataloader_batch64_maxpool3) {
    const { input, labels, indices } = loader.batch(exp.step);
    assert.deepEqual(input.shape, exp.input_shape, `step ${exp.step}: input shape`);
    assert.deepEqual(Array.from(labels), exp.labels, `step ${exp.step}: labels`);
    assert.deepEqual(Array.from(indices), exp.labels.map((_, i) => exp.step * 64 + i));
    const out = cl.maxPool2d(input, { kernelSize: 3, ceilMode: false });
    assert.deepEqual([...out.shape], exp.output_shape, `step ${exp.step}: output shape`);
    let inSum = 0;
    for (const v of input.data) inSum += v;
    let outSum = 0;
    for (const v of out.data) outSum += v;
    // float64 sums over float32 values: the order of addition can differ from numpy's pairwise sum.
    assert.ok(Math.abs(inSum - exp.input_sum) <= 1e-9 * exp.input_sum, `step ${exp.step}: input sum ${inSum} vs ${exp.input_sum}`);
    assert.ok(Math.abs(outSum - exp.output_sum) <= 1e-9 * exp.output_sum, `step ${exp.step}: output sum ${outSum} vs ${exp.output_sum}`);
    const [, , oh, ow] = out.shape;
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        // expected.json rounds to 6 decimals before storing as float32
        const got = out.data[y * ow + x];
        const want = exp.output_first_image_channel0[y][x];
        assert.ok(Math.abs(got - want) <= 1e-6, `step ${exp.step}: out[0, 0, ${y}, ${x}] = ${got}, expected ${want}`);
      }
    }
  }
  assert.throws(() => loader.batch(5), RangeError);
  assert.throws(() => loader.batch(-1), RangeError);
});

test('shuffle: a seeded permutation, the same for the same seed; drop_last; batch_size limits', async () => {
  const d = await cifarTest();
  const a = dataLoader(d, { shuffle: true, seed: 7 });
  const b = dataLoader(d, { shuffle: true, seed: 7 });
  const c = dataLoader(d, { shuffle: true, seed: 8 });
  assert.deepEqual(a.order, b.order);
  assert.notDeepEqual(a.order, c.order);
  assert.deepEqual([...a.order].sort((x, y) => x - y), Array.from({ length: 260 }, (_, i) => i), 'a permutation');
  assert.notDeepEqual(Array.from(a.order), Array.from({ length: 260 }, (_, i) => i));
  // A shuffled batch holds the right images and labels.
  const s1 = a.batch(1);
  for (const [i, idx] of s1.indices.entries()) {
    assert.equal(s1.labels[i], d.labels[idx]);
    assert.equal(s1.input.data[i * 3072 + 5], TO_TENSOR_TABLE[d.pixels[idx * 3072 + 5]]);
  }
  assert.deepEqual(sampleOrder(5), Int32Array.from([0, 1, 2, 3, 4]));
  const dropped = dataLoader(d, { batchSize: 64, dropLast: true });
  assert.equal(dropped.steps, 4);
  assert.equal(dataLoader(d, { batchSize: 256 }).steps, 2);
  assert.deepEqual(dataLoader(d, { batchSize: 256 }).batch(1).input.shape, [4, 3, 32, 32]);
  assert.equal(dataLoader(d, { batchSize: 130 }).steps, 2);
  for (const bad of [0, MAX_BATCH_SIZE + 1, 1.5, NaN]) assert.throws(() => dataLoader(d, { batchSize: bad }), RangeError, `batch ${bad}`);
  // MNIST-shaped and synthetic sets go through the same loader.
  const syn = dataLoader(syntheticDataset(), { batchSize: 100 });
  assert.equal(syn.steps, 4);
  assert.deepEqual(syn.batch(3).input.shape, [20, 3, 32, 32]);
});
