// The npm package as its users get it: `npm pack` the repository (what `npm publish` would upload),
// install the tarball into fresh projects under os.tmpdir(), and use it the ways README.md's
// "Installing" section promises: Node ESM, Node CommonJS (require(esm)), TypeScript (tsc --strict,
// nodenext and bundler), a Vite build served to Chromium, and a plain page with
// <script type="module"> and no bundler; and load({ threads: 2 }) in production builds of Vite and
// webpack 5 served with and without cross-origin isolation (fixtures/threads-page.js). Also checks what
// the tarball holds and the size budget (each .wasm ≤ 60 KB gzipped), printing every file's raw and
// gzipped size.
//
// dist/convlens/ must be built first (`node scripts/build.mjs`; `npm test` does it). The pack uses
// --ignore-scripts so it does not rebuild (the package's own "prepack" does that for `npm pack`).
// CONVLENS_KEEP_TMP=1 keeps the temporary projects and prints where they are.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import webpack from 'webpack';
import { startServer } from '../../scripts/serve.mjs';
import { launchChromium, run } from './pack.mjs';
import { caseTensors, THREADS_CASE } from './fixtures/threads-case.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = path.join(root, 'tests', 'package', 'fixtures');
const pkgDir = path.join(root, 'dist', 'convlens');
const TSC = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const VITE = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const PROJECTS = ['esm', 'cjs', 'ts', 'vite', 'html', 'webpack'];
// the bundled apps that also have the page asking for threads
const THREADED_PROJECTS = ['vite', 'webpack'];
const THREADS_PAGE = ['threads-page.js', 'threads-case.js'];

// The tutorial's 5×5 input ⋆ 3×3 kernel, stride 1 (tests/fixtures/tutorial.json, seed_conv2d_stride1).
const TUTORIAL = { shape: [1, 1, 3, 3], data: [10, 12, 12, 18, 16, 16, 13, 9, 3] };
const WASM_GZIP_BUDGET = 60 * 1024;
// Makes the engine look SIMD-less to convlens's 31-byte probe (TOOLCHAIN.md §2).
const NO_SIMD = () => {
  const validate = WebAssembly.validate;
  WebAssembly.validate = (bytes) => (bytes.length === 31 ? false : validate(bytes));
};

/** The last stdout line of a consumer script, parsed (each prints one JSON line). */
function lastJson(stdout) {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

let tmp;
let tarball; // npm pack's JSON entry: { filename, size, unpackedSize, files: [{ path, size }] }
let browser;
const servers = [];
const dir = (project) => path.join(tmp, project);
const installed = (project) => path.join(dir(project), 'node_modules', 'convlens');

async function npmInstall(project) {
  const args = ['install', path.join(tmp, tarball.filename), '--no-audit', '--no-fund', '--loglevel=error'];
  try {
    await run('npm', [...args, '--offline'], { cwd: dir(project) });
  } catch {
    await run('npm', args, { cwd: dir(project) }); // no cache entry to satisfy --offline: go online
  }
}

before(async () => {
  for (const f of ['index.node.js', 'index.browser.js', 'index.d.ts', 'convlens_simd.wasm', 'convlens_scalar.wasm']) {
    assert.ok(existsSync(path.join(pkgDir, f)), `dist/convlens/${f} is missing: run \`node scripts/build.mjs\` first`);
  }
  tmp = mkdtempSync(path.join(os.tmpdir(), 'convlens-consumers-'));
  const launching = launchChromium();
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: root });
  [tarball] = JSON.parse(stdout);
  await Promise.all(PROJECTS.map(async (project) => {
    cpSync(path.join(fixtures, project), dir(project), { recursive: true });
    if (THREADED_PROJECTS.includes(project)) {
      for (const f of THREADS_PAGE) cpSync(path.join(fixtures, f), path.join(dir(project), f));
    }
    await npmInstall(project);
  }));
  browser = await launching;
});

