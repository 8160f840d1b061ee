// Unfold and Fold in the playground, in headless Chromium, as a user picks them: the op menu, the
// blocks matrix [N, C·kh·kw, L] against the API's run here in Node, a cell's explanation, the L
// formula, PyTorch's code, fold's rejections on the right control, the URL after a reload, 简体中文,
// and axe (0 violations).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'convlens';
import { axeViolations, checkReload, heading, openPage, readPlane, setControl, startBrowser, waitForOutputShape } from './browser.mjs';

const cl = await load();

// the tutorial's input, which the playground keeps when the op changes
const TUTORIAL = [[1, 2, 0, 3, 1], [0, 1, 2, 3, 1], [1, 2, 1, 0, 0], [5, 2, 3, 1, 1], [2, 1, 0, 1, 1]];
const input = { shape: [1, 1, 5, 5], data: Float32Array.from(TUTORIAL.flat()) };
/** A matrix (one batch item of [N, R, L], or a plane of [N, C, H, W]) as rows of numbers. */
const rows = (data, R, L) => Array.from({ length: R }, (_, r) => Array.from(data.subarray(r * L, (r + 1) * L)));

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

describe('Unfold and Fold, picked and edited', () => {
  test('Unfold(3, padding=1) of the tutorial input: a 9 × 25 matrix, the API\'s; a cell names the input it copies', async () => {
    await page.selectOption('#ctl-op', 'unfold');
    await outputShape([1, 9, 9]);
    await setControl(page, 'padding', '1');
    await outputShape([1, 9, 25]);
    const api = cl.unfold(input, { kernelSize: 3, padding: 1 });
    assert.deepEqual(api.shape, [1, 9, 25]);
    assert.deepEqual(await readPlane(page, 'output', '0'), rows(api.data, 9, 25));
    assert.match(await page.textContent('.formula-view'), /L_H = ⌊\(5 \+ 2·1 − 1·\(3 − 1\) − 1\) \/ 1⌋ \+ 1 = 5/);
    assert.match(await page.textContent('.formula-view'), /L = L_H·L_W = 5·5 = 25 columns.*rows C·kh·kw = 1·3·3 = 9/);
    // row 4 = (c, ky, kx) = (0, 1, 1), column 7 = block (1, 2): input[0, 0, 1, 2]
    await page.click('[data-tensor="output"] td[data-i="107"]');
    assert.equal((await page.textContent('#explain-formula'))?.trim(), '2 = input[0, 0, 1, 2]');
    assert.match(await page.textContent('#explain-notes'), /Row 4 = \(c, ky, kx\) = \(0, 1, 1\); column 7 = block \(oy, ox\) = \(1, 2\)/);
    // row 0, column 0 reads the zero padding
    await page.click('[data-tensor="output"] td[data-i="0"]');
    assert.equal((await page.textContent('#explain-formula'))?.trim(), '0 = 0');
    assert.match(await page.textContent('#explain-notes'), /padding/);
    await page.click('#code-panel summary');
    await page.waitForFunction(() => document.getElementById('pytorch-code').textContent.length > 0);
    const code = await page.textContent('#pytorch-code');
    assert.match(code, /unfold = nn\.Unfold\(kernel_size=3, dilation=1, padding=1, stride=1\)/);
    assert.match(code, /F\.unfold\(x, kernel_size=3, padding=1\), y/);
    assert.deepEqual(problems, []);
  });

  test('Fold after Unfold: the blocks of ones sum to how many blocks cover each pixel; PyTorch\'s rejections on the right control', async () => {
    await setControl(page, 'padding', '0');
    await outputShape([1, 9, 9]);
    await page.selectOption('#ctl-op', 'fold');
    await outputShape([1, 1, 5, 5]);
    assert.equal(await heading(page, 'input'), 'input [1, 9, 9]');
    assert.equal(await page.inputValue('#ctl-output_size'), '5');
    const ones = { shape: [1, 9, 9], data: new Float32Array(81).fill(1) };
    const api = cl.fold(ones, { outputSize: 5, kernelSize: 3 });
    assert.deepEqual(await readPlane(page, 'output'), rows(api.data, 5, 5));
    assert.deepEqual((await readPlane(page, 'output'))[2], [3, 6, 9, 6, 3]);
    assert.match(await page.textContent('.formula-view'), /the input must have L = L_H·L_W = 3·3 = 9 columns.*C = 9 \/ \(3·3\) = 1/);
    await page.click('[data-tensor="output"] td[data-i="12"]'); // the centre: every block covers it
    assert.equal((await page.textContent('#explain-formula'))?.trim(), '9 = 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1');
    assert.match(await page.textContent('#explain-notes'), /Sum of the 9 entries whose block covers this pixel: input\[0, 0, 8\], input\[0, 1, 7\], /);
    // 4 × 4 blocks expected for output_size 6: the L mismatch shows on the control just edited
    await setControl(page, 'output_size', '6');
    await page.waitForFunction(() => !document.getElementById('err-output_size').hidden);
    assert.match(await page.textContent('#err-output_size'), /calculated number of sliding blocks 4 \* 4 = 16, but got input\.size\(2\)=9/);
    await setControl(page, 'output_size', '5');
    await page.waitForFunction(() => document.getElementById('err-output_size').hidden);
    // and on the input's L when that is edited
    await setControl(page, 'input_size', '8');
    await page.waitForFunction(() => !document.getElementById('err-input_size').hidden);
    assert.match(await page.textContent('#err-input_size'), /sliding blocks 3 \* 3 = 9, but got input\.size\(2\)=8/);
    await setControl(page, 'input_size', '9');
    await page.waitForFunction(() => document.getElementById('err-input_size').hidden);
    // rows that kh·kw does not divide: on in_channels
    await setControl(page, 'in_channels', '8');
    await page.waitForFunction(() => !document.getElementById('err-in_channels').hidden);
    assert.match(await page.textContent('#err-in_channels'), /divisible by the product of kernel_size/);
    await setControl(page, 'in_channels', '9');
    await outputShape([1, 1, 5, 5]);
    await page.click('#code-panel summary');
    await page.click('#code-panel summary');
    await page.waitForFunction(() => document.getElementById('pytorch-code').textContent.includes('Fold'));
    const code = await page.textContent('#pytorch-code');
    assert.match(code, /fold = nn\.Fold\(output_size=5, kernel_size=3, dilation=1, padding=0, stride=1\)/);
    assert.match(code, /F\.fold\(x, output_size=5, kernel_size=3\), y/);
    assert.deepEqual(problems, []);
  });

  test('the URL carries Fold: a reload shows its [N, C·kh·kw, L] input and the same output', async () => {
    await page.waitForFunction(() => location.hash.includes('op=fold') && location.hash.includes('in_channels=9'));
    assert.match(await page.evaluate(() => location.hash), /input=1x9x9:/);
    await checkReload(env, page, async (reloaded) => {
      assert.equal(await reloaded.inputValue('#ctl-input_size'), '9');
      assert.equal(await heading(reloaded, 'input'), 'input [1, 9, 9]');
    });
  });
});

