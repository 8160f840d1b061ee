// The sliding-window animation on the playground page, in headless Chromium, as a user drives it:
// play, pause, step, scrub and speed by mouse and by keyboard; prefers-reduced-motion starts it
// paused; GIF / PNG / SVG downloads that decode (omggif, fast-png, DOMParser) and repeat byte for
// byte; the figure mount for embedding (figure.js); axe on the panel; screenshots of a conv and a
// transposed preset at two steps in test-results/animation-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import omggif from 'omggif';
import { decode as decodePng } from 'fast-png';
import { pageUnderCsp, repo, resultsDir, startBrowser } from './browser.mjs';
import { mkdirSync } from 'node:fs';

const { GifReader } = omggif;

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** Opens the page (like browser.mjs openPage, plus reducedMotion); returns { page, context, problems }. */
async function open({ hash = 'anim_step=0', reducedMotion = 'no-preference', viewport = { width: 1280, height: 800 } } = {}) {
  const context = await env.browser.newContext({ viewport, reducedMotion, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  await page.goto(`${env.baseUrl}${hash ? `#${hash}` : ''}`);
  await page.waitForSelector('body[data-ready="true"], body[data-error]', { timeout: 20_000 });
  assert.equal(await page.getAttribute('body', 'data-error'), null);
  return { page, context, problems };
}

/** Loads a preset by its button and waits for its figure (drawn in a task after the grids). */
async function preset(page, id) {
  if (id.startsWith('ca-') && !(await page.isVisible(`[data-preset="${id}"]`))) await page.click('#presets-conv-arithmetic summary');
  const before = await page.getAttribute('#anim-figure', 'data-name');
  await page.click(`[data-preset="${id}"]`);
  await page.waitForFunction((old) => {
    const name = document.getElementById('anim-figure').dataset.name;
    return name && name !== old;
  }, before);
}

const counter = (page) => page.textContent('#anim-counter');
const stepOf = async (page) => Number((await counter(page)).split(' / ')[0]);
const playing = async (page) => (await page.getAttribute('#anim-play', 'aria-pressed')) === 'true';

/** How many steps the figure moves in `ms` (counted in the page). */
async function stepsIn(page, ms) {
  return page.evaluate((wait) => new Promise((resolve) => {
    let n = 0;
    const obs = new MutationObserver(() => n++);
    obs.observe(document.getElementById('anim-counter'), { childList: true, characterData: true, subtree: true });
    setTimeout(() => {
      obs.disconnect();
      resolve(n);
    }, wait);
  }), ms);
}

async function shot(page, name) {
  mkdirSync(resultsDir, { recursive: true });
  await page.mouse.move(0, 0);
  await page.locator('#animation').screenshot({ path: path.join(resultsDir, `animation-${name}.png`) });
}

async function downloadOf(page, kind) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`#export-${kind}`)]);
  const bytes = readFileSync(await dl.path());
  await page.waitForFunction(() => !document.getElementById('export-gif').disabled);
  return { name: dl.suggestedFilename(), bytes };
}

