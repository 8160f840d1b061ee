// How load() and <conv-lens> fail in Chromium, and that they say why: each way a page can fail to
// load convlens (a 404, an HTML page instead of the .wasm, a cross-origin glue or .wasm without
// Access-Control-Allow-Origin, a Content-Security-Policy without 'wasm-unsafe-eval', no WebAssembly)
// rejects with a LOAD_FAILED ConvlensError naming the file and the cause, with nothing from
// Emscripten in the console, and the widget shows that text. Also: a .wasm served with another MIME
// type still loads, and the page's load() and its widgets share one instance (one glue, one .wasm).
// Two tiny servers on two ports (two origins) serve dist/convlens/ under /<case>/convlens/, each case
// answering as a misconfigured host would.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repo } from './browser.mjs';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const pkgDir = path.join(repo, 'dist', 'convlens');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css' };
// what Emscripten would print on its own (the loader must keep all of it out of the console)
const EMSCRIPTEN_NOISE = /Aborted|wasm streaming|falling back|failed to asynchronously|both async and sync|RuntimeError/;

/**
 * How each case answers for a package file: { status, type, cors } (cors: send Access-Control-Allow-Origin).
 * - ok: as a good host does; cors: the same with CORS on every file (an npm CDN)
 * - missing: the .wasm files are not there; html: a single-page-app host answers them with its index.html
 * - mime: .wasm as application/octet-stream; wasmnocors: CORS on the JS but not on the .wasm; gluenocors:
 *   CORS on the entry's .js files but not on the glue .mjs
 */
function answer(kind, file) {
  const ext = path.extname(file);
  const normal = { status: 200, type: TYPES[ext] ?? 'application/octet-stream', cors: kind !== 'ok' };
  if (ext === '.wasm') {
    if (kind === 'missing') return { status: 404, type: 'text/plain', cors: false, body: 'not found' };
    if (kind === 'html') return { status: 200, type: 'text/html; charset=utf-8', cors: false, body: '<!doctype html><title>app</title>' };
    if (kind === 'mime') return { ...normal, type: 'application/octet-stream' };
    if (kind === 'wasmnocors') return { ...normal, cors: false };
  }
  if (ext === '.mjs' && kind === 'gluenocors') return { ...normal, cors: false };
  return normal;
}