describe('MaxUnpool2d, from max pooling\'s indices or typed ones', () => {
  /** Types `text` into cell `i` of the indices grid. */
  async function typeIndex(i, text) {
    await page.click(`[data-tensor="indices"] td[data-i="${i}"] input`);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
  }

  test('the SegNet preset: x and indices are max pooling\'s, the output the API\'s scatter; cells explained', async () => {
    await page.click('[data-preset="unpool"]');
    await outputShape([1, 1, 4, 4]);
    const source = await readPlane(page, 'input');
    const x = { shape: [1, 1, 4, 4], data: Float32Array.from(source.flat()) };
    const pooled = cl.maxPool2d(x, { kernelSize: 2, returnIndices: true });
    const want = cl.maxUnpool2d(pooled.output, pooled.indices, { kernelSize: 2 });
    assert.equal(await heading(page, 'x'), 'x = F.max_pool2d(input, return_indices=True) [1, 1, 2, 2]');
    assert.deepEqual(await readPlane(page, 'x'), rows(pooled.output.data, 2, 2));
    assert.deepEqual(await readPlane(page, 'indices'), rows(Float32Array.from(pooled.indices.data), 2, 2));
    assert.deepEqual(await readPlane(page, 'output'), rows(want.data, 4, 4));
    assert.match(await page.textContent('.formula-view'), /H_out = \(2 − 1\)·2 − 2·0 \+ 2 = 4/);
    assert.match(await page.textContent('.formula-view'), /written at output index indices\[n, c, i, j\] = y·W_out \+ x of its plane \(W_out = 4\)/);
    // the cell x[0, 0, 1, 0] is written to
    const k = 2;
    const to = pooled.indices.data[k];
    await page.click(`[data-tensor="output"] td[data-i="${to}"]`);
    assert.equal((await page.textContent('#explain-formula'))?.trim(), `${pooled.output.data[k]} = x[0, 0, 1, 0]`);
    assert.match(await page.textContent('#explain-notes'), new RegExp(`its index ${to} = y·W_out \\+ x = ${Math.floor(to / 4)}·4 \\+ ${to % 4}`));
    const empty = [...Array(16).keys()].find((o) => !pooled.indices.data.includes(o));
    await page.click(`[data-tensor="output"] td[data-i="${empty}"]`);
    assert.equal((await page.textContent('#explain-formula'))?.trim(), '0 = 0');
    assert.match(await page.textContent('#explain-notes'), new RegExp(`No index is ${empty}`));
    // the animation: a scatter of x's four elements, each to the cell its index names
    await page.waitForFunction(() => /MaxUnpool2d\(kernel_size=2, stride=2, padding=0\): 2×2 → 4×4/.test(document.querySelector('#anim-figure svg')?.textContent ?? ''));
    const steps = await page.evaluate(() => document.querySelector('#anim-scrub')?.max);
    assert.equal(steps, '3');
    assert.match(await page.textContent('#anim-figure svg'), new RegExp(`x\\[0, 0, 0, 0\\] = .* → output\\[0, 0, ${Math.floor(pooled.indices.data[0] / 4)}, ${pooled.indices.data[0] % 4}\\]`));
    await page.click('#code-panel summary');
    await page.waitForFunction(() => document.getElementById('pytorch-code').textContent.includes('MaxUnpool2d'));
    const code = await page.textContent('#pytorch-code');
    assert.match(code, /x, indices = F\.max_pool2d\(x_source, kernel_size=2, stride=None, padding=0, return_indices=True\)/);
    assert.match(code, /unpool = nn\.MaxUnpool2d\(kernel_size=2, stride=None, padding=0\)\ny = unpool\(x, indices\)/);
    assert.match(code, /F\.max_unpool2d\(x, indices, kernel_size=2, stride=None, padding=0\), y/);
    assert.deepEqual(problems, []);
  });

  test('typed indices: one outside the output is PyTorch\'s error under the indices; a valid one moves the value; the URL keeps them', async () => {
    const before = await readPlane(page, 'output');
    await typeIndex(0, '99');
    await page.waitForFunction(() => !document.getElementById('indices-message').hidden);
    assert.match(await page.textContent('#indices-message'), /Found an invalid max index: 99 \(output volumes are of size 4x4\)/);
    await typeIndex(0, '3'); // x[0, 0, 0, 0] now lands at output[0, 0, 0, 3]
    await page.waitForFunction(() => document.getElementById('indices-message').hidden);
    const x = await readPlane(page, 'x');
    const typed = (await readPlane(page, 'indices')).flat();
    assert.equal(typed[0], 3);
    const xs = { shape: [1, 1, 2, 2], data: Float32Array.from(x.flat()) };
    const want = cl.maxUnpool2d(xs, { shape: [1, 1, 2, 2], data: typed }, { kernelSize: 2 });
    const after = await readPlane(page, 'output');
    assert.deepEqual(after, rows(want.data, 4, 4));
    assert.notDeepEqual(after, before);
    await page.waitForFunction(() => /indices=1x1x2x2:3,/.test(location.hash));
    await checkReload(env, page, async (reloaded) => {
      assert.equal(await reloaded.isVisible('.tensor-indices .link-button'), true);
    });
    await page.click('.tensor-indices .link-button'); // back to max pooling's indices
    await page.waitForFunction(() => !location.hash.includes('indices='));
    assert.deepEqual(await readPlane(page, 'output'), before);
    assert.deepEqual(problems, []);
  });

  test('output_size (5, 5) restores the pooled 5×5: the formula says so', async () => {
    await page.click('[data-preset="unpool-size"]');
    await outputShape([1, 1, 5, 5]);
    const pooled = cl.maxPool2d(input, { kernelSize: 2, returnIndices: true });
    const want = cl.maxUnpool2d(pooled.output, pooled.indices, { kernelSize: 2, outputSize: [5, 5] });
    assert.deepEqual(await readPlane(page, 'output'), rows(want.data, 5, 5));
    assert.match(await page.textContent('.formula-view'), /H_out = output_size \(default \(2 − 1\)·2 − 2·0 \+ 2 = 4\) = 5/);
    assert.deepEqual(problems, []);
  });
});

