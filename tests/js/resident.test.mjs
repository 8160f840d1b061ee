// Resident tensors (cl.resident, cl.residentEmpty, ResidentTensor) in both builds: every fixture of
// tests/fixtures/ (tutorial, random, padmode, family, gradients) through the resident path gives exactly
// the plain call's bits (or the plain call's error code); chains never copy through JS; `out` reuse keeps
// wasm memory flat over 1000 warm calls; free, use after free and double free; the FinalizationRegistry
// (a child process with --expose-gc); memory growth in the middle of a chain.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  FIXTURES_DIR, expectError, fixtureTensor, loadFolderCases, loadTutorialCases, loadVariants,
  mulberry32, parseNum, prepareCase, randomTensor,
} from './helpers.mjs';

const variants = await loadVariants();
const camel = (k) => k.replace(/_([a-z])/g, (_, ch) => ch.toUpperCase());
const NUMBER_STRINGS = ['NaN', 'Infinity', '-Infinity'];

// ---------------------------------------------------------------------------------------------
// Every fixture as { name, method, tensors: { gradOutput?, input, weight?, indices? }, opts, error? }
// ---------------------------------------------------------------------------------------------

const readFolder = (folder) => readdirSync(path.join(FIXTURES_DIR, folder)).filter((f) => f.endsWith('.json')).sort()
  .flatMap((f) => JSON.parse(readFileSync(path.join(FIXTURES_DIR, folder, f), 'utf8')));

function fromPrepared(c) {
  const pc = prepareCase(c);
  const opts = { ...pc.options };
  if (pc.bias) opts.bias = pc.bias;
  return { name: `${c.file} ${pc.name}`, method: pc.method, tensors: { input: pc.input, weight: pc.weight }, opts };
}

const FAMILY_METHOD = {
  adaptive_avg_pool2d: 'adaptiveAvgPool2d', adaptive_max_pool2d: 'adaptiveMaxPool2d', lp_pool2d: 'lpPool2d',
  max_unpool2d: 'maxUnpool2d', unfold: 'unfold', fold: 'fold', adaptive_avg_pool1d: 'adaptiveAvgPool1d',
  adaptive_max_pool1d: 'adaptiveMaxPool1d', conv1d: 'conv1d', conv_transpose1d: 'convTranspose1d',
  max_pool1d: 'maxPool1d', avg_pool1d: 'avgPool1d',
};
function fromFamily(c) {
  const byRole = (role) => c.inputs.find((i) => i.role === role);
  const opts = {};
  for (const [k, v] of Object.entries(c.attrs_pytorch)) opts[camel(k)] = NUMBER_STRINGS.includes(v) ? parseNum(v) : v;
  if (byRole('bias')) opts.bias = fixtureTensor(byRole('bias'));
  const indices = byRole('indices');
  return {
    name: `family ${c.name}`, method: FAMILY_METHOD[c.op], opts, error: c.error,
    tensors: {
      input: fixtureTensor(byRole('input')),
      weight: byRole('weight') && fixtureTensor(byRole('weight')),
      indices: indices && { shape: [...indices.shape], data: Int32Array.from(indices.data) },
    },
  };
}

const GRADIENT_METHOD = { conv2d_backward: 'conv2dBackward', max_pool2d_backward: 'maxPool2dBackward', avg_pool2d_backward: 'avgPool2dBackward' };
function fromGradients(c) {
  const byRole = (role) => c.inputs.find((i) => i.role === role);
  const opts = Object.fromEntries(Object.entries(c.attrs_pytorch).map(([k, v]) =>
    [camel(k), typeof v === 'string' && k !== 'padding' && k !== 'padding_mode' ? parseNum(v) : v]));
  return {
    name: `gradients ${c.name}`, method: GRADIENT_METHOD[c.op], opts, error: c.error,
    tensors: {
      gradOutput: fixtureTensor(byRole('grad_output')), input: fixtureTensor(byRole('input')),
      weight: byRole('weight') && fixtureTensor(byRole('weight')),
    },
  };
}

