#!/usr/bin/env node
// Writes tests/fixtures/family/<op>.json: reference cases for the ops past the first five, each
// expected value computed by the naive reference (torch-reference.mjs, double accumulation) and
// rounded to float32, each rejection recorded with PyTorch's error code. Hand-picked cases (odd
// sizes, NaN/±∞, ties, PyTorch's rejections) come first, then seeded random configurations of the
// differential generator. Deterministic: rerunning rewrites the same files.
//   node tests/reference/generate-fixtures.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { configFor } from './differential.mjs';
import { reference } from './torch-reference.mjs';

const OUT_DIR = fileURLToPath(new URL('../fixtures/family/', import.meta.url));
const SEED = 20261203;
const RANDOM_CASES = 40;

/** convlens method → PyTorch's functional name (the fixture's `op`). */
const PYTORCH_OP = {
  adaptiveAvgPool2d: 'adaptive_avg_pool2d',
  adaptiveMaxPool2d: 'adaptive_max_pool2d',
};

const T = (shape, data) => ({ shape, data: Float32Array.from(data) });
const iota = (n, f = (i) => i) => Array.from({ length: n }, (_, i) => f(i));

/** Hand-picked cases per op: [name, input, weight or undefined, opts]. */
const HAND = {
  adaptiveAvgPool2d: [
    ['5x7 to 3x4 (overlapping windows)', T([1, 1, 5, 7], iota(35)), undefined, { outputSize: [3, 4] }],
    ['resnet head 1x1', T([2, 3, 7, 7], iota(294, (i) => Math.sin(i))), undefined, { outputSize: 1 }],
    ['keep H (None)', T([2, 3, 5], iota(30, (i) => i % 7 - 3)), undefined, { outputSize: [null, 2] }],
    ['output larger than input', T([1, 1, 2, 3], [1, 2, 3, 4, 5, 6]), undefined, { outputSize: [5, 4] }],
    ['NaN and infinities', T([1, 1, 3, 3], [1, NaN, 2, Infinity, 0, -Infinity, 3, 4, 5]), undefined, { outputSize: 2 }],
    ['output size 0 (empty)', T([1, 2, 2], [1, 2, 3, 4]), undefined, { outputSize: [0, 2] }],
    ['negative output size', T([1, 1, 4, 4], iota(16)), undefined, { outputSize: [2, -1] }],
    ['2-D input', T([4, 4], iota(16)), undefined, { outputSize: 2 }],
  ],
  adaptiveMaxPool2d: [
    ['5x7 to 3x4 with indices', T([1, 1, 5, 7], iota(35, (i) => (i * 7) % 11)), undefined, { outputSize: [3, 4], returnIndices: true }],
    ['ties keep the first', T([1, 1, 2, 4], [5, 5, 1, 1, 5, 5, 1, 1]), undefined, { outputSize: [1, 2], returnIndices: true }],
    ['NaN wins, the last one', T([1, 2, 4], [1, NaN, 3, 4, 2, NaN, -Infinity, -Infinity]), undefined, { outputSize: [1, 2], returnIndices: true }],
    ['all −∞', T([1, 1, 2, 2], [-Infinity, -Infinity, -Infinity, -Infinity]), undefined, { outputSize: 1, returnIndices: true }],
    ['keep W (None), odd sizes', T([1, 3, 7, 5], iota(105, (i) => Math.cos(i * 1.3))), undefined, { outputSize: [3, null], returnIndices: true }],
    ['output larger than input', T([1, 1, 3], [1, 3, 2]), undefined, { outputSize: [2, 5], returnIndices: true }],
    ['negative output size', T([1, 1, 4, 4], iota(16)), undefined, { outputSize: -2 }],
    ['5-D input', T([1, 1, 1, 2, 2], [1, 2, 3, 4]), undefined, { outputSize: 1 }],
  ],
};

/** A float32 number as JSON: the strings "NaN", "Infinity", "-Infinity" for non-finite values. */
function num(v) {
  const f = Math.fround(v);
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return 'Infinity';
  if (f === -Infinity) return '-Infinity';
  return f;
}

const snake = (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function tensorEntry(name, role, t) {
  return { name, role, dtype: 'float32', shape: [...t.shape], data: Array.from(t.data, num) };
}

function fixtureCase(op, name, input, weight, opts) {
  const attrs = {};
  for (const [k, v] of Object.entries(opts)) attrs[snake(k)] = v;
  const inputs = [tensorEntry('input', 'input', input)];
  if (weight) inputs.push(tensorEntry('weight', 'weight', weight));
  const c = { name, op: PYTORCH_OP[op], attrs_pytorch: attrs, inputs };
  const ref = reference(op, input, weight, opts);
  if (ref.error) return { ...c, error: ref.error, reason: ref.reason };
  c.outputs = [{ role: 'output', shape: ref.shape, data: Array.from(ref.data, num) }];
  if (ref.indices && opts.returnIndices) c.indices_pytorch = { shape: ref.shape, data: Array.from(ref.indices) };
  return c;
}

mkdirSync(OUT_DIR, { recursive: true });
for (const op of Object.keys(PYTORCH_OP)) {
  const cases = HAND[op].map(([name, input, weight, opts], i) => fixtureCase(op, `${PYTORCH_OP[op]}_hand_${i}: ${name}`, input, weight, opts));
  for (let i = 0; i < RANDOM_CASES; i++) {
    const cfg = configFor(op, SEED, i);
    cases.push(fixtureCase(op, `${PYTORCH_OP[op]}_rand_${i}`, cfg.input, cfg.weight, cfg.opts));
  }
  const file = `${OUT_DIR}${PYTORCH_OP[op]}.json`;
  writeFileSync(file, `${JSON.stringify(cases)}\n`);
  console.log(`${file}: ${cases.length} cases (${cases.filter((c) => c.error).length} rejections)`);
}
