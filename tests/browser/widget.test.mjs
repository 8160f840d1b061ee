// The <conv-lens> widget and the iframe embed in headless Chromium, on host pages that try to
// break them: a hostile stylesheet (tests/browser/fixtures/widget/hostile.css), the strict
// Content-Security-Policy of docs/embedding.md sent as a header, hostile attribute values, and the
// iframe page on another origin. Two servers: A serves the host pages (with dist/site linked in at
// /site/, for a same-origin widget), B serves dist/site as the convlens site with scripts/serve.mjs's
// own headers (CORS open for the package's files, as GitHub Pages and npm CDNs do).
// Screenshot: test-results/widget-host.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { widgetSizes } from '../../scripts/build-widget.mjs';
import { presetState } from '../../web/ui/model/presets.js';
import { serializeHash } from '../../web/ui/model/state.js';
import { embedSnippets } from '../../web/ui/views/embed-code.js';
import { axeViolations, DESKTOP, repo, resultsDir, screenshot, siteDir } from './browser.mjs';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const S1 = serializeHash(presetState('conv-s1'));
const S2P1 = serializeHash(presetState('conv-s2-p1'));
const POOL = serializeHash(presetState('pool-ceil'));
const STRIDE1 = [10, 12, 12, 18, 16, 16, 13, 9, 3];
const STRIDE2 = [10, 12, 13, 3];
const STRIDE2_PAD1 = [1, 4, 8, 7, 16, 8, 14, 9, 4];
const POOL_CEIL = [2, 3, 5, 1];

/** The policy docs/embedding.md gives for a page that serves the widget itself. */
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; "
  + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'";
const HOSTILE = '"><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

let tmp;
let siteA; // host pages
let siteB; // the convlens site (dist/site)
let browser;

function hostPage(b) {
  const frame = `${b}embed.html?controls=none#${S2P1}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hostile host</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="./hostile.css">
<script type="module" src="./site/convlens/widget/conv-lens.js"></script>
<script src="./listener.js"></script>
</head><body>
<h1>A hostile blog post</h1>
<section class="col narrow" id="c1"><conv-lens id="w1" state="${attr(S2P1)}" controls="stride padding" editable lang="zh" theme="dark"></conv-lens></section>
<section class="col wide" id="c2"><conv-lens id="w2" state="${attr(S1)}" autoplay></conv-lens></section>
<section class="col medium" id="c3"><conv-lens id="w3" state="#${attr(POOL)}" controls theme="light"></conv-lens></section>
<section class="col medium" id="c4"><conv-lens id="hostile" state="${attr(HOSTILE)}" controls="${attr(HOSTILE)}" lang="${attr('javascript:alert(1)')}" theme="${attr(HOSTILE)}" editable="${attr(HOSTILE)}"></conv-lens></section>
<section class="col medium" id="c5"><conv-lens id="proto" state="__proto__=1&amp;constructor=2&amp;op=__proto__&amp;toString=3&amp;input=__proto__"></conv-lens></section>
<section class="col medium"><iframe id="frame" class="conv-lens-frame" src="${attr(frame)}" title="convlens" height="150"></iframe></section>
<section class="probes" id="probes"><table class="grid"><tbody><tr><td class="probe-td">1</td></tr></tbody></table>
<button class="preset probe-button" type="button">probe</button><p class="tensor-heading probe-p">probe</p></section>
</body></html>`;
}

