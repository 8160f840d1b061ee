#!/usr/bin/env node
// Builds the WebAssembly modules (CMake preset "wasm", incremental) and assembles
//   dist/convlens/  the npm package's payload: web/convlens/* + convlens_{simd,scalar}.{mjs,wasm}
//   dist/convlens/widget/  the <conv-lens> widget, bundled (scripts/build-widget.mjs)
//   dist/site/      the static site: web/ as it is laid out (the playground at /, image mode at
//                   /images/, the iframe embed page at /embed.html), except web/widget/ (bundled
//                   instead), with /convlens/ a copy of dist/convlens/ (the wasm, the widget and the iframe page
//                   added) and /docs/ the embedding docs the "Copy embed code" panel links to
// Usage: node scripts/build.mjs [--reconfigure]   (for a clean build: rm -rf build/wasm first)
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildWidget, total } from './build-widget.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(root, 'build', 'wasm');
const modulesDir = path.join(buildDir, 'dist'); // where CMake puts the shipped .mjs/.wasm
const pkgDir = path.join(root, 'dist', 'convlens');
const siteDir = path.join(root, 'dist', 'site');
const SITE_DOCS = ['embedding.md', 'embedding-figure.png']; // docs/ → dist/site/docs/ (web/ui/views/embed-code.js)
const ARTIFACTS = ['convlens_simd.mjs', 'convlens_simd.wasm', 'convlens_scalar.mjs', 'convlens_scalar.wasm',
  'convlens_simd_threads.mjs', 'convlens_simd_threads.wasm', 'convlens_simd_threads.worker.js'];

// em++ -O2 and above need node-acorn, which Debian installs under /usr/share/nodejs.
const env = { ...process.env };
if (!(env.NODE_PATH ?? '').split(path.delimiter).includes('/usr/share/nodejs')) {
  env.NODE_PATH = ['/usr/share/nodejs', env.NODE_PATH].filter(Boolean).join(path.delimiter);
}

