// Edit → repaint latency in headless Chromium, shared by the benchmark (bench/run.mjs, which
// compares the figures with their targets) and the browser tests (tests/browser/latency.test.mjs
// and images-latency.test.mjs, which check what the edits do and only a bound no healthy run can
// miss). Each scenario opens its page in a fresh context of `env` (tests/browser/browser.mjs's
// startBrowser()), edits the way a user does, and returns the durations of the
// performance.measure() entries the page records around each repaint, plus what the page shows
// afterwards, for the caller to check.
import { heading, openPage, readPlane, setControl } from '../tests/browser/browser.mjs';
import { edit, openImages } from '../tests/browser/images-helpers.mjs';

/** The p95 targets (ms): issue 4's for the playground, issue 6's for image mode, issue 14's for its step slider. */
export const TARGETS = Object.freeze({ tutorial: 16, large: 50, images: 100, imagesStep: 50 });

/** The image-mode link the scenario opens: one 512×512 sample through a 5×5 blur and a max pool. */
export const IMAGES_HASH = 'img=house&size=512&layer=Conv2d(weight=gaussian,kernel_size=5)&layer=MaxPool2d(kernel_size=2)';

/** The p-th percentile (nearest rank) of a non-empty array. */
export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** { samples, p50, p95, max } of durations in ms, to 0.01 ms. */
export function summary(durations) {
  const r = (v) => Number(v.toFixed(2));
  return {
    samples: durations.length, p50: r(percentile(durations, 50)), p95: r(percentile(durations, 95)),
    max: r(Math.max(...durations)),
  };
}

/** Clears the page's update measures, runs `act`, returns the durations of the updates of `kind` it caused. */
async function measure(page, kind, act) {
  await page.evaluate(() => performance.clearMeasures('convlens:update'));
  await act();
  return page.evaluate((k) => performance.getEntriesByName('convlens:update')
    .filter((e) => e.detail?.kind === k).map((e) => e.duration), kind);
}

/** Types `n` single-character edits into the focused cell (select all, then one digit: 1, 2, … 9, 1, …). */
async function typeEdits(page, n) {
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Control+A');
    await page.keyboard.type(String((i % 9) + 1));
  }
}

/**
 * The playground's tutorial (5×5 input, 3×3 weight, DOM grids, an explanation shown): `cellEdits`
 * edits of input cell 6, then `controlEdits` of stride (1, 2, 1, …). Returns { cellEdit,
 * controlEdit } (ms per update) and what the page shows at the end: { input, weight, output }
 * (rows of numbers), stride, variant.
 */
export async function tutorialLatency(env, { cellEdits = 60, controlEdits = 20 } = {}) {
  const { page, context } = await openPage(env);
  try {
    await page.hover('[data-tensor="output"] td[data-i="0"]'); // keep an explanation live while editing
    await page.click('[data-tensor="input"] td[data-i="6"] input');
    const cellEdit = await measure(page, 'data', () => typeEdits(page, cellEdits));
    const controlEdit = await measure(page, 'fields', async () => {
      for (let i = 0; i < controlEdits; i++) await setControl(page, 'stride', String((i % 2) + 1));
    });
    return {
      cellEdit,
      controlEdit,
      input: await readPlane(page, 'input'),
      weight: await readPlane(page, 'weight'),
      output: await readPlane(page, 'output'),
      stride: await page.inputValue('#ctl-stride'),
      variant: (await page.textContent('#variant'))?.trim(),
    };
  } finally {
    await context.close();
  }
}

/**
 * The playground's "Large" preset (3×64×64 input, 16 output channels, canvas heat maps): loading
 * it, then `cellEdits` edits of a cell of input channel 1. Returns { presetLoad, cellEdit } (ms)
 * and { heading, heatMaps, stale } of the output at the end.
 */
