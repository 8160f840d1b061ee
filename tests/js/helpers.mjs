// Shared helpers for the convlens JS API tests (node:test). Not a test file itself.
//
// - fixtures: reading tests/fixtures/**, mapping PyTorch's keyword args to convlens options
// - comparison: the fixtures' tolerance (|got − exp| ≤ 1e-4 + 1e-4·|exp|, NaN ≡ NaN, ±∞ exact)
// - a seeded PRNG (mulberry32) for randomized tests
// - nested ⇄ flat array conversion, flat indexing
// - error assertions (code + message patterns) and a "module still works" probe
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { load, ConvlensError } from 'convlens';

export { load, ConvlensError };

// ---------------------------------------------------------------------------------------------
// Loading the module in both variants
// ---------------------------------------------------------------------------------------------

let variantsPromise = null;

/**
 * Loads the default build and the forced-scalar build once per test file.
 * Returns [{ name: 'simd', cl }, { name: 'scalar', cl }], where `name` is the variant the test
 * expects; tests assert `cl.variant === name` separately so a wrong variant is reported clearly.
 */
export function loadVariants() {
  if (!variantsPromise) {
    variantsPromise = Promise.all([load(), load({ simd: false })]).then(([simd, scalar]) => [
      { name: 'simd', cl: simd },
      { name: 'scalar', cl: scalar },
    ]);
  }
  return variantsPromise;
}

/**
 * loadVariants()'s two builds and the threaded one on 2 threads ({ name: 'simd-threads ×2', cl }): for the
 * lists of bad input, which must leave each build as it found it, shared memory and its pool included.
 */
export async function loadBuilds() {
  return [...await loadVariants(), { name: 'simd-threads ×2', cl: await load({ threads: 2 }) }];
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Parses one fixture number: numbers pass through, "NaN" / "Infinity" / "-Infinity" become numbers. */
export function parseNum(v) {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity' || v === '+Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new Error(`fixture: unexpected number encoding ${JSON.stringify(v)}`);
}

export function parseNums(arr) {
  return arr.map(parseNum);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** tutorial.json: an array of cases. */
export function loadTutorialCases() {
  return readJson(path.join(FIXTURES_DIR, 'tutorial.json')).map((c) => ({ ...c, file: 'tutorial.json' }));
}

/**
 * All `<prefix>*.json` cases of one fixture folder ('random' → rand_*.json, 'padmode' → padmode_*.json), sorted by
 * name.
 */
export function loadFolderCases(folder, prefix) {
  const dir = path.join(FIXTURES_DIR, folder);
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .sort()
    .map((f) => ({ ...readJson(path.join(dir, f)), file: `${folder}/${f}` }));
}

/** Fixture op names (PyTorch's functional names) → convlens method names. */
export const OP_METHOD = {
  conv2d: 'conv2d',
  conv_transpose2d: 'convTranspose2d',
  max_pool2d: 'maxPool2d',
  avg_pool2d: 'avgPool2d',
};

/** PyTorch keyword (snake_case) → convlens option (camelCase). */
export const ATTR_NAME = {
  stride: 'stride',
  padding: 'padding',
  dilation: 'dilation',
  groups: 'groups',
  padding_mode: 'paddingMode',
  output_padding: 'outputPadding',
  kernel_size: 'kernelSize',
  ceil_mode: 'ceilMode',
  return_indices: 'returnIndices',
  count_include_pad: 'countIncludePad',
  divisor_override: 'divisorOverride',
  output_size: 'outputSize',
};

/**
 * Maps a fixture's attrs_pytorch to convlens options: renames keys, drops `null` (PyTorch's
 * "not given", e.g. stride=None → stride defaults to kernel_size) and drops `bias` (a bool telling
 * whether a bias input exists, not an option value). Ints and pairs pass through unchanged.
 */
export function mapAttrs(attrs) {
  const opts = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'bias' || v === null || v === undefined) continue;
    const name = ATTR_NAME[k];
    if (!name) throw new Error(`fixture: unmapped PyTorch attribute ${k}`);
    opts[name] = Array.isArray(v) ? [...v] : v;
  }
  return opts;
}

