#!/usr/bin/env node
// Runs every test suite, in order, stopping at the first failure:
//   format       node scripts/check-format.mjs          (clang-format --dry-run --Werror over the C++)
//   lint         eslint .                               (ESLint 9, eslint.config.js: web/, scripts/, bench/, tests/)
//   types        tsc -p tsconfig.json                   (checkJs over web/; tests/types/ holds index.d.ts to the JS)
//   native       cmake --workflow --preset native       (g++: configure if needed, build, ctest)
//   native-asan  cmake --workflow --preset native-asan  (clang++-14 ASan+UBSan, doctest + libFuzzer smoke)
//   wasm         ctest --preset wasm                    (doctest under node, simd + scalar + simd_threads on
//                                                        2 and 3 threads; simd_opcodes)
//   js           node --test tests/js/                  (the npm package's JS API)
//   package      node --test tests/package/             (npm pack → fresh consumer projects: Node ESM/CJS,
//                                                        tsc, Vite + plain HTML in Chromium, size budget;
//                                                        hosting: esbuild/webpack/Rollup, CORS, the iframe page)
//   browser      node --test tests/browser/             (the playground page in headless Chromium)
// build/wasm and dist/ must be built first (node scripts/build.mjs; `npm test` does both).
// Usage: node scripts/test.mjs [step ...]     e.g. node scripts/test.mjs wasm js
// The last thing printed is node's test-runner summary (CI reads it), so the overall summary of
// the earlier steps is printed just before the last step runs.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };
if (!(env.NODE_PATH ?? '').split(path.delimiter).includes('/usr/share/nodejs')) {
  env.NODE_PATH = ['/usr/share/nodejs', env.NODE_PATH].filter(Boolean).join(path.delimiter);
}

function hasTestFiles(dir) {
  const full = path.join(root, dir);
  if (!existsSync(full)) return false;
  return readdirSync(full, { recursive: true }).some((f) => /\.test\.[cm]?js$/.test(String(f)));
}

const STEPS = [
  { name: 'format', title: 'C++ formatting (clang-format, .clang-format)', cmd: ['node', 'scripts/check-format.mjs'] },
  { name: 'lint', title: 'JS lint (ESLint, eslint.config.js)',
    cmd: ['node', 'node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.'],
    before: () => (existsSync(path.join(root, 'node_modules', 'eslint'))
      ? null : 'eslint is not installed: run `npm ci` (or node scripts/setup.mjs)') },
  { name: 'types', title: 'Type check of the web tier (tsc --checkJs, tsconfig.json)',
    cmd: ['node', 'node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'],
    before: () => (existsSync(path.join(root, 'node_modules', 'typescript'))
      ? null : 'typescript is not installed: run `npm ci` (or node scripts/setup.mjs)') },
  { name: 'native', title: 'C++ doctest, native g++ (Release)',
    cmd: ['cmake', '--workflow', '--preset', 'native'] },
  { name: 'native-asan', title: 'C++ doctest + fuzz smoke, clang++-14 ASan/UBSan',
    cmd: ['cmake', '--workflow', '--preset', 'native-asan'] },
  { name: 'wasm', title: 'C++ doctest under node (wasm simd + scalar + threaded on 2 and 3 threads), SIMD opcode check',
    cmd: ['ctest', '--preset', 'wasm'],
    before: () => (existsSync(path.join(root, 'build', 'wasm', 'CTestTestfile.cmake'))
      ? null : 'build/wasm is not built: run `node scripts/build.mjs` first') },
  { name: 'js', title: 'JS API tests (node:test)', cmd: ['node', '--test', 'tests/js/'],
    skip: () => (hasTestFiles('tests/js') ? null : 'no tests/js/**/*.test.mjs') },
  { name: 'package', title: 'npm package consumers: packed tarball in fresh projects (node:test)',
    cmd: ['node', '--test', 'tests/package/'],
    skip: () => (hasTestFiles('tests/package') ? null : 'no tests/package/**/*.test.mjs'),
    before: () => (existsSync(path.join(root, 'dist', 'convlens', 'index.node.js'))
      ? null : 'dist/convlens is not assembled: run `node scripts/build.mjs` first') },
  { name: 'browser', title: 'Playground page in headless Chromium (node:test + playwright-core)',
    cmd: ['node', '--test', 'tests/browser/'],
    skip: () => (hasTestFiles('tests/browser') ? null : 'no tests/browser/**/*.test.mjs'),
    before: () => (existsSync(path.join(root, 'dist', 'site', 'index.html'))
      ? null : 'dist/site is not assembled: run `node scripts/build.mjs` first') },
];

const wanted = process.argv.slice(2);
for (const w of wanted) {
  if (!STEPS.some((s) => s.name === w)) {
    console.error(`test: unknown step "${w}"; steps: ${STEPS.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
}
const steps = STEPS.filter((s) => wanted.length === 0 || wanted.includes(s.name));
const results = [];

function printSummary(upcoming) {
  const lines = results.map((r) => `  ${r.status.padEnd(7)} ${r.name.padEnd(12)} ${r.detail}`);
  console.log(`\n=== test summary so far ===\n${lines.join('\n') || '  (nothing run yet)'}`);
  if (upcoming) console.log(`  ...     ${upcoming.name.padEnd(12)} runs last; its summary below is the final word`);
}

for (const [i, step] of steps.entries()) {
  const last = i === steps.length - 1;
  const skipWhy = step.skip?.();
  if (skipWhy) {
    console.log(`\n=== [${step.name}] ${step.title}: SKIPPED (${skipWhy}) ===`);
    results.push({ name: step.name, status: 'skipped', detail: skipWhy });
    if (last) printSummary(null);
    continue;
  }
  const notReady = step.before?.();
  if (notReady) {
    console.error(`\n=== [${step.name}] FAILED: ${notReady} ===`);
    process.exit(1);
  }
  if (last) printSummary(step);
  console.log(`\n=== [${step.name}] ${step.title} ===\n$ ${step.cmd.join(' ')}`);
  const t0 = performance.now();
  const r = spawnSync(step.cmd[0], step.cmd.slice(1), { cwd: root, env, stdio: 'inherit' });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
    console.error(`\n=== [${step.name}] FAILED (${why}, ${secs} s): \`${step.cmd.join(' ')}\` ===`);
    process.exit(r.status || 1);
  }
  results.push({ name: step.name, status: 'passed', detail: `${secs} s` });
}
