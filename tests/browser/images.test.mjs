// Image mode (/images/) in headless Chromium, used as a person would: pick a sample, apply Sobel
// and MaxPool2d(2), point at pixels and compare with the API run in node on the same (procedural,
// deterministic) sample; export PNGs and decode them; a long run keeps the page responsive, shows
// progress, can be cancelled and is superseded by a newer edit; the user's own image round-trips;
// hostile links; the keyboard; axe; screenshots at 1280×800 and 360×740 in test-results/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode } from 'fast-png';

import { load } from 'convlens';
import { DESKTOP, PHONE, axeViolations, screenshot, startBrowser } from './browser.mjs';
import { download, edit, openImages, readPixel, runId, waitRun } from './images-helpers.mjs';
import { drawSample, stackImages } from '../../web/images/samples.js';
import { gridRGBA, valueAt } from '../../web/images/render.js';
import { runPipeline } from '../../web/images/pipeline.js';
import { resnetHeadLayers } from '../../web/images/state.js';
import { PLAYGROUND_OPS } from '../../web/ui/model/state.js';
import { mulberry32 } from '../../web/ui/model/random.js';
import { formatValue } from '../../web/ui/model/numbers.js';

const SOBEL_X = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]];
const LUMA = [0.299, 0.587, 0.114];

let env;
let cl;
before(async () => {
  env = await startBrowser();
  cl = await load();
});
after(async () => {
  await env?.close();
});

/** Sobel x on the luminance ([1, 3, 3, 3]), padding 'same', then MaxPool2d(2), by hand in node. */
function sobelPool(x, kernel = SOBEL_X) {
  const w = new Float32Array(27);
  for (let c = 0; c < 3; c++) for (let k = 0; k < 9; k++) w[c * 9 + k] = kernel[Math.floor(k / 3)][k % 3] * LUMA[c];
  const y1 = cl.conv2d(x, { shape: [1, 3, 3, 3], data: w }, { padding: 'same' });
  return [y1, cl.maxPool2d(y1, { kernelSize: 2 })];
}

