// Hosting the package as docs/embedding.md's "Hosting" says, from the packed tarball installed into one fresh
// project (tests/package/fixtures/hosting/), in Chromium:
// - bundlers: esbuild, webpack and Rollup build `import 'convlens/widget'` with no stylesheet copied and no
//   loader configured; the page, under a strict CSP (style-src 'self'), shows a styled widget with the right
//   output (computed styles only the widget's stylesheet sets). esbuild and Rollup leave the .wasm behind: it is
//   copied next to the bundle, as README.md says; webpack emits it. An esbuild app runs load({ threads: 2 }) with
//   the threaded build's worker script and glue copied too (fixtures/threads-page.js);
// - another origin: a page on origin A loads the widget and the wasm from origin B, which serves node_modules as it
//   is with scripts/serve.mjs (Access-Control-Allow-Origin: * on the package's files): it works, and so does
//   load({ threads: 2 }) on a cross-origin-isolated page of A. Without the
//   header on the .wasm the widget shows an error; without it anywhere the browser blocks the script and the
//   element's children (its fallback) stay;
// - the iframe page self-hosted from node_modules/convlens/dist/convlens/embed/, framed from another origin,
//   computes its state and the host's listener sizes the iframe.
// CONVLENS_KEEP_TMP=1 keeps the temporary project and prints where it is.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { presetState } from '../../web/ui/model/presets.js';
import { serializeHash } from '../../web/ui/model/state.js';
import { embedSnippets } from '../../web/ui/views/embed-code.js';
import { fixtures, launchChromium, packAndInstall, pkgDir } from './pack.mjs';

const S2P1 = serializeHash(presetState('conv-s2-p1'));
const STRIDE2_PAD1 = [1, 4, 8, 7, 16, 8, 14, 9, 4];
const AT = 'node_modules/convlens/dist/convlens';
/** docs/embedding.md's policy for a page that serves the widget itself. */
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; "
  + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'";
const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** What the widget's stylesheet sets (tests/package/fixtures/hosting/widget.js reads them). */
const STYLED = { containerType: 'inline-size', animRadius: '8px', adopted: 1, links: 0 };

let tmp;
let project;
let browser;
const servers = [];

async function serve(dir, options) {
  const s = await startServer(dir, 0, options);
  servers.push(s.server);
  return s.url;
}

before(async () => {
  const launching = launchChromium();
  ({ tmp, project } = await packAndInstall('hosting', 'convlens-hosting-'));
  browser = await launching;
});

after(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  if (!tmp) return;
  if (process.env.CONVLENS_KEEP_TMP) console.log(`# hosting project kept in ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
});

/**
 * Opens url in a fresh context; resolves { page, context, problems, violations() } (problems: console errors,
 * uncaught errors, failed requests, HTTP errors).
 */
async function open(url) {
  const context = await browser.newContext({ viewport: { width: 900, height: 800 } });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(url);
  return { page, context, problems, violations: () => page.evaluate(() => window.__violations) };
}

/** Writes out/index.html loading `script` and the widget the fixture reports on. */
function writePage(out, script) {
  writeFileSync(path.join(out, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bundled</title>
<link rel="icon" href="data:,"></head><body><pre id="result"></pre><conv-lens id="widget" state="${attr(S2P1)}"></conv-lens>
<script type="module" src="./${script}"></script></body></html>`);
}

/** Serves `out` under the strict CSP and checks the widget is styled and computes, with no violation. */
async function checkStyledWidget(out) {
  const { page, context, problems, violations } = await open(await serve(out, { headers: () => ({ 'content-security-policy': CSP }) }));
  try {
    await page.waitForSelector('body[data-done="true"]', { timeout: 20_000 });
    const result = JSON.parse(await page.textContent('#result'));
    assert.deepEqual(result, { output: STRIDE2_PAD1, ...STYLED });
    assert.deepEqual(problems, []);
    assert.deepEqual(await violations(), [], "style-src 'self' allows the adopted stylesheet");
  } finally {
    await context.close();
  }
}

