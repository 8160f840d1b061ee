// load(): one shared instance per build (fresh: true for a private one), its options checked, and
// every way the Node entry can fail to load as a LOAD_FAILED ConvlensError
// that names the file, with nothing printed (each failure runs in a child process on a copy of
// dist/convlens/ with a file removed or damaged).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { ConvlensError, load, version } from 'convlens';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = path.join(root, 'dist', 'convlens');
const tut = { shape: [1, 1, 3, 3], data: [1, 2, 0, 0, 1, 2, 1, 2, 1] };
const ones = { shape: [1, 1, 2, 2], data: [1, 1, 1, 1] };

test('load() returns one shared instance per build; fresh: true a new one that works alike', async () => {
  const [a, b, scalar, scalarAgain] = await Promise.all([load(), load(), load({ simd: false }), load({ simd: false })]);
  assert.equal(a, b);
  assert.equal(scalar, scalarAgain);
  assert.notEqual(a, scalar);
  assert.deepEqual([a.variant, scalar.variant], ['simd', 'scalar']);
  const fresh = await load({ fresh: true });
  assert.notEqual(fresh, a);
  assert.equal(await load(), a, 'a fresh instance does not replace the shared one');
  assert.deepEqual(Array.from(fresh.conv2d(tut, ones).data), [4, 5, 4, 6]);
  assert.deepEqual(Array.from(a.conv2d(tut, ones).data), [4, 5, 4, 6]);
});

test('load() options: unknown names are UNKNOWN_OPTION (with a hint), wrong types INVALID_TYPE', async () => {
  const rejects = (options, code, message, argument) => assert.rejects(load(options), (e) => {
    assert.ok(e instanceof ConvlensError, String(e));
    assert.deepEqual([e.code, e.argument], [code, argument]);
    assert.match(e.message, message);
    return true;
  });
  await rejects({ simdd: false }, 'UNKNOWN_OPTION', /^load\(\) got an unexpected keyword argument 'simdd'$/, 'simdd');
  await rejects({ locate_file: () => '' }, 'UNKNOWN_OPTION', /'locate_file' \(did you mean 'locateFile'\?\)/, 'locate_file');
  await rejects({ wasm_binary: new Uint8Array(8) }, 'UNKNOWN_OPTION', /did you mean 'wasmBinary'/, 'wasm_binary');
  await rejects({ instantiateWasm: () => ({}) }, 'UNKNOWN_OPTION', /'instantiateWasm'$/, 'instantiateWasm');
  await rejects({ simd: 1 }, 'INVALID_TYPE', /argument 'simd' must be a boolean, but got 1/, 'simd');
  await rejects({ fresh: 'yes' }, 'INVALID_TYPE', /argument 'fresh' must be a boolean/, 'fresh');
  await rejects({ print: 'x' }, 'INVALID_TYPE', /argument 'print' must be a function/, 'print');
  await rejects({ wasmBinary: [0, 97, 115, 109] }, 'INVALID_TYPE', /argument 'wasmBinary' must be a Uint8Array or ArrayBuffer/, 'wasmBinary');
  await rejects([], 'INVALID_TYPE', /load\(\): options must be an object/, undefined);
});

test('wasmBinary that is not WebAssembly, or not convlens: LOAD_FAILED naming the option', async () => {
  await assert.rejects(load({ fresh: true, wasmBinary: new TextEncoder().encode('<!doctype html>') }), (e) => {
    assert.equal(e.code, 'LOAD_FAILED');
    assert.equal(e.message, "convlens could not load the wasmBinary option's bytes: it is not WebAssembly");
    return true;
  });
  const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]); // a valid module that exports nothing
  await assert.rejects(load({ fresh: true, wasmBinary: empty }), (e) => {
    assert.equal(e.code, 'LOAD_FAILED');
    assert.match(e.message, /^convlens could not load convlens_simd\.wasm: .*\(files of different builds\)$/);
    return true;
  });
});

