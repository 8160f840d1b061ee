// The adaptive pools and LPPool2d in the playground, in headless Chromium, as a user picks them: the
// op menu, an argument edited, the output equal to the API's run here in Node on the same input, the
// explanation of a clicked cell, the window formulas, the animation, 简体中文, and axe (0 violations).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'convlens';
import { axeViolations, checkReload, heading, openPage, readPlane, setControl, startBrowser, waitForOutputShape } from './browser.mjs';

const cl = await load();

// the tutorial's input, which the playground keeps when the op changes
const TUTORIAL = [[1, 2, 0, 3, 1], [0, 1, 2, 3, 1], [1, 2, 1, 0, 0], [5, 2, 3, 1, 1], [2, 1, 0, 1, 1]];
const input = { shape: [1, 1, 5, 5], data: Float32Array.from(TUTORIAL.flat()) };
/** An API output's plane as rows of numbers, as readPlane() gives the page's. */
const rows = (t) => {
  const [, , H, W] = t.shape;
  return Array.from({ length: H }, (_, y) => Array.from(t.data.subarray(y * W, (y + 1) * W)));
};

let env;
let page;
let context;
before(async () => {
  env = await startBrowser();
  ({ page, context } = await openPage(env));
});
after(async () => {
  await context?.close();
  await env?.close();
});

/** The page's grid (values shown to 4 significant digits) against the API's values. */
function assertClose(got, want) {
  assert.equal(got.length, want.length);
  got.flat().forEach((v, i) => {
    const w = want.flat()[i];
    assert.ok(Math.abs(v - w) <= 1e-3 * Math.abs(w), `cell ${i}: ${v} vs ${w}`);
  });
}

/** Waits until the output's heading shows `shape`. */
const outputShape = (shape) => waitForOutputShape(page, shape);

