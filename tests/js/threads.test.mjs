// load({ threads }): the threaded build (pthreads over shared memory, a pool of threads − 1 workers)
// in Node, the same bits as one thread on the benchmark's shapes, the choice of build and its fallback
// to one thread with a notice (chooseBuild, and a process whose engine "is not cross-origin isolated"),
// and the option's checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ConvlensError, load } from 'convlens';
import { chooseBuild } from '../../web/convlens/threads.js';
import { sharedCopies } from '../../dist/convlens/shared-copies.node.js';
import { mulberry32 } from './helpers.mjs';

const entry = fileURLToPath(new URL('../../dist/convlens/index.node.js', import.meta.url));

function random(shape, seed) {
  const rand = mulberry32(seed);
  const data = new Float32Array(shape.reduce((a, b) => a * b));
  for (let i = 0; i < data.length; ++i) data[i] = rand() * 2 - 1;
  return { shape, data };
}

const bits = (t) => new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length);

test('load({ threads: 2 }) in Node: the threaded SIMD build on 2 threads, one shared instance per count', async () => {
  const [two, twoAgain, three, one] = await Promise.all([load({ threads: 2 }), load({ threads: 2 }),
    load({ threads: 3 }), load({ threads: 1 })]);
  assert.deepEqual([two.variant, two.threads, two.threadsNotice], ['simd-threads', 2, null]);
  assert.deepEqual([three.variant, three.threads], ['simd-threads', 3]);
  assert.equal(two, twoAgain);
  assert.notEqual(two, three);
  assert.equal(one, await load(), 'threads: 1 is the default build');
  assert.deepEqual([one.variant, one.threads, one.threadsNotice], ['simd', 1, null]);
});

test('threads 2 and 3 give the same bits as one thread on the benchmark shapes (W2, W3, W6, W7, W8)', async () => {
  const [one, two, three] = await Promise.all([load(), load({ threads: 2 }), load({ threads: 3 })]);
  const cases = [
    ['W2 conv 64→64 3×3', (cl) => cl.conv2d(random([1, 64, 56, 56], 2), random([64, 64, 3, 3], 3), { padding: 1, bias: random([64], 4) })],
    ['W8 conv 3→16 5×5 512×512', (cl) => cl.conv2d(random([1, 3, 512, 512], 5), random([16, 3, 5, 5], 6), { padding: 2 })],
    ['conv 2 images, groups 2, stride 2', (cl) => cl.conv2d(random([2, 8, 65, 63], 7), random([12, 4, 3, 3], 8), { stride: 2, groups: 2 })],
    ['W3 depthwise 128', (cl) => cl.conv2d(random([1, 128, 56, 56], 9), random([128, 1, 3, 3], 10), { padding: 1, groups: 128 })],
    ['W7 conv_transpose 64→32 4×4 s2', (cl) => cl.convTranspose2d(random([1, 64, 28, 28], 11), random([64, 32, 4, 4], 12), { stride: 2, padding: 1 })],
    ['W6 max_pool 3×3 s2', (cl) => cl.maxPool2d(random([1, 64, 112, 112], 13), { kernelSize: 3, stride: 2, padding: 1 })],
  ];
  for (const [label, run] of cases) {
    const want = run(one);
    for (const cl of [two, three]) {
      const got = run(cl);
      assert.deepEqual(got.shape, want.shape, label);
      assert.ok(bits(got).every((b, i) => b === bits(want)[i]), `${label}: ${cl.threads} threads differ from one`);
    }
  }
});

test("the threaded build's copies in and out of shared memory: resident tensors, write(), read(), indices and out, as one thread's", async () => {
  const [one, two] = await Promise.all([load(), load({ threads: 2 })]);
  const x = random([1, 3, 9, 7], 21);
  const pool = { kernelSize: 3, stride: 2, padding: 1, returnIndices: true };
  const want = one.maxPool2d(x, pool);
  const got = two.maxPool2d(x, pool);
  assert.deepEqual([...got.output.data], [...want.output.data]);
  assert.deepEqual([...got.indices.data], [...want.indices.data]);
  assert.ok(got.indices.data instanceof Int32Array && !(got.indices.data.buffer instanceof SharedArrayBuffer));
  const r = two.resident(x);
  assert.deepEqual([...r.read().data], [...x.data]);
  const values = random([1, 3, 9, 7], 22).data;
  r.write(values);
  const back = r.read().data;
  assert.ok(back instanceof Float32Array && !(back.buffer instanceof SharedArrayBuffer), 'a copy, not a view of wasm memory');
  assert.deepEqual([...back], [...values]);
  r.write([...values].map((v) => -v));  // a number[] source
  assert.deepEqual([...r.read().data], [...values].map((v) => -v));
  const ri = two.maxPool2d(r, pool);
  const wantIndices = one.maxPool2d({ shape: x.shape, data: r.read().data }, pool).indices.data;
  assert.deepEqual([...ri.indices.read().data], [...wantIndices]);
  const out = new Float32Array(want.output.data.length + 3).subarray(2, 2 + want.output.data.length);
  two.maxPool2d(x, { ...pool, returnIndices: false, out });
  assert.deepEqual([...out], [...want.output.data], 'into an out at an offset of its buffer');
  for (const t of [r, ri.output, ri.indices]) t.free();
});

