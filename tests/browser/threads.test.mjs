// load({ threads: 2 }) in Chromium: on the playground served cross-origin isolated (scripts/serve.mjs
// --isolated: COOP + COEP) the threaded build runs on 2 threads, with the same bits as one thread and the
// playground itself working as before; served without those headers, load() falls back to one thread,
// says why on the instance (threadsNotice) and warns once in the console.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { siteDir, watchProblems } from './browser.mjs';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser, isolated, plain;
before(async () => {
  [isolated, plain] = await Promise.all([startServer(siteDir, 0, { isolated: true }), startServer(siteDir, 0)]);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  for (const s of [isolated, plain]) if (s) await new Promise((resolve) => s.server.close(resolve));
});

/**
 * Opens the playground at `url` and runs load({ threads: 2 }) next to it: what the page saw. `failing(path, n)`
 * says whether the n-th request (from 1) for the package file `path` gets a 404.
 */
async function threadsOn(url, failing = null) {
  const context = await browser.newContext();
  if (failing) {
    const seen = new Map();
    await context.route('**/convlens/convlens_simd_threads*', (route) => {
      const file = new URL(route.request().url()).pathname.replace(/^.*\//, '');
      seen.set(file, (seen.get(file) ?? 0) + 1);
      return failing(file, seen.get(file)) ? route.fulfill({ status: 404, body: 'not found' }) : route.continue();
    });
  }
  const page = await context.newPage();
  const problems = watchProblems(page);
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto(url);
  const seen = await page.evaluate(async () => {
    const { load } = await import('/convlens/index.browser.js');
    const [one, cl] = await Promise.all([load(), load({ threads: 2 })]);
    const tensor = (shape, seed) => {
      const data = new Float32Array(shape.reduce((a, b) => a * b));
      for (let i = 0; i < data.length; ++i) data[i] = Math.sin(seed + i * 0.37);
      return { shape, data };
    };
    // W2's shape: 64→64, 3×3, padding 1, 56×56
    const run = (c) => c.conv2d(tensor([1, 64, 56, 56], 1), tensor([64, 64, 3, 3], 2), { padding: 1 }).data;
    const a = new Uint32Array(run(one).buffer), b = new Uint32Array(run(cl).buffer);
    return { isolated: crossOriginIsolated, variant: cl.variant, threads: cl.threads, notice: cl.threadsNotice,
      sameBits: a.length === b.length && a.every((x, i) => x === b[i]) };
  });
  await context.close();
  return { ...seen, warnings, problems };
}

test('a cross-origin-isolated page: load({ threads: 2 }) runs the threaded build on 2 threads, the same bits as one', async () => {
  const r = await threadsOn(isolated.url);
  assert.deepEqual([r.isolated, r.variant, r.threads, r.notice, r.sameBits], [true, 'simd-threads', 2, null, true]);
  assert.deepEqual(r.warnings, []);
  assert.deepEqual(r.problems, []);
});

test("an isolated page where the pool's worker cannot load: load({ threads: 2 }) runs on one thread and names the script, not hang", async () => {
  // the worker script is missing (a bundler left it behind), or the glue it imports is (it was copied alone)
  const cases = [(file) => file.endsWith('.worker.js'), (file, n) => file.endsWith('.mjs') && n === 2];
  for (const failing of cases) {
    const r = await threadsOn(isolated.url, failing);
    assert.deepEqual([r.isolated, r.variant, r.threads, r.sameBits], [true, 'simd', 1, true]);
    assert.match(r.notice, /^convlens: load\(\{ threads: 2 \}\) runs on one thread: the threaded build's worker script \(convlens_simd_threads\.worker\.js\) did not load.*beside convlens_simd_threads\.mjs/);
    assert.deepEqual(r.warnings, [r.notice]);
    // the 404 itself, and nothing uncaught
    assert.ok(r.problems.length > 0 && r.problems.every((p) => /convlens_simd_threads\.(worker\.js|mjs)/.test(p) && !/^uncaught/.test(p)), r.problems.join('\n'));
  }
});

test('a page that is not isolated: load({ threads: 2 }) runs on one thread, with the notice on the instance and in the console', async () => {
  const r = await threadsOn(plain.url);
  assert.deepEqual([r.isolated, r.variant, r.threads, r.sameBits], [false, 'simd', 1, true]);
  assert.match(r.notice, /^convlens: load\(\{ threads: 2 \}\) runs on one thread: .*cross-origin isolated/);
  assert.deepEqual(r.warnings, [r.notice]);
  assert.deepEqual(r.problems, []);
});