/** A fixture tensor entry → { shape, data: Float32Array }. */
export function fixtureTensor(entry) {
  return { shape: [...entry.shape], data: Float32Array.from(parseNums(entry.data)) };
}

/**
 * Everything needed to run one fixture case through the API:
 * { name, method, input, weight?, bias?, options, spec, expected: {shape, data}, indices? }.
 * `spec` is the data-free spec for outputShape / receptiveField.
 */
export function prepareCase(c) {
  const method = OP_METHOD[c.op];
  if (!method) throw new Error(`fixture ${c.name}: unknown op ${c.op}`);
  const byRole = (role) => c.inputs.find((i) => i.role === role);
  const input = fixtureTensor(byRole('input'));
  const w = byRole('weight');
  const b = byRole('bias');
  const weight = w ? fixtureTensor(w) : undefined;
  const bias = b ? fixtureTensor(b) : undefined;
  if (c.attrs_pytorch.bias === true && !bias) throw new Error(`fixture ${c.name}: bias=true but no bias input`);
  const options = mapAttrs(c.attrs_pytorch);
  const out = c.outputs.find((o) => o.role === 'output');
  const expected = { shape: [...out.shape], data: parseNums(out.data) };
  const indices = c.indices_pytorch
    ? { shape: [...c.indices_pytorch.shape], data: c.indices_pytorch.data.map(Number) }
    : undefined;
  const spec = { op: method, inputShape: [...input.shape], ...options };
  if (weight) spec.weightShape = [...weight.shape];
  return { name: c.name, file: c.file, method, input, weight, bias, options, spec, expected, indices };
}

/** Runs a prepared case; returns { output: Tensor, indices?: IndexTensor }. */
export function runCase(cl, pc) {
  const opts = { ...pc.options };
  if (pc.method === 'conv2d' || pc.method === 'convTranspose2d') {
    if (pc.bias) opts.bias = pc.bias;
    return { output: cl[pc.method](pc.input, pc.weight, opts) };
  }
  const r = cl[pc.method](pc.input, opts);
  if (opts.returnIndices) return { output: r.output, indices: r.indices };
  return { output: r };
}

// ---------------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------------

export const ATOL = 1e-4;
export const RTOL = 1e-4;

/** The fixtures' rule: NaN matches NaN, ±∞ exact, otherwise |got − exp| ≤ 1e-4 + 1e-4·|exp|. */
export function closeTo(got, exp) {
  if (Number.isNaN(exp)) return Number.isNaN(got);
  if (!Number.isFinite(exp)) return got === exp;
  if (!Number.isFinite(got)) return false;
  return Math.abs(got - exp) <= ATOL + RTOL * Math.abs(exp);
}

/** First index where `got` and `expected` differ under closeTo, or -1 (lengths must match). */
export function firstMismatch(got, expected) {
  if (got.length !== expected.length) return Math.min(got.length, expected.length);
  for (let i = 0; i < expected.length; i++) if (!closeTo(got[i], expected[i])) return i;
  return -1;
}

/** Asserts shape equality (exact) and data closeness; the message names `label` and the first bad index. */
export function assertTensorClose(actual, expected, label) {
  assert.ok(actual && typeof actual === 'object', `${label}: result is not an object (got ${actual})`);
  assert.deepEqual([...actual.shape], [...expected.shape], `${label}: shape [${[...actual.shape]}] ≠ expected [${expected.shape}]`);
  assert.ok(actual.data instanceof Float32Array, `${label}: result.data is not a Float32Array (got ${actual.data?.constructor?.name})`);
  assert.equal(actual.data.length, expected.data.length, `${label}: data length ${actual.data.length} ≠ expected ${expected.data.length}`);
  const i = firstMismatch(actual.data, expected.data);
  if (i >= 0) {
    const at = unflatIndex(expected.shape, i);
    assert.fail(
      `${label}: first mismatch at flat index ${i} (coords [${at}]): got ${actual.data[i]}, expected ${expected.data[i]}` +
        ` (tolerance ${ATOL} + ${RTOL}·|expected|)`,
    );
  }
}