const cases = [
  ...loadTutorialCases(), ...loadFolderCases('random', 'rand_'), ...loadFolderCases('padmode', 'padmode_'),
].map(fromPrepared).concat(readFolder('family').map(fromFamily), readFolder('gradients').map(fromGradients));

/** Calls a case's op the way its signature takes the tensors. */
function invoke(cl, method, t, opts) {
  if (method === 'conv2dBackward') return cl.conv2dBackward(t.gradOutput, t.input, t.weight, opts);
  if (t.gradOutput) return cl[method](t.gradOutput, t.input, opts);
  if (t.indices) return cl[method](t.input, t.indices, opts);
  return t.weight ? cl[method](t.input, t.weight, opts) : cl[method](t.input, opts);
}

/** An op's result as [name, tensor] pairs (gradBias null when there is none). */
const parts = (r) => ('gradInput' in r ? [['gradInput', r.gradInput], ['gradWeight', r.gradWeight], ['gradBias', r.gradBias]]
  : 'indices' in r ? [['output', r.output], ['indices', r.indices]] : [['output', r]]);

/** The bytes of a typed array. */
const bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Asserts `resident` holds exactly plain's bits and shape. */
function assertSameBits(resident, plain, label) {
  assert.ok(resident && typeof resident.read === 'function' && !('data' in resident), `${label}: a ResidentTensor`);
  const got = resident.read();
  assert.deepEqual(got.shape, plain.shape, `${label}: shape`);
  assert.equal(got.data.constructor, plain.data.constructor, `${label}: element type`);
  assert.ok(bytes(got.data).equals(bytes(plain.data)), `${label}: the values differ from the plain call's`);
}

/** `c` with its float tensors (and a tensor bias) made resident in `cl`; null when a tensor cannot be one. */
function residentCase(cl, c) {
  const made = [];
  const keep = (t) => (made.push(t), t);
  try {
    const tensors = { ...c.tensors };
    for (const role of ['gradOutput', 'input', 'weight']) if (tensors[role]) tensors[role] = keep(cl.resident(tensors[role]));
    const opts = { ...c.opts };
    if (opts.bias && typeof opts.bias === 'object') opts.bias = keep(cl.resident(opts.bias));
    return { tensors, opts, made };
  } catch (e) {
    for (const t of made) t.free();
    if (e?.name !== 'ConvlensError') throw e;
    return null; // e.g. a zero or fifth dimension, which only an error case has
  }
}

