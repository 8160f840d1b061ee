// The playground's unfold (im2col) and backward panels in headless Chromium, driven as a user would
// (clicks, keyboard, 简体中文), every number checked against the API run here in Node; axe: 0 violations
// with each panel open and a cell explained.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'convlens';
import { filled } from '../../web/ui/model/tensors.js';
import { axeViolations, openPage, readPlane, screenshot, startBrowser } from './browser.mjs';

const cl = await load();
const INPUT = [[1, 2, 0, 3, 1], [0, 1, 2, 3, 1], [1, 2, 1, 0, 0], [5, 2, 3, 1, 1], [2, 1, 0, 1, 1]];
const WEIGHT = [[1, 2, 1], [0, 1, 0], [2, 1, 0]];
const x = cl.tensor([[INPUT]]);
const w = cl.tensor([[WEIGHT]]);

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** A matrix of the unfold panel as rows of numbers. */
function readMatrix(page, name) {
  return page.$eval(`[data-matrix="${name}"] table`, (table) => [...table.rows].map((tr) => [...tr.cells].map((td) => Number(td.textContent))));
}

/** The cells of a matrix with a highlight class, as [row, column]. */
function lit(page, name, cls) {
  return page.$$eval(`[data-matrix="${name}"] td.${cls}`, (tds) => tds.map((td) => [td.parentElement.rowIndex, td.cellIndex]));
}

const rows = (t, r, c) => Array.from({ length: r }, (_, i) => Array.from(t.data.subarray(i * c, (i + 1) * c)));