describe('driving the animation', () => {
  let page;
  let context;
  let problems;
  before(async () => {
    ({ page, context, problems } = await open());
    await preset(page, 'ca-padding-strides-odd');
    await page.locator('#animation').scrollIntoViewIfNeeded();
  });
  after(async () => {
    await context.close();
  });

  test('a link with a step starts paused at step 1 of the 9 outputs; the figure draws 8×8 + 3×3 cells', async () => {
    assert.equal(await counter(page), '1 / 9');
    assert.equal(await playing(page), false);
    assert.equal(await page.$$eval('#anim-figure rect.fig-cell', (r) => r.length), 64 + 9);
    assert.match(await page.textContent('#anim-figure svg'), /Conv2d\(kernel_size=3, stride=2, padding=1, dilation=1\): 6×6 → 3×3/);
  });

  test('mouse: play moves it on, pause stops it, back / forward / first / last step', async () => {
    await page.click('#anim-play');
    assert.equal(await playing(page), true);
    await page.waitForFunction(() => document.getElementById('anim-counter').textContent !== '1 / 9');
    await page.click('#anim-play');
    assert.equal(await playing(page), false);
    assert.equal(await stepsIn(page, 600), 0, 'paused: nothing moves');
    await page.click('#anim-first');
    assert.equal(await counter(page), '1 / 9');
    await page.click('#anim-forward');
    await page.click('#anim-forward');
    assert.equal(await counter(page), '3 / 9');
    await page.click('#anim-back');
    assert.equal(await counter(page), '2 / 9');
    await page.click('#anim-last');
    assert.equal(await counter(page), '9 / 9');
    assert.match(await page.textContent('#anim-status'), /Step 9 of 9: output\[0, 0, 2, 2\]/);
    assert.match(await page.textContent('#anim-figure svg'), /Step 9 of 9: output\[0, 0, 2, 2\]/);
  });

  test('mouse: the scrub slider picks a step', async () => {
    const box = await page.locator('#anim-scrub').boundingBox();
    await page.mouse.click(box.x + 4, box.y + box.height / 2);
    assert.equal(await counter(page), '1 / 9');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    assert.equal(await counter(page), '5 / 9');
    assert.match(await page.textContent('#anim-figure svg'), /output\[0, 0, 1, 1\]/);
  });

  test('mouse: speed 8× runs many steps a second, 0.25× hardly any', async () => {
    await page.selectOption('#anim-speed', '8');
    await page.click('#anim-play');
    const fast = await stepsIn(page, 800);
    await page.selectOption('#anim-speed', '0.25');
    const slow = await stepsIn(page, 800);
    await page.click('#anim-play');
    assert.ok(fast >= 5, `8× (${700 / 8} ms a step): ${fast} steps in 0.8 s`);
    assert.ok(slow <= 1, `0.25× (2.8 s a step): ${slow} steps in 0.8 s`);
    await page.selectOption('#anim-speed', '1');
  });

  test('keyboard: Space plays and pauses, ← → step, Home / End, − + change the speed, the slider takes arrows', async () => {
    await page.focus('#anim-figure');
    await page.keyboard.press('Home');
    assert.equal(await counter(page), '1 / 9');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await counter(page), '3 / 9');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await counter(page), '2 / 9');
    await page.keyboard.press('End');
    assert.equal(await counter(page), '9 / 9');
    await page.keyboard.press('+');
    assert.equal(await page.inputValue('#anim-speed'), '2');
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    assert.equal(await page.inputValue('#anim-speed'), '0.5');
    await page.keyboard.press('+');
    await page.keyboard.press(' ');
    assert.equal(await playing(page), true);
    await page.waitForFunction(() => document.getElementById('anim-counter').textContent !== '9 / 9');
    await page.keyboard.press(' ');
    assert.equal(await playing(page), false);
    await page.focus('#anim-scrub');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    assert.equal(await counter(page), '2 / 9');
    await page.focus('#anim-play');
    await page.keyboard.press('ArrowRight'); // on the transport buttons too
    assert.equal(await counter(page), '3 / 9');
    await page.keyboard.press(' '); // the button's own action: play
    assert.equal(await playing(page), true);
    await page.keyboard.press('Enter');
    assert.equal(await playing(page), false);
  });

  test('paused, the step goes into the URL; the link reproduces the frame', async () => {
    await page.click('#anim-first');
    await page.click('#anim-forward');
    await page.click('#anim-forward');
    await page.click('#anim-forward');
    await page.waitForFunction(() => location.hash.includes('anim_step=3'));
    const url = page.url();
    const again = await env.browser.newPage();
    try {
      await again.goto(url);
      await again.waitForSelector('#anim-figure[data-name="conv2d_k3_s2_p1_d1_6x6"]');
      assert.equal(await again.textContent('#anim-counter'), '4 / 9');
      assert.equal(await again.getAttribute('#anim-play', 'aria-pressed'), 'false');
    } finally {
      await again.close();
    }
    assert.deepEqual(problems, []);
  });

  test('screenshots: conv2d "padding, strides (odd)" at steps 1 and 5', async () => {
    await page.click('#anim-first');
    await shot(page, 'conv-step1');
    await page.click('#anim-forward');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await counter(page), '5 / 9');
    await shot(page, 'conv-step5');
  });
});