before(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'convlens-widget-'));
  symlinkSync(siteDir, path.join(tmp, 'site'));
  copyFileSync(path.join(repo, 'tests', 'browser', 'fixtures', 'widget', 'hostile.css'), path.join(tmp, 'hostile.css'));
  siteB = await startServer(siteDir, 0); // the dev server as `npm start` runs it
  // the host listener exactly as the "Copy embed code" iframe snippet has it, as a file (the CSP forbids inline script)
  const snippet = embedSnippets({ hash: S2P1, base: siteB.url });
  writeFileSync(path.join(tmp, 'listener.js'), /<script>\n([\s\S]*)<\/script>/.exec(snippet.iframe)[1]);
  writeFileSync(path.join(tmp, 'host.html'), hostPage(siteB.url));
  writeFileSync(path.join(tmp, 'figure.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>a figure</title>
<link rel="icon" href="data:,"><script type="module" src="./site/convlens/widget/conv-lens.js"></script></head>
<body><conv-lens id="w" state="${attr(S1)}"></conv-lens></body></html>`);
  writeFileSync(path.join(tmp, 'controls.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>controls</title>
<link rel="icon" href="data:,"><script type="module" src="./site/convlens/widget/conv-lens.js"></script></head>
<body><conv-lens id="w" state="${attr(S1)}" controls></conv-lens></body></html>`);
  writeFileSync(path.join(tmp, 'figures.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>figures</title>
<link rel="icon" href="data:,"><script type="module" src="./site/convlens/widget/conv-lens.js"></script></head>
<body><main><h1>Figures</h1><conv-lens id="f1" state="${attr(S2P1)}"></conv-lens><conv-lens id="f2" state="${attr(POOL)}" lang="zh" theme="dark"></conv-lens>
<conv-lens id="f3" state="op=conv2d&amp;kernel_size=9"></conv-lens></main></body></html>`);
  // compact embeds in a 720 px column, three on one page (and a playground with every control)
  writeFileSync(path.join(tmp, 'compact.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>compact</title>
<link rel="icon" href="data:,"><script type="module" src="./site/convlens/widget/conv-lens.js"></script></head>
<body><main><h1>Compact embeds</h1><conv-lens id="one" state="${attr(S2P1)}" controls="stride"></conv-lens>
<conv-lens id="two" state="${attr(S2P1)}" controls="stride padding"></conv-lens>
<conv-lens id="zh" state="${attr(S2P1)}" controls="padding" lang="zh"></conv-lens>
<conv-lens id="all" state="${attr(S1)}" controls></conv-lens></main></body></html>`);
  writeFileSync(path.join(tmp, 'fallback.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fallback</title>
<link rel="icon" href="data:,"><script type="module" src="./site/convlens/widget/conv-lens.js"></script></head>
<body><conv-lens id="w" state="${attr(S1)}"><p id="fb">The figure as a picture</p></conv-lens>
<conv-lens id="bare" state="${attr(S1)}"> </conv-lens></body></html>`);
  writeFileSync(path.join(tmp, 'nowasm.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>no wasm</title>
<link rel="icon" href="data:,"><script type="module" src="./site/convlens/widget/conv-lens.js"></script></head>
<body><conv-lens id="w" state="${attr(S1)}"></conv-lens></body></html>`);
  // the host also frames the iframe embed from B
  const b = siteB.url.replace(/\/$/, '');
  const csp = {
    '/host.html': `${CSP}; frame-src ${b}`,
    '/figure.html': CSP,
    '/nowasm.html': CSP.replace(" 'wasm-unsafe-eval'", ''),
    '/fallback.html': CSP.replace(" 'wasm-unsafe-eval'", ''),
    // the widget from the other origin: its origin in script-src and connect-src; style-src stays 'self'
    '/cross.html': CSP.replace("script-src 'self'", `script-src 'self' ${b}`).replace("connect-src 'self'", `connect-src 'self' ${b}`),
  };
  siteA = await startServer(tmp, 0, { headers: (p) => (csp[p] ? { 'content-security-policy': csp[p] } : {}) });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  for (const s of [siteA, siteB]) if (s) await new Promise((resolve) => s.server.close(resolve));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Opens a page and records problems, CSP violations, dialogs and the requests for each .wasm. */
async function open(url, { viewport = DESKTOP } = {}) {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    window.__messages = [];
    addEventListener('message', (e) => window.__messages.push(JSON.stringify(e.data)));
  });
  const page = await context.newPage();
  const problems = [];
  const wasm = [];
  const requests = []; // every URL the page fetched, in order
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  await page.goto(url);
  return { page, context, problems, wasm, requests };
}

/** Waits for widgets by id; resolves when each has shown its first output. */
function ready(page, ids) {
  return page.evaluate((list) => Promise.all(list.map((id) => document.getElementById(id).ready.then(() => true))),
    ids);
}

/**
 * The output values a widget shows: its output grid, read from its shadow DOM as a reader sees it;
 * a figure has no grid (only the animation), so its `output` property (what it computed).
 */
function readOutput(wid) {
  const el = document.getElementById(wid);
  const tds = el.shadowRoot.querySelectorAll('[data-tensor="output"] td[data-i]');
  return tds.length ? [...tds].map((td) => Number(td.textContent)) : [...(el.output?.data ?? [])];
}

function output(page, id) {
  return page.evaluate(`(${readOutput})(${JSON.stringify(id)})`);
}

/** Waits until a widget's output equals `expected`. */
async function expectOutput(page, id, expected) {
  await page.waitForFunction(`((want) => { const v = (${readOutput})(${JSON.stringify(id)}); return v.length === want.length && v.every((x, i) => x === want[i]); })(${JSON.stringify(expected)})`,
    null, { timeout: 5000 }).catch(() => {});
  assert.deepEqual(await output(page, id), expected, `${id}: output`);
}

describe('three widgets and hostile ones on a hostile host page under a strict CSP header', () => {
  let page;
  let context;
  let problems;
  let wasm;
  before(async () => {
    ({ page, context, problems, wasm } = await open(`${siteA.url}host.html`));
    await ready(page, ['w1', 'w2', 'w3', 'hostile', 'proto']);
  });
  after(async () => {
    await context.close();
  });

  test('each computes the output of its own state and shows it', async () => {
    await expectOutput(page, 'w1', STRIDE2_PAD1);
    await expectOutput(page, 'w2', STRIDE1);
    await expectOutput(page, 'w3', POOL_CEIL);
    const shown = await page.evaluate(() => Object.fromEntries(['w1', 'w2', 'w3'].map((id) => {
      const sr = document.getElementById(id).shadowRoot;
      return [id, {
        grid: sr.querySelector('[data-tensor="output"]')?.checkVisibility() ?? false,
        svg: sr.querySelector('.anim-svg')?.checkVisibility() ?? false,
        steps: document.getElementById(id).animation.steps,
      }];
    })));
    assert.deepEqual(shown, {
      w1: { grid: true, svg: true, steps: 9 },
      w2: { grid: false, svg: true, steps: 9 }, // a figure: the animation only
      w3: { grid: true, svg: true, steps: 4 },
    });
    // the figure's last frame has drawn every output value
    const texts = await page.evaluate(() => {
      const w = document.getElementById('w2');
      w.animation.pause();
      w.animation.seek(w.animation.steps - 1);
      return [...w.shadowRoot.querySelectorAll('.anim-svg text')].map((n) => n.textContent);
    });
    for (const v of [10, 12, 18, 16, 13, 9]) assert.ok(texts.includes(String(v)), `${v} in the figure: ${texts.join(' ')}`);
  });

  test('they share one wasm module: one fetch of convlens_simd.wasm for all five', () => {
    assert.deepEqual(wasm.filter((u) => u.startsWith(siteA.url)).map((u) => path.basename(u)), ['convlens_simd.wasm']);
    assert.deepEqual(wasm.filter((u) => u.startsWith(siteB.url)).map((u) => path.basename(u)), ['convlens_simd.wasm'], 'the iframe has its own');
  });

  test('the strict CSP holds: no violation, no console error', async () => {
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(problems, []);
  });

  test('host styles do not leak in', async () => {
    const look = await page.evaluate(() => Object.fromEntries(['w1', 'w3'].map((id) => {
      const sr = document.getElementById(id).shadowRoot;
      const root = sr.querySelector('.cl-root');
      const cs = getComputedStyle(root);
      const td = getComputedStyle(sr.querySelector('[data-tensor="output"] td[data-i]'));
      return [id, {
        fontSize: cs.fontSize, color: cs.color, letterSpacing: cs.letterSpacing, textTransform: cs.textTransform,
        fontStyle: cs.fontStyle, fontFamily: cs.fontFamily, cursor: cs.cursor, textAlign: cs.textAlign,
        tdFontSize: td.fontSize, tableTransform: getComputedStyle(sr.querySelector('table.grid')).transform,
        tensorsDisplay: getComputedStyle(sr.querySelector('.tensors-in')).display,
        hostWidth: document.getElementById(id).getBoundingClientRect().width,
        overflow: root.scrollWidth - root.clientWidth,
      }];
    })));
    for (const [id, v] of Object.entries(look)) {
      assert.equal(v.fontSize, '16px', id);
      assert.equal(v.letterSpacing, 'normal', id);
      assert.equal(v.textTransform, 'none', id);
      assert.equal(v.fontStyle, 'normal', id);
      assert.equal(v.cursor, 'auto', id);
      assert.equal(v.textAlign, 'start', id);
      assert.doesNotMatch(v.fontFamily, /fantasy/, id);
      assert.equal(v.tableTransform, 'none', id);
      assert.equal(v.tensorsDisplay, 'flex', id);
      assert.ok(v.overflow <= 0, `${id}: no horizontal overflow (${v.overflow})`);
    }
    assert.equal(look.w3.color, 'rgb(29, 33, 41)'); // the palette's --fg, not the host's magenta or --fg: red
    assert.equal(look.w1.color, 'rgb(230, 232, 236)'); // theme="dark"
    // 0.88 rem of the widget's own 16 px, not of the page's 40 px root; at 360 px wide the playground's
    // ≤ 480 px rule (0.82 rem) applies, by the widget's width, not the viewport's
    assert.equal(look.w3.tdFontSize, '14.08px');
    assert.equal(look.w1.tdFontSize, '13.12px');
    assert.equal(look.w1.hostWidth, 360, 'as wide as its container');
    assert.equal(look.w3.hostWidth, 700);
  });

  test('widget styles do not leak out', async () => {
    const probe = await page.evaluate(() => ({
      collapse: getComputedStyle(document.querySelector('table.grid')).borderCollapse,
      radius: getComputedStyle(document.querySelector('.probe-button')).borderRadius,
      buttonCursor: getComputedStyle(document.querySelector('.probe-button')).cursor,
      pFont: getComputedStyle(document.querySelector('.probe-p')).fontFamily,
      inLightDom: document.querySelectorAll('.cl-root, .playground, [data-tensor], .anim').length,
      sheets: document.styleSheets.length,
    }));
    assert.equal(probe.collapse, 'separate');
    assert.equal(probe.radius, '0px');
    assert.equal(probe.buttonCursor, 'auto');
    assert.doesNotMatch(probe.pFont, /monospace/);
    assert.equal(probe.inLightDom, 0);
    assert.equal(probe.sheets, 1, 'the page has only its own stylesheet');
  });

  test('controls, editable, lang and theme', async () => {
    const v = await page.evaluate(() => {
      const info = (id) => {
        const sr = document.getElementById(id).shadowRoot;
        const shown = (sel) => [...sr.querySelectorAll(sel)].filter((e) => e.checkVisibility());
        return {
          fields: shown('.controls .field').map((f) => f.dataset.field),
          presets: shown('.presets-view').length,
          code: shown('.code-section').length,
          exportBar: shown('.anim-export').length,
          play: shown('#anim-play').length,
          cells: sr.querySelectorAll('input.cell').length,
          lang: sr.querySelector('.cl-root').lang,
          outputHeading: sr.getElementById('output-heading')?.textContent ?? null,
          bg: getComputedStyle(sr.querySelector('.cl-root')).backgroundColor,
          paper: getComputedStyle(sr.querySelector('.anim-svg rect[fill="#ffffff"]')).fill, // the figure's background
        };
      };
      return { w1: info('w1'), w2: info('w2'), w3: info('w3') };
    });
    assert.deepEqual(v.w1.fields, ['stride', 'padding']);
    assert.equal(v.w1.cells, 25 + 9, 'editable: input and weight cells');
    assert.equal(v.w1.lang, 'zh-Hans');
    assert.notEqual(v.w1.outputHeading, v.w3.outputHeading, 'the zh heading differs from the en one');
    assert.equal(v.w1.bg, 'rgb(21, 23, 27)', 'theme="dark"');
    assert.deepEqual(v.w2.fields, [], 'no controls attribute: a figure');
    assert.equal(v.w2.presets + v.w2.code + v.w2.exportBar, 0);
    assert.equal(v.w2.play, 1, 'the figure keeps its play/pause button');
    assert.equal(v.w2.cells, 0, 'not editable');
    assert.equal(v.w3.cells, 0, 'not editable: read-only grids');
    assert.ok(v.w3.fields.includes('kernel_size') && v.w3.fields.includes('ceil_mode'), `controls (all): ${v.w3.fields}`);
    assert.equal(v.w3.presets, 1);
    assert.equal(v.w3.code, 1);
    assert.equal(v.w3.exportBar, 1, 'controls (all) has the export bar');
    assert.equal(v.w1.exportBar, 0, 'the export bar only with controls="export" (or all)');
    assert.equal(v.w3.bg, 'rgb(247, 248, 250)', 'theme="light"');
    assert.equal(v.w1.paper, 'rgb(30, 33, 38)', 'the figure follows theme="dark"');
    assert.equal(v.w3.paper, 'rgb(255, 255, 255)');
  });

  test('autoplay: the figure plays when it is on screen', async () => {
    await page.evaluate(() => document.getElementById('w2').scrollIntoView());
    await page.waitForFunction(() => document.getElementById('w2').animation.step > 0, null, { timeout: 5000 });
    assert.equal(await page.evaluate(() => document.getElementById('w3').animation.playing), false, 'no autoplay attribute');
  });

  test('a reader edits a cell of the editable widget; it recomputes and says so', async () => {
    const event = page.evaluate(() => new Promise((resolve) => {
      document.getElementById('w1').addEventListener('conv-lens-change', (e) => resolve(e.detail.state), { once: true });
    }));
    const cell = page.locator('#w1 [data-tensor="weight"] input.cell[data-i="0"]');
    await cell.fill('0');
    // weight[0,0,0,0] 1 → 0: output (y, x) loses input[2y − 1, 2x − 1] (zero in the padding ring)
    await expectOutput(page, 'w1', [1, 4, 8, 7, 16 - 1, 8 - 3, 14, 9 - 2, 4 - 1]);
    assert.match(await event, /weight=1x1x3x3:0,2,1/);
  });

  test('attribute changes re-render: state, lang, controls, theme', async () => {
    await page.evaluate((s) => {
      const w = document.getElementById('w2');
      w.setAttribute('state', s);
      w.setAttribute('lang', 'zh');
      w.setAttribute('controls', 'stride');
      w.setAttribute('theme', 'dark');
    }, serializeHash(presetState('conv-s2')));
    await expectOutput(page, 'w2', STRIDE2);
    const v = await page.evaluate(() => {
      const sr = document.getElementById('w2').shadowRoot;
      return {
        lang: sr.querySelector('.cl-root').lang,
        fields: [...sr.querySelectorAll('.controls .field')].filter((f) => f.checkVisibility()).map((f) => f.dataset.field),
        grid: sr.querySelector('[data-tensor="output"]').checkVisibility(),
        bg: getComputedStyle(sr.querySelector('.cl-root')).backgroundColor,
        state: document.getElementById('w2').state,
      };
    });
    assert.equal(v.lang, 'zh-Hans');
    assert.deepEqual(v.fields, ['stride']);
    assert.equal(v.grid, true);
    assert.equal(v.bg, 'rgb(21, 23, 27)');
    assert.match(v.state, /stride=2/);
  });

  test('hostile attributes inject nothing: defaults and notices instead', async () => {
    const v = await page.evaluate(() => {
      const sr = document.getElementById('hostile').shadowRoot;
      return {
        pwned: window.__pwned ?? null,
        injected: sr.querySelectorAll('img, script, iframe, object, embed, style, foreignObject').length + document.querySelectorAll('img, svg').length,
        handlers: [...sr.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.localName}[${a.name}]`)),
        notices: sr.querySelector('#notices').textContent,
        theme: sr.querySelector('.cl-root').dataset.theme,
        lang: sr.querySelector('.cl-root').lang,
        protoOp: Object.prototype.op ?? null,
        protoNotices: document.getElementById('proto').shadowRoot.querySelector('#notices').textContent,
      };
    });
    assert.equal(v.pwned, null);
    assert.equal(v.injected, 0);
    assert.deepEqual(v.handlers, [], 'no event-handler attribute anywhere in the widget');
    assert.match(v.notices, /"><img src/, 'the hostile text is shown as text in a notice');
    assert.equal(v.theme, 'light');
    assert.equal(v.lang, 'en');
    assert.equal(v.protoOp, null, 'no prototype pollution');
    assert.match(v.protoNotices, /__proto__/);
    await expectOutput(page, 'hostile', STRIDE1);
    await expectOutput(page, 'proto', STRIDE1);
    // after load, through attributeChangedCallback: a 3 MB state, hostile words again
    const huge = `op=conv2d&stride=${'9'.repeat(3_000_000)}`;
    await page.evaluate(([h, state]) => {
      const w = document.getElementById('hostile');
      w.setAttribute('state', state);
      w.setAttribute('controls', `__proto__ constructor ${h}`);
      w.setAttribute('lang', '__proto__');
    }, [HOSTILE, huge]);
    await page.waitForFunction((n) => document.getElementById('hostile').shadowRoot.querySelector('#notices').textContent.includes(n), String(huge.length));
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
    await expectOutput(page, 'hostile', STRIDE1);
    assert.deepEqual(problems, []);
  });

  test('the iframe embed (another origin) posts its height; the host listener sizes the iframe', async () => {
    const inner = page.frame({ url: /embed\.html/ });
    await inner.evaluate(() => customElements.whenDefined('conv-lens').then(() => document.getElementById('widget').ready));
    // Chromium gives an off-screen cross-origin iframe no rendering updates, so the animation draws
    // (and the height is final) once it is on screen
    await page.locator('#frame').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => parseFloat(document.getElementById('frame').style.height) > 150, null, { timeout: 5000 }).catch(() => {});
    await page.waitForTimeout(100); // the last layout's message
    const [height, content] = await Promise.all([
      page.evaluate(() => parseFloat(document.getElementById('frame').style.height)),
      inner.evaluate(() => document.documentElement.getBoundingClientRect().height),
    ]);
    assert.ok(Math.abs(height - Math.ceil(content)) <= 1, `iframe ${height} px for ${content} px of content; messages: ${await page.evaluate(() => window.__messages.join(' '))}`);
    const values = await inner.evaluate(() => [...document.getElementById('widget').output.data]); // a figure: no grid
    assert.deepEqual(values, STRIDE2_PAD1);
    // a message that is not from the iframe is ignored
    await page.evaluate(() => window.postMessage({ type: 'convlens:height', height: 7 }, '*'));
    await page.waitForTimeout(50);
    assert.equal(await page.evaluate(() => parseFloat(document.getElementById('frame').style.height)), height);
  });

  test('screenshot: test-results/widget-host.png', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.evaluate(() => document.getElementById('w1').shadowRoot.querySelector('[data-tensor="output"] td[data-i="4"]').dispatchEvent(new MouseEvent('mouseover', { bubbles: true })));
    await screenshot(page, 'widget-host');
    mkdirSync(resultsDir, { recursive: true });
    for (const id of ['c1', 'c2', 'c3', 'frame']) await page.locator(`#${id}`).screenshot({ path: path.join(resultsDir, `widget-${id}.png`) });
  });
});

test('with controls, the editors load alongside the wasm, not after it', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  try {
    const page = await context.newPage();
    const events = [];
    await page.route('**/convlens_simd.wasm', async (route) => {
      events.push('wasm requested');
      await new Promise((resolve) => setTimeout(resolve, 400));
      events.push('wasm answered');
      await route.continue();
    });
    page.on('request', (r) => { if (r.url().endsWith('/widget/app.js')) events.push('app.js requested'); });
    await page.goto(`${siteA.url}controls.html`);
    await ready(page, ['w']);
    await expectOutput(page, 'w', STRIDE1);
    assert.ok(events.indexOf('app.js requested') >= 0 && events.indexOf('app.js requested') < events.indexOf('wasm answered'), events.join(', '));
  } finally {
    await context.close();
  }
});

test('changes while the editors load: the last one wins, edits of the state are not lost, a failed load is said and retried', async () => {
  const { page, context, problems } = await open(`${siteA.url}figure.html`);
  try {
    await ready(page, ['w']);
    // app.js answers slowly: the figure stays until it has arrived
    let release;
    const gate = new Promise((resolve) => { release = resolve; });
    await page.route('**/widget/app.js', async (route) => { await gate; await route.continue(); });
    const grids = () => page.evaluate(() => document.getElementById('w').shadowRoot.querySelectorAll('[data-tensor="output"] td[data-i]').length);
    await page.evaluate(() => document.getElementById('w').setAttribute('controls', 'tensors'));
    await page.waitForTimeout(50);
    assert.equal(await grids(), 0, 'still the figure while app.js loads');
    // the state changes meanwhile, then `controls` goes away again: a figure of the new state
    await page.evaluate((s) => {
      const w = document.getElementById('w');
      w.setAttribute('state', s);
      setTimeout(() => w.removeAttribute('controls'), 0);
    }, S2P1);
    await expectOutput(page, 'w', STRIDE2_PAD1);
    release();
    await page.waitForTimeout(200); // app.js arrives: its mount was superseded
    assert.equal(await grids(), 0, 'the late mount is dropped');
    await expectOutput(page, 'w', STRIDE2_PAD1);
    // asked for again: the editors mount (app.js is loaded now) with the state as it is
    await page.evaluate(() => document.getElementById('w').setAttribute('controls', 'tensors'));
    await page.waitForFunction(() => document.getElementById('w').shadowRoot.querySelectorAll('[data-tensor="output"] td[data-i]').length === 9);
    await expectOutput(page, 'w', STRIDE2_PAD1);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
  // app.js cannot load: the widget says so and keeps its figure; the next change retries
  const second = await open(`${siteA.url}figure.html`);
  try {
    await ready(second.page, ['w']);
    let fail = true;
    await second.page.route('**/widget/app.js', (route) => (fail ? route.abort() : route.continue()));
    const errors = second.page.evaluate(() => new Promise((resolve) => document.getElementById('w').addEventListener('conv-lens-error', (e) => resolve(e.detail.message))));
    await second.page.evaluate(() => document.getElementById('w').setAttribute('controls', 'tensors'));
    assert.ok((await errors).length > 0);
    const status = await second.page.evaluate(() => document.getElementById('w').shadowRoot.querySelector('.cl-status').textContent);
    assert.match(status, /convlens failed to load/);
    await expectOutput(second.page, 'w', STRIDE1);
    fail = false;
    await second.page.evaluate(() => document.getElementById('w').setAttribute('controls', 'tensors stride'));
    await second.page.waitForFunction(() => document.getElementById('w').shadowRoot.querySelectorAll('[data-tensor="output"] td[data-i]').length === 9);
    assert.equal(await second.page.evaluate(() => document.getElementById('w').shadowRoot.querySelector('.cl-status').hidden), true, 'the error is gone');
  } finally {
    await second.context.close();
  }
});

test('a figure fetches only what it shows (≤ 40 KB of JS + CSS gzipped); controls and 简体中文 load when asked for', async () => {
  const { page, context, problems, requests } = await open(`${siteA.url}figure.html`);
  const widgetDir = path.join(siteDir, 'convlens', 'widget');
  const fetched = () => requests.filter((u) => u.includes('/convlens/')).map((u) => new URL(u).pathname.replace(/^\/site\/convlens\//, ''));
  try {
    await ready(page, ['w']);
    await expectOutput(page, 'w', STRIDE1);
    const { upFront } = widgetSizes(widgetDir);
    const first = fetched();
    assert.deepEqual([...first].sort(), [...Object.keys(upFront).map((f) => `widget/${f}`), 'convlens_simd.mjs', 'convlens_simd.wasm'].sort(),
      'the figure: the element, its chunks, its stylesheet, the glue and the .wasm, nothing else');
    const gz = first.filter((f) => f.startsWith('widget/')).reduce((n, f) => n + gzipSync(readFileSync(path.join(siteDir, 'convlens', f)), { level: 9 }).length, 0);
    assert.ok(gz <= 40 * 1024, `a figure's JS + CSS: ${gz} bytes gzipped`);
    // a state that does not compute: PyTorch's message over the last figure, greyed; none for a figure that never
    // computed
    const look = () => page.evaluate(() => {
      const sr = document.getElementById('w').shadowRoot;
      return { error: sr.querySelector('[role="alert"]:not([hidden])')?.textContent ?? null, stale: sr.querySelector('.anim').classList.contains('stale'), anim: !sr.querySelector('.anim').hidden };
    });
    await page.evaluate(() => document.getElementById('w').setAttribute('state', 'op=conv2d&kernel_size=9'));
    await page.waitForFunction(() => document.getElementById('w').output === null);
    const failed = await look();
    assert.match(failed.error, /Kernel size can't be greater than actual input size/);
    assert.deepEqual({ ...failed, error: undefined }, { error: undefined, stale: true, anim: true });
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<conv-lens id="never" state="op=conv2d&amp;kernel_size=9"></conv-lens>'));
    await ready(page, ['never']);
    assert.equal(await page.evaluate(() => document.getElementById('never').shadowRoot.querySelector('.anim').hidden), true, 'nothing to animate: the error alone');
    await page.evaluate((s1) => document.getElementById('w').setAttribute('state', s1), S1);
    await expectOutput(page, 'w', STRIDE1);
    assert.deepEqual(await look(), { error: null, stale: false, anim: true });
    // controls: the playground's editors load (app.js, with their stylesheet), then the grids show
    await page.evaluate(() => document.getElementById('w').setAttribute('controls', 'tensors'));
    await page.waitForFunction(() => document.getElementById('w').shadowRoot.querySelectorAll('[data-tensor="output"] td[data-i]').length === 9);
    await expectOutput(page, 'w', STRIDE1);
    const later = () => [...new Set(fetched())].filter((f) => !first.includes(f));
    assert.deepEqual(later().sort(), ['widget/app.js', 'widget/editor-stylesheet.js']);
    // 简体中文: its strings load, then the widget speaks it
    await page.evaluate(() => document.getElementById('w').setAttribute('lang', 'zh'));
    await page.waitForFunction(() => /输出/.test(document.getElementById('w').shadowRoot.getElementById('output-heading').textContent));
    assert.deepEqual(later().sort(), ['widget/app.js', 'widget/editor-stylesheet.js', 'widget/i18n-zh.js']);
    assert.deepEqual(problems, []);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
  } finally {
    await context.close();
  }
});

test('figures (light, dark, 简体中文, one that does not compute) are accessible: axe finds no violations', async () => {
  const { page, context, problems } = await open(`${siteA.url}figures.html`); // no CSP here: axe is injected as a script
  try {
    await ready(page, ['f1', 'f2', 'f3']);
    await page.waitForFunction(() => document.getElementById('f1').animation.steps === 9);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('compact embeds: controls="stride padding" shows those controls, the figure and the output; one control fits in '
  + '600 px at 720 px; four widgets on a page pass axe', async () => {
  const { page, context, problems } = await open(`${siteA.url}compact.html`, { viewport: { width: 736, height: 800 } }); // body margin 8 px: a 720 px column
  try {
    await ready(page, ['one', 'two', 'zh', 'all']);
    await page.waitForFunction(() => document.getElementById('all').shadowRoot.querySelectorAll('[data-tensor="input"] td[data-i]').length > 0);
    const look = (id) => page.evaluate((wid) => {
      const el = document.getElementById(wid);
      const sr = el.shadowRoot;
      const shown = (sel) => [...sr.querySelectorAll(sel)].filter((n) => n.checkVisibility()).length;
      return {
        width: Math.round(el.getBoundingClientRect().width),
        height: el.getBoundingClientRect().height,
        fields: [...sr.querySelectorAll('.field[data-field]')].filter((n) => n.checkVisibility()).map((n) => n.dataset.field),
        output: [...sr.querySelectorAll('[data-tensor="output"] td[data-i]')].filter((n) => n.checkVisibility()).map((n) => Number(n.textContent)),
        figure: shown('.anim-figure svg'),
        input: shown('[data-tensor="input"] td[data-i]'),
        weight: shown('[data-tensor="weight"] td[data-i]'),
        explain: shown('.explain'),
        play: shown('#anim-play'),
      };
    }, id);
    const one = await look('one');
    assert.equal(one.width, 720, 'the element fills the 720 px column');
    assert.ok(one.height <= 600, `the stride-2 padding-1 figure with one control is ${one.height} px tall`);
    assert.ok(one.height > 300, `${one.height} px: the figure is there`);
    assert.deepEqual({ ...one, width: 0, height: 0 },
      { width: 0, height: 0, fields: ['stride'], output: STRIDE2_PAD1, figure: 1, input: 0, weight: 0, explain: 0, play: 1 });
    const two = await look('two');
    assert.deepEqual(two.fields, ['stride', 'padding']);
    assert.deepEqual(two.output, STRIDE2_PAD1);
    assert.ok(two.height <= 600, `two controls: ${two.height} px`);
    assert.deepEqual((await look('zh')).fields, ['padding']);
    const all = await look('all');
    assert.ok(all.input === 25 && all.explain === 1 && all.fields.length > 5, 'controls (all words) keeps the whole playground');
    assert.deepEqual(await axeViolations(page), [], 'several widgets on one page: no repeated landmarks, no violation');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('without constructed stylesheets the widget links conv-lens.css: ready waits for it, and rejects when it cannot load', async () => {
  const seen = [];
  for (const cssMissing of [false, true]) {
    const context = await browser.newContext();
    try {
      await context.addInitScript(() => { delete ShadowRoot.prototype.adoptedStyleSheets; }); // Safari before 16.4
      if (cssMissing) await context.route('**/conv-lens.css', (r) => r.fulfill({ status: 404, body: 'not found' }));
      const page = await context.newPage();
      await page.goto(`${siteA.url}figure.html`); // under the strict CSP: style-src 'self' allows the linked sheet
      seen.push(await page.evaluate(() => {
        const w = document.getElementById('w');
        const look = () => ({
          link: new URL(w.shadowRoot.querySelector('link[rel="stylesheet"]')?.href ?? 'about:blank').pathname,
          type: getComputedStyle(w.shadowRoot.querySelector('.cl-root')).containerType,
        });
        return w.ready.then(() => ({ ready: true, ...look() }), (e) => {
          const status = w.shadowRoot.querySelector('.cl-status');
          const shown = status.checkVisibility() && status.textContent.includes(e.message);
          return { ready: false, ...look(), error: e.message, shown };
        });
      }));
    } finally {
      await context.close();
    }
  }
  const link = '/site/convlens/widget/conv-lens.css';
  assert.deepEqual(seen[0], { ready: true, link, type: 'inline-size' }, 'styled by the linked file');
  assert.match(seen[1].error, /stylesheet .*\/convlens\/widget\/conv-lens\.css could not be loaded/);
  assert.deepEqual({ ...seen[1], error: undefined }, { ready: false, link, type: 'normal', error: undefined, shown: true },
    'never ready unstyled: the error shows instead');
});

test('without \'wasm-unsafe-eval\' the widget says it cannot load (Chromium needs it for WebAssembly)', async () => {
  const { page, context } = await open(`${siteA.url}nowasm.html`);
  try {
    const message = await page.evaluate(() => new Promise((resolve) => {
      const w = document.getElementById('w');
      w.ready.then(() => resolve('ready'), () => resolve(w.shadowRoot.querySelector('.cl-status').textContent));
    }));
    assert.match(message, /convlens failed to load: .*(WebAssembly|wasm|Content Security)/i);
    assert.ok((await page.evaluate(() => window.__violations)).some((v) => /script-src/.test(v)));
  } finally {
    await context.close();
  }
});

test('the element\'s children are its fallback: hidden while it works, shown instead of the error when convlens cannot load', async () => {
  const ok = await open(`${siteA.url}figure.html`);
  try {
    await ok.page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<conv-lens id="kids"><p id="fb">fallback</p></conv-lens>'));
    await ready(ok.page, ['kids']);
    assert.equal(await ok.page.evaluate(() => document.getElementById('fb').checkVisibility()), false, 'a working widget hides its children');
  } finally {
    await ok.context.close();
  }
  const { page, context } = await open(`${siteA.url}fallback.html`); // no 'wasm-unsafe-eval': convlens cannot load
  try {
    await page.evaluate(() => Promise.all(['w', 'bare'].map((id) => document.getElementById(id).ready.catch(() => null))));
    const v = await page.evaluate(() => ({
      fallback: document.getElementById('fb').checkVisibility(),
      status: document.getElementById('w').shadowRoot.querySelector('.cl-status').checkVisibility(),
      bare: document.getElementById('bare').shadowRoot.querySelector('.cl-status').textContent,
    }));
    assert.deepEqual({ ...v, bare: undefined }, { fallback: true, status: false, bare: undefined });
    assert.match(v.bare, /convlens failed to load/, 'without children (whitespace only), the error shows');
  } finally {
    await context.close();
  }
});

test('"Copy embed code" on the playground: both snippets work when pasted into a page elsewhere', async () => {
  const { page, context, problems } = await open(`${siteB.url}#${S2P1}`);
  try {
    await page.waitForSelector('body[data-ready="true"]');
    await page.click('#embed-code summary');
    await page.check('#embed-editable');
    assert.deepEqual(await axeViolations(page), [], 'the open panel is accessible');
    const element = await page.textContent('#embed-element');
    const iframe = await page.textContent('#embed-iframe');
    assert.ok(element.includes(`<script type="module" src="${siteB.url}convlens/widget/conv-lens.js"></script>`), element);
    assert.ok(element.includes(`state="${attr(S2P1)}" editable></conv-lens>`), element);
    assert.ok(iframe.includes(`src="${attr(`${siteB.url}embed.html?editable#${S2P1}`)}"`), iframe);
    // the panel says where the files must be served from, and links to the hosting docs on the same site
    const hosting = await page.evaluate(() => ({
      text: document.getElementById('embed-hosting').textContent, href: document.querySelector('#embed-hosting a').href,
    }));
    assert.match(hosting.text, new RegExp(`from ${siteB.url.replace(/\/$/, '').replace(/[.]/g, '\\.')}\\. .*Access-Control-Allow-Origin`));
    assert.equal(hosting.href, `${siteB.url}docs/embedding.md#hosting`);
    const doc = await fetch(hosting.href);
    assert.equal(doc.status, 200);
    assert.match(await doc.text(), /^## Hosting$/m);
    const served = await fetch(`${siteB.url}convlens/widget/conv-lens.js`);
    assert.equal(served.headers.get('access-control-allow-origin'), '*', 'the dev server opens the package files to other origins');
    assert.equal((await fetch(`${siteB.url}index.html`)).headers.get('access-control-allow-origin'), null, 'and only those');
    // a blog post on another origin (A) with both snippets pasted as they are
    writeFileSync(path.join(tmp, 'post.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>post</title>
<link rel="icon" href="data:,"></head><body><h1>My post</h1>\n${element}\n<p>and as an iframe:</p>\n${iframe}\n</body></html>`);
    const post = await open(`${siteA.url}post.html`);
    try {
      await post.page.evaluate(() => customElements.whenDefined('conv-lens').then(() => document.querySelector('conv-lens').ready));
      const values = await post.page.evaluate(() => [...document.querySelector('conv-lens').shadowRoot
        .querySelectorAll('[data-tensor="output"] td[data-i]')].map((td) => Number(td.textContent)));
      assert.deepEqual(values, STRIDE2_PAD1);
      await post.page.waitForFunction(() => parseFloat(document.querySelector('iframe').style.height) > 200);
      assert.deepEqual(post.problems, []);
      assert.deepEqual(post.wasm.map((u) => path.basename(u)), ['convlens_simd.wasm', 'convlens_simd.wasm'], 'one for the page, one for the iframe');
    } finally {
      await post.context.close();
    }
    // the element snippet alone on a page whose strict CSP allows the widget's origin (docs/embedding.md)
    writeFileSync(path.join(tmp, 'cross.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cross</title>
<link rel="icon" href="data:,"></head><body>\n${element}\n</body></html>`);
    const cross = await open(`${siteA.url}cross.html`);
    try {
      await cross.page.evaluate(() => customElements.whenDefined('conv-lens').then(() => document.querySelector('conv-lens').ready));
      assert.equal(await cross.page.evaluate(() => document.querySelector('conv-lens').shadowRoot.querySelector('.cl-root').hidden), false, 'styled');
      assert.deepEqual(await cross.page.evaluate(() => window.__violations), []);
      assert.deepEqual(cross.problems, []);
    } finally {
      await cross.context.close();
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('state accepts the adaptive pools and LPPool2d: each figure computes the API\'s output and animates every cell', async () => {
  const { load } = await import('convlens');
  const cl = await load();
  const { page, context, problems } = await open(`${siteA.url}figure.html`);
  try {
    await ready(page, ['w']);
    for (const id of ['resnet-head', 'adaptive-max', 'adaptive-keep', 'lp-pool']) {
      const s = presetState(id);
      const x = { shape: s.tensors.input.shape, data: s.tensors.input.values };
      const options = {
        'resnet-head': () => cl.adaptiveAvgPool2d(x, { outputSize: [1, 1] }),
        'adaptive-max': () => cl.adaptiveMaxPool2d(x, { outputSize: [3, 3] }),
        'adaptive-keep': () => cl.adaptiveAvgPool2d(x, { outputSize: [2, null] }),
        'lp-pool': () => cl.lpPool2d(x, { normType: 2, kernelSize: 2 }),
      };
      const want = options[id]();
      await page.evaluate((h) => document.getElementById('w').setAttribute('state', h), serializeHash(s));
      await expectOutput(page, 'w', [...want.data]);
      const [, , Ho, Wo] = want.shape;
      await page.waitForFunction((n) => document.getElementById('w').animation.steps === n, Ho * Wo);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('state accepts the 1-D ops: each figure computes the API\'s [N, C, L] output and animates every cell', async () => {
  const { load } = await import('convlens');
  const cl = await load();
  const { page, context, problems } = await open(`${siteA.url}figure.html`);
  try {
    await ready(page, ['w']);
    for (const id of ['conv1d', 'conv-transpose1d', 'max-pool1d', 'adaptive-avg-pool1d']) {
      const s = presetState(id);
      const x = { shape: s.tensors.input.shape, data: s.tensors.input.values };
      const w = { shape: s.tensors.weight.shape, data: s.tensors.weight.values };
      const run = {
        'conv1d': () => cl.conv1d(x, w, { padding: 1, bias: s.tensors.bias.values }),
        'conv-transpose1d': () => cl.convTranspose1d(x, w, { stride: 2 }),
        'max-pool1d': () => cl.maxPool1d(x, { kernelSize: 2 }),
        'adaptive-avg-pool1d': () => cl.adaptiveAvgPool1d(x, { outputSize: 3 }),
      };
      const want = run[id]();
      await page.evaluate((h) => document.getElementById('w').setAttribute('state', h), serializeHash(s));
      await expectOutput(page, 'w', [...want.data]);
      await page.waitForFunction((n) => document.getElementById('w').animation.steps === n, want.shape[2]);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('state accepts Unfold and Fold: each figure computes the API\'s output and animates one row of blocks / one plane', async () => {
  const { load } = await import('convlens');
  const cl = await load();
  const { page, context, problems } = await open(`${siteA.url}figure.html`);
  try {
    await ready(page, ['w']);
    for (const id of ['unfold', 'fold-counts']) {
      const s = presetState(id);
      const x = { shape: s.tensors.input.shape, data: s.tensors.input.values };
      const want = id === 'unfold' ? cl.unfold(x, { kernelSize: 2 }) : cl.fold(x, { outputSize: 5, kernelSize: 3 });
      await page.evaluate((h) => document.getElementById('w').setAttribute('state', h), serializeHash(s));
      await expectOutput(page, 'w', [...want.data]);
      // unfold: one step per column of a row (L = 9); fold: one per pixel of a plane (5 × 5)
      await page.waitForFunction((n) => document.getElementById('w').animation.steps === n, id === 'unfold' ? 9 : 25);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('state accepts MaxUnpool2d: the figure computes the API\'s unpool of max pooling\'s x and indices, typed indices too', async () => {
  const { load } = await import('convlens');
  const cl = await load();
  const { page, context, problems } = await open(`${siteA.url}figure.html`);
  try {
    await ready(page, ['w']);
    for (const id of ['unpool', 'unpool-size']) {
      const s = presetState(id);
      const x = { shape: s.tensors.input.shape, data: s.tensors.input.values };
      const pooled = cl.maxPool2d(x, { kernelSize: 2, returnIndices: true });
      const want = cl.maxUnpool2d(pooled.output, pooled.indices, { kernelSize: 2, ...(id === 'unpool-size' ? { outputSize: [5, 5] } : {}) });
      await page.evaluate((h) => document.getElementById('w').setAttribute('state', h), serializeHash(s));
      await expectOutput(page, 'w', [...want.data]);
    }
    // indices in the state: x[0, 0, 0, 0] … x[0, 0, 1, 1] all written at 15, the last one staying
    const s = presetState('unpool');
    const typed = `${serializeHash(s)}&indices=1x1x2x2:15,15,15,15`;
    const x = { shape: s.tensors.input.shape, data: s.tensors.input.values };
    const pooled = cl.maxPool2d(x, { kernelSize: 2, returnIndices: true });
    const want = cl.maxUnpool2d(pooled.output, { shape: [1, 1, 2, 2], data: [15, 15, 15, 15] }, { kernelSize: 2 });
    assert.equal(want.data[15], pooled.output.data[3]);
    await page.evaluate((h) => document.getElementById('w').setAttribute('state', h), typed);
    await expectOutput(page, 'w', [...want.data]);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
