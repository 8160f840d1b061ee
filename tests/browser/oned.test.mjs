// The 1-D ops in the playground, in headless Chromium, as a user picks them: the op menu, one-int arguments
// edited, the one-row output equal to the API's run here in Node on the same [N, C, L] input, the explanation
// of a clicked cell, the L formula, the PyTorch code, the animation, the URL, 简体中文, and axe (0 violations).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'convlens';
import { axeViolations, checkReload, heading, openPage, readPlane, setControl, startBrowser, waitForOutputShape } from './browser.mjs';

const cl = await load();

// the tutorial's first row and its weight's first row: what a 1-D op keeps of the 5 × 5 default
const input = { shape: [1, 1, 5], data: Float32Array.of(1, 2, 0, 3, 1) };
const weight = { shape: [1, 1, 3], data: Float32Array.of(1, 2, 1) };
/** An API output [1, 1, L] as the page's one-row plane. */
const row = (t) => [Array.from(t.data)];

/** The page's one-row plane (values shown to 4 significant digits) against the API's output. */
function assertClose(got, want) {
  assert.equal(got.length, 1);
  assert.equal(got[0].length, want.data.length);
  got[0].forEach((v, i) => assert.ok(Math.abs(v - want.data[i]) <= 1e-3 * Math.abs(want.data[i]), `cell ${i}: ${v} vs ${want.data[i]}`));
}

let env;
let page;
let context;
let problems;
before(async () => {
  env = await startBrowser();
  ({ page, context, problems } = await openPage(env));
});
after(async () => {
  await context?.close();
  await env?.close();
});

/** Waits until the output's heading shows `shape`. */
const outputShape = (shape) => waitForOutputShape(page, shape);

/** The code panel's text, once written (it is written while its panel is open). */
async function code() {
  if (!(await page.$eval('#code-panel', (d) => d.open))) await page.click('#code-panel summary');
  await page.waitForFunction(() => document.getElementById('pytorch-code').textContent.length > 0);
  return page.textContent('#pytorch-code');
}