describe('transposed convolution, both ways', () => {
  let page;
  let context;
  before(async () => {
    ({ page, context } = await open());
    await preset(page, 'ca-padding-strides-odd-transposed');
    await page.locator('#animation').scrollIntoViewIfNeeded();
  });
  after(async () => {
    await context.close();
  });

  test('direct view: the stretched 8×8 input, one step per output cell; scatter view: one per input cell', async () => {
    assert.equal(await counter(page), '1 / 36');
    assert.equal(await page.$$eval('#anim-figure rect.fig-cell[data-grid="in"]', (r) => r.length), 64);
    await page.keyboard.press('Tab'); // keep focus off the grids
    await page.focus('#anim-figure');
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
    assert.equal(await counter(page), '8 / 36');
    await shot(page, 'transposed-direct-step1'.replace('1', '8'));
    await page.keyboard.press('Home');
    await shot(page, 'transposed-direct-step1');
    await page.selectOption('#anim-view', 'scatter');
    assert.equal(await counter(page), '1 / 9');
    assert.equal(await page.$$eval('#anim-figure rect.fig-cell[data-grid="in"]', (r) => r.length), 9);
    await page.click('#anim-last');
    await shot(page, 'transposed-scatter-step9');
    await page.waitForFunction(() => location.hash.includes('anim_view=scatter'));
  });

  test('axe: no violations in the animation panel', async () => {
    await page.addScriptTag({ path: path.join(repo, 'node_modules', 'axe-core', 'axe.min.js') });
    const violations = await page.evaluate(async () => {
      const r = await globalThis.axe.run('#animation', { resultTypes: ['violations'] });
      return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')})`);
    });
    assert.deepEqual(violations, []);
  });
});