function run(cmd, args) {
  console.log(`build: $ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function mtime(p) {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}

function needsConfigure() {
  if (process.argv.includes('--reconfigure')) return 'asked to (--reconfigure)';
  const cache = path.join(buildDir, 'CMakeCache.txt');
  if (!existsSync(cache) || !existsSync(path.join(buildDir, 'build.ninja'))) return 'build/wasm is not configured yet';
  // Ninja re-runs CMake when CMakeLists.txt changes, but not when the presets do.
  if (mtime(path.join(root, 'CMakePresets.json')) > mtime(cache)) return 'CMakePresets.json changed';
  return null;
}

/** Copies the entries of `from` into `to` (recursively), returning how many top-level entries. */
function copyEntries(from, to) {
  mkdirSync(to, { recursive: true });
  const entries = existsSync(from) ? readdirSync(from) : [];
  for (const name of entries) cpSync(path.join(from, name), path.join(to, name), { recursive: true });
  return entries.length;
}

function kb(n) {
  return `${(n / 1024).toFixed(1)} KB`;
}

async function assemble() {
  for (const f of ARTIFACTS) {
    if (!existsSync(path.join(modulesDir, f))) throw new Error(`${path.relative(root, modulesDir)}/${f} was not built`);
  }

  rmSync(pkgDir, { recursive: true, force: true });
  const nSrc = copyEntries(path.join(root, 'web', 'convlens'), pkgDir);
  for (const f of ARTIFACTS) {
    cpSync(path.join(modulesDir, f), path.join(pkgDir, f));
    chmodSync(path.join(pkgDir, f), 0o644);  // the linker marks .wasm executable; the package need not
  }
  await minifyGlue();
  for (const entry of ['index.node.js', 'index.browser.js', 'index.d.ts']) {
    if (!existsSync(path.join(pkgDir, entry))) throw new Error(`web/convlens/${entry} is missing`);
  }
  if (nSrc === 0) throw new Error('web/convlens/ is empty');
  // the version the package exports at run time is package.json's
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const exported = /export const version = '([^']*)';/.exec(readFileSync(path.join(root, 'web', 'convlens', 'version.js'), 'utf8'))?.[1];
  if (exported !== version) throw new Error(`web/convlens/version.js says ${exported}, package.json ${version}: make them agree`);

  // The site is web/ copied 1:1: every import the pages make resolves in the source tree too.
  rmSync(siteDir, { recursive: true, force: true });
  mkdirSync(siteDir, { recursive: true });
  for (const name of readdirSync(path.join(root, 'web'))) {
    if (name === 'widget' || name === 'convlens') continue; // bundled by build-widget.mjs; the package, below
    cpSync(path.join(root, 'web', name), path.join(siteDir, name), { recursive: true });
  }
  cpSync(pkgDir, path.join(siteDir, 'convlens'), { recursive: true });
  for (const f of SITE_DOCS) cpSync(path.join(root, 'docs', f), path.join(siteDir, 'docs', f));
}

/**
 * The Emscripten glue, minified in place: without Closure (which needs Java) emcc 3.1.6 only strips
 * whitespace, and the glue is JS that every page using convlens loads. esbuild renames locals only;
 * Module["…"] properties and the exports stay as they are.
 */
async function minifyGlue() {
  const esbuild = await import('esbuild');
  for (const f of ARTIFACTS.filter((a) => a.endsWith('.mjs') || a.endsWith('.worker.js'))) {
    const file = path.join(pkgDir, f);
    const source = f.endsWith('.worker.js') ? workerImportingGlue(readFileSync(file, 'utf8')) : readFileSync(file, 'utf8');
    const out = await esbuild.transform(source, { loader: 'js', format: 'esm', minify: true, target: 'es2020', legalComments: 'none', logLevel: 'warning' });
    writeFileSync(file, out.code);
  }
}

/**
 * The pool's worker script importing the glue beside it, always: Emscripten's also imports the main thread's
 * Module.mainScriptUrlOrBlob when one is set (the package sets none), an import() of a variable that webpack
 * warns about when it bundles the worker (web/convlens/threads-pool.browser.js). When the import fails, the error
 * is thrown as the worker's own, which the page's Worker receives as an error event (the package then runs one
 * thread and says why), where a rejected promise in the worker would leave the module waiting for it forever.
 */
function workerImportingGlue(source) {
  const choice = /\(e\.data\.urlOrBlob\s*\?\s*import\(e\.data\.urlOrBlob\)\s*:\s*(import\("\.\/convlens_simd_threads\.mjs"\))\)/g;
  const matches = source.match(choice)?.length ?? 0;
  if (matches !== 1) throw new Error(`convlens_simd_threads.worker.js: expected one import of urlOrBlob or the glue, found ${matches}`);
  return source.replace(choice, '$1.catch(function(error){setTimeout(function(){throw error});return new Promise(function(){})})');
}

function sizes() {
  return ['simd', 'scalar', 'simd_threads'].map((v) => {
    const wasm = readFileSync(path.join(pkgDir, `convlens_${v}.wasm`));
    const glue = readFileSync(path.join(pkgDir, `convlens_${v}.mjs`));
    return `${v} .wasm ${kb(wasm.length)} (${kb(gzipSync(wasm, { level: 9 }).length)} gz)`
      + ` + .mjs ${kb(glue.length)} (${kb(gzipSync(glue, { level: 9 }).length)} gz)`;
  }).join('; ');
}

try {
  const t0 = performance.now();
  const why = needsConfigure();
  if (why) {
    console.log(`build: configuring (${why})`);
    run('cmake', ['--preset', 'wasm']);
  }
  run('cmake', ['--build', '--preset', 'wasm']);
  await assemble();
  const widget = await buildWidget({ root, pkgDir, siteDir });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  const lazy = Object.entries(widget.lazy).map(([m, files]) => `${m} ${kb(total(files))}`).join(', ');
  console.log(`build: ok in ${secs} s: dist/convlens/ and dist/site/; ${sizes()}; widget up front (JS + CSS) ${kb(total(widget.upFront))} gz,`
    + ` then when used ${lazy} gz`);
} catch (e) {
  console.error(`build: FAILED: ${e.message}`);
  process.exit(1);
}