/** load() in a child process on a copy of dist/convlens/ changed by `damage(dir)`: { result, stdout, stderr, copy }. */
async function loadBroken(damage, options = {}, prelude = '') {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'convlens-load-'));
  try {
    const copy = path.join(tmp, 'convlens');
    cpSync(dist, copy, { recursive: true });
    damage(copy);
    const script = `${prelude}
const { load } = await import(${JSON.stringify(pathToFileURL(path.join(copy, 'index.node.js')).href)});
try { const cl = await load(${JSON.stringify(options)}); console.log(JSON.stringify({ ok: cl.variant })); }
catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message })); }`;
    writeFileSync(path.join(tmp, 'main.mjs'), script);
    const { stdout, stderr } = await new Promise((resolve, reject) => {
      execFile(process.execPath, [path.join(tmp, 'main.mjs')], (error, out, err) => (error ? reject(error) : resolve({ stdout: out, stderr: err })));
    });
    return { result: JSON.parse(stdout.trim().split('\n').pop()), stdout, stderr, copy };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const quiet = ({ stdout, stderr }) => {
  assert.equal(stderr, '', 'nothing on stderr');
  assert.equal(stdout.trim().split('\n').length, 1, `only the result on stdout: ${stdout}`);
};

test('Node: a missing .wasm is LOAD_FAILED naming its path, with nothing printed', async () => {
  const r = await loadBroken((dir) => rmSync(path.join(dir, 'convlens_simd.wasm')));
  assert.deepEqual({ ...r.result, message: undefined }, { name: 'ConvlensError', code: 'LOAD_FAILED', message: undefined });
  assert.equal(r.result.message, `convlens could not load ${path.join(r.copy, 'convlens_simd.wasm')}: the file is missing: reinstall the package (npm install convlens)`);
  quiet(r);
});

test('Node: a damaged .wasm (truncated, or not WebAssembly) is LOAD_FAILED naming its path and the compile error', async () => {
  const truncated = await loadBroken((dir) => {
    const file = path.join(dir, 'convlens_scalar.wasm');
    writeFileSync(file, readFileSync(file).subarray(0, 4000));
  }, { simd: false });
  assert.equal(truncated.result.code, 'LOAD_FAILED');
  assert.match(truncated.result.message, /^convlens could not load \/.*\/convlens_scalar\.wasm: CompileError: .*\(a damaged file, or a \.wasm and \.mjs of different builds\)$/);
  quiet(truncated);
  const html = await loadBroken((dir) => writeFileSync(path.join(dir, 'convlens_simd.wasm'), '<!doctype html><title>404</title>'));
  assert.equal(html.result.message, `convlens could not load ${path.join(html.copy, 'convlens_simd.wasm')}: it is not WebAssembly`);
  quiet(html);
});

test('Node: a missing glue module is LOAD_FAILED naming its path', async () => {
  const r = await loadBroken((dir) => rmSync(path.join(dir, 'convlens_simd.mjs')));
  assert.equal(r.result.code, 'LOAD_FAILED');
  assert.equal(r.result.message, `convlens could not load ${path.join(r.copy, 'convlens_simd.mjs')}: the file is missing: reinstall the package (npm install convlens)`);
  quiet(r);
});

test('an engine without SIMD: load() picks the scalar build, load({ simd: true }) is LOAD_FAILED; without WebAssembly, LOAD_FAILED', async () => {
  const noSimd = 'WebAssembly.validate = () => false;';
  const scalar = await loadBroken(() => {}, {}, noSimd);
  assert.deepEqual(scalar.result, { ok: 'scalar' });
  quiet(scalar);
  const forced = await loadBroken(() => {}, { simd: true }, noSimd);
  assert.deepEqual(forced.result, { name: 'ConvlensError', code: 'LOAD_FAILED',
    message: 'convlens could not load convlens_simd.wasm: no WebAssembly SIMD in this engine: use load({ simd: false })' });
  quiet(forced);
  const none = await loadBroken(() => {}, {}, 'delete globalThis.WebAssembly;');
  assert.deepEqual(none.result, { name: 'ConvlensError', code: 'LOAD_FAILED',
    message: 'convlens could not load convlens_scalar.wasm: no WebAssembly in this engine (or it is turned off)' });
  quiet(none);
});

test('an instance stopped by an internal error is replaced by the next load(); a failed load is tried again', async () => {
  const { makeLoad } = await import(pathToFileURL(path.join(dist, 'loader.js')).href);
  const wasm = readFileSync(path.join(dist, 'convlens_scalar.wasm'));
  let traps = true;
  let fail = true;
  const source = {
    async glue() {
      if (fail) {
        fail = false;
        throw new ConvlensError('LOAD_FAILED', 'convlens could not load x: a first failure');
      }
      const { default: factory } = await import(pathToFileURL(path.join(dist, 'convlens_scalar.mjs')).href);
      return async (options) => {
        const module = await factory(options);
        // The API looks the module's functions up on each call: a trap is injected by replacing one, not by wrapping
        if (traps) {
          module._convlens_run = () => {
            throw new WebAssembly.RuntimeError('unreachable');
          };
        }
        return module;
      };
    },
    instantiate: (variant, o, imports) => WebAssembly.instantiate(wasm, imports),
  };
  // a load() of its own over the package's registry: the shared scalar entry is set aside, then put back
  const registry = globalThis[Symbol.for(`convlens ${version} instances`)];
  const saved = registry.get('scalar');
  registry.delete('scalar');
  try {
    const ownLoad = makeLoad(source);
    await assert.rejects(ownLoad({ simd: false }), /a first failure/);
    const first = await ownLoad({ simd: false });
    assert.throws(() => first.conv2d(tut, ones), (e) => e.code === 'INTERNAL_ERROR');
    traps = false;
    const second = await ownLoad({ simd: false });
    assert.notEqual(second, first);
    assert.deepEqual(Array.from(second.conv2d(tut, ones).data), [4, 5, 4, 6]);
    assert.equal(await ownLoad({ simd: false }), second);
  } finally {
    if (saved) registry.set('scalar', saved);
    else registry.delete('scalar');
  }
});