describe('简体中文 and accessibility', () => {
  test('the Unfold and Fold presets, in 简体中文, with no axe violations', async () => {
    const { page: zh, context: zc, problems: zp } = await openPage(env, { hash: 'lang=zh' });
    try {
      await zh.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
      await zh.click('[data-preset="unfold"]');
      await waitForOutputShape(zh, [1, 4, 9]);
      assert.match(await zh.textContent('.preset-list [data-preset="unfold"]'), /4×4 图像变成 9 列 2×2 块/);
      await zh.click('[data-tensor="output"] td[data-i="10"]');
      assert.match(await zh.textContent('#explain-notes'), /第 1 行 = \(c, ky, kx\) = \(0, 0, 1\)；第 1 列/);
      assert.deepEqual(await axeViolations(zh), []);
      await zh.click('[data-preset="fold-counts"]');
      await waitForOutputShape(zh, [1, 1, 5, 5]);
      assert.match(await zh.textContent('[data-field="in_channels"] .hint'), /块的行数 C·kh·kw/);
      await zh.click('[data-tensor="output"] td[data-i="0"]');
      assert.match(await zh.textContent('#explain-notes'), /覆盖此像素的 1 个块元素之和/);
      assert.deepEqual(await axeViolations(zh), []);
      await zh.click('[data-preset="unpool"]');
      await waitForOutputShape(zh, [1, 1, 4, 4]);
      assert.match(await zh.textContent('#indices-heading'), /来自最大池化；可自行输入/);
      await zh.click('[data-tensor="output"] td[data-i="1"]');
      assert.match(await zh.textContent('#explain-notes'), /没有索引等于 1|由 x\[0, 0, 0, 0\] 写入/);
      assert.deepEqual(await axeViolations(zh), []);
      assert.deepEqual(zp, []);
    } finally {
      await zc.close();
    }
  });
});