describe('exports', () => {
  test('GIF, PNG, SVG and ZIP downloads: named by what they show, decodable, the same bytes twice', async () => {
    const { page, context, problems } = await open();
    try {
      await preset(page, 'ca-padding-strides-odd');
      await page.selectOption('#export-width', '320');
      const gif = await downloadOf(page, 'gif');
      assert.equal(gif.name, 'conv2d_k3_s2_p1_d1_6x6.gif');
      const r = new GifReader(gif.bytes);
      assert.equal(r.numFrames(), 9);
      assert.equal(r.width, 320);
      const again = await downloadOf(page, 'gif');
      assert.ok(Buffer.compare(gif.bytes, again.bytes) === 0, 'deterministic');
      assert.match(await page.textContent('#export-status'), /Saved conv2d_k3_s2_p1_d1_6x6\.gif/);

      await page.click('#anim-forward');
      const png = await downloadOf(page, 'png');
      assert.equal(png.name, 'conv2d_k3_s2_p1_d1_6x6_step2.png');
      const img = decodePng(png.bytes);
      assert.deepEqual([img.width, img.height], [r.width, r.height]);

      const svg = await downloadOf(page, 'svg');
      assert.equal(svg.name, 'conv2d_k3_s2_p1_d1_6x6_step2.svg');
      const parsed = await page.evaluate((text) => {
        const d = new DOMParser().parseFromString(text, 'image/svg+xml');
        return { error: d.querySelector('parsererror')?.textContent ?? null, cells: d.querySelectorAll('rect.fig-cell').length, texts: d.querySelectorAll('text').length, width: d.documentElement.getAttribute('width') };
      }, svg.bytes.toString('utf8'));
      assert.deepEqual(parsed.error, null);
      assert.equal(parsed.cells, 64 + 9);
      assert.ok(parsed.texts > 40);
      assert.equal(parsed.width, '320');

      await page.uncheck('#anim-values');
      const zip = await downloadOf(page, 'zip');
      assert.equal(zip.name, 'conv2d_k3_s2_p1_d1_6x6_novalues_frames.zip');
      assert.equal(zip.bytes.readUInt32LE(0), 0x04034b50);
      assert.equal(zip.bytes.readUInt16LE(zip.bytes.length - 12), 9, '9 PNG frames');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

describe('motion and embedding', () => {
  test('prefers-reduced-motion: the animation stays paused when scrolled into view; otherwise it starts', async () => {
    for (const reducedMotion of ['reduce', 'no-preference']) {
      const { page, context } = await open({ hash: '', reducedMotion });
      try {
        await page.locator('#anim-figure').scrollIntoViewIfNeeded();
        if (reducedMotion === 'reduce') {
          await page.waitForTimeout(900);
          assert.equal(await playing(page), false, 'reduced motion: paused');
          assert.equal(await stepOf(page), 1);
        } else {
          await page.waitForFunction(() => document.getElementById('anim-play').getAttribute('aria-pressed') === 'true');
          await page.waitForFunction(() => !document.getElementById('anim-counter').textContent.startsWith('1 /'));
        }
      } finally {
        await context.close();
      }
    }
  });

  test('createFigure({ autoplay: true }): only the figure and play/pause, playing; setControls(true) adds the rest', async () => {
    const { page, context, problems } = await open();
    try {
      const r = await page.evaluate(async () => {
        const { createFigure } = await import('./ui/figure.js');
        const { load } = await import('./convlens/index.browser.js');
        const { presetState } = await import('./ui/model/presets.js');
        const host = document.createElement('div');
        host.id = 'embed-test';
        document.body.append(host);
        const fig = createFigure({ root: host, cl: await load(), state: presetState('ca-dilation'), autoplay: true });
        await new Promise((res) => setTimeout(res, 50));
        const visible = (sel) => [...host.querySelectorAll(sel)].filter((n) => n.checkVisibility()).length;
        const out = {
          playing: fig.animation.playing,
          steps: fig.animation.steps,
          figures: visible('.anim-figure svg'),
          play: visible('#anim-play'),
          others: visible('button:not(#anim-play), select, input'),
          grids: host.querySelectorAll('table').length,
          output: fig.output && [...fig.output.shape],
        };
        fig.animation.pause();
        fig.animation.setControls(true);
        // values, speed, loop, the scrub slider, the export width (no view or plane choice here); the export bar
        out.afterControls = [visible('select, input'), visible('#export-gif')];
        return out;
      });
      // ca-dilation: a 7×7 input, kernel 3, dilation 2 → 3×3
      assert.deepEqual(r, {
        playing: true, steps: 9, figures: 1, play: 1, others: 0, grids: 0, output: [1, 1, 3, 3], afterControls: [5, 1],
      });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('strict CSP: playing and exporting need no inline code, eval or blob: images', async () => {
    const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";
    const { context, page, violations } = await pageUnderCsp(env, CSP, { acceptDownloads: true });
    try {
      await page.goto(`${env.baseUrl}#anim_step=0`);
      await page.waitForSelector('body[data-ready="true"], body[data-error]', { timeout: 20_000 });
      assert.equal(await page.getAttribute('body', 'data-error'), null);
      await preset(page, 'ca-no-padding-no-strides-transposed');
      await page.click('#anim-play');
      await page.waitForFunction(() => !document.getElementById('anim-counter').textContent.startsWith('1 /'));
      await page.click('#anim-play');
      await page.selectOption('#export-width', '320');
      const png = await downloadOf(page, 'png');
      assert.equal(decodePng(png.bytes).width, 320);
      assert.deepEqual(violations, []);
    } finally {
      await context.close();
    }
  });
});