test('the threaded build reads a typed array by its own slots: a faked length, buffer, offset or constructor changes nothing', async () => {
  const [one, two] = await Promise.all([load(), load({ threads: 2 })]);
  const x = random([1, 1, 5, 5], 31);
  const w = random([1, 1, 3, 3], 32);
  const want = one.conv2d(x, w, { bias: { shape: [1], data: [0.5] } });
  const faked = (data, props) =>
    Object.defineProperties(data, Object.fromEntries(Object.entries(props).map(([k, value]) => [k, { value }])));
  const view = new Float32Array(100).fill(9).subarray(3, 4).fill(0.5);  // a 1-element view of a larger buffer
  for (const bias of [
    faked(new Float32Array([0.5]), { length: 3 }),
    faked(view, { length: 60 }),
    faked(new Float32Array(view), { buffer: new Float32Array(64).fill(9).buffer, byteOffset: 4 }),
    faked(new Float32Array([0.5]), { constructor: Int32Array, BYTES_PER_ELEMENT: 64 }),
  ]) {
    const r = two.resident(x);
    assert.deepEqual([...two.conv2d(x, w, { bias }).data], [...want.data]);
    assert.deepEqual([...two.conv2d(r, w, { bias }).read().data], [...want.data]);
    assert.deepEqual([...r.read().data], [...x.data], 'nothing written past the bias');
    r.free();
  }
});

test("Node's copies into shared memory keep set()'s and slice()'s semantics", () => {
  const { into: copyInto, of: copyOf } = sharedCopies;
  const shared = new Float32Array(new SharedArrayBuffer(40));
  copyInto(shared, new Float32Array([1, 2, 3]), 6);
  copyInto(shared, [4, 5], 1);  // a plain array: set()'s conversion
  copyInto(shared, new Float64Array([0.1]), 0);  // another type: converted to float32
  assert.deepEqual([...shared], [Math.fround(0.1), 4, 5, 0, 0, 0, 1, 2, 3, 0]);
  assert.throws(() => copyInto(shared, new Float32Array(3), 8), RangeError, 'past the end throws, as set() does');
  copyInto(shared, new Float32Array(0), 10);
  shared.copyWithin(0, 6);
  copyInto(shared, shared.subarray(6, 9), 7);  // within one buffer: set() (memmove)
  assert.deepEqual([...shared], [1, 2, 3, 0, 0, 0, 1, 1, 2, 3]);
  const out = new Int32Array(4);
  copyInto(out, new Int32Array(new SharedArrayBuffer(8)).fill(-7), 1);
  assert.deepEqual([...out], [0, -7, -7, 0]);
  const copied = copyOf(shared.subarray(6, 9));
  assert.ok(copied instanceof Float32Array && !(copied.buffer instanceof SharedArrayBuffer));
  assert.deepEqual([...copied], [1, 1, 2]);
  const plain = new Float32Array([5, 6]);
  const sliced = copyOf(plain);
  assert.ok(sliced !== plain && sliced.buffer !== plain.buffer);
  assert.deepEqual([...sliced], [5, 6]);
});