/** Exact comparison of integer arrays (indices); the message names the first bad index. */
export function assertIndicesEqual(actual, expected, label) {
  assert.ok(actual && typeof actual === 'object', `${label}: indices missing (got ${actual})`);
  assert.deepEqual([...actual.shape], [...expected.shape], `${label}: indices shape [${[...actual.shape]}] ≠ expected [${expected.shape}]`);
  assert.ok(actual.data instanceof Int32Array, `${label}: indices.data is not an Int32Array (got ${actual.data?.constructor?.name})`);
  assert.equal(actual.data.length, expected.data.length, `${label}: indices length ${actual.data.length} ≠ expected ${expected.data.length}`);
  for (let i = 0; i < expected.data.length; i++) {
    if (actual.data[i] !== expected.data[i]) {
      assert.fail(`${label}: first index mismatch at flat index ${i} (coords [${unflatIndex(expected.shape, i)}]): got ${actual.data[i]}, expected ${expected.data[i]}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Seeded PRNG
// ---------------------------------------------------------------------------------------------

/** mulberry32: a tiny, fast, seeded 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Base seed for randomized tests: $CONVLENS_SEED if set, else a fixed default (so runs are reproducible). */
export function baseSeed(defaultSeed = 20261201) {
  const env = process.env.CONVLENS_SEED;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n)) throw new Error(`CONVLENS_SEED must be an integer, got ${env}`);
    return n >>> 0;
  }
  return defaultSeed;
}

/** Integer in [lo, hi] inclusive. */
export function randInt(rng, lo, hi) {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function pick(rng, arr) {
  return arr[Math.floor(rng() * arr.length)];
}

/** Float32Array of `n` values uniform in [-1, 1), rounded to float32 by the array. */
export function randomData(rng, n) {
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = rng() * 2 - 1;
  return d;
}

export function randomTensor(rng, shape) {
  return { shape: [...shape], data: randomData(rng, product(shape)) };
}

// ---------------------------------------------------------------------------------------------
// Shapes, nested arrays, indexing
// ---------------------------------------------------------------------------------------------

export function product(shape) {
  return shape.reduce((a, b) => a * b, 1);
}

/** Row-major flat index of `coords` in `shape`. */
export function flatIndex(shape, coords) {
  let idx = 0;
  for (let i = 0; i < shape.length; i++) idx = idx * shape[i] + coords[i];
  return idx;
}

/** Coordinates of row-major flat index `i` in `shape`. */
export function unflatIndex(shape, i) {
  const coords = new Array(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    coords[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return coords;
}

/** Nested rectangular number arrays → { shape, data: number[] } (the test's own reference conversion). */
export function flatten(nested) {
  const shape = [];
  let cur = nested;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  const data = [];
  (function walk(x, depth) {
    if (depth === shape.length) {
      data.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) throw new Error('flatten: ragged array');
    for (const y of x) walk(y, depth + 1);
  })(nested, 0);
  return { shape, data };
}

/** { shape, data } → nested arrays (plain numbers). */
export function nest(shape, data) {
  let i = 0;
  const build = (d) => {
    if (d === shape.length) return data[i++];
    const a = [];
    for (let k = 0; k < shape[d]; k++) a.push(build(d + 1));
    return a;
  };
  return build(0);
}

/** Tensor with a leading batch dim of 1 removed: [1,C,H,W] → [C,H,W] (data shared as a copy). */
export function unbatch(t) {
  assert.equal(t.shape[0], 1);
  return { shape: t.shape.slice(1), data: Float32Array.from(t.data) };
}

/** "[1, 2, 5, 5]" as PyTorch prints sizes — used to build message patterns. */
export function shapeStr(shape) {
  return `[${shape.join(', ')}]`;
}

/** A RegExp matching a PyTorch-printed shape/list, tolerant of whitespace: [1, 2, 5, 5]. */
export function shapeRe(shape) {
  return new RegExp(`[\\[(]\\s*${shape.map((d) => String(d).replace('-', '\\-')).join('\\s*,\\s*')}\\s*[\\])]`);
}

/** A RegExp matching a standalone number token (not part of a longer number). */
export function numRe(n) {
  const s = String(n).replace(/[.+-]/g, (m) => `\\${m}`);
  return new RegExp(`(^|[^0-9.])${s}($|[^0-9.])`);
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * Asserts that `fn` throws a ConvlensError (an Error) whose .code is `code` (or one of `code` when an
 * array) and whose message matches every pattern (RegExp, or a string that must occur literally).
 * Returns the error.
 */
export function expectError(fn, code, patterns = [], label = '') {
  const codes = Array.isArray(code) ? code : [code];
  let thrown;
  let returned;
  try {
    returned = fn();
  } catch (e) {
    thrown = e;
  }
  const where = label ? `${label}: ` : '';
  if (thrown === undefined) {
    let shown;
    try {
      shown = JSON.stringify(returned, (k, v) => (ArrayBuffer.isView(v) ? `${v.constructor.name}(${v.length})` : v));
    } catch {
      shown = String(returned);
    }
    assert.fail(`${where}expected a ConvlensError with code ${codes.join(' | ')}, but the call returned ${shown?.slice(0, 300)}`);
  }
  assert.ok(thrown instanceof Error, `${where}thrown value is not an Error: ${String(thrown)}`);
  assert.ok(
    thrown instanceof ConvlensError,
    `${where}expected a ConvlensError, got ${thrown?.constructor?.name}: ${thrown?.message}`,
  );
  assert.ok(
    codes.includes(thrown.code),
    `${where}expected code ${codes.join(' | ')}, got ${thrown.code} (message: ${JSON.stringify(thrown.message)})`,
  );
  assert.equal(typeof thrown.message, 'string');
  assert.ok(thrown.message.length > 0, `${where}empty message`);
  for (const p of patterns) {
    const ok = p instanceof RegExp ? p.test(thrown.message) : thrown.message.includes(p);
    assert.ok(ok, `${where}message ${JSON.stringify(thrown.message)} does not match ${p instanceof RegExp ? p : JSON.stringify(p)}`);
  }
  return thrown;
}

// ---------------------------------------------------------------------------------------------
// The tutorial's example, used as a "still works" probe
// ---------------------------------------------------------------------------------------------

export const TUTORIAL_INPUT = [
  [1, 2, 0, 3, 1],
  [0, 1, 2, 3, 1],
  [1, 2, 1, 0, 0],
  [5, 2, 3, 1, 1],
  [2, 1, 0, 1, 1],
];
export const TUTORIAL_KERNEL = [
  [1, 2, 1],
  [0, 1, 0],
  [2, 1, 0],
];
export const TUTORIAL_STRIDE1 = [
  [10, 12, 12],
  [18, 16, 16],
  [13, 9, 3],
];

/** Input and kernel as [1,1,5,5] and [1,1,3,3] tensors (built directly, not through cl.tensor). */
export function tutorialTensors() {
  return {
    input: { shape: [1, 1, 5, 5], data: Float32Array.from(TUTORIAL_INPUT.flat()) },
    kernel: { shape: [1, 1, 3, 3], data: Float32Array.from(TUTORIAL_KERNEL.flat()) },
  };
}

/** Asserts that the module still computes the tutorial's stride-1 convolution correctly. */
export function assertStillWorks(cl, label = 'after error') {
  const { input, kernel } = tutorialTensors();
  const r = cl.conv2d(input, kernel);
  assertTensorClose(r, { shape: [1, 1, 3, 3], data: TUTORIAL_STRIDE1.flat() }, `${label}: tutorial conv2d`);
}