after(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  if (!tmp) return;
  if (process.env.CONVLENS_KEEP_TMP) console.log(`# consumer projects kept in ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// The tarball
// ---------------------------------------------------------------------------------------------

test('dist/convlens/ holds the current web/convlens/ (so the tarball is not stale)', () => {
  const stale = readdirSync(path.join(root, 'web', 'convlens')).filter((f) =>
    !existsSync(path.join(pkgDir, f))
    || !readFileSync(path.join(root, 'web', 'convlens', f)).equals(readFileSync(path.join(pkgDir, f))));
  assert.deepEqual(stale, [], 'these differ from web/convlens/: run `node scripts/build.mjs`');
});

test('the tarball holds only what users need', () => {
  const paths = tarball.files.map((f) => f.path).sort();
  const required = ['LICENSE', 'README.md', 'package.json', ...['index.node.js', 'index.browser.js', 'index.d.ts',
    'convlens_simd.mjs', 'convlens_simd.wasm', 'convlens_scalar.mjs', 'convlens_scalar.wasm', 'convlens_simd_threads.mjs',
    'convlens_simd_threads.wasm', 'convlens_simd_threads.worker.js', 'threads-worker.node.js'].map((f) => `dist/convlens/${f}`)];
  for (const f of required) assert.ok(paths.includes(f), `${f} is not in the tarball: ${paths.join(', ')}`);
  // Beyond the three top-level files and the embedding docs: built JS, wasm, types and (for the widget and the
  // iframe page) CSS and HTML under dist/.
  const unexpected = paths.filter((p) => !['LICENSE', 'README.md', 'package.json', 'docs/embedding.md', 'docs/embedding-figure.png'].includes(p)
    && !/^dist\/[\w./-]+\.(js|mjs|wasm|d\.ts|css|html)$/.test(p));
  assert.deepEqual(unexpected, [], 'files users do not need');
  // What was installed is byte for byte what the build assembled.
  for (const p of paths.filter((q) => q.startsWith('dist/convlens/'))) {
    assert.ok(readFileSync(path.join(installed('esm'), p)).equals(readFileSync(path.join(root, p))), `${p} differs from the build`);
  }
});

test('the packed package.json follows the conventions', () => {
  const m = JSON.parse(readFileSync(path.join(installed('esm'), 'package.json'), 'utf8'));
  const paths = new Set(tarball.files.map((f) => f.path));
  assert.equal(m.name, 'convlens');
  assert.equal(m.version, '0.1.0');
  assert.equal(m.type, 'module');
  assert.equal(m.license, 'MIT');
  assert.ok(m.description && m.keywords?.length, 'description and keywords');
  assert.match(m.engines?.node ?? '', /^>=\s*20/);
  assert.equal(m.private, undefined);
  assert.deepEqual(Object.keys(m.dependencies ?? {}), [], 'no runtime dependencies');
  // Conditions in order: types first, then node, then default (the last one matches anything).
  assert.deepEqual(Object.keys(m.exports['.']), ['types', 'node', 'default']);
  assert.equal(m.exports['./package.json'], './package.json');
  assert.deepEqual(Object.keys(m.exports['./widget']), ['types', 'default']);
  // bundlers may drop modules of a side-effect-free package; the widget's element defines <conv-lens>
  assert.deepEqual(m.sideEffects, [m.exports['./widget'].default]);
  for (const target of [...Object.values(m.exports['.']), ...Object.values(m.exports['./widget']), m.types]) {
    assert.ok(paths.has(target.replace(/^\.\//, '')), `${target} is not in the tarball`);
  }
  assert.equal(m.scripts?.prepack, 'node scripts/build.mjs', '`npm pack` on a clean tree builds first');
});

test('size budget: each .wasm ≤ 60 KB gzipped', (t) => {
  const rows = tarball.files.map((f) => {
    const gz = gzipSync(readFileSync(path.join(installed('esm'), f.path)), { level: 9 }).length;
    return { path: f.path, raw: f.size, gz };
  }).sort((a, b) => b.raw - a.raw);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
  t.diagnostic(`${'file'.padEnd(34)} ${'raw'.padStart(9)} ${'gzip -9'.padStart(9)}`);
  for (const r of rows) t.diagnostic(`${r.path.padEnd(34)} ${kb(r.raw)} ${kb(r.gz)}`);
  t.diagnostic(`${'total (files)'.padEnd(34)} ${kb(rows.reduce((s, r) => s + r.raw, 0))} ${kb(rows.reduce((s, r) => s + r.gz, 0))}`);
  t.diagnostic(`${tarball.filename}: ${kb(tarball.size).trim()} packed, ${kb(tarball.unpackedSize).trim()} unpacked`);
  const wasm = rows.filter((r) => r.path.endsWith('.wasm'));
  assert.equal(wasm.length, 3, 'simd, scalar and simd_threads');
  for (const r of wasm) assert.ok(r.gz <= WASM_GZIP_BUDGET, `${r.path}: ${r.gz} bytes gzipped > ${WASM_GZIP_BUDGET}`);
});

// ---------------------------------------------------------------------------------------------
// Node
// ---------------------------------------------------------------------------------------------

function assertTutorialRuns(runs, threaded = false) {
  assert.deepEqual(runs.map((r) => r.variant), ['simd', 'scalar', ...(threaded ? ['simd-threads'] : [])],
    'load() picks SIMD on Node 20; { simd: false } the scalar build; { threads: 2 } the threaded build');
  if (threaded) assert.deepEqual(runs.map((r) => r.threads), [1, 1, 2]);
  for (const r of runs) {
    assert.deepEqual(r.shape, TUTORIAL.shape, `${r.variant} shape`);
    assert.deepEqual(r.data, TUTORIAL.data, `${r.variant} data`);
  }
}

test("Node ESM: import { load } from 'convlens' runs the tutorial with the three builds; 'convlens/widget' imports without a DOM", async () => {
  const { stdout, stderr } = await run(process.execPath, ['main.js'], { cwd: dir('esm') });
  const r = lastJson(stdout);
  assert.ok(r.resolved.endsWith('/node_modules/convlens/dist/convlens/index.node.js'), `resolved ${r.resolved}`);
  assert.ok(r.widget.resolved.endsWith('/node_modules/convlens/dist/convlens/widget/conv-lens.js'), `resolved ${r.widget.resolved}`);
  assert.deepEqual(r.widget, { ...r.widget, exports: ['ConvLensElement', 'sharedConvlens'], customElements: 'undefined' }, 'importable without a DOM');
  assert.equal(r.simdSupported, true);
  assertTutorialRuns(r.runs, true);
  assert.deepEqual(r.error, { isConvlensError: true, code: 'UNKNOWN_OPTION',
    message: "conv2d() got an unexpected keyword argument 'strides'" });
  // the tutorial's conv2d output [[10, 12, 12], [18, 16, 16], [13, 9, 3]] through MaxPool2d(2, ceil_mode=True)
  assert.deepEqual(r.layers, { output: [18, 16, 13, 3], repr: 'Sequential(\n  (0): Conv2d(1, 1, kernel_size=(3, 3), '
    + 'stride=(1, 1))\n  (1): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=True)\n)' });
  assert.doesNotMatch(stderr, /Warning|Error/);
});

test("Node CommonJS: require('convlens') (require(esm)) and import() give one working module", async () => {
  const { stdout, stderr } = await run(process.execPath, ['main.js'], { cwd: dir('cjs') });
  const r = lastJson(stdout);
  assert.ok(r.resolved.endsWith('/node_modules/convlens/dist/convlens/index.node.js'), `resolved ${r.resolved}`);
  assert.deepEqual(r.exportNames, ['ConvlensError', 'load', 'simdSupported', 'version']);
  assert.equal(r.sameModuleAsImport, true, 'require() and import() share one module instance');
  assert.equal(r.version, '0.1.0', "require('convlens/package.json')");
  assertTutorialRuns(r.runs);
  assert.equal(r.error?.isConvlensError, true);
  assert.equal(r.error?.code, 'INVALID_TYPE');
  assert.match(r.error?.message, /kernelSize/);
  assert.doesNotMatch(stderr, /Warning|Error/, 'no ExperimentalWarning from require(esm)');
});

// ---------------------------------------------------------------------------------------------
// TypeScript
// ---------------------------------------------------------------------------------------------

for (const config of ['nodenext', 'bundler']) {
  test(`TypeScript: tsc --strict --noEmit (module/moduleResolution ${config}) accepts every API and rejects the misuse`, async () => {
    // Each `// @ts-expect-error` line in consumer.ts is itself an error if its misuse type-checks.
    await run(process.execPath, [TSC, '--strict', '--noEmit', '-p', `tsconfig.${config}.json`], { cwd: dir('ts') });
  });
}