describe('the unfold view', () => {
  test('the tutorial: unfold(x), the weight row and the output; a click lights up a row and a column', async () => {
    const { page, context, problems } = await openPage(env, { hash: 'stride=2&padding=1' });
    try {
      await page.click('#unfold-panel summary');
      const cols = cl.unfold(x, { kernelSize: 3, stride: 2, padding: 1 });
      const y = cl.conv2d(x, w, { stride: 2, padding: 1 });
      assert.deepEqual(await readMatrix(page, 'cols'), rows(cols, 9, 9));
      assert.deepEqual(await readMatrix(page, 'weight'), [WEIGHT.flat()]);
      assert.deepEqual(await readMatrix(page, 'output'), [Array.from(y.data)]);
      assert.match(await page.textContent('#im2col-code'), /^cols = F\.unfold\(x, kernel_size=\(3, 3\), dilation=\(1, 1\), padding=\(1, 1\), stride=\(2, 2\)\)/);
      assert.ok(await page.isVisible('#im2col-note'), 'no cell pinned yet: the note says which one is shown');

      await page.click('[data-matrix="output"] td[data-i="4"]');
      assert.equal(await page.textContent('#im2col-dot-title'), 'output[0, 0, 1, 1] = row 0 of W · column 4 of unfold(x)[0]');
      const products = Array.from({ length: 9 }, (_, k) => WEIGHT.flat()[k] * cols.data[k * 9 + 4]);
      assert.equal(await page.textContent('#im2col-dot'), `${y.data[4]} = ${products.map((p, k) => `${WEIGHT.flat()[k]}·${cols.data[k * 9 + 4]}`).join(' + ')}`);
      assert.equal(products.reduce((a, b) => a + b), y.data[4]);
      assert.match(await page.textContent('#im2col-notes'), new RegExp(`add up to ${y.data[4]}: conv2d’s output value is ${y.data[4]} ✓`));
      assert.deepEqual(await lit(page, 'weight', 'hl-w'), Array.from({ length: 9 }, (_, k) => [0, k]));
      assert.deepEqual(await lit(page, 'cols', 'hl-in'), Array.from({ length: 9 }, (_, k) => [k, 4]));
      assert.deepEqual(await lit(page, 'output', 'hl-sel'), [[0, 4]]);
      // the pin is the playground's: the output grid and the explanation follow, and the URL has it
      assert.match(await page.textContent('#explain-title'), /output\[0, 0, 1, 1\]/);
      await page.waitForFunction(() => /(^|&)select=4(&|$)/.test(location.hash.slice(1)));
      assert.match(page.url(), /[#&]unfold_view=True(&|$)/);
      assert.equal(await page.isVisible('#im2col-note'), false);

      // a click in the output grid above pins there too
      await page.click('[data-tensor="output"] td[data-i="8"]');
      assert.equal(await page.textContent('#im2col-dot-title'), 'output[0, 0, 2, 2] = row 0 of W · column 8 of unfold(x)[0]');
      assert.match(await page.textContent('#im2col-dot'), new RegExp(`^${y.data[8]} = `));
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('groups 2, reflect padding, a bias: the dot product equals the API’s conv2d output', async () => {
    const hash = 'in_channels=2&out_channels=4&groups=2&padding=1&padding_mode=reflect&unfold_view=true&select=21'
      + '&input=1x2x4x4:~random.3&weight=4x1x3x3:~random.5&bias=4:1,-2,3,0.5';
    const { page, context, problems } = await openPage(env, { hash });
    try {
      const input = filled([1, 2, 4, 4], 'random', 3); // the URL's fills
      const weight = filled([4, 1, 3, 3], 'random', 5);
      const opts = { padding: 1, paddingMode: 'reflect', groups: 2, bias: [1, -2, 3, 0.5] };
      const tensor = (t) => ({ shape: t.shape, data: t.values });
      const y = cl.conv2d(tensor(input), tensor(weight), opts);
      assert.equal(await page.textContent('#im2col-dot-title'), 'output[0, 1, 1, 1] = row 1 of W · column 5 of unfold(x)[0]');
      assert.match(await page.textContent('#im2col-dot'), new RegExp(`^${y.data[21]} = `));
      assert.match(await page.textContent('#im2col-dot'), / \+ \(-2\)$/);
      assert.match(await page.textContent('#im2col-code'), /F\.pad\(x, \(1, 1, 1, 1\), mode='reflect'\)/);
      assert.match(await page.textContent('#im2col-notes'), /group 0, so its row meets rows 0–8 of the column matrix/);
      assert.deepEqual(await lit(page, 'cols', 'hl-in'), Array.from({ length: 9 }, (_, k) => [k, 5]));
      const padded = cl.pad({ shape: input.shape, data: input.values }, { pad: [1, 1, 1, 1], mode: 'reflect' });
      assert.deepEqual(await readMatrix(page, 'cols'), rows(cl.unfold(padded, { kernelSize: 3 }), 18, 16));
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('keyboard: Enter opens the panel, Tab reaches the output matrix, Enter pins a cell', async () => {
    const { page, context } = await openPage(env);
    try {
      await page.focus('#unfold-panel summary');
      await page.keyboard.press('Enter');
      assert.equal(await page.$eval('#unfold-panel', (d) => d.open), true);
      await page.waitForSelector('[data-matrix="output"] td'); // drawn on the toggle event
      let label = '';
      const seen = [];
      for (let i = 0; i < 12 && label !== 'output[0, 0, 0, 0] = 10'; i++) {
        await page.keyboard.press('Tab');
        label = await page.evaluate(() => document.activeElement.getAttribute('aria-label') ?? document.activeElement.tagName);
        seen.push(label);
      }
      assert.deepEqual(seen, ['Conv2d as unfold and a matrix product, in PyTorch', 'W[0, 0] = 1', 'cols[0, 0, 0] (c=0, i=0, j=0) = 1',
        'output[0, 0, 0, 0] = 10']);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      assert.equal(await page.textContent('#im2col-dot-title'), 'output[0, 0, 0, 1] = row 0 of W · column 1 of unfold(x)[0]');
      assert.match(await page.textContent('#im2col-dot'), /^12 = /);
    } finally {
      await context.close();
    }
  });

  test('简体中文, and axe finds no violations (light, dark)', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const { page, context, problems } = await openPage(env, { hash: 'unfold_view=true&select=3&lang=zh', colorScheme });
      try {
        await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
        assert.equal(await page.textContent('#unfold-panel summary'), '展开视图：把 Conv2d 写成矩阵乘法（im2col）');
        assert.equal(await page.textContent('#im2col-dot-title'), 'output[0, 0, 1, 0] = W 的第 0 行 · unfold(x)[0] 的第 3 列');
        assert.match(await page.textContent('#im2col-notes'), /conv2d 的输出值是 18 ✓/);
        await screenshot(page, `unfold-zh-${colorScheme}`);
        assert.deepEqual(await axeViolations(page), [], colorScheme);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  });

  test('only for conv2d: hidden for the pools and convTranspose2d', async () => {
    const { page, context } = await openPage(env, { hash: 'op=maxPool2d&kernel_size=2&stride=2' });
    try {
      assert.equal(await page.isVisible('#unfold-panel'), false);
      assert.deepEqual(await readPlane(page, 'output'), [[2, 3], [5, 3]]);
    } finally {
      await context.close();
    }
  });
});