describe('the new pools, picked and edited', () => {
  test('AdaptiveAvgPool2d: output_size (3, None) pools rows in windows [0, 2), [1, 4), [3, 5) and keeps the width', async () => {
    await page.selectOption('#ctl-op', 'adaptiveAvgPool2d');
    await outputShape([1, 1, 2, 2]); // the playground's 2 × 2 until output_size is edited
    assert.equal(await page.isVisible('#ctl-output_size'), true);
    assert.equal(await page.isVisible('#ctl-kernel_size'), false, 'an adaptive pool has no kernel_size');
    await setControl(page, 'output_size', '3, None');
    await outputShape([1, 1, 3, 5]);
    assertClose(await readPlane(page, 'output'), rows(cl.adaptiveAvgPool2d(input, { outputSize: [3, null] })));
    const formulas = await page.textContent('.formula-view');
    assert.match(formulas, /H: window i covers \[⌊i·5\/3⌋, ⌈\(i \+ 1\)·5\/3⌉\): \[0, 2\), \[1, 4\), \[3, 5\)/);
    await page.click('[data-tensor="output"] td[data-i="5"]'); // row 1, column 0: rows 1..3
    assert.equal((await page.textContent('#explain-formula'))?.trim(), '2 = (0 + 1 + 5) / 3');
    assert.match(await page.textContent('#explain-notes'), /Divisor 3 \(3 input cells in the window\)/);
    await page.click('#code-panel summary'); // the code is written while its panel is open
    await page.waitForFunction(() => document.getElementById('pytorch-code').textContent.length > 0);
    assert.match(await page.textContent('#pytorch-code'), /nn\.AdaptiveAvgPool2d\(output_size=\(3, None\)\)/);
    assert.match(await page.textContent('#pytorch-code'), /F\.adaptive_avg_pool2d\(x, output_size=\(3, None\)\), y/);
  });

  test('AdaptiveMaxPool2d: output_size 2 with return_indices shows PyTorch\'s winners and indices', async () => {
    await page.selectOption('#ctl-op', 'adaptiveMaxPool2d');
    await setControl(page, 'output_size', '2');
    await page.check('#ctl-return_indices');
    await outputShape([1, 1, 2, 2]);
    const api = cl.adaptiveMaxPool2d(input, { outputSize: 2, returnIndices: true });
    assertClose(await readPlane(page, 'output'), rows(api.output));
    assert.deepEqual(await readPlane(page, 'indices'), rows({ shape: api.indices.shape, data: Float32Array.from(api.indices.data) }));
    await page.click('[data-tensor="output"] td[data-i="2"]'); // rows 2..4, columns 0..2
    assert.match(await page.textContent('#explain-formula'), /^5 = max\(1, 2, 1, 5, 2, 3, 2, 1, 0\)$/);
    assert.match(await page.textContent('#explain-notes'), /Winner: input\[0, 0, 3, 0\], index 15/);
    // the animation's window for this cell is 3 × 3, the first one's too; its title is the module
    assert.match(await page.textContent('#anim-figure svg'), /AdaptiveMaxPool2d\(output_size=2\): 5×5 → 2×2/);
  });

  test('LPPool2d: norm_type 3 and kernel_size 2 give the API\'s p-norms; the formula is explained', async () => {
    await page.selectOption('#ctl-op', 'lpPool2d');
    await outputShape([1, 1, 1, 1]); // LPPool2d(2, 3): one window
    assert.equal(await page.isVisible('#ctl-norm_type'), true);
    await setControl(page, 'norm_type', '3');
    await setControl(page, 'kernel_size', '2');
    await outputShape([1, 1, 2, 2]);
    const api = cl.lpPool2d(input, { normType: 3, kernelSize: 2 });
    assertClose(await readPlane(page, 'output'), rows(api));
    await page.click('[data-tensor="output"] td[data-i="0"]');
    assert.match(await page.textContent('#explain-formula'), /^2\.154 = \(1\^3 \+ 2\^3 \+ 0\^3 \+ 1\^3\)\^\(1\/3\)$/);
    assert.match(await page.textContent('.formula-view'), /LPPool2d: y = \(mean of xᵖ over the window · kH·kW\)\^\(1\/p\), with p = 3/);
    assert.match(await page.textContent('#pytorch-code'), /F\.lp_pool2d\(x, norm_type=3, kernel_size=2\)/);
    await setControl(page, 'norm_type', 'x');
    assert.match(await page.textContent('#err-norm_type'), /norm_type must be a number, but got “x”/);
    await setControl(page, 'norm_type', '3');
    assert.equal(await heading(page, 'output'), 'output [1, 1, 2, 2]');
  });

  test('the URL carries them: a reload shows the same op and arguments', async () => {
    await page.waitForFunction(() => location.hash.includes('norm_type=3')); // written once typing pauses
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, /op=lpPool2d/);
    assert.match(hash, /norm_type=3/);
    await checkReload(env, page, async (reloaded) => {
      assert.equal(await reloaded.inputValue('#ctl-norm_type'), '3');
    });
  });
});

describe('简体中文 and accessibility', () => {
  test('the presets of the adaptive pools, in 简体中文, with no axe violations', async () => {
    const { page: zh, context: zc, problems } = await openPage(env, { hash: 'lang=zh' });
    try {
      await zh.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
      await zh.click('[data-preset="adaptive-keep"]');
      await waitForOutputShape(zh, [1, 1, 2, 3]);
      assert.match(await zh.textContent('.preset-list [data-preset="adaptive-keep"]'), /保持宽度不变/);
      assert.match(await zh.textContent('[data-field="output_size"] .hint'), /None 表示保持该维大小/);
      assert.match(await zh.textContent('.formula-view'), /第 i 个窗口覆盖/);
      await zh.click('[data-tensor="output"] td[data-i="0"]');
      assert.match(await zh.textContent('#explain-notes'), /除数为 3/);
      assert.deepEqual(await axeViolations(zh), []);
      await zh.click('[data-preset="lp-pool"]');
      await zh.click('[data-tensor="output"] td[data-i="0"]');
      assert.match(await zh.textContent('#explain-notes'), /再取 1\/p 次方/);
      assert.deepEqual(await axeViolations(zh), []);
      assert.deepEqual(problems, []);
    } finally {
      await zc.close();
    }
  });
});