for (const { name: variant, cl } of variants) {
  describe(`every fixture through resident tensors [${variant}]`, () => {
    test('the fixtures are all here', () => {
      assert.equal(cases.length, 5 + 400 + 24 + 569 + 174 + (loadTutorialCases().length - 5));
      assert.equal(cases.filter((c) => c.error).length, 107 + 38);
    });

    test(`${cases.length} cases: resident results have the plain call's bits; errors have its code`, () => {
      let compared = 0;
      for (const c of cases) {
        const label = `[${variant}] ${c.name}`;
        let plain;
        let plainError = null;
        try {
          plain = invoke(cl, c.method, c.tensors, c.opts);
        } catch (e) {
          plainError = e;
        }
        assert.equal(Boolean(plainError), Boolean(c.error), `${label}: the plain call ${plainError ? `threw ${plainError.message}` : 'ran'}`);
        const r = residentCase(cl, c);
        if (!r) {
          assert.ok(plainError, `${label}: only a failing case may have tensors that cannot be resident`);
          continue;
        }
        try {
          if (plainError) {
            expectError(() => invoke(cl, c.method, r.tensors, r.opts), plainError.code, [], label);
            continue;
          }
          const got = invoke(cl, c.method, r.tensors, r.opts);
          for (const [[name, g], [, p]] of parts(got).map((pair, i) => [pair, parts(plain)[i]])) {
            if (p === null) assert.equal(g, null, `${label}: ${name}`);
            else assertSameBits(g, p, `${label}: ${name}`), compared++;
            g?.free();
          }
        } finally {
          for (const t of r.made) t.free();
        }
      }
      assert.ok(compared > 1100, `${compared} results compared`);
    });
  });

  describe(`chains and out [${variant}]`, () => {
    const rng = mulberry32(20261203);
    const x = randomTensor(rng, [2, 3, 12, 12]);
    const w1 = randomTensor(rng, [4, 3, 3, 3]);
    const b1 = randomTensor(rng, [4]);
    const w2 = randomTensor(rng, [5, 4, 3, 3]);

    test('conv → maxPool (indices) → conv → maxUnpool ↔ the same chain on plain tensors, bit for bit', () => {
      const y = cl.conv2d(x, w1, { bias: b1, padding: 1 });
      const p = cl.maxPool2d(y, { kernelSize: 2, returnIndices: true });
      const z = cl.conv2d(p.output, w2, { stride: 2, paddingMode: 'reflect', padding: 1 });
      const u = cl.maxUnpool2d(p.output, p.indices, { kernelSize: 2 });
      const rx = cl.resident(x);
      const ry = cl.conv2d(rx, cl.resident(w1), { bias: cl.resident(b1), padding: 1 });
      const rp = cl.maxPool2d(ry, { kernelSize: 2, returnIndices: true });
      assert.equal(rp.indices.dtype, 'int32');
      const rz = cl.conv2d(rp.output, w2, { stride: 2, paddingMode: 'reflect', padding: 1 });
      const ru = cl.maxUnpool2d(rp.output, rp.indices, { kernelSize: 2 });
      assertSameBits(ry, y, 'conv');
      assertSameBits(rp.output, p.output, 'maxPool2d output');
      assertSameBits(rp.indices, p.indices, 'maxPool2d indices');
      assertSameBits(rz, z, 'second conv');
      assertSameBits(ru, u, 'maxUnpool2d with resident indices');
      assert.deepEqual(rz.shape, [2, 5, 3, 3]);
      assert.ok(Object.isFrozen(rz.shape));
      assert.equal(rz.size, 90);
      for (const t of [rx, ry, rp.output, rp.indices, rz, ru]) t.free();
    });

    test('a plain input with a resident out gives a resident result; a resident input with a Float32Array out a plain one', () => {
      const plain = cl.avgPool2d(x, { kernelSize: 3, stride: 2 });
      const out = cl.residentEmpty([plain.data.length]);
      const r = cl.avgPool2d(x, { kernelSize: 3, stride: 2, out });
      assert.equal(r, out, 'out itself');
      assert.deepEqual(out.shape, plain.shape, 'out takes the output\'s shape');
      assertSameBits(out, plain, 'into out');
      const rx = cl.resident(x);
      const buffer = new Float32Array(plain.data.length);
      const back = cl.avgPool2d(rx, { kernelSize: 3, stride: 2, out: buffer });
      assert.equal(back.data, buffer);
      assert.ok(bytes(buffer).equals(bytes(plain.data)));
      rx.free();
      out.free();
    });

    test('backward ops: gradients are resident when gradOutput or input is, with the plain call\'s bits', () => {
      const y = cl.conv2d(x, w1, { bias: b1, stride: 2 });
      const g = randomTensor(rng, y.shape);
      const plain = cl.conv2dBackward(g, x, w1, { bias: true, stride: 2 });
      for (const [gi, xi] of [[cl.resident(g), x], [g, cl.resident(x)]]) {
        const r = cl.conv2dBackward(gi, xi, w1, { bias: cl.resident(b1), stride: 2 });
        for (const name of ['gradInput', 'gradWeight', 'gradBias']) assertSameBits(r[name], plain[name], name);
        for (const t of [r.gradInput, r.gradWeight, r.gradBias, gi, xi]) t.free?.();
      }
      const pool = cl.maxPool2dBackward(cl.resident(cl.maxPool2d(x, { kernelSize: 2 })), x, { kernelSize: 2 });
      assertSameBits(pool, cl.maxPool2dBackward(cl.maxPool2d(x, { kernelSize: 2 }), x, { kernelSize: 2 }), 'maxPool2dBackward');
    });

    test('out reused: 1000 warm calls leave wasm memory as it was, and out holds the last result', () => {
      const rx = cl.resident(x);
      const rw = cl.resident(w1);
      const y = cl.residentEmpty([2 * 4 * 12 * 12]);
      const p = cl.residentEmpty([2 * 4 * 6 * 6]);
      const step = () => cl.maxPool2d(cl.conv2d(rx, rw, { padding: 1, out: y }), { kernelSize: 2, out: p });
      for (let i = 0; i < 10; i++) step();
      const before = cl.memoryBytes();
      for (let i = 0; i < 1000; i++) assert.equal(step(), p);
      assert.equal(cl.memoryBytes(), before, 'wasm memory after 1000 warm calls');
      assertSameBits(p, cl.maxPool2d(cl.conv2d(x, w1, { padding: 1 }), { kernelSize: 2 }), 'the last result');
      for (const t of [rx, rw, y, p]) t.free();
    });

    test('memory growth in the middle of a chain: earlier tensors keep their values, later ops read them right', () => {
      const rx = cl.resident(x);
      const y = cl.conv2d(rx, w1, { padding: 1 });
      const before = cl.memoryBytes();
      const big = cl.residentEmpty([before / 4 + 1]); // more than the whole memory: it must grow
      assert.ok(cl.memoryBytes() > before, `memory grew (${before} → ${cl.memoryBytes()})`);
      const p = cl.maxPool2d(y, { kernelSize: 2 });
      const plainY = cl.conv2d(x, w1, { padding: 1 });
      assertSameBits(y, plainY, 'the conv after growth');
      assertSameBits(p, cl.maxPool2d(plainY, { kernelSize: 2 }), 'the pool of it');
      assert.deepEqual(big.read().data.subarray(0, 4), new Float32Array(4), 'zero-filled');
      rx.write(new Float64Array(x.data.length).fill(-1));
      assert.deepEqual(rx.read().data, new Float32Array(x.data.length).fill(-1), 'write() after growth');
      for (const t of [rx, y, big, p]) t.free();
    });
  });

  describe(`the tensor's own methods [${variant}]`, () => {
    test('resident() takes nested arrays and { shape, data }; residentEmpty() zeros; read() copies; write() replaces', () => {
      const a = cl.resident([[1, 2], [3, 4]]);
      assert.deepEqual(a.shape, [2, 2]);
      assert.equal(a.dtype, 'float32');
      const copy = a.read();
      copy.data[0] = 99;
      assert.deepEqual([...a.read().data], [1, 2, 3, 4], 'read() is a copy');
      assert.equal(a.write([5, 6, 7, 8]), a);
      assert.deepEqual([...a.read().data], [5, 6, 7, 8]);
      a.write(new Int16Array([-1, 0, 1, 2]));
      assert.deepEqual([...a.read().data], [-1, 0, 1, 2]);
      expectError(() => a.write([1, 2, 3]), 'INVALID_SHAPE', ['3 elements']);
      expectError(() => a.write(['1', 2, 3, 4]), 'INVALID_TYPE');
      assert.deepEqual([...a.read().data], [-1, 0, 1, 2], 'a refused write changes nothing');
      const b = cl.resident({ shape: [1, 3], data: new Float64Array([0.1, NaN, -0]) });
      assert.ok(Object.is(b.read().data[2], -0) && Number.isNaN(b.read().data[1]));
      const z = cl.residentEmpty([2, 3, 4]);
      assert.deepEqual(z.read(), { shape: [2, 3, 4], data: new Float32Array(24) });
      expectError(() => cl.residentEmpty([2, 0]), 'INVALID_SHAPE', ['zero dimension']);
      expectError(() => cl.residentEmpty([1, 1, 1, 1, 1]), 'INVALID_SHAPE', ['rank 1 to 4']);
      expectError(() => cl.resident({ shape: [2], data: [1] }), 'INVALID_SHAPE');
      for (const t of [a, b, z]) t.free();
    });

    test('free(): later uses are FREED, a second free() does nothing, the memory is reused', () => {
      const t = cl.resident([[[[1, 2], [3, 4]]]]);
      const w = cl.resident([[[[1]]]]);
      assert.equal(t.freed, false);
      t.free();
      assert.equal(t.freed, true);
      t.free();
      expectError(() => t.read(), 'FREED', ['read()', 'freed']);
      expectError(() => t.write([1, 2, 3, 4]), 'FREED', ['write()']);
      expectError(() => cl.conv2d(t, w), 'FREED', ['conv2d()', 'input']);
      expectError(() => cl.conv2d(w, t), 'FREED', ['weight']);
      expectError(() => cl.conv2d(w, w, { bias: (() => {
        const b = cl.resident([1]);
        b.free();
        return b;
      })() }), 'FREED', ['bias']);
      expectError(() => cl.maxPool2d(w, { kernelSize: 1, out: t }), 'FREED', ['out']);
      assert.equal(t.shape.length, 4, 'shape and size stay readable');
      // freed memory comes back: 100 rounds of a 4 MiB tensor freed each time do not grow the memory
      const before = cl.memoryBytes();
      for (let i = 0; i < 100; i++) cl.residentEmpty([1 << 20]).free();
      assert.ok(cl.memoryBytes() <= before + (8 << 20), `${before} → ${cl.memoryBytes()}`);
      w.free();
    });
  });
}