test('chooseBuild: the threaded build only with SIMD and shared memory, else one thread and a notice saying why', () => {
  const env = { simd: true, threads: true };
  assert.deepEqual(chooseBuild({}, env), { variant: 'simd', threads: 1, notice: null });
  assert.deepEqual(chooseBuild({ threads: 1 }, { simd: false, threads: true }), { variant: 'scalar', threads: 1, notice: null });
  assert.deepEqual(chooseBuild({ threads: 4 }, env), { variant: 'simd-threads', threads: 4, notice: null });
  const isolated = chooseBuild({ threads: 2 }, { simd: true, threads: false });
  assert.deepEqual([isolated.variant, isolated.threads], ['simd', 1]);
  assert.match(isolated.notice, /^convlens: load\(\{ threads: 2 \}\) runs on one thread: .*cross-origin isolated .*Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp/);
  const noSimd = chooseBuild({ threads: 2 }, { simd: false, threads: true });
  assert.deepEqual([noSimd.variant, noSimd.threads], ['scalar', 1]);
  assert.match(noSimd.notice, /needs WebAssembly SIMD, which this engine lacks/);
  const scalar = chooseBuild({ threads: 2, simd: false }, env);
  assert.deepEqual([scalar.variant, scalar.threads], ['scalar', 1]);
  assert.match(scalar.notice, /load\(\) was given simd: false/);
});

/** Runs `script` (an ES module's text) in a new Node process: its { stdout, stderr }. */
function runNode(script) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 60_000 },
      (error, out, err) => (error ? reject(error) : resolve({ stdout: out, stderr: err })));
  });
}

/**
 * load({ threads: 2 }) from the package entry `entryFile` in a new process, after `prelude` (script text): what
 * the instance says of itself (variant, threads, notice), a conv2d's values (`sum`), and what the process printed
 * to stderr.
 */
async function loadThreadsInNode(entryFile, prelude = '') {
  const { stdout, stderr } = await runNode(`${prelude}
const { load } = await import(${JSON.stringify(entryFile)});
const cl = await load({ threads: 2 });
console.log(JSON.stringify({ variant: cl.variant, threads: cl.threads, notice: cl.threadsNotice, sum: Array.from(cl.conv2d({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, { shape: [1, 1, 1, 1], data: [2] }).data) }));`);
  return { ...JSON.parse(stdout), stderr };
}

test('Node without shared memory: load({ threads: 2 }) runs on one thread, warns once per load, and says why on the instance', async () => {
  // an engine whose globals say "not cross-origin isolated", as a browser page without COOP/COEP does
  const { stderr, ...r } = await loadThreadsInNode(entry, 'globalThis.crossOriginIsolated = false;');
  assert.deepEqual([r.variant, r.threads, r.sum], ['simd', 1, [2, 4, 6, 8]]);
  assert.match(r.notice, /^convlens: load\(\{ threads: 2 \}\) runs on one thread: this engine has no shared WebAssembly memory/);
  assert.equal(stderr.trim(), r.notice, 'the notice, once, as a console warning');
});

test("a package whose pool worker script is missing: load({ threads: 2 }) runs on one thread and names it, not hang", async () => {
  // the package's files with the threaded build's worker script left out
  const copy = mkdtempSync(path.join(os.tmpdir(), 'convlens-no-worker-'));
  try {
    cpSync(path.dirname(entry), copy, { recursive: true });
    rmSync(path.join(copy, 'convlens_simd_threads.worker.js'));
    const { stderr, ...r } = await loadThreadsInNode(path.join(copy, 'index.node.js'));
    assert.deepEqual([r.variant, r.threads, r.sum], ['simd', 1, [2, 4, 6, 8]]);
    assert.match(r.notice, /^convlens: load\(\{ threads: 2 \}\) runs on one thread: the threaded build's worker script \(.*convlens_simd_threads\.worker\.js\) did not load: /);
    assert.equal(stderr.trim(), r.notice, 'the notice, once, as a console warning');
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test('a process that loaded the threaded build exits on its own (the idle pool keeps nothing alive)', async () => {
  const { stdout } = await runNode(`const { load } = await import(${JSON.stringify(entry)});
const cl = await load({ threads: 2 });
console.log(cl.conv2d({ shape: [1, 1, 1, 3], data: [1, 2, 3] }, { shape: [1, 1, 1, 2], data: [1, 1] }).data.join(','));`);
  assert.equal(stdout.trim(), '3,5');
});

test("load() threads: an integer from 1 to 16, else INVALID_ARGUMENT / INVALID_TYPE naming 'threads'", async () => {
  for (const threads of [0, -1, 1.5, 17, NaN]) {
    await assert.rejects(load({ threads }), (e) => {
      assert.ok(e instanceof ConvlensError);
      assert.deepEqual([e.code, e.argument], ['INVALID_ARGUMENT', 'threads']);
      assert.match(e.message, /^load\(\): argument 'threads' must be an integer from 1 to 16, but got /);
      return true;
    });
  }
  await assert.rejects(load({ threads: '2' }), (e) => e.code === 'INVALID_TYPE' && /argument 'threads' must be a number/.test(e.message));
});