export async function largeLatency(env, { cellEdits = 40 } = {}) {
  const { page, context } = await openPage(env);
  try {
    const presetLoad = await measure(page, 'all', () => page.click('[data-preset="large"]'));
    await page.click('[data-tensor="input"] [data-plane="0, 1"] .hm-editor');
    const cellEdit = await measure(page, 'data', () => typeEdits(page, cellEdits));
    return {
      presetLoad,
      cellEdit,
      heading: await heading(page, 'output'),
      heatMaps: await page.$$eval('[data-tensor="output"] canvas:not(.hm-overlay)', (c) => c.length),
      stale: await page.$eval('[data-tensor="output"]', (el) => el.classList.contains('stale')),
    };
  } finally {
    await context.close();
  }
}

/**
 * Image mode, IMAGES_HASH (3×512×512 through Conv2d 5×5 + MaxPool2d(2)): `warmUp` untimed, then
 * `edits` timed switches of the conv's weight preset (Gaussian ↔ box, both 5×5: every layer is
 * recomputed and redrawn), each waited for. Returns { update, worker } (ms per repaint: the whole
 * edit → repaint, and the worker's part), the summary table's text, the variant and the
 * browser's version.
 */
export async function imagesLatency(env, { edits = 30, warmUp = 3 } = {}) {
  const { page, context, problems } = await openImages(env, { hash: IMAGES_HASH });
  try {
    const presets = ['box', 'gaussian'];
    for (let i = 0; i < warmUp; i++) await edit(page, () => page.selectOption('#l0-weight', presets[i % 2]));
    await page.evaluate(() => performance.clearMeasures('convlens:image-update'));
    for (let i = 0; i < edits; i++) await edit(page, () => page.selectOption('#l0-weight', presets[(i + warmUp) % 2]));
    const entries = await page.evaluate(() => performance.getEntriesByName('convlens:image-update').map((e) => [e.duration, e.detail.workerMs]));
    return {
      update: entries.map((e) => e[0]),
      worker: entries.map((e) => e[1]),
      summary: await page.textContent('#summary'),
      variant: (await page.textContent('#variant'))?.trim(),
      browser: env.browser.version(),
      problems,
    };
  } finally {
    await context.close();
  }
}

/**
 * Image mode's step slider, as the tutorial's TensorBoard run is browsed: the synthetic set (320
 * pictures of 3×32×32), DataLoader(batch_size=64), the tutorial's MaxPool2d(kernel_size=3); after
 * `warmUp` untimed steps, `steps` timed presses of → / ← on the slider (0 → 4 and back), each waited
 * for. Returns { update, worker } (ms per repaint from the key press, and the worker's part), the
 * shapes shown, the variant and the browser's version.
 */
export async function imagesStepLatency(env, { steps = 40, warmUp = 4 } = {}) {
  const { page, context, problems } = await openImages(env);
  try {
    await page.click('#ds-synthetic');
    await page.waitForFunction(() => document.body.dataset.step === '0' && document.body.dataset.run === 'done', null, { timeout: 30_000 });
    await page.locator('#ds-step').focus();
    let at = 0;
    let dir = 1;
    const step = async () => {
      if (at + dir < 0 || at + dir > 4) dir = -dir;
      at += dir;
      await page.keyboard.press(dir > 0 ? 'ArrowRight' : 'ArrowLeft');
      await page.waitForFunction((s) => document.body.dataset.step === String(s) && document.body.dataset.run === 'done', at, { timeout: 30_000 });
    };
    for (let i = 0; i < warmUp; i++) await step();
    await page.evaluate(() => performance.clearMeasures('convlens:image-update'));
    for (let i = 0; i < steps; i++) await step();
    const entries = await page.evaluate(() => performance.getEntriesByName('convlens:image-update').map((e) => [e.duration, e.detail.workerMs]));
    return {
      update: entries.map((e) => e[0]),
      worker: entries.map((e) => e[1]),
      shapes: await page.locator('.view .shape').allTextContents(),
      variant: (await page.textContent('#variant'))?.trim(),
      browser: env.browser.version(),
      problems,
    };
  } finally {
    await context.close();
  }
}