test('the FinalizationRegistry frees tensors dropped without free() (node --expose-gc)', () => {
  const script = fileURLToPath(new URL('./resident-finalizer.mjs', import.meta.url));
  const r = spawnSync(process.execPath, ['--expose-gc', script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `${r.stderr}`);
  const { tensorBytes, rounds, droppedGrowth, keptGrowth, burst, burstGrowth } = JSON.parse(r.stdout);
  // Dropped tensors come back to malloc: the memory grows by a few tensors at most …
  assert.ok(droppedGrowth <= 4 * tensorBytes, `dropped: grew ${droppedGrowth} bytes over ${rounds} rounds`);
  // … also when they were dropped in bursts (six rounds of `burst` tensors of tensorBytes / 64: a round's worth
  // is about three tensors of the first rounds; all six kept would be about 18) …
  assert.ok(burstGrowth <= 2 * burst * (tensorBytes / 64), `bursts: grew ${burstGrowth} bytes`);
  // … while the same rounds with the tensors kept alive grow it by all of them (the check can fail).
  assert.ok(keptGrowth >= (rounds - 4) * tensorBytes, `kept: grew ${keptGrowth} bytes`);
});


test('an instance made by another copy of the API (as a bundled widget has) gets resident tensors from load() too', async () => {
  const dist = new URL('../../dist/convlens/', import.meta.url);
  const copy = await import(new URL('convlens.js?another-copy', dist));
  const { default: factory } = await import(new URL('convlens_simd.mjs', dist));
  const cl = copy.createApi(await factory({ wasmBinary: readFileSync(new URL('convlens_simd.wasm', dist)) }), 'simd');
  const t = cl.resident([[[[1, 2], [3, 4]]]]);
  const pooled = cl.maxPool2d(t, { kernelSize: 2 });
  assert.deepEqual([...pooled.read().data], [4]);
  expectError(() => variants[0].cl.maxPool2d(t, { kernelSize: 2 }), 'INVALID_ARGUMENT', ['another convlens instance']);
  t.free();
  pooled.free();
});

test('isResident() tells resident tensors (of any instance, freed or not) from everything else', () => {
  const [{ cl }, { cl: other }] = variants;
  const t = other.resident([1, 2]);
  const copy = t.read();
  assert.equal(cl.isResident(t), true);
  t.free();
  assert.equal(cl.isResident(t), true);
  for (const v of [undefined, null, 0, { shape: [2], data: new Float32Array(2) }, new Float32Array(2), copy])
    assert.equal(cl.isResident(v), false);
});