/** The test pages: /page.html?base=<package URL>&widget (load() and, with `widget`, a <conv-lens>). */
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>load</title><link rel="icon" href="data:,">
<script type="module" src="/page.js"></script></head><body><pre id="result"></pre></body></html>`;
const PAGE_JS = `const params = new URLSearchParams(location.search);
const base = params.get('base');
const out = {};
const tut = { shape: [1, 1, 3, 3], data: [1, 2, 0, 0, 1, 2, 1, 2, 1] };
const ones = { shape: [1, 1, 2, 2], data: [1, 1, 1, 1] };
try {
  const { load } = await import(base + 'index.browser.js');
  try {
    const cl = await load();
    out.load = { variant: cl.variant, data: Array.from(cl.conv2d(tut, ones).data) };
  } catch (e) {
    out.load = { name: e.name, code: e.code, message: e.message };
  }
  if (params.has('widget')) {
    const { sharedConvlens } = await import(base + 'widget/conv-lens.js');
    document.body.insertAdjacentHTML('beforeend', '<conv-lens id="w" state="op=conv2d&stride=2"></conv-lens>');
    const w = document.getElementById('w');
    out.widget = await w.ready.then(() => ({ output: Array.from(w.output.data) }),
      () => ({ status: w.shadowRoot.querySelector('.cl-status').textContent }));
    if (out.load.variant) out.sameInstance = (await sharedConvlens()) === (await load());
  }
} catch (e) {
  out.importFailed = String(e);
}
document.getElementById('result').textContent = JSON.stringify(out);
document.body.dataset.done = 'true';
`;

const servers = [];
let browser;
let hostA; // the page's origin
let hostB; // another origin

function startServer({ csp } = {}) {
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    if (pathname === '/page.html') {
      res.writeHead(200, { 'content-type': TYPES['.html'], ...(csp ? { 'content-security-policy': csp } : {}) }).end(PAGE);
      return;
    }
    if (pathname === '/page.js') {
      res.writeHead(200, { 'content-type': TYPES['.js'] }).end(PAGE_JS);
      return;
    }
    const m = /^\/(\w+)\/convlens\/([\w./-]+)$/.exec(pathname);
    if (!m || m[2].includes('..')) {
      res.writeHead(404).end();
      return;
    }
    const a = answer(m[1], m[2]);
    let body = a.body;
    try {
      body ??= await readFile(path.join(pkgDir, m[2]));
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(a.status, { 'content-type': a.type, ...(a.cors ? { 'access-control-allow-origin': '*' } : {}) }).end(body);
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

before(async () => {
  [hostA, hostB] = await Promise.all([startServer(), startServer()]);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

/** Opens the page on `host` with the package at `base`; resolves { result, console, requests }. */
async function visit(host, base, { widget = false, init = null } = {}) {
  const context = await browser.newContext();
  try {
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    const messages = [];
    const requests = [];
    page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => messages.push(`uncaught: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${host}/page.html?base=${encodeURIComponent(base)}${widget ? '&widget' : ''}`);
    await page.waitForSelector('body[data-done="true"]', { timeout: 20_000 });
    const result = JSON.parse(await page.textContent('#result'));
    return { result, messages, requests };
  } finally {
    await context.close();
  }
}

/** Asserts a LOAD_FAILED naming `file` and matching `cause`, the widget showing it, and no Emscripten output. */
function assertSaysWhy(r, file, cause) {
  assert.equal(r.result.importFailed, undefined);
  assert.equal(r.result.load.name, 'ConvlensError', JSON.stringify(r.result));
  assert.equal(r.result.load.code, 'LOAD_FAILED');
  assert.ok(r.result.load.message.startsWith(`convlens could not load ${file}: `), r.result.load.message);
  assert.match(r.result.load.message, cause);
  assert.equal(r.result.widget.status, `convlens failed to load: ${r.result.load.message}`, 'the widget shows the same text');
  assert.deepEqual(r.messages.filter((m) => EMSCRIPTEN_NOISE.test(m)), [], 'nothing from Emscripten in the console');
  assert.deepEqual(r.messages.filter((m) => !m.startsWith('error: ')), [], 'no console output but the browser\'s own network errors');
}

test('a good host: load() and the widget share one instance, one glue and one .wasm fetched', async () => {
  const r = await visit(hostA, `${hostA}/ok/convlens/`, { widget: true });
  assert.deepEqual(r.result, { load: { variant: 'simd', data: [4, 5, 4, 6] }, widget: { output: [10, 12, 13, 3] }, sameInstance: true });
  const fetched = (name) => r.requests.filter((u) => u.endsWith(`/${name}`)).length;
  assert.deepEqual([fetched('convlens_simd.mjs'), fetched('convlens_simd.wasm'), fetched('convlens_scalar.wasm')], [1, 1, 0]);
  assert.deepEqual(r.messages, []);
});

test('404 for the .wasm: names its URL and the status', async () => {
  const r = await visit(hostA, `${hostA}/missing/convlens/`, { widget: true });
  assertSaysWhy(r, `${hostA}/missing/convlens/convlens_simd.wasm`, /: HTTP 404: the \.wasm files belong beside convlens_simd\.mjs, or load\(\{ locateFile \}\) says where they are$/);
});

test('an HTML page instead of the .wasm (a single-page-app fallback): names the MIME type', async () => {
  const r = await visit(hostA, `${hostA}/html/convlens/`, { widget: true });
  assertSaysWhy(r, `${hostA}/html/convlens/convlens_simd.wasm`, /: it is not WebAssembly \(the server sent text\/html; charset=utf-8, not application\/wasm\)$/);
});

test('a .wasm served with another MIME type still loads, silently (compiled from its bytes)', async () => {
  const r = await visit(hostA, `${hostA}/mime/convlens/`, { widget: true });
  assert.deepEqual(r.result, { load: { variant: 'simd', data: [4, 5, 4, 6] }, widget: { output: [10, 12, 13, 3] }, sameInstance: true });
  assert.deepEqual(r.messages, []);
});

test('another origin without CORS on the .wasm: names the URL, the origin and the header', async () => {
  const r = await visit(hostA, `${hostB}/wasmnocors/convlens/`, { widget: true });
  assertSaysWhy(r, `${hostB}/wasmnocors/convlens/convlens_simd.wasm`,
    new RegExp(`TypeError: Failed to fetch\\. ${hostB.replace(/[.]/g, '\\.')} is not the page's origin: it must send Access-Control-Allow-Origin \\(CORS\\), and the page's Content-Security-Policy must allow it \\(connect-src\\)$`));
});

test('another origin without CORS on the glue module: names the .mjs and the header', async () => {
  const r = await visit(hostA, `${hostB}/gluenocors/convlens/`, { widget: true });
  assertSaysWhy(r, `${hostB}/gluenocors/convlens/convlens_simd.mjs`, /is not the page's origin: it must send Access-Control-Allow-Origin \(CORS\).*\(script-src\); it must be served as JavaScript$/);
});

test('another origin with CORS everywhere (an npm CDN): works', async () => {
  const r = await visit(hostA, `${hostB}/cors/convlens/`, { widget: true });
  assert.deepEqual(r.result, { load: { variant: 'simd', data: [4, 5, 4, 6] }, widget: { output: [10, 12, 13, 3] }, sameInstance: true });
  assert.deepEqual(r.messages, []);
});

test("a Content-Security-Policy without 'wasm-unsafe-eval': names the .wasm and the missing source", async () => {
  const strict = await startServer({ csp: "script-src 'self'; connect-src 'self'" });
  const r = await visit(strict, `${strict}/ok/convlens/`, { widget: true });
  assertSaysWhy(r, `${strict}/ok/convlens/convlens_simd.wasm`, /^convlens could not load \S+: CompileError: .*\(the page's Content-Security-Policy needs 'wasm-unsafe-eval' in script-src\)$/);
});

test('no WebAssembly at all: says so', async () => {
  const r = await visit(hostA, `${hostA}/ok/convlens/`, { widget: true, init: () => { delete globalThis.WebAssembly; } });
  assertSaysWhy(r, 'convlens_scalar.wasm', /: no WebAssembly in this engine \(or it is turned off\)$/);
  assert.ok(!r.requests.some((u) => u.endsWith('.wasm')), 'nothing fetched');
});