test('TypeScript: the nodenext build of the consumer runs and prints what the types promise', async () => {
  await run(process.execPath, [TSC, '--strict', '-p', 'tsconfig.nodenext.json'], { cwd: dir('ts') });
  const esm = lastJson((await run(process.execPath, ['out/consumer.js'], { cwd: dir('ts') })).stdout);
  assert.deepEqual(esm.variants, ['simd', 'scalar', 'simd-threads']);
  assert.deepEqual([esm.threads, esm.threadsNotice], [[1, 2], null]);
  assert.deepEqual(esm.conv2d, TUTORIAL);
  assert.deepEqual(esm.scalarConv2d, TUTORIAL.data);
  assert.equal(esm.formula, '⌊(5 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = 3');
  assert.equal(esm.params, 'weights 3·3·1·1 + bias 1 = 10');
  assert.equal(esm.code, 'SHAPE_MISMATCH');
  assert.deepEqual(esm.shapes.at(-1), [1, 2, 1, 5], "nn.Sequential: Conv2d(1, 2, 3, padding='same'), AdaptiveAvgPool2d((1, None))");
  // outputs (0, 1) and (0, 2) of the stride-2, padding-1 example: 9 taps each, rows −1 … 1
  assert.deepEqual(esm.fieldOffsets, [0, 9, 18]);
  assert.deepEqual(esm.fieldRows, [-1, -1, -1, 0, 0, 0, 1, 1, 1, -1, -1, -1, 0, 0, 0, 1, 1, 1]);
  assert.deepEqual(esm.fieldBias, [0, 0]);
  assert.deepEqual(esm.wholeOutput, [4, 16]);  // a 2×2 output of 2×2 windows
  const cjs = lastJson((await run(process.execPath, ['out/require.cjs'], { cwd: dir('ts') })).stdout);
  assert.deepEqual(cjs, { variant: 'scalar', data: [2, 4, 6, 8] });
});

