// The playground's unfold (im2col) and backward panels in headless Chromium, driven as a user would
// (clicks, keyboard, 简体中文), every number checked against the API run here in Node; axe: 0 violations
// with each panel open and a cell explained.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'convlens';
import { filled } from '../../web/ui/model/tensors.js';
import { PHONE, axeViolations, openPage, readPlane, screenshot, startBrowser } from './browser.mjs';

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
      await page.waitForSelector('[data-matrix="cols"] table'); // drawn on the toggle event
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
      assert.equal(await page.textContent('[data-matrix="weight"] figcaption'),
        'weight as 2 matrices W_g [2, 9], one per group, stacked: a row per output channel');
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

/** A tensor view's plane in the backward panel, as rows of numbers. */
const plane = (page, tensor, p = '0, 0') => readPlane(page, tensor, p);
/** The flat indices of a tensor view's cells with a highlight class (one plane). */
function litCells(page, tensor, cls) {
  return page.$$eval(`[data-tensor="${tensor}"] td.${cls}`, (tds) => tds.map((td) => Number(td.dataset.i)));
}
const grid = (t) => {
  const [, , H, W] = t.shape;
  return rows(t, H, W);
};

describe('the backward view', () => {
  test('conv2d, stride 2 on 6×7: the gradients, each cell explained, gradInput = convTranspose2d', async () => {
    const hash = 'stride=2&input_size=6,7&input=1x1x6x7:~random.3&backward_view=true&grad_output=random&grad_seed=4';
    const { page, context, problems } = await openPage(env, { hash });
    try {
      const input = filled([1, 1, 6, 7], 'random', 3);
      const xs = { shape: input.shape, data: input.values };
      const g = filled([1, 1, 2, 3], 'random', 4);
      const gs = { shape: g.shape, data: g.values };
      const api = cl.conv2dBackward(gs, xs, w, { stride: 2 });
      assert.deepEqual(await plane(page, 'gradOutput'), grid(gs));
      assert.deepEqual(await plane(page, 'gradInput'), grid(api.gradInput));
      assert.deepEqual(await plane(page, 'gradWeight'), grid(api.gradWeight));
      assert.equal(await page.isVisible('.bw-gradBias'), false, 'no bias, no gradBias');

      // gradInput[0, 0, 2, 2]: read by the windows at output (0, 0), (0, 1), (1, 0), (1, 1)? stride 2, kernel 3:
      // rows 0–2 and 2–4 contain row 2; columns 0–2 and 2–4 contain column 2
      await page.click('[data-tensor="gradInput"] td[data-i="16"]');
      assert.equal(await page.textContent('#bw-explain-title'), 'gradInput[0, 0, 2, 2]');
      assert.deepEqual(await litCells(page, 'gradOutput', 'hl-in'), [0, 1, 3, 4]);
      const terms = [[0, 8], [1, 6], [3, 2], [4, 0]].map(([o, k]) => [g.values[o], WEIGHT.flat()[k]]);
      const sum = terms.reduce((a, [gv, wv]) => a + gv * wv, 0);
      assert.equal(sum, api.gradInput.data[16]);
      const term = (v) => (v < 0 ? `(${v})` : String(v));
      assert.equal(await page.textContent('#bw-formula'), `${sum} = ${terms.map(([gv, wv]) => `${term(gv)}·${term(wv)}`).join(' + ')}`);
      assert.equal(await page.textContent('#bw-check'), `The terms add up to ${sum}: the API’s gradient is ${sum} ✓`);

      // gradWeight[0, 0, 1, 1]: every output's gradient times the input value under the kernel's centre
      await page.click('[data-tensor="gradWeight"] td[data-i="4"]');
      assert.equal(await page.textContent('#bw-explain-title'), 'gradWeight[0, 0, 1, 1]');
      assert.deepEqual(await litCells(page, 'gradOutput', 'hl-in'), [0, 1, 2, 3, 4, 5]);
      assert.match(await page.textContent('#bw-check'), new RegExp(`the API’s gradient is ${api.gradWeight.data[4]} ✓$`));

      // the transposed convolution, side by side, equal
      const transposed = cl.convTranspose2d(gs, w, { stride: 2, outputPadding: [1, 0] });
      assert.equal(await page.textContent('#bw-transpose-call'),
        'x.grad == F.conv_transpose2d(g, weight, stride=(2, 2), padding=(0, 0), output_padding=(1, 0), groups=1, dilation=(1, 1))');
      assert.deepEqual(await plane(page, 'conv_transpose2d'), grid(transposed));
      assert.deepEqual(await plane(page, 'x.grad'), grid(api.gradInput));
      assert.equal(await page.textContent('#bw-equal'), 'Equal, cell by cell ✓');

      // the PyTorch code
      await page.click('.bw-code summary');
      // the code is written on the details' toggle event, which fires after the click returns
      await page.waitForFunction(() => document.querySelector('#bw-code').textContent !== '');
      const code = await page.textContent('#bw-code');
      assert.match(code, /\.requires_grad_\(\)\n/);
      assert.match(code, /\ny\.backward\(g\)\nprint\(x\.grad\)\nprint\(conv\.weight\.grad\)\n/);
      assert.match(code, /output_padding=\(1, 0\), groups=1, dilation=\(1, 1\)\)\)\) {2}# True\n$/);

      // the button opens exactly that transposed convolution, with its animation
      await page.click('#bw-open-transpose');
      assert.equal(await page.inputValue('#ctl-op'), 'convTranspose2d');
      assert.deepEqual(await readPlane(page, 'input'), grid(gs));
      assert.deepEqual(await readPlane(page, 'output'), grid(api.gradInput));
      assert.equal(await page.inputValue('#ctl-output_padding'), '1, 0');
      assert.ok(await page.isVisible('#anim-figure'));
      await page.waitForFunction(() => /(^|&)op=convTranspose2d(&|$)/.test(location.hash.slice(1)));
      await page.goBack();
      await page.waitForFunction(() => document.querySelector('#ctl-op').value === 'conv2d');
      assert.equal(await page.$eval('#backward-panel', (d) => d.open), true, 'Back returns to the backward view');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('the transposed convolution’s animation beside x.grad: every step is the API’s convTranspose2d, and lights up its cell', async () => {
    const hash = 'stride=2&input_size=6,7&input=1x1x6x7:~random.3&backward_view=true&grad_output=random&grad_seed=4';
    const { page, context, problems } = await openPage(env, { hash });
    try {
      const xs = { shape: [1, 1, 6, 7], data: filled([1, 1, 6, 7], 'random', 3).values };
      const g = filled([1, 1, 2, 3], 'random', 4);
      const gs = { shape: g.shape, data: g.values };
      const api = cl.conv2dBackward(gs, xs, w, { stride: 2 });
      const transposed = cl.convTranspose2d(gs, w, { stride: 2, outputPadding: [1, 0] });
      assert.deepEqual(Array.from(transposed.data), Array.from(api.gradInput.data), 'the API: gradInput is that transposed convolution');
      await page.waitForSelector('#bw-anim-figure[data-name]');
      assert.equal(await page.getAttribute('#bw-anim-figure', 'data-name'), 'conv_transpose2d_k3_s2_p0_op1x0_d1_2x3_direct');
      assert.equal(await page.textContent('#bw-anim-heading'), 'Its animation');
      assert.ok(await page.isVisible('#bw-open-transpose'), 'the button that opens it in the playground stays');
      // beside x.grad (a wide screen): the same row, to its right
      const left = await page.locator('[data-side="gradInput"]').boundingBox();
      const anim = await page.locator('.bw-anim').boundingBox();
      assert.ok(anim.x >= left.x + left.width && anim.y < left.y + left.height, 'side by side');

      // stepped by the keyboard on the figure: step k writes output[0, 0, k / 7, k % 7], the API's value,
      // and lights up that cell of x.grad and of conv_transpose2d's grid
      await page.focus('#bw-anim-figure');
      for (let k = 0; k < 42; k++) {
        if (k > 0) await page.keyboard.press('ArrowRight');
        const [r, c] = [Math.floor(k / 7), k % 7];
        assert.equal(await page.textContent('#bw-anim-counter'), `${k + 1} / 42`);
        assert.deepEqual(await litCells(page, 'x.grad', 'hl-out'), [k], `step ${k + 1}`);
        assert.deepEqual(await litCells(page, 'conv_transpose2d', 'hl-out'), [k]);
        assert.match(await page.getAttribute('#bw-anim-figure', 'aria-label'), new RegExp(`Step ${k + 1} of 42: output\\[0, 0, ${r}, ${c}\\]$`));
        // a step taken by hand is announced with its arithmetic: the API's value
        if (k > 0) assert.ok((await page.textContent('#bw-anim-status')).startsWith(`Step ${k + 1} of 42: output[0, 0, ${r}, ${c}] ${transposed.data[k]} = `));
      }

      // the pointer over gradInput[0, 0, 1, 2] explains it (nothing pinned), naming its step without going there
      await page.hover('[data-tensor="gradInput"] td[data-i="9"]');
      assert.equal(await page.textContent('#bw-explain-title'), 'gradInput[0, 0, 1, 2]');
      assert.equal(await page.textContent('#bw-anim-link'),
        'The animation (a direct convolution over the stretched input) adds exactly these 2 terms at step 10 ✓');
      assert.equal(await page.textContent('#bw-anim-counter'), '42 / 42');
      await page.hover('#bw-transpose-heading');
      assert.match(await page.textContent('#bw-explain-title'), /^Click a cell of gradInput/);
      assert.equal(await page.isVisible('#bw-anim-link'), false);

      // gradInput[0, 0, 2, 2] explained: the animation goes to step 17, whose window holds the same four terms
      await page.click('[data-tensor="gradInput"] td[data-i="16"]');
      assert.equal(await page.textContent('#bw-anim-counter'), '17 / 42');
      assert.deepEqual(await litCells(page, 'x.grad', 'hl-sel'), [16]);
      assert.deepEqual(await litCells(page, 'x.grad', 'hl-out'), [16]);
      assert.equal(await page.textContent('#bw-anim-link'),
        'The animation (a direct convolution over the stretched input) adds exactly these 4 terms at step 17 ✓');
      const termsOf = (text) => text.split(' = ')[1].split(' + ').sort();
      const formula = await page.textContent('#bw-formula');
      const figureText = (await page.textContent('#bw-anim-status')).split('output[0, 0, 2, 2] ')[1];
      assert.deepEqual(termsOf(figureText), termsOf(formula));
      assert.equal(formula.split(' = ')[0], String(api.gradInput.data[16]));

      // the scatter view: each cell of g adds its value times the kernel into a 3×3 block of x.grad
      await page.selectOption('#bw-anim-view', 'scatter');
      await page.waitForFunction(() => document.querySelector('#bw-anim-figure').dataset.name.endsWith('_scatter'));
      await page.focus('#bw-anim-figure');
      for (let k = 0; k < 6; k++) {
        if (k > 0) await page.keyboard.press('ArrowRight');
        const [iy, ix] = [Math.floor(k / 3), k % 3];
        const block = [];
        for (let y = 2 * iy; y < Math.min(6, 2 * iy + 3); y++) {
          for (let x = 2 * ix; x < Math.min(7, 2 * ix + 3); x++) block.push(y * 7 + x);
        }
        assert.deepEqual(await litCells(page, 'x.grad', 'hl-out'), block, `scatter step ${k + 1}`);
      }
      await page.click('[data-tensor="x.grad"] td[data-i="16"]'); // x.grad beside the animation explains too
      assert.equal(await page.textContent('#bw-explain-title'), 'gradInput[0, 0, 2, 2]');
      assert.equal(await page.textContent('#bw-anim-link'),
        'The animation (each input cell scattering kernel × value) adds exactly these 4 terms at steps 1, 2, 4, 5 ✓');
      assert.equal(await page.textContent('#bw-anim-counter'), '1 / 6');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('the animation in the panel: keyboard, labelled, never plays by itself (reduced motion or not), its own ids', async () => {
    for (const reducedMotion of ['reduce', 'no-preference']) {
      const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion });
      const { page, problems } = await openPage({ ...env, browser: { newContext: async () => context } }, { hash: 'backward_view=true' });
      try {
        await page.waitForSelector('#bw-anim-figure[data-name]');
        await page.waitForTimeout(800);
        assert.equal(await page.getAttribute('#bw-anim-play', 'aria-pressed'), 'false', reducedMotion);
        assert.equal(await page.textContent('#bw-anim-counter'), '1 / 25');
        // its ids are its own: nothing on the page is duplicated, and its labels point inside it
        const dupes = await page.evaluate(() => {
          const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
          return ids.filter((id, i) => ids.indexOf(id) !== i);
        });
        assert.deepEqual(dupes, []);
        assert.equal(await page.getAttribute('#bw-animation', 'aria-labelledby'), 'bw-anim-heading');
        for (const id of ['bw-anim-first', 'bw-anim-back', 'bw-anim-forward', 'bw-anim-last', 'bw-anim-scrub']) {
          assert.ok((await page.getAttribute(`#${id}`, 'aria-label'))?.length > 0, id);
        }
        // Tab from x.grad reaches the animation's settings and figure
        await page.focus('[data-tensor="x.grad"] td[data-i="0"]');
        const seen = [];
        for (let i = 0; i < 8 && seen.at(-1) !== 'bw-anim-figure'; i++) {
          await page.keyboard.press('Tab');
          seen.push(await page.evaluate(() => document.activeElement.id));
        }
        assert.equal(seen.at(-1), 'bw-anim-figure', seen.join(' '));
        await page.keyboard.press('End');
        assert.equal(await page.textContent('#bw-anim-counter'), '25 / 25');
        assert.deepEqual(await litCells(page, 'x.grad', 'hl-out'), [24]);
        await page.keyboard.press('Home');
        assert.deepEqual(await litCells(page, 'x.grad', 'hl-out'), [0]);
        // a pin at the step shown lights up at once; Escape unpins
        await page.click('[data-tensor="x.grad"] td[data-i="0"]');
        assert.deepEqual(await litCells(page, 'x.grad', 'hl-sel'), [0]);
        await page.keyboard.press('Escape');
        assert.deepEqual(await litCells(page, 'x.grad', 'hl-sel'), []);
        await page.focus('#bw-anim-figure');
        await page.keyboard.press(' ');
        assert.equal(await page.getAttribute('#bw-anim-play', 'aria-pressed'), 'true', 'Space plays');
        await page.waitForFunction(() => document.querySelector('#bw-anim-counter').textContent !== '1 / 25');
        await page.keyboard.press(' ');
        assert.equal(await page.getAttribute('#bw-anim-play', 'aria-pressed'), 'false');
        const shown = Number((await page.textContent('#bw-anim-counter')).split(' / ')[0]);
        assert.deepEqual(await litCells(page, 'x.grad', 'hl-out'), [shown - 1], 'the lit cell follows while playing');
        // the page's own animation is untouched
        assert.equal(await page.textContent('#anim-counter'), '1 / 9');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  });

  test('one-hot: a click on a cell of g pins it; gradInput is the weight at that window; gradBias', async () => {
    const { page, context, problems } = await openPage(env, { hash: 'stride=2&bias=1:0.5&backward_view=true' });
    try {
      assert.deepEqual(await plane(page, 'gradOutput'), [[1, 1], [1, 1]], 'ones by default');
      assert.deepEqual(await readPlane(page, 'gradBias', '0, 0').catch(() => null), null);
      assert.equal(await page.textContent('[data-tensor="gradBias"] td[data-i="0"]'), '4');
      await page.click('[data-tensor="gradOutput"] td[data-i="3"]');
      assert.equal(await page.isChecked('#bw-kind-onehot'), true);
      assert.deepEqual(await plane(page, 'gradOutput'), [[0, 0], [0, 1]]);
      const expected = Array.from({ length: 5 }, () => new Array(5).fill(0));
      WEIGHT.forEach((row, i) => row.forEach((v, j) => (expected[2 + i][2 + j] = v)));
      assert.deepEqual(await plane(page, 'gradInput'), expected);
      assert.match(await page.textContent('#explain-title'), /output\[0, 0, 1, 1\]/, 'the playground’s pin');
      await page.click('[data-tensor="gradBias"] td[data-i="0"]');
      assert.equal(await page.textContent('#bw-formula'), '1 = 0 + 0 + 0 + 1');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('maxPool2d and avgPool2d: gradInput as the API computes it, each cell explained', async () => {
    for (const [op, more, apiOpts] of [
      ['maxPool2d', 'kernel_size=3&stride=1', { kernelSize: 3, stride: 1 }],
      ['avgPool2d', 'kernel_size=3&stride=2&padding=1&count_include_pad=False', { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }],
    ]) {
      const { page, context, problems } = await openPage(env, { hash: `op=${op}&${more}&backward_view=true&grad_output=random&grad_seed=2` });
      try {
        const out = op === 'maxPool2d' ? cl.maxPool2d(x, apiOpts) : cl.avgPool2d(x, apiOpts);
        const g = filled(out.shape, 'random', 2);
        const gs = { shape: g.shape, data: g.values };
        const gradInput = op === 'maxPool2d' ? cl.maxPool2dBackward(gs, x, apiOpts) : cl.avgPool2dBackward(gs, x, apiOpts);
        const shown = await plane(page, 'gradInput');
        const want = grid(gradInput);
        for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) assert.ok(Math.abs(shown[i][j] - want[i][j]) < 1e-3 * (1 + Math.abs(want[i][j])), `${op} [${i}, ${j}]`);
        assert.equal(await page.isVisible('.bw-gradWeight'), false);
        assert.equal(await page.isVisible('.bw-transpose'), false);
        const cell = op === 'maxPool2d' ? 15 : 12; // input[3, 0] = 5 wins windows; the centre is in four windows
        await page.click(`[data-tensor="gradInput"] td[data-i="${cell}"]`);
        assert.match(await page.textContent('#bw-check'), / ✓$/);
        assert.match(await page.textContent('#bw-why'), op === 'maxPool2d' ? /max/ : /divisor/);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  });

  test('简体中文, and axe finds no violations with a cell explained (light, dark)', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const hash = 'padding=1&padding_mode=reflect&bias=1:1&backward_view=true&grad_output=onehot&select=4&lang=zh';
      const { page, context, problems } = await openPage(env, { hash, colorScheme });
      try {
        await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
        assert.equal(await page.textContent('#backward-panel summary'), '反向视图：梯度与转置卷积');
        await page.click('[data-tensor="gradInput"] td[data-i="6"]');
        assert.match(await page.textContent('#bw-check'), /API 给出的梯度是 .* ✓$/);
        assert.equal(await page.textContent('#bw-equal'), '逐个单元格相等 ✓', 'reflect padding folded back');
        assert.equal(await page.textContent('#bw-anim-heading'), '它的动画');
        // gradInput[0, 0, 1, 1] under reflect padding 1: the padded cells (2, 2), (0, 0), (0, 2), (2, 0) copy it
        assert.equal(await page.textContent('#bw-anim-link'),
          '动画（在拉伸后的输入上做普通卷积）在第 1, 3, 15, 17 步加上的正是这 16 项 ✓');
        assert.equal(await page.textContent('#bw-anim-counter'), '1 / 49');
        assert.deepEqual(await litCells(page, 'x.grad', 'hl-out'), [6]);
        await screenshot(page, `backward-zh-${colorScheme}`);
        assert.deepEqual(await axeViolations(page), [], colorScheme);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  });

  test('keyboard: the gradient choice and the grids are reachable; Enter explains a cell', async () => {
    const { page, context } = await openPage(env, { hash: 'backward_view=true' });
    try {
      await page.focus('#bw-kind-ones');
      await page.keyboard.press('ArrowDown'); // radio group: the next kind
      assert.equal(await page.isChecked('#bw-kind-random'), true);
      await page.waitForFunction(() => /grad_output=random/.test(location.hash));
      await page.focus('[data-tensor="gradInput"] td[data-i="0"]');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      assert.equal(await page.textContent('#bw-explain-title'), 'gradInput[0, 0, 0, 1]');
    } finally {
      await context.close();
    }
  });
});

test('a 360 px phone: both panels open, nothing scrolls sideways, axe finds no violations', async () => {
  for (const hash of ['unfold_view=true&select=2&in_channels=2&out_channels=2', 'backward_view=true&bias=1:1&padding=1&select=3']) {
    const { page, context, problems } = await openPage(env, { hash, viewport: PHONE });
    try {
      await page.waitForSelector('details.panel[open] table');
      if (hash.startsWith('backward')) {
        // the animation goes under x.grad, its figure stacked (the output under the input)
        await page.waitForSelector('#bw-anim-figure[data-name]');
        const left = await page.locator('[data-side="gradInput"]').boundingBox();
        const anim = await page.locator('.bw-anim').boundingBox();
        assert.ok(anim.y >= left.y + left.height, 'stacked');
        const svg = await page.locator('#bw-anim-figure svg').boundingBox();
        assert.ok(svg.height > svg.width, 'the figure is stacked too');
      }
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(wide <= 0, `${hash}: the page scrolls sideways by ${wide} px`);
      assert.deepEqual(await axeViolations(page), [], hash);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});