/** Copies the package's .wasm files into `out`, as README.md says for bundlers that leave them behind. */
function copyWasm(out) {
  for (const f of readdirSync(path.join(project, AT)).filter((n) => n.endsWith('.wasm'))) {
    cpSync(path.join(project, AT, f), path.join(out, f));
  }
}

test('esbuild: `import \'convlens/widget\'` bundles a styled widget (only the .wasm copied) under style-src \'self\'', async () => {
  const out = path.join(project, 'out-esbuild');
  // README.md's command: esbuild app.js --bundle --format=esm --splitting --outdir=out
  const esbuild = await import('esbuild');
  const r = await esbuild.build({ absWorkingDir: project, entryPoints: ['widget.js'], bundle: true, format: 'esm', splitting: true,
    outdir: out, logLevel: 'silent' });
  assert.deepEqual([...r.errors, ...r.warnings], []);
  assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.css')), [], 'nothing left to copy: no stylesheet emitted');
  copyWasm(out);
  writePage(out, 'widget.js');
  await checkStyledWidget(out);
});

test('esbuild: load({ threads: 2 }) with the .wasm, the worker script and the threaded glue copied (README.md) runs 2 threads', async () => {
  const out = path.join(project, 'out-esbuild-threads');
  for (const f of ['threads-page.js', 'threads-case.js']) cpSync(path.join(fixtures, f), path.join(project, f));
  const esbuild = await import('esbuild');
  const r = await esbuild.build({ absWorkingDir: project, entryPoints: ['threads-page.js'], bundle: true, format: 'esm',
    splitting: true, outdir: out, logLevel: 'silent' });
  assert.deepEqual([...r.errors, ...r.warnings], []);
  copyWasm(out);
  for (const f of ['convlens_simd_threads.worker.js', 'convlens_simd_threads.mjs']) cpSync(path.join(project, AT, f), path.join(out, f));
  writeFileSync(path.join(out, 'index.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>threads</title>'
    + '<link rel="icon" href="data:,"></head><body><pre id="result"></pre><script type="module" src="./threads-page.js"></script></body></html>');
  const { page, context, problems } = await open(await serve(out, { isolated: true }));
  try {
    await page.waitForSelector('body[data-done="true"]', { timeout: 20_000 });
    const { oneThread, threaded, ...seen } = JSON.parse(await page.textContent('#result'));
    assert.deepEqual(seen, { isolated: true, variant: 'simd-threads', threads: 2, notice: null });
    assert.equal(threaded.length, 16 * 24 * 24);
    assert.deepEqual(threaded, oneThread, 'two threads, the bits of one');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('webpack: the same entry, with no configuration beyond entry and output, is styled and finds its .wasm', async () => {
  const out = path.join(project, 'out-webpack');
  const { default: webpack } = await import('webpack');
  const stats = await new Promise((resolve, reject) => {
    webpack({ mode: 'production', context: project, entry: './widget.js', output: { path: out, filename: 'main.js' } },
      (err, s) => (err ? reject(err) : resolve(s)));
  });
  assert.deepEqual(stats.toJson({ all: false, errors: true }).errors, [], 'webpack build errors');
  const emitted = readdirSync(out);
  assert.ok(emitted.some((f) => f.endsWith('.wasm')), `webpack emits the .wasm as an asset: ${emitted.join(', ')}`);
  writePage(out, 'main.js');
  await checkStyledWidget(out);
});

test('Rollup (node-resolve): the same entry is styled (only the .wasm copied)', async () => {
  const out = path.join(project, 'out-rollup');
  const { rollup } = await import('rollup');
  const { nodeResolve } = await import('@rollup/plugin-node-resolve');
  const bundle = await rollup({ input: path.join(project, 'widget.js'), plugins: [nodeResolve({ browser: true })], onwarn: () => {} });
  await bundle.write({ dir: out, format: 'es', entryFileNames: 'widget.js' });
  await bundle.close();
  copyWasm(out);
  writePage(out, 'widget.js');
  await checkStyledWidget(out);
});

/** Host pages on origin A that load the widget from `b` (node_modules served as it is). */
function crossPage(name, b, children = '') {
  const dir = path.join(project, 'host');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cross</title>
<link rel="icon" href="data:,"><script type="module" src="${b}${AT}/widget/conv-lens.js"></script></head>
<body><conv-lens id="widget" state="${attr(S2P1)}">${children}</conv-lens></body></html>`);
  return dir;
}

test('another origin: the widget and the wasm from a server that sends Access-Control-Allow-Origin (serve.mjs) work', async () => {
  const b = await serve(project); // scripts/serve.mjs: CORS on the package's files, as npm CDNs send it
  const a = await serve(crossPage('cors.html', b));
  assert.notEqual(new URL(a).origin, new URL(b).origin);
  const { page, context, problems } = await open(`${a}cors.html`);
  try {
    const r = await page.evaluate(() => customElements.whenDefined('conv-lens').then(() => document.getElementById('widget').ready)
      .then((el) => ({ output: Array.from(el.output.data), type: getComputedStyle(el.shadowRoot.querySelector('.cl-root')).containerType })));
    assert.deepEqual(r, { output: STRIDE2_PAD1, type: 'inline-size' });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('another origin, threads: a cross-origin-isolated page on A runs load({ threads: 2 }) from B on 2 threads', async () => {
  const b = await serve(project);
  const dir = path.join(project, 'host');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'threads.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>threads</title>'
    + '<link rel="icon" href="data:,"></head><body></body></html>');
  const a = await serve(dir, { isolated: true });
  assert.notEqual(new URL(a).origin, new URL(b).origin);
  const { page, context, problems } = await open(`${a}threads.html`);
  try {
    // a Worker cannot be a script of another origin: the pool's workers, of A, import it from B
    const r = await page.evaluate(async (entry) => {
      const { load } = await import(entry);
      const [one, cl] = await Promise.all([load(), load({ threads: 2 })]);
      const data = new Float32Array(8 * 32 * 32).map((_, i) => ((i * 37) % 17) - 8);
      const weight = new Float32Array(8 * 8 * 3 * 3).map((_, i) => ((i * 11) % 7) - 3);
      const conv = (c) => JSON.stringify(Array.from(c.conv2d({ shape: [1, 8, 32, 32], data },
        { shape: [8, 8, 3, 3], data: weight }).data));
      return { isolated: crossOriginIsolated, variant: cl.variant, threads: cl.threads,
        notice: cl.threadsNotice ?? null, same: conv(one) === conv(cl) };
    }, `${b}${AT}/index.browser.js`);
    assert.deepEqual(r, { isolated: true, variant: 'simd-threads', threads: 2, notice: null, same: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('another origin without the header: on the .wasm alone, the widget shows an error; everywhere, the fallback stays', async () => {
  // the scripts carry the header, the .wasm does not: the widget runs and must say that it cannot load
  const noWasm = await serve(project, { cors: false, headers: (p) => (/\.m?js$/.test(p) ? { 'access-control-allow-origin': '*' } : {}) });
  const a = await serve(crossPage('nowasm.html', noWasm));
  const first = await open(`${a}nowasm.html`);
  try {
    const r = await first.page.evaluate(() => customElements.whenDefined('conv-lens').then(() => document.getElementById('widget').ready)
      .then(() => ({ ready: true }), (e) => {
        const status = document.getElementById('widget').shadowRoot.querySelector('.cl-status');
        return { ready: false, error: String(e?.message ?? e), shown: status.checkVisibility(), isError: status.classList.contains('error'), text: status.textContent };
      }));
    // the widget says, visibly, as an error, which file failed and why (load()'s LOAD_FAILED text)
    assert.equal(r.ready, false);
    assert.ok(r.shown && r.isError, JSON.stringify(r));
    assert.match(r.text, /convlens_(simd|scalar)\.wasm/, r.text);
    assert.match(r.text, /Access-Control-Allow-Origin/, r.text);
    assert.ok(first.problems.some((p) => /CORS|Access-Control-Allow-Origin/.test(p)), first.problems.join('\n'));
  } finally {
    await first.context.close();
  }
  // no header at all: the browser blocks the module script, so nothing of the widget runs; its children show
  const none = await serve(project, { cors: false });
  crossPage('none.html', none, '<p id="fb">The figure as a picture</p>');
  const second = await open(`${a}none.html`);
  try {
    await second.page.waitForLoadState('load'); // after the module script's failed fetch
    const r = await second.page.evaluate(() => ({
      defined: Boolean(customElements.get('conv-lens')), fallback: document.getElementById('fb').checkVisibility(),
      shadow: document.getElementById('widget').shadowRoot !== null,
    }));
    assert.deepEqual(r, { defined: false, fallback: true, shadow: false });
    assert.ok(second.problems.some((p) => /CORS|Access-Control-Allow-Origin/.test(p)), second.problems.join('\n'));
  } finally {
    await second.context.close();
  }
});

test('the iframe page self-hosted from node_modules/convlens/dist/convlens/embed/, framed from another origin', async () => {
  const b = await serve(project);
  const frame = `${b}${AT}/embed/`;
  const snippet = embedSnippets({ hash: S2P1, base: frame, title: 'convlens: Conv2d' });
  assert.equal(snippet.frameUrl, `${frame}embed.html#${S2P1}`);
  const dir = path.join(project, 'host');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'listener.js'), /<script>\n([\s\S]*)<\/script>/.exec(snippet.iframe)[1]);
  const src = `${frame}embed.html?controls=stride#${S2P1}`;
  writeFileSync(path.join(dir, 'frame.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>frame</title>
<link rel="icon" href="data:,"><script src="./listener.js"></script></head><body><h1>A post</h1>
<iframe class="conv-lens-frame" src="${attr(src)}" title="convlens: Conv2d" width="100%" height="150"></iframe></body></html>`);
  const a = await serve(dir, { headers: () => ({ 'content-security-policy': `${CSP}; frame-src ${new URL(b).origin}` }) });
  const { page, context, problems, violations } = await open(`${a}frame.html`);
  try {
    await page.waitForFunction(() => parseFloat(document.querySelector('iframe').style.height) > 300, null, { timeout: 20_000 });
    const inner = page.frames().find((f) => f.url().startsWith(frame));
    assert.ok(inner, 'the iframe loaded embed.html from node_modules');
    const r = await inner.evaluate(() => document.getElementById('widget').ready.then((el) => ({
      output: [...el.shadowRoot.querySelectorAll('[data-tensor="output"] td[data-i]')].map((td) => Number(td.textContent)),
      fields: [...el.shadowRoot.querySelectorAll('.field[data-field]')].filter((n) => n.checkVisibility()).map((n) => n.dataset.field),
    })));
    assert.deepEqual(r, { output: STRIDE2_PAD1, fields: ['stride'] });
    const height = await page.evaluate(() => parseFloat(document.querySelector('iframe').style.height));
    assert.ok(height <= 650, `the compact embed's iframe is ${height} px tall`);
    assert.deepEqual(problems, []);
    assert.deepEqual(await violations(), []);
  } finally {
    await context.close();
  }
});

test('the installed package holds the iframe page and the docs it links to', () => {
  const installed = path.join(project, 'node_modules', 'convlens');
  for (const f of ['embed.html', 'embed.js', 'embed.css']) {
    assert.ok(readFileSync(path.join(installed, 'dist/convlens/embed', f)).equals(readFileSync(path.join(pkgDir, 'embed', f))), f);
  }
  assert.match(readFileSync(path.join(installed, 'dist/convlens/embed/embed.html'), 'utf8'), /<script type="module" src="\.\.\/widget\/conv-lens\.js"><\/script>/);
  assert.match(readFileSync(path.join(installed, 'docs/embedding.md'), 'utf8'), /^## Hosting$/m);
  assert.match(readFileSync(path.join(installed, 'README.md'), 'utf8'), /node_modules\/convlens\/docs\/embedding\.md/);
});