// ---------------------------------------------------------------------------------------------
// Browsers
// ---------------------------------------------------------------------------------------------

/** Opens url in a fresh context; resolves { result, requests, problems, warnings }. */
async function visit(url, { noSimd = false } = {}) {
  const context = await browser.newContext();
  try {
    if (noSimd) await context.addInitScript(NO_SIMD);
    const page = await context.newPage();
    const requests = [];
    const problems = [];
    const warnings = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
      if (m.type() === 'warning') warnings.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    await page.goto(url);
    await page.waitForSelector('body[data-done="true"]', { timeout: 20_000 });
    const result = JSON.parse(await page.textContent('#result'));
    return { result, requests, problems, warnings };
  } finally {
    await context.close();
  }
}

async function serve(dirToServe, options) {
  const { server, url } = await startServer(dirToServe, 0, options);
  servers.push(server);
  return url;
}

/** Loads the page with SIMD and with SIMD hidden; checks results (and `extra` ones) and which .wasm was fetched. */
async function checkBothBuilds(url, wasmPath, extra = {}) {
  const simd = await visit(url);
  assert.deepEqual(simd.problems, []);
  assert.deepEqual(simd.result, { variant: 'simd', simdSupported: true, ...TUTORIAL, ...extra });
  assert.ok(simd.requests.includes(wasmPath.simd), `fetched ${simd.requests.join(', ')}`);
  assert.ok(!simd.requests.includes(wasmPath.scalar), 'the scalar .wasm is not fetched when SIMD works');

  const scalar = await visit(url, { noSimd: true });
  assert.deepEqual(scalar.problems, []);
  assert.deepEqual(scalar.result, { variant: 'scalar', simdSupported: false, ...TUTORIAL, ...extra });
  assert.ok(scalar.requests.includes(wasmPath.scalar), `fetched ${scalar.requests.join(', ')}`);
  assert.ok(!scalar.requests.includes(wasmPath.simd), 'the SIMD .wasm is not fetched without SIMD');
}

/** The conv2d of fixtures/threads-case.js computed in Node on one thread (SIMD): its output's bits. */
let oneThreadBits;
async function expectedBits() {
  oneThreadBits ??= (async () => {
    const { load } = await import(path.join(pkgDir, 'index.node.js'));
    const { input, weight } = caseTensors();
    const out = (await load({ simd: true })).conv2d(input, weight, THREADS_CASE.options).data;
    return Array.from(new Uint32Array(out.buffer, out.byteOffset, out.length));
  })();
  return oneThreadBits;
}

/**
 * Opens a bundled app's threads page (fixtures/threads-page.js, `page` under `distDir`) served cross-origin
 * isolated and not: load({ threads: 2 }) runs on 2 threads where it is, and on one with its notice where it is not,
 * with the bits of one thread (in the page, and in Node) either way.
 */
async function checkThreadsPage(distDir, page) {
  const [isolatedUrl, plainUrl, expected] = await Promise.all([
    serve(distDir, { isolated: true }), serve(distDir), expectedBits()]);
  assert.equal(expected.length, 16 * 24 * 24);

  const isolated = await visit(isolatedUrl + page);
  const { oneThread, threaded, ...seen } = isolated.result;
  assert.deepEqual(seen, { isolated: true, variant: 'simd-threads', threads: 2, notice: null });
  assert.deepEqual(threaded, expected, 'two threads, the bits of one');
  assert.deepEqual(oneThread, expected);
  assert.deepEqual(isolated.problems, []);
  assert.deepEqual(isolated.warnings, []);

  const plain = await visit(plainUrl + page);
  const { oneThread: plainOne, threaded: fallback, ...plainSeen } = plain.result;
  assert.deepEqual({ ...plainSeen, notice: undefined }, { isolated: false, variant: 'simd', threads: 1, notice: undefined });
  assert.match(plainSeen.notice, /^convlens: load\(\{ threads: 2 \}\) runs on one thread: .*cross-origin isolated/);
  assert.deepEqual(fallback, expected);
  assert.deepEqual(plainOne, expected);
  assert.deepEqual(plain.problems, []);
  assert.deepEqual(plain.warnings, [plainSeen.notice], 'the notice, once, as a console warning');
}

