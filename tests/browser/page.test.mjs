// The playground page (dist/site, assembled by `node scripts/build.mjs`) in headless Debian Chromium:
// it must load the SIMD build by default and the scalar build with ?scalar, compute the tutorial's
// example, and log no console errors. Saves a screenshot to test-results/page.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const siteDir = path.join(repo, 'dist', 'site');
const resultsDir = path.join(repo, 'test-results');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Expected values: the tutorial's hand-checked cases, from the shared fixture file.
// (e.g. stride 1 -> 10,12,12,18,16,16,13,9,3; max-pool ceil -> 2,3,5,1)
const FIXTURE_FOR_TABLE = {
  'out-conv-s1': 'seed_conv2d_stride1',
  'out-conv-s2': 'seed_conv2d_stride2',
  'out-conv-s2p1': 'seed_conv2d_stride2_pad1',
  'out-pool-ceil': 'seed_max_pool2d_k3_ceil',
  'out-pool-floor': 'seed_max_pool2d_k3_floor',
};
const tutorial = JSON.parse(readFileSync(path.join(repo, 'tests', 'fixtures', 'tutorial.json'), 'utf8'));
const EXPECTED = Object.fromEntries(Object.entries(FIXTURE_FOR_TABLE).map(([id, name]) => {
  const out = tutorial.find((c) => c.name === name)?.outputs.find((o) => o.role === 'output');
  assert.ok(out, `tutorial.json has ${name}`);
  return [id, { shape: out.shape, data: out.data.map(Number) }];
}));

let server;
let baseUrl;
let browser;

before(async () => {
  assert.ok(existsSync(path.join(siteDir, 'index.html')),
    'dist/site/index.html is missing: run `node scripts/build.mjs` first');
  ({ server, url: baseUrl } = await startServer(siteDir, 0));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
});

/** Opens the page, waits until it reports ready or an error, and returns it with what it logged. */
async function openPage(query = '') {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });

  await page.goto(baseUrl + query);
  await page.waitForSelector('body[data-ready="true"], body[data-error]', { timeout: 20_000 });
  const error = await page.getAttribute('body', 'data-error');
  assert.equal(error, null, `the page reported an error: ${error}`);
  return { page, context, problems };
}

async function cells(page, id) {
  return page.$$eval(`#${id} td`, (tds) => tds.map((td) => Number(td.textContent)));
}

async function checkTables(page) {
  for (const [id, expected] of Object.entries(EXPECTED)) {
    assert.deepEqual(await cells(page, id), expected.data, `cells of table #${id}`);
    const caption = (await page.textContent(`#${id} caption`)) ?? '';
    assert.ok(caption.includes(`[${expected.shape.join(', ')}]`), `caption of #${id} shows its shape: ${caption}`);
  }
}

test('default load uses the SIMD build and shows the tutorial results', async () => {
  const { page, context, problems } = await openPage();
  try {
    assert.equal((await page.textContent('#variant'))?.trim(), 'simd');
    await checkTables(page);
    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: path.join(resultsDir, 'page.png'), fullPage: true });
    assert.deepEqual(problems, [], 'no console errors or failed requests');
  } finally {
    await context.close();
  }
});

test('?scalar loads the scalar build and shows the same results', async () => {
  const { page, context, problems } = await openPage('?scalar');
  try {
    assert.equal((await page.textContent('#variant'))?.trim(), 'scalar');
    await checkTables(page);
    assert.deepEqual(problems, [], 'no console errors or failed requests');
  } finally {
    await context.close();
  }
});