test('a sample through Sobel x + MaxPool2d(2): the pixels are the API\'s, the PNG export decodes to them', async () => {
  const { page, context, problems } = await openImages(env, { hash: 'img=house&size=64' });
  try {
    // pick a second sample, then back to one image, as a user would
    await edit(page, () => page.click('button[data-sample="stripes"]'));
    await edit(page, () => page.click('button[data-sample="house"]'));
    assert.equal(await page.getAttribute('button[data-sample="stripes"]', 'aria-pressed'), 'true');
    // layer 1: Sobel x on the luminance
    await edit(page, () => page.selectOption('#l0-weight', 'sobel_x'));
    await edit(page, () => page.selectOption('#l0-channels', 'luminance'));
    // replace layer 2 by a new MaxPool2d (kernel_size 2 by default)
    await edit(page, () => page.click('button[aria-label="Remove layer 2"]'));
    await page.selectOption('#add-type', 'maxPool2d');
    await edit(page, () => page.click('#add-layer'));
    assert.equal(await page.inputValue('#l1-kernel_size'), '2');

    const summary = await page.textContent('#summary');
    assert.ok(summary.includes("Conv2d(3, 1, kernel_size=3, padding='same', bias=False)"), summary);
    assert.ok(summary.includes('MaxPool2d(kernel_size=2)'));
    assert.ok(summary.includes('[1, 1, 32, 32]'));
    assert.ok(summary.includes('27'), 'parameter count 3·3·3');

    const x = stackImages([drawSample('stripes', 64)]);
    const [y1, y2] = sobelPool(x);
    for (const [y, xx] of [[0, 0], [5, 7], [16, 16], [31, 31], [10, 20]]) {
      const got = await readPixel(page, 2, 0, y, xx);
      assert.equal(got.value, valueAt(y2, 0, 0, y, xx), `pool output (${y}, ${xx}): ${got.text}`);
    }
    for (const [y, xx] of [[0, 0], [31, 33], [63, 63]]) {
      const got = await readPixel(page, 1, 0, y, xx);
      assert.equal(got.value, valueAt(y1, 0, 0, y, xx), `conv output (${y}, ${xx})`);
    }
    const input = await readPixel(page, 0, 0, 40, 12);
    assert.deepEqual(input.value, [0, 1, 2].map((c) => valueAt(x, 0, c, 40, 12)), 'input pixel, in colour');

    // the PNG export of layer 2 is make_grid's picture of y2 (per-image min–max), byte for byte
    const png = await download(page, '[data-export="2"]');
    assert.equal(png.name, 'convlens-layer2.png');
    const img = decode(png.bytes);
    const want = gridRGBA(y2, { rgb: true, norm: 'image' });
    assert.equal(img.width, want.width);
    assert.equal(img.height, want.height);
    assert.equal(img.channels, 4);
    assert.deepEqual(Buffer.from(img.data), Buffer.from(want.data));

    // the link holds the choices; a reload shows the same layers
    await page.waitForFunction(() => location.hash.includes('sobel_x'));
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, /img=stripes/);
    assert.match(hash, /layer=Conv2d\(weight=sobel_x,channels=luminance\)&layer=MaxPool2d\(\)/);
    await screenshot(page, 'images-sobel-1280');

    // a layer-1 pixel links into the playground, pinned on that output element with its arithmetic
    const pointed = await readPixel(page, 1, 0, 10, 20);
    const link = page.locator('[data-explain="1"] a');
    assert.equal((await link.textContent()).trim(), 'Explain this value in the playground');
    assert.match(await link.getAttribute('href'), /^\.\.\/#op=conv2d&/);
    await link.click();
    await page.waitForFunction(() => document.querySelector('#explain-title')?.textContent.trim() === 'output[0, 0, 10, 20]', null, { timeout: 30_000 });
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.isVisible('.explain .badge'), true, 'the element is pinned');
    const formula = (await page.textContent('#explain-formula')).trim();
    const [lhs, rhs] = formula.split(' = ');
    assert.ok(rhs && rhs.includes('·'), formula.slice(0, 200));
    // the panel shows 4 significant digits: the same text as formatValue, and within its rounding
    assert.equal(lhs, formatValue(pointed.value), formula.slice(0, 200));
    assert.ok(Math.abs(Number(lhs) - pointed.value) <= 5e-4 * Math.max(1e-6, Math.abs(pointed.value)), `${lhs} vs ${pointed.value}`);
    assert.match(await page.textContent('#output-heading'), /\[1, 1, 64, 64\]/);
    assert.match(await page.evaluate(() => location.hash), /(^#|&)select=660(&|$)/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

const HEAVY = 'img=house,checker,circles,glyphs&size=512&layer=Conv2d(channels=random,out_channels=4,groups=1,kernel_size=15)&layer=MaxPool2d(kernel_size=8)';

/** Sets a text control's value as typing would (an input event), from inside the page. */
function typeInto(page, selector, text) {
  return page.evaluate(([sel, t]) => {
    const el = document.querySelector(sel);
    el.value = t;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, [selector, text]);
}

test('a long run: the page stays responsive, shows progress, can be cancelled', async () => {
  // the scalar build, so that the run lasts long enough on any machine
  const { page, context, problems } = await openImages(env, { hash: HEAVY, query: '?scalar' });
  try {
    // while a run is in flight the main thread keeps ticking: the longest gap between timer ticks
    // stays far below the run's duration (a page computing on its own thread would freeze for all
    // of it). Typically under 30 ms; the bound leaves room for a machine shared with other builds.
    const r = await page.evaluate(async () => {
      const before = Number(document.body.dataset.runId);
      const seed = document.getElementById('l0-seed');
      seed.value = '1';
      seed.dispatchEvent(new Event('input', { bubbles: true }));
      const t0 = performance.now();
      let last = t0;
      let maxGap = 0;
      let sawProgress = false;
      for (;;) {
        await new Promise((res) => setTimeout(res, 0));
        const now = performance.now();
        maxGap = Math.max(maxGap, now - last);
        last = now;
        if (!document.getElementById('progress-row').hidden) sawProgress = true;
        if (document.body.dataset.run === 'done' && Number(document.body.dataset.runId) > before) break;
        if (now - t0 > 60_000) throw new Error('the run did not finish');
      }
      return { elapsed: performance.now() - t0, maxGap, sawProgress };
    });
    assert.equal(await page.textContent('#variant'), 'scalar');
    assert.ok(r.elapsed > 200, `the run took ${r.elapsed.toFixed(0)} ms (long enough to tell)`);
    assert.ok(r.maxGap < Math.max(100, r.elapsed / 4), `longest main-thread gap ${r.maxGap.toFixed(1)} ms during a ${r.elapsed.toFixed(0)} ms run`);
    assert.ok(r.sawProgress, 'the progress row was shown');
    console.log(`# long run: ${r.elapsed.toFixed(0)} ms, longest main-thread gap ${r.maxGap.toFixed(1)} ms`);

    // cancel: start another run, wait for the progress row, press Cancel
    const id = await runId(page);
    await typeInto(page, '#l0-seed', '2');
    await page.waitForSelector('#progress-row:not([hidden])');
    await page.click('#cancel');
    await page.waitForFunction(() => document.body.dataset.run === 'cancelled');
    assert.equal(await page.isHidden('#progress-row'), true);
    assert.match(await page.textContent('[data-view="0"] .view-status'), /Cancelled/);
    // a cancelled run never reports back; the next edit runs in a fresh worker
    await page.waitForTimeout(300);
    assert.equal(await page.getAttribute('body', 'data-run'), 'cancelled');
    await edit(page, () => typeInto(page, '#l0-seed', '3'));
    assert.ok((await runId(page)) > id);
    assert.equal(await page.isHidden('[data-view="1"] .view-status'), true, 'the views are current again');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a newer edit supersedes a run in flight: only the last one is shown and measured', async () => {
  const { page, context, problems } = await openImages(env, { hash: 'img=house&size=64&layer=Conv2d(weight=sobel_x,channels=luminance)&layer=MaxPool2d()' });
  try {
    const before = await runId(page);
    await page.evaluate(() => {
      performance.clearMeasures('convlens:image-update');
      const sel = document.getElementById('l0-weight');
      for (const v of ['sobel_y', 'emboss', 'laplacian']) {
        sel.value = v;
        sel.dispatchEvent(new Event('change', { bubbles: true }));
      }
    });
    await waitRun(page, before + 2);
    await page.waitForTimeout(200);
    const measures = await page.evaluate(() => performance.getEntriesByName('convlens:image-update').map((e) => e.detail.runId));
    assert.deepEqual(measures, [before + 3], 'one measure, for the last run');
    const x = stackImages([drawSample('house', 64)]);
    const [, y2] = sobelPool(x, [[0, 1, 0], [1, -4, 1], [0, 1, 0]]);
    for (const [y, xx] of [[3, 4], [20, 9]]) {
      assert.equal((await readPixel(page, 2, 0, y, xx)).value, valueAt(y2, 0, 0, y, xx), 'the Laplacian\'s values are shown');
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** Types `text` into a text control (fill: an input event) and waits for the run it starts. */
function typeAndRun(page, selector, text) {
  return edit(page, () => page.fill(selector, text));
}

/** Asserts the pixels at `points` of tile `tile` of view `view` are `tensor`'s (RGB tiles). */
async function assertPixels(page, view, tensor, points, what) {
  for (const [n, y, x] of points) {
    const got = await readPixel(page, view, n, y, x);
    assert.deepEqual(got.value, [0, 1, 2].map((c) => valueAt(tensor, n, c, y, x)), `${what}: image ${n} (${y}, ${x})`);
  }
}

test('the adaptive pools and LPPool2d as layers: added from the menu, their fields, summary, pixels as the API gives them, link, code, errors', async () => {
  const { page, context, problems } = await openImages(env, { hash: 'img=house,checker&size=32&layer=none' });
  try {
    for (const op of ['adaptiveAvgPool2d', 'lpPool2d', 'adaptiveMaxPool2d']) {
      await page.selectOption('#add-type', op);
      await edit(page, () => page.click('#add-layer'));
    }
    // the defaults: ResNet's 7×7, L2 pooling of 2×2 windows
    assert.equal(await page.inputValue('#l0-output_size'), '7');
    assert.equal(await page.inputValue('#l1-norm_type'), '2');
    assert.equal(await page.inputValue('#l1-kernel_size'), '2');
    assert.equal(await page.getAttribute('#l1-stride', 'placeholder'), 'None (= kernel_size)');
    assert.equal(await page.isChecked('#l1-ceil_mode'), false);
    assert.equal(await page.locator('#l2-return_indices').count(), 0, 'a layer gives a tensor: no return_indices');
    assert.match(await page.textContent('#layers > li:nth-child(1) [data-field="output_size"] label'), /None for an axis keeps its size/);
    // each layer's arguments as a user types them
    await typeAndRun(page, '#l0-output_size', 'None, 20');
    await typeAndRun(page, '#l1-norm_type', '1.5');
    await typeAndRun(page, '#l1-kernel_size', '3, 2');
    await edit(page, () => page.check('#l1-ceil_mode'));
    await typeAndRun(page, '#l2-output_size', '(4, 3)');

    const summary = await page.textContent('#summary');
    for (const text of ['AdaptiveAvgPool2d(output_size=(None, 20))', 'LPPool2d(norm_type=1.5, kernel_size=(3, 2), ceil_mode=True)',
      'AdaptiveMaxPool2d(output_size=(4, 3))', '[2, 3, 32, 20]', '[2, 3, 11, 10]', '[2, 3, 4, 3]']) {
      assert.ok(summary.includes(text), `${text} in ${summary}`);
    }
    assert.equal((await page.textContent('#summary tr.total td:last-child')).trim(), '0', 'pools have no parameters');

    // the pixels are the API's, run here in node on the same samples
    const x = stackImages([drawSample('house', 32), drawSample('checker', 32)]);
    const y1 = cl.adaptiveAvgPool2d(x, { outputSize: [null, 20] });
    const y2 = cl.lpPool2d(y1, { normType: 1.5, kernelSize: [3, 2], ceilMode: true });
    const y3 = cl.adaptiveMaxPool2d(y2, { outputSize: [4, 3] });
    assert.deepEqual([y1.shape, y2.shape, y3.shape], [[2, 3, 32, 20], [2, 3, 11, 10], [2, 3, 4, 3]]);
    await assertPixels(page, 1, y1, [[0, 0, 0], [0, 31, 19], [1, 12, 7]], 'AdaptiveAvgPool2d');
    await assertPixels(page, 2, y2, [[0, 0, 0], [0, 10, 9], [1, 5, 4]], 'LPPool2d');
    await assertPixels(page, 3, y3, [[0, 0, 0], [1, 3, 2], [1, 1, 1]], 'AdaptiveMaxPool2d');
    // the playground explains the ops it computes; the others get no link
    await readPixel(page, 1, 0, 3, 3);
    const linked = PLAYGROUND_OPS.includes('adaptiveAvgPool2d');
    assert.equal(await page.isVisible('[data-explain="1"] a'), linked);

    // the link holds the layers as Python reads them, and a reload gives the same pipeline
    await page.waitForFunction(() => location.hash.includes('AdaptiveMaxPool2d(output_size=(4,3))'));
    const hash = await page.evaluate(() => location.hash);
    assert.ok(hash.includes('layer=AdaptiveAvgPool2d(output_size=(None,20))&layer=LPPool2d(norm_type=1.5,kernel_size=(3,2),ceil_mode=True)'
      + '&layer=AdaptiveMaxPool2d(output_size=(4,3))'), hash);

    // the PyTorch code builds the same modules
    await page.click('#show-code');
    await page.waitForSelector('#code-section:not([hidden])');
    const code = await page.textContent('#code');
    assert.ok(code.includes('    nn.AdaptiveAvgPool2d(output_size=(None, 20)),  # 0: → [N, 3, 32, 20]'), code.slice(0, 1200));
    assert.ok(code.includes('    nn.LPPool2d(norm_type=1.5, kernel_size=(3, 2), ceil_mode=True),  # 1: → [N, 3, 11, 10]'));
    assert.ok(code.includes('    nn.AdaptiveMaxPool2d(output_size=(4, 3)),  # 2: → [N, 3, 4, 3]'));

    // bad arguments: text that does not parse stays with its message; the API's errors show at the layer
    await page.fill('#l0-output_size', 'None, y');
    assert.equal(await page.textContent('#l0-output_size-err'), 'output_size must be an integer or a pair (h, w) in which an axis may be None, got None, y');
    assert.equal(await page.getAttribute('#l0-output_size', 'aria-invalid'), 'true');
    await typeAndRun(page, '#l0-output_size', 'None, 20');
    await typeAndRun(page, '#l1-norm_type', '0');
    assert.equal(await page.textContent('#l1-error'), 'INVALID_ARGUMENT: float division by zero (norm_type=0)');
    assert.match(await page.textContent('[data-view="2"] .view-status'), /INVALID_ARGUMENT/);
    assert.match(await page.textContent('[data-view="3"] .view-status'), /Not run/);
    await typeAndRun(page, '#l1-norm_type', '1.5');
    assert.equal(await page.isHidden('#l1-error'), true);
    assert.equal(await page.isHidden('[data-view="3"] .view-status'), true);
    await screenshot(page, 'images-adaptive-lp-1280');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the ResNet example ends in AdaptiveAvgPool2d((1, 1)): one average per channel, as the pipeline computes it in node', async () => {
  const { page, context, problems } = await openImages(env, { hash: 'img=house,checker,circles&size=64' });
  try {
    await edit(page, () => page.click('#example-resnet'));
    const summary = await page.textContent('#summary');
    for (const text of ['Conv2d(3, 3, kernel_size=7, stride=2, padding=3, bias=False)',
      'MaxPool2d(kernel_size=3, stride=2, padding=1)', 'AdaptiveAvgPool2d(output_size=1)', '[3, 3, 1, 1]']) {
      assert.ok(summary.includes(text), `${text} in ${summary}`);
    }
    const x = stackImages(['house', 'checker', 'circles'].map((id) => drawSample(id, 64)));
    const run = runPipeline(cl, x, resnetHeadLayers());
    assert.equal(run.error, null);
    const [conv, pool, head] = run.outputs;
    assert.deepEqual(pool.shape, [3, 3, 16, 16]);
    assert.deepEqual(head, cl.adaptiveAvgPool2d(pool, { outputSize: [1, 1] }));
    await assertPixels(page, 1, conv, [[0, 0, 0], [2, 31, 31]], 'conv1');
    await assertPixels(page, 3, head, [[0, 0, 0], [1, 0, 0], [2, 0, 0]], 'the head');
    await page.waitForFunction(() => location.hash.includes('AdaptiveAvgPool2d(output_size=1)'));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('简体中文: the new layers\' hints, parse errors and the example are translated', async () => {
  const { page, context, problems } = await openImages(env, { hash: 'lang=zh&img=house&layer=AdaptiveMaxPool2d()&layer=LPPool2d()' });
  try {
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
    assert.match(await page.textContent('#layers > li:nth-child(1) [data-field="output_size"] label'), /某一维写 None 则保持其大小/);
    assert.match(await page.textContent('#layers > li:nth-child(2) [data-field="norm_type"] label'), /欧几里得范数/);
    assert.match(await page.textContent('#example-resnet'), /^示例：ResNet/);
    await page.fill('#l0-output_size', '(None, y)');
    assert.equal(await page.textContent('#l0-output_size-err'), 'output_size 必须是整数或一对 (h, w)（其中某一维可以是 None），但得到 (None, y)');
    await page.fill('#l1-norm_type', 'p');
    assert.equal(await page.textContent('#l1-norm_type-err'), 'norm_type 必须是一个数，但得到 p');
    assert.deepEqual(await englishLeft(page), []);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** A 32×32 opaque PNG of seeded noise: { bytes, rgba }. */
function testPng(seed) {
  const next = mulberry32(seed);
  const rgba = new Uint8Array(32 * 32 * 4).map((_, i) => (i % 4 === 3 ? 255 : Math.floor(next() * 256)));
  return { rgba, bytes: Buffer.from(encode({ width: 32, height: 32, data: rgba, channels: 4 })) };
}

test('the user\'s own image: file picker, drop and paste; values are pixels / 255; the PNG round-trips; the link stays clean', async () => {
  const { page, context, problems } = await openImages(env, { hash: 'img=none&size=32&norm=fixed&range=(0,1)&layer=MaxPool2d()' });
  try {
    const mine = testPng(21);
    await edit(page, () => page.setInputFiles('#img-file', { name: 'mine.png', mimeType: 'image/png', buffer: mine.bytes }));
    assert.match(await page.textContent('#batch-list'), /mine\.png/);
    for (const [y, x] of [[0, 0], [7, 30], [31, 31]]) {
      const v = (await readPixel(page, 0, 0, y, x)).value;
      const o = (y * 32 + x) * 4;
      assert.deepEqual(v, [0, 1, 2].map((c) => Math.fround(mine.rgba[o + c] / 255)), `pixel (${y}, ${x})`);
    }
    const png = await download(page, '[data-export="0"]');
    const back = decode(png.bytes);
    assert.equal(back.width, 32);
    assert.deepEqual(Buffer.from(back.data), Buffer.from(mine.rgba), 'decode → tensor → render → PNG gives the same pixels');

    // drop a second file on the images panel, paste a third
    const second = testPng(22);
    const third = testPng(23);
    await edit(page, () => page.evaluate(([a, b]) => {
      const file = (bytes, name) => new File([new Uint8Array(bytes)], name, { type: 'image/png' });
      const drop = new DataTransfer();
      drop.items.add(file(a, 'dropped.png'));
      document.querySelector('.gallery').dispatchEvent(new DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }));
      const paste = new DataTransfer();
      paste.items.add(file(b, 'pasted.png'));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: paste, bubbles: true, cancelable: true }));
    }, [[...second.bytes], [...third.bytes]]));
    await page.waitForFunction(() => document.querySelectorAll('#batch-list li').length === 3);
    await waitRun(page, 0);
    await page.waitForFunction(() => document.querySelector('[data-view="0"] .shape').textContent === '[3, 3, 32, 32]');
    const v = (await readPixel(page, 0, 2, 5, 6)).value;
    assert.deepEqual(v, [0, 1, 2].map((c) => Math.fround(third.rgba[(5 * 32 + 6) * 4 + c] / 255)));
    // the link never carries the user's images
    await page.waitForTimeout(400);
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, /img=none/);
    assert.ok(!/mine|dropped|pasted|u\d/.test(hash), hash);
    // removing one
    await edit(page, () => page.click('button[aria-label^="Remove 1: dropped.png"]'));
    assert.equal(await page.locator('#batch-list li').count(), 2);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a hostile link shows notices as text and runs nothing', async () => {
  const hash = 'img=<img src=x onerror=alert(1)>&size=9999&layer=Conv2d(weight=<script>alert(2)</script>)&layer=<b>bold</b>&__proto__=1';
  const { page, context, problems } = await openImages(env, { hash });
  try {
    const notices = await page.locator('#notices li').allTextContents();
    assert.ok(notices.length >= 4, notices.join('\n'));
    assert.ok(notices.some((n) => n.includes('<img src=x onerror=alert(1)>')), 'shown as text');
    assert.equal(await page.locator('#notices img, #notices script, #notices b, main img').count(), 0);
    assert.equal(await page.evaluate(() => document.querySelectorAll('script').length), 1, 'only the page\'s module script');
    assert.deepEqual(await page.locator('#summary tbody tr').count(), 3, 'input, the one conv layer left, total');
    // a notice can be dismissed
    await page.click('#notices li button');
    assert.equal(await page.locator('#notices li').count(), notices.length - 1);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('errors from the API show at the layer, later layers are marked not run', async () => {
  const { page, context, problems } = await openImages(env, { hash: 'img=house&layer=Conv2d(stride=2)&layer=MaxPool2d()' });
  try {
    assert.match(await page.textContent('#l0-error'), /same/);
    assert.match(await page.textContent('[data-view="1"] .view-status'), /INVALID_ARGUMENT/);
    assert.match(await page.textContent('[data-view="2"] .view-status'), /Not run/);
    // text that does not parse stays in its control with a message
    await page.fill('#l0-stride', 'two');
    assert.match(await page.textContent('#l0-stride-err'), /stride must be an integer or a pair/);
    assert.equal(await page.getAttribute('#l0-stride', 'aria-invalid'), 'true');
    await edit(page, () => page.fill('#l0-stride', '1'));
    assert.equal(await page.isHidden('#l0-error'), true);
    assert.equal(await page.isHidden('[data-view="2"] .view-status'), true);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('keyboard: Tab reaches a tile, arrows move the readout, Shift+arrows the tile', async () => {
  const { page, context, problems } = await openImages(env, { hash: 'img=house,checker&size=32' });
  try {
    await page.focus('#opt-zoom');
    let guard = 0;
    while (!(await page.evaluate(() => document.activeElement?.dataset.tile === '0' && document.activeElement.closest('[data-view="0"]') !== null))) {
      await page.keyboard.press('Tab');
      if (++guard > 20) assert.fail('Tab did not reach the first input tile');
    }
    for (const k of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowDown']) await page.keyboard.press(k);
    const d = await page.locator('[data-readout="0"]').evaluate((p) => ({ ...p.dataset }));
    assert.deepEqual([d.y, d.x, d.n], ['2', '3', '0']);
    await page.keyboard.press('Shift+ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.n), '1');
    assert.equal(await page.locator('[data-readout="0"]').getAttribute('data-n'), '1');
    // one Tab stop per grid: the next Tab leaves the input grid
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.closest('[data-view="0"] .tile-grid')), null);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the PyTorch export in the page: shown, downloaded, the same code', async () => {
  const { page, context, problems } = await openImages(env, { hash: 'img=house&layer=Conv2d(weight=sharpen,bias=0.1)&layer=AvgPool2d(kernel_size=3,stride=(2,2))' });
  try {
    await page.click('#show-code');
    await page.waitForSelector('#code-section:not([hidden])');
    const code = await page.textContent('#code');
    assert.ok(code.includes("nn.Conv2d(3, 3, kernel_size=3, padding='same', groups=3),"), code.slice(0, 800));
    assert.ok(code.includes('nn.AvgPool2d(kernel_size=3, stride=2),'));
    assert.ok(code.includes('model[0].bias.fill_(0.1)'));
    assert.ok(code.includes('0, -1, 0, -1, 5, -1, 0, -1,'), 'the sharpen weights');
    const py = await download(page, '#download-code');
    assert.equal(py.name, 'convlens_pipeline.py');
    assert.equal(py.bytes.toString('utf8'), code);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/**
 * Opens image mode with `csp` as the Content-Security-Policy header of every response (the page,
 * its modules and the worker script: a worker gets its policy from its own response), runs an
 * edit, and returns { error, violations, problems }.
 */
async function underCsp(csp) {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
  });
  const page = await context.newPage();
  const problems = [];
  const violations = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => globalThis.reportViolation(`${e.violatedDirective} (${e.sourceFile}:${e.lineNumber})`));
  });
  try {
    await page.goto(`${env.baseUrl}images/#img=house,noise&layer=Conv2d(weight=emboss)&layer=AvgPool2d(kernel_size=2)`);
    await page.waitForSelector('body[data-ready="true"], body[data-error]', { timeout: 30_000 });
    const error = await page.getAttribute('body', 'data-error');
    if (error || problems.length) return { error: error ?? problems.join('; '), violations, problems };
    await readPixel(page, 2, 1, 3, 3);
    await edit(page, () => page.selectOption('#l0-weight', 'sharpen'));
    await page.click('#show-code');
    await page.waitForSelector('#code-section:not([hidden])');
    // the policy is in force: an inline script added now is refused (and reported)
    const before = problems.length;
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'globalThis.inlineRan = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 50));
      return globalThis.inlineRan === true;
    });
    assert.equal(ran, false, 'the CSP blocks inline scripts');
    assert.equal(violations.length, 1, violations.join('\n'));
    assert.match(violations.pop(), /script-src/);
    problems.length = before; // the refusal's console message
    return { error: undefined, violations, problems };
  } finally {
    await context.close();
  }
}

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; worker-src 'self'; object-src 'none'; base-uri 'none'";

test('the page and its worker need no inline script or inline style (CSP, eval allowed)', async () => {
  const r = await underCsp(CSP.replace("'wasm-unsafe-eval'", "'wasm-unsafe-eval' 'unsafe-eval'"));
  assert.equal(r.error, undefined);
  assert.deepEqual(r.violations, []);
  assert.deepEqual(r.problems, []);
});

test('image mode runs under the strict CSP (no eval at all)', async () => {
  const r = await underCsp(CSP);
  assert.equal(r.error, undefined);
  assert.deepEqual(r.violations, []);
  assert.deepEqual(r.problems, []);
});

for (const [name, viewport] of [['1280', DESKTOP], ['360', PHONE]]) {
  for (const scheme of ['light', 'dark']) {
    test(`axe finds no violations; screenshot at ${viewport.width}×${viewport.height}, ${scheme}`, async () => {
      const { page, context, problems } = await openImages(env, { viewport, colorScheme: scheme, hash: 'img=house,checker,circles,glyphs&layer=Conv2d(weight=sobel_x,channels=luminance)&layer=MaxPool2d()' });
      try {
        await screenshot(page, `images-${name}-${scheme}`, { fullPage: false });
        await page.focus('[data-view="1"] canvas[data-tile="0"]'); // a cursor and a readout
        for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
        await page.click('#show-code');
        await page.waitForSelector('#code-section:not([hidden])');
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], violations.join('\n'));
        const overflow = await page.evaluate(() =>
          document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(overflow, 0, 'no horizontal scrolling');
        await page.focus('[data-view="1"] canvas[data-tile="0"]');
        await screenshot(page, `images-${name}-${scheme}-full`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
}

/**
 * The page's words a reader sees or hears (text, aria-label, placeholder, title) that are English
 * sentences: three English words in a row outside <code>, <pre> and PyTorch's own names.
 */
async function englishLeft(page) {
  return page.evaluate(() => {
    const sentence = /\b[A-Za-z]{2,}[ ,]+(?:[A-Za-z]{2,}[ ,]+){1,}[A-Za-z]{2,}\b/;
    const skip = (el) => el.closest('code, pre, option[lang]')
      || (el.closest('[lang]') !== document.documentElement && el.closest('[lang]')?.getAttribute('lang') === 'en');
    const found = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || skip(el) || el.closest('[hidden], script, style')) continue;
      if (sentence.test(n.textContent)) found.add(n.textContent.trim().slice(0, 80));
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
      if (skip(el)) continue;
      for (const a of ['aria-label', 'placeholder', 'title']) {
        const v = el.getAttribute(a);
        if (v && sentence.test(v)) found.add(`${a}: ${v.slice(0, 80)}`);
      }
    }
    return [...found];
  });
}

test('简体中文: the pictures panel, the pipeline editor, the views, the readout and the notices are translated', async () => {
  const hash = 'lang=zh&img=house,noise&zoom=7&layer=Conv2d(weight=sobel_x,padding=1)&layer=MaxPool2d(kernel_size=2)';
  const { page, context, problems } = await openImages(env, { hash });
  await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
  await page.waitForSelector('#notices li');
  assert.match(await page.textContent('#notices'), /zoom 必须是 auto, 1, 2, 4, 8 之一，但得到 "7"/);
  const read = await readPixel(page, 1, 0, 3, 4);
  assert.match(read.text, /^图片 0(，通道 0)?，\(y 3, x 4\)/);
  await page.fill('#l1-kernel_size', 'x');
  assert.equal(await page.textContent('#l1-kernel_size-err'), 'kernel_size 必须是整数或一对整数 (h, w)，但得到 x');
  assert.deepEqual(await englishLeft(page), []);
  // back to English: the same places speak English again
  await page.selectOption('#img-lang', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.getAttribute('#img-pick', 'data-i18n'), 'galleryAdd');
  assert.equal(await page.textContent('#img-pick'), 'Add your images…');
  assert.equal(await page.textContent('#l1-title'), 'Layer 2');
  const english = await englishLeft(page);
  assert.ok(english.length > 10, `the check finds English when the page is English: ${english.join(' / ')}`);
  assert.deepEqual(problems, []);
  await context.close();
});