/** `vite build` of the vite project (index.html and threads.html), once. */
let viteBuilt;
function viteBuild() {
  viteBuilt ??= run(process.execPath, [VITE, 'build', '--logLevel', 'warn'], { cwd: dir('vite') });
  return viteBuilt;
}

test("Vite: a built app importing 'convlens' and 'convlens/widget' runs in Chromium (SIMD, and scalar when SIMD is hidden)", async () => {
  const { stdout, stderr } = await viteBuild();
  assert.doesNotMatch(stdout + stderr, /warn|error/i, 'vite build is clean');
  const assets = readdirSync(path.join(dir('vite'), 'dist', 'assets'));
  const emitted = {};
  for (const v of ['simd', 'scalar']) {
    const name = assets.find((f) => new RegExp(`^convlens_${v}-[\\w-]+\\.wasm$`).test(f));
    assert.ok(name, `vite emitted convlens_${v}.wasm as an asset: ${assets.join(', ')}`);
    assert.ok(readFileSync(path.join(dir('vite'), 'dist', 'assets', name)).equals(readFileSync(path.join(pkgDir, `convlens_${v}.wasm`))));
    emitted[v] = `/assets/${name}`;
  }
  await checkBothBuilds(await serve(path.join(dir('vite'), 'dist')), emitted, { widget: TUTORIAL.data });
});

test('Vite: load({ threads: 2 }) in a built app runs 2 threads when the page is cross-origin isolated, one with its notice when not', async () => {
  const { stdout, stderr } = await viteBuild();
  assert.doesNotMatch(stdout + stderr, /warn|error/i, 'vite build is clean');
  const assets = readdirSync(path.join(dir('vite'), 'dist', 'assets'));
  const wasm = assets.find((f) => /^convlens_simd_threads-[\w-]+\.wasm$/.test(f));
  assert.ok(wasm, `vite emitted convlens_simd_threads.wasm as an asset: ${assets.join(', ')}`);
  assert.ok(readFileSync(path.join(dir('vite'), 'dist', 'assets', wasm)).equals(readFileSync(path.join(pkgDir, 'convlens_simd_threads.wasm'))));
  // the pool's worker script, bundled by Vite with the glue it imports
  assert.ok(assets.some((f) => /^convlens_simd_threads\.worker-[\w-]+\.js$/.test(f)), `the pool's worker: ${assets.join(', ')}`);
  await checkThreadsPage(path.join(dir('vite'), 'dist'), 'threads.html');
});

test('webpack 5: load({ threads: 2 }) in a production build runs 2 threads when the page is cross-origin isolated, one with its notice when not', async () => {
  const dist = path.join(dir('webpack'), 'dist');
  const compiler = webpack({ mode: 'production', context: dir('webpack'), entry: './threads-page.js', output: { path: dist, filename: 'main.js' } });
  const stats = await new Promise((resolve, reject) => {
    compiler.run((error, result) => compiler.close(() => (error ? reject(error) : resolve(result))));
  });
  const { errors, warnings } = stats.toJson({ all: false, errors: true, warnings: true });
  assert.deepEqual([errors, warnings], [[], []], 'webpack builds with no error or warning');
  const emitted = readdirSync(dist);
  const threadedWasm = readFileSync(path.join(pkgDir, 'convlens_simd_threads.wasm'));
  assert.ok(emitted.some((f) => f.endsWith('.wasm') && readFileSync(path.join(dist, f)).equals(threadedWasm)),
    `webpack emitted convlens_simd_threads.wasm as an asset: ${emitted.join(', ')}`);
  cpSync(path.join(dir('webpack'), 'index.html'), path.join(dist, 'index.html'));
  await checkThreadsPage(dist, 'index.html');
});

test('plain HTML: <script type="module"> importing index.browser.js from node_modules, no bundler', async () => {
  const at = '/node_modules/convlens/dist/convlens';
  await checkBothBuilds(await serve(dir('html')), { simd: `${at}/convlens_simd.wasm`, scalar: `${at}/convlens_scalar.wasm` });
});