describe('the 1-D ops, picked and edited', () => {
  test('Conv1d: the input becomes [1, 1, 5], one row; padding 1 gives the API\'s [1, 1, 5] output', async () => {
    await page.selectOption('#ctl-op', 'conv1d');
    await outputShape([1, 1, 3]);
    assert.equal(await heading(page, 'input'), 'input [1, 1, 5]');
    assert.equal(await heading(page, 'weight'), 'weight [1, 1, 3]');
    assert.deepEqual(await readPlane(page, 'output'), row(cl.conv1d(input, weight)));
    assert.equal(await page.inputValue('#ctl-kernel_size'), '3');
    assert.match(await page.textContent('[data-field="input_size"] .hint'), /input length L/);
    await setControl(page, 'padding', '1');
    await outputShape([1, 1, 5]);
    assert.deepEqual(await readPlane(page, 'output'), row(cl.conv1d(input, weight, { padding: 1 })));
    assert.match(await page.textContent('.formula-view'), /L_out = ⌊\(5 \+ 2·1 − 1·\(3 − 1\) − 1\) \/ 1⌋ \+ 1 = 5/);
    assert.doesNotMatch(await page.textContent('.formula-view'), /H_out/, 'no unit H axis is shown');
    await page.click('[data-tensor="output"] td[data-i="0"]');
    assert.equal((await page.textContent('#explain-formula'))?.trim(), '4 = 0·1 + 1·2 + 2·1');
    assert.match(await page.textContent('#explain-notes'), /padding/i);
    const text = await code();
    assert.match(text, /nn\.Conv1d\(1, 1, kernel_size=3, stride=1, padding=1,/);
    assert.match(text, /x = torch\.tensor\(\[\[\[1\., 2\., 0\., 3\., 1\.\]\]\]\)/);
    assert.match(await page.textContent('#anim-figure svg'), /Conv1d\(kernel_size=3, stride=1, padding=1, dilation=1\): 5 → 5/);
  });

  test('ConvTranspose1d: stride 2 scatters 5 cells into 11, as the API does', async () => {
    await page.selectOption('#ctl-op', 'convTranspose1d');
    await setControl(page, 'stride', '2');
    await outputShape([1, 1, 11]);
    assert.deepEqual(await readPlane(page, 'output'), row(cl.convTranspose1d(input, weight, { stride: 2 })));
    await page.click('[data-tensor="output"] td[data-i="2"]'); // input[1]·w[0] + input[0]·w[2]
    assert.equal((await page.textContent('#explain-formula'))?.trim(), '3 = 2·1 + 1·1');
    assert.match(await code(), /F\.conv_transpose1d\(x, conv\.weight, conv\.bias, stride=2\)/);
  });

  test('MaxPool1d: kernel 2 with ceil_mode, the winners and indices PyTorch gives', async () => {
    await page.selectOption('#ctl-op', 'maxPool1d');
    await setControl(page, 'kernel_size', '2');
    await page.check('#ctl-ceil_mode');
    await page.check('#ctl-return_indices');
    await outputShape([1, 1, 3]);
    const api = cl.maxPool1d(input, { kernelSize: 2, ceilMode: true, returnIndices: true });
    assert.deepEqual(await readPlane(page, 'output'), row(api.output));
    assert.deepEqual(await readPlane(page, 'indices'), [Array.from(api.indices.data, Number)]);
    await page.click('[data-tensor="output"] td[data-i="1"]');
    assert.equal((await page.textContent('#explain-formula'))?.trim(), '3 = max(0, 3)');
    assert.match(await page.textContent('#explain-notes'), /Winner: input\[0, 0, 3\], index 3/);
    assert.match(await code(), /nn\.MaxPool1d\(kernel_size=2, stride=None, padding=0, dilation=1, return_indices=True, ceil_mode=True\)/);
  });

  test('AvgPool1d and the adaptive 1-D pools: the API\'s values and window formulas', async () => {
    await page.selectOption('#ctl-op', 'avgPool1d');
    await setControl(page, 'kernel_size', '3');
    await setControl(page, 'stride', '1');
    await outputShape([1, 1, 3]);
    assertClose(await readPlane(page, 'output'), cl.avgPool1d(input, { kernelSize: 3, stride: 1 }));
    await page.selectOption('#ctl-op', 'adaptiveAvgPool1d');
    await outputShape([1, 1, 2]); // the playground's 2 until output_size is edited
    assert.equal(await page.isVisible('#ctl-kernel_size'), false, 'an adaptive pool has no kernel_size');
    await setControl(page, 'output_size', '3');
    await outputShape([1, 1, 3]);
    assertClose(await readPlane(page, 'output'), cl.adaptiveAvgPool1d(input, { outputSize: 3 }));
    assert.match(await page.textContent('.formula-view'), /L: window i covers \[⌊i·5\/3⌋, ⌈\(i \+ 1\)·5\/3⌉\): \[0, 2\), \[1, 4\), \[3, 5\)/);
    await page.selectOption('#ctl-op', 'adaptiveMaxPool1d');
    await setControl(page, 'output_size', '3');
    await outputShape([1, 1, 3]);
    assert.deepEqual(await readPlane(page, 'output'), row(cl.adaptiveMaxPool1d(input, { outputSize: 3 })));
    assert.match(await page.textContent('#anim-figure svg'), /AdaptiveMaxPool1d\(output_size=3\): 5 → 3/);
    await setControl(page, 'output_size', '2, 2');
    assert.match(await page.textContent('#err-output_size'), /output_size must be an int/);
    await setControl(page, 'output_size', '3');
    assert.deepEqual(problems, []);
  });

  test('the URL carries them: a reload shows the same op, one-int arguments and [N, C, L] input', async () => {
    await page.waitForFunction(() => location.hash.includes('op=adaptiveMaxPool1d') && location.hash.includes('output_size=3'));
    assert.match(await page.evaluate(() => location.hash), /input=1x1x5:/);
    await checkReload(env, page, async (reloaded) => {
      assert.equal(await reloaded.inputValue('#ctl-output_size'), '3');
      assert.equal(await heading(reloaded, 'input'), 'input [1, 1, 5]');
    });
  });
});

describe('简体中文 and accessibility', () => {
  test('the 1-D presets, in 简体中文, with no axe violations', async () => {
    const { page: zh, context: zc, problems: zp } = await openPage(env, { hash: 'lang=zh' });
    try {
      await zh.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
      await zh.click('[data-preset="conv1d"]');
      await waitForOutputShape(zh, [1, 3, 8]);
      assert.match(await zh.textContent('.preset-list [data-preset="conv1d"]'), /长度为 8 的双通道序列/);
      assert.match(await zh.textContent('[data-field="input_size"] .hint'), /输入长度 L/);
      await zh.click('[data-tensor="output"] td[data-i="0"]');
      assert.match(await zh.textContent('#explain-notes'), /bias\[0\]/);
      assert.deepEqual(await axeViolations(zh), []);
      await zh.click('[data-preset="max-pool1d"]');
      await waitForOutputShape(zh, [1, 1, 4]);
      await zh.click('[data-tensor="output"] td[data-i="0"]');
      assert.match(await zh.textContent('#explain-notes'), /最大值来自 input\[0, 0, \d\]/);
      assert.deepEqual(await axeViolations(zh), []);
      assert.deepEqual(zp, []);
    } finally {
      await zc.close();
    }
  });
});
