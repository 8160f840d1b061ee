// The playground page (dist/site) in headless Debian Chromium, driven as a user would: keyboard
// typing into the grids, switching arguments, hovering cells, pasting, loading shared links,
// breaking the configuration on purpose, switching to 简体中文. Expected numbers are the
// tutorial's (tests/fixtures/tutorial.json).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { axeViolations, heading, openPage, pageUnderCsp, readPlane, repo, setControl, startBrowser, typePlane } from './browser.mjs';

const tutorial = JSON.parse(readFileSync(path.join(repo, 'tests', 'fixtures', 'tutorial.json'), 'utf8'));
/** A fixture's output as rows of numbers (N = C = 1). */
function fixtureRows(name) {
  const out = tutorial.find((c) => c.name === name).outputs.find((o) => o.role === 'output');
  const [, , H, W] = out.shape;
  return Array.from({ length: H }, (_, y) => out.data.slice(y * W, (y + 1) * W).map(Number));
}

const INPUT = [[1, 2, 0, 3, 1], [0, 1, 2, 3, 1], [1, 2, 1, 0, 0], [5, 2, 3, 1, 1], [2, 1, 0, 1, 1]];
const WEIGHT = [[1, 2, 1], [0, 1, 0], [2, 1, 0]];
const STRIDE1 = [[10, 12, 12], [18, 16, 16], [13, 9, 3]];
const STRIDE2 = [[10, 12], [13, 3]];
const STRIDE2_PAD1 = [[1, 4, 8], [7, 16, 8], [14, 9, 4]];
const POOL_CEIL = [[2, 3], [5, 1]];
const POOL_FLOOR = [[2]];
const ARITHMETIC = '10 = 1·1 + 2·2 + 0·1 + 0·0 + 1·1 + 2·0 + 1·2 + 2·1 + 1·0';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

test('the literal expectations agree with tests/fixtures/tutorial.json', () => {
  assert.deepEqual(fixtureRows('seed_conv2d_stride1'), STRIDE1);
  assert.deepEqual(fixtureRows('seed_conv2d_stride2'), STRIDE2);
  assert.deepEqual(fixtureRows('seed_conv2d_stride2_pad1'), STRIDE2_PAD1);
  assert.deepEqual(fixtureRows('seed_max_pool2d_k3_ceil'), POOL_CEIL);
  assert.deepEqual(fixtureRows('seed_max_pool2d_k3_floor'), POOL_FLOOR);
});

for (const [query, variant] of [['', 'simd'], ['?scalar', 'scalar']]) {
  test(`loads the ${variant} build${query ? ` with ${query}` : ' by default'} and shows the tutorial's output`, async () => {
    const { page, context, problems } = await openPage(env, { query });
    try {
      assert.equal((await page.textContent('#variant'))?.trim(), variant);
      assert.deepEqual(await readPlane(page, 'input'), INPUT);
      assert.deepEqual(await readPlane(page, 'weight'), WEIGHT);
      assert.deepEqual(await readPlane(page, 'output'), STRIDE1);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

describe('a learner walks through the tutorial', () => {
  let page;
  let context;
  let problems;
  before(async () => {
    ({ page, context, problems } = await openPage(env));
  });
  after(async () => {
    await context.close();
  });

  test('fills the input and weight with zeros, then types the tutorial cell by cell (Tab between cells)', async () => {
    for (const name of ['input', 'weight']) {
      await page.selectOption(`.tensor-${name} .fill-kind`, 'zeros');
      await page.click(`.tensor-${name} .fill-button`);
    }
    assert.deepEqual(await readPlane(page, 'output'), [[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    await typePlane(page, 'input', INPUT);
    await typePlane(page, 'weight', WEIGHT);
    assert.deepEqual(await readPlane(page, 'input'), INPUT);
    assert.deepEqual(await readPlane(page, 'weight'), WEIGHT);
    assert.deepEqual(await readPlane(page, 'output'), STRIDE1);
    assert.match(await heading(page, 'output'), /\[1, 1, 3, 3\]/);
  });

  test('arrow keys move between cells; an edit updates the output at once', async () => {
    await page.click('[data-tensor="input"] td[data-i="0"] input');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight'); // whole text selected → moves
    const focused = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
    assert.equal(focused, 'input[0, 0, 1, 1]');
    await page.keyboard.type('3');
    assert.equal((await readPlane(page, 'output'))[0][0], 12, 'output[0,0] gains 2·1');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('1');
    assert.deepEqual(await readPlane(page, 'output'), STRIDE1);
  });

  test('hovering output[0, 0] highlights its receptive field and shows the arithmetic', async () => {
    await page.hover('[data-tensor="output"] td[data-i="0"]');
    assert.equal((await page.textContent('#explain-formula'))?.trim(), ARITHMETIC);
    assert.equal((await page.textContent('#explain-title'))?.trim(), 'output[0, 0, 0, 0]');
    const lit = await page.$$eval('[data-tensor="input"] td.hl-in', (tds) => tds.map((td) => Number(td.dataset.i)));
    assert.deepEqual(lit.sort((a, b) => a - b), [0, 1, 2, 5, 6, 7, 10, 11, 12]);
    const weights = await page.$$eval('[data-tensor="weight"] td.hl-w', (tds) => tds.length);
    assert.equal(weights, 9);
  });

  test('hovering an input cell highlights every output it affects', async () => {
    await page.hover('[data-tensor="input"] td[data-i="12"]'); // the centre cell reaches all 9 outputs
    const outs = await page.$$eval('[data-tensor="output"] td.hl-out', (tds) => tds.length);
    assert.equal(outs, 9);
    assert.match(await page.textContent('#explain-notes'), /read by 9 output cells/);
    await page.hover('[data-tensor="input"] td[data-i="0"]'); // a corner reaches only output[0, 0]
    assert.equal(await page.$$eval('[data-tensor="output"] td.hl-out', (tds) => tds.length), 1);
  });

  test('click pins an output cell; Escape releases it', async () => {
    await page.click('[data-tensor="output"] td[data-i="4"]');
    await page.mouse.move(5, 5); // away from every grid
    assert.match(await page.textContent('#explain-title'), /output\[0, 0, 1, 1\]/);
    assert.equal(await page.isVisible('.explain .badge'), true, 'the pinned badge shows');
    assert.match(await page.textContent('#explain-formula'), /^16 = /);
    await page.waitForFunction(() => /(^#|&)select=4(&|$)/.test(location.hash)); // a shared link carries the pin
    await page.focus('[data-tensor="output"] td[data-i="4"]');
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Tab'); // focus leaves the grid
    assert.equal(await page.isVisible('.explain .badge'), false);
    await page.waitForFunction(() => !location.hash.includes('select='));
  });

  test('stride 2 gives the tutorial’s 2×2 output, stride 2 + padding 1 its 3×3 one', async () => {
    await setControl(page, 'stride', '2');
    assert.deepEqual(await readPlane(page, 'output'), STRIDE2);
    assert.match(await heading(page, 'output'), /\[1, 1, 2, 2\]/);
    assert.match(await page.textContent('#formulas'), /H_out = ⌊\(5 \+ 2·0 − 1·\(3 − 1\) − 1\) \/ 2⌋ \+ 1 = 2/);
    await setControl(page, 'padding', '1');
    assert.deepEqual(await readPlane(page, 'output'), STRIDE2_PAD1);
    assert.match(await heading(page, 'output'), /\[1, 1, 3, 3\]/);
    // the padding ring is drawn: 7×7 cells around the 5×5 input
    assert.equal(await page.$$eval('[data-tensor="input"] td.pad', (tds) => tds.length), 49 - 25);
    assert.match(await page.textContent('#param-count'), /weights 3·3·1·1 = 9/);
  });

  test('MaxPool2d(3): ceil_mode True gives [[2, 3], [5, 1]], False gives [[2]]', async () => {
    await page.selectOption('#ctl-op', 'maxPool2d');
    await setControl(page, 'stride', ''); // None: stride = kernel_size
    await setControl(page, 'padding', '0');
    await page.check('#ctl-ceil_mode');
    assert.deepEqual(await readPlane(page, 'output'), POOL_CEIL);
    assert.match(await heading(page, 'output'), /\[1, 1, 2, 2\]/);
    assert.match(await page.textContent('.formula-view'), /ceil_mode=True rounds up/);
    await page.hover('[data-tensor="output"] td[data-i="1"]');
    assert.match(await page.textContent('#explain-formula'), /^3 = max\(/);
    assert.match(await page.textContent('#explain-notes'), /Winner: input\[0, 0, 0, 3\], index 3/);
    await page.uncheck('#ctl-ceil_mode');
    assert.deepEqual(await readPlane(page, 'output'), POOL_FLOOR);
    assert.match(await heading(page, 'output'), /\[1, 1, 1, 1\]/);
  });

  test('the URL carries the state: opening it elsewhere reproduces the page', async () => {
    await page.waitForFunction(() => location.hash.includes('ceil_mode') === false && location.hash.includes('op=maxPool2d'));
    const url = page.url();
    const other = await openPage(env, { hash: new URL(url).hash.slice(1) });
    try {
      assert.equal(await other.page.inputValue('#ctl-op'), 'maxPool2d');
      assert.deepEqual(await readPlane(other.page, 'output'), POOL_FLOOR);
      assert.deepEqual(await readPlane(other.page, 'input'), INPUT);
    } finally {
      await other.context.close();
    }
    assert.deepEqual(problems, []);
  });
});

test('a shared link with bias, stride and padding reproduces its numbers', async () => {
  const hash = 'op=conv2d&stride=2&padding=1&input=1x1x5x5:1,2,0,3,1,0,1,2,3,1,1,2,1,0,0,5,2,3,1,1,2,1,0,1,1'
    + '&weight=1x1x3x3:1,2,1,0,1,0,2,1,0&bias=1:0.5';
  const { page, context, problems } = await openPage(env, { hash });
  try {
    assert.deepEqual(await readPlane(page, 'output'), STRIDE2_PAD1.map((r) => r.map((v) => v + 0.5)));
    assert.equal(await page.isChecked('#ctl-bias'), true);
    assert.equal(await page.inputValue('#ctl-stride'), '2');
    assert.match(await page.textContent('#param-count'), /weights 3·3·1·1 \+ bias 1 = 10/);
    await page.hover('[data-tensor="output"] td[data-i="0"]');
    assert.match(await page.textContent('#explain-formula'), /^1\.5 = .* \+ 0\.5$/);
    assert.equal(await page.isHidden('#notices'), true);
    // a preset is a history entry: Back returns to the link's state
    await page.click('[data-preset="conv-s2"]');
    assert.deepEqual(await readPlane(page, 'output'), STRIDE2);
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('#ctl-bias').checked);
    assert.deepEqual(await readPlane(page, 'output'), STRIDE2_PAD1.map((r) => r.map((v) => v + 0.5)));
    // a link pasted into the same tab's address bar
    await page.evaluate(() => { location.hash = 'op=maxPool2d&stride=None&ceil_mode=True'; });
    await page.waitForFunction(() => document.querySelector('#ctl-op').value === 'maxPool2d');
    assert.deepEqual(await readPlane(page, 'output'), POOL_CEIL);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a hostile or malformed link gives the defaults and a notice, and runs nothing', async () => {
  const hash = 'op=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&stride=abc&__proto__=1&constructor=x'
    + '&input=1x1x2x2:1,%3Cscript%3Ealert(2)%3C%2Fscript%3E,3,4&kernel_size=999999&weight=9x9:1&padding_mode=javascript:alert(3)';
  const { page, context, problems } = await openPage(env, { hash });
  try {
    const notices = await page.textContent('#notices');
    assert.match(notices, /op: “<img src=x onerror=alert\(1\)>” is not valid/);
    assert.match(notices, /2 unknown settings ignored \(“__proto__”, “constructor”\)/);
    assert.match(notices, /weight: the values could not be read/);
    assert.equal(await page.$$eval('#notices img, #app script', (n) => n.length), 0, 'no element was made from the link');
    assert.equal(await page.inputValue('#ctl-op'), 'conv2d');
    assert.equal(await page.inputValue('#ctl-stride'), '1');
    // the cell that held markup is shown as text, marked invalid, and the output waits for a number
    assert.equal(await page.inputValue('[data-tensor="input"] td[data-i="1"] input'), '<script>alert(2)</script>');
    assert.equal(await page.getAttribute('[data-tensor="input"] td[data-i="1"] input', 'aria-invalid'), 'true');
    assert.match(await page.textContent('#input-message'), /input\[0, 0, 0, 1\] is “<script>alert\(2\)<\/script>”, which is not a number/);
    const pageErrors = problems.filter((p) => !p.startsWith('HTTP'));
    assert.deepEqual(pageErrors, [], 'no dialog, no uncaught error');
    const wasRun = await page.evaluate(() => typeof globalThis.alert === 'function' && !document.querySelector('script:not([src])'));
    assert.equal(wasRun, true);
  } finally {
    await context.close();
  }
});

test('pasting a NumPy matrix resizes the input and recomputes', async () => {
  const { page, context, problems } = await openPage(env, { permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    const numpy = 'array([[1., 2., 0., 3.],\n       [0., 1., 2., 3.],\n       [1., 2., 1., 0.],\n       [5., 2., 3., 1.]], dtype=float32)';
    await page.evaluate((text) => navigator.clipboard.writeText(text), numpy);
    await page.click('[data-tensor="input"] td[data-i="0"] input');
    await page.keyboard.press('Control+V');
    assert.deepEqual(await readPlane(page, 'input'), [[1, 2, 0, 3], [0, 1, 2, 3], [1, 2, 1, 0], [5, 2, 3, 1]]);
    assert.match(await heading(page, 'input'), /\[1, 1, 4, 4\]/);
    assert.equal(await page.inputValue('#ctl-input_size'), '4');
    assert.deepEqual(await readPlane(page, 'output'), [[10, 12], [18, 16]]);
    assert.match(await page.textContent('#input-message'), /Pasted a 4×4 matrix into input/);
    // a PyTorch tensor into the weight at cell (1, 1): a block paste, clipped to the 3×3 weight
    await page.evaluate((text) => navigator.clipboard.writeText(text), 'tensor([[9., 9.],\n        [9., 9.]])');
    await page.click('[data-tensor="weight"] td[data-i="4"] input');
    await page.keyboard.press('Control+V');
    assert.deepEqual(await readPlane(page, 'weight'), [[1, 2, 1], [0, 9, 9], [2, 9, 9]]);
    // spreadsheet cells (TSV) at input (0, 0) of the same size
    await page.evaluate((text) => navigator.clipboard.writeText(text), '1\t1\t1\t1\n1\t1\t1\t1\n1\t1\t1\t1\n1\t1\t1\t1\n');
    await page.click('[data-tensor="input"] td[data-i="0"] input');
    await page.keyboard.press('Control+V');
    assert.deepEqual(await readPlane(page, 'input'), [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('Conv1d: rows pasted into its one-row input are its channels; too many rows paste the first, and say why', async () => {
  const { page, context, problems } = await openPage(env, { hash: 'op=conv1d', permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    await page.evaluate((text) => navigator.clipboard.writeText(text), 'tensor([[1., 2., 0., 3.],\n        [0., 1., 2., 3.]])');
    await page.click('[data-tensor="input"] td[data-i="0"] input');
    await page.keyboard.press('Control+V');
    assert.match(await heading(page, 'input'), /\[1, 2, 4\]/);
    assert.equal(await page.inputValue('#ctl-in_channels'), '2');
    assert.deepEqual(await readPlane(page, 'input', '0, 0'), [[1, 2, 0, 3]]);
    assert.deepEqual(await readPlane(page, 'input', '0, 1'), [[0, 1, 2, 3]]);
    assert.match(await page.textContent('#input-message'), /Pasted a 2×4 matrix into input/);
    assert.match(await heading(page, 'weight'), /\[1, 2, 3\]/, 'the weight follows');
    const rows = Array.from({ length: 70 }, (_, i) => `[${i}, 1, 2]`).join(', ');
    await page.evaluate((text) => navigator.clipboard.writeText(text), `[${rows}]`);
    await page.click('[data-tensor="input"] td[data-i="0"] input');
    await page.keyboard.press('Control+V');
    assert.match(await page.textContent('#input-message'),
      /^Pasted the first row only: the 70 rows cannot be input’s channels here \(in_channels must be between 1 and \d+ in the playground, but got “70”\)\.$/);
    assert.deepEqual(await readPlane(page, 'input', '0, 0'), [[0, 1, 2]]);
    assert.match(await heading(page, 'input'), /\[1, 2, 3\]/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('invalid configurations show PyTorch’s message at the control, keep the edits and grey the last output', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    // kernel larger than the input
    await setControl(page, 'kernel_size', '7');
    const err = await page.textContent('#err-kernel_size');
    assert.match(err, /Kernel size can't be greater than actual input size/);
    assert.equal(await page.isVisible('#err-kernel_size'), true);
    assert.equal(await page.inputValue('#ctl-kernel_size'), '7', 'the edit is kept');
    assert.deepEqual(await readPlane(page, 'output'), STRIDE1, 'the last valid output stays');
    assert.equal(await page.$eval('[data-tensor="output"]', (el) => el.classList.contains('stale')), true, 'greyed');
    assert.equal(await page.isVisible('#stale-note'), true);
    await setControl(page, 'kernel_size', '3');
    assert.equal(await page.isVisible('#err-kernel_size'), false);
    assert.equal(await page.$eval('[data-tensor="output"]', (el) => el.classList.contains('stale')), false);

    // groups that do not divide the channels
    await setControl(page, 'in_channels', '3');
    await setControl(page, 'groups', '2');
    assert.match(await page.textContent('#err-groups'), /in_channels must be divisible by groups/);
    assert.equal(await page.inputValue('#ctl-groups'), '2');
    await setControl(page, 'groups', '1');
    await setControl(page, 'in_channels', '1');
    assert.deepEqual(await readPlane(page, 'output'), STRIDE1, 'back to the tutorial once fixed');

    // padding='same' with a stride
    await setControl(page, 'padding', 'same');
    await setControl(page, 'stride', '2');
    assert.match(await page.textContent('#err-stride'), /padding='same' is not supported for strided convolutions/);
    await setControl(page, 'stride', '1');
    await setControl(page, 'padding', '0');

    // text that is not a number, in a control and in a cell
    await setControl(page, 'dilation', 'two');
    assert.match(await page.textContent('#err-dilation'), /dilation must be an int or a pair of ints/);
    await setControl(page, 'dilation', '1');
    await page.click('[data-tensor="input"] td[data-i="3"] input');
    await page.keyboard.type('abc');
    assert.equal(await page.getAttribute('[data-tensor="input"] td[data-i="3"] input', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('[data-tensor="input"] td[data-i="3"] input'), 'abc', 'never silently zeroed');
    assert.match(await page.textContent('#input-message'), /input\[0, 0, 0, 3\] is “abc”, which is not a number/);
    assert.deepEqual(await readPlane(page, 'output'), STRIDE1);
    assert.equal(await page.$eval('[data-tensor="output"]', (el) => el.classList.contains('stale')), true);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    assert.equal(await page.$eval('[data-tensor="output"]', (el) => el.classList.contains('stale')), false);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('ConvTranspose2d explains each input’s scattered contributions', async () => {
  const { page, context } = await openPage(env);
  try {
    await page.click('[data-preset="unet-up"]');
    assert.equal(await page.inputValue('#ctl-op'), 'convTranspose2d');
    assert.match(await heading(page, 'output'), /\[1, 1, 6, 6\]/);
    await page.hover('[data-tensor="input"] [data-plane="0, 0"] td[data-i="4"]');
    assert.match(await page.textContent('#explain-notes'), /scatters into 4 output cells/);
    assert.equal(await page.$$eval('[data-tensor="output"] td.hl-out', (tds) => tds.length), 4);
    await page.hover('[data-tensor="output"] td[data-i="0"]');
    assert.match(await page.textContent('#explain-formula'), / \+ 0\.5$/);
    assert.match(await page.textContent('#explain-notes'), /2 \(input · weight\) products scatter/);
  } finally {
    await context.close();
  }
});

test('the Large preset (computed by its kept nn.Conv2d): typed weight cells reach the output, as F.conv2d computes it', async () => {
  const { page, context } = await openPage(env);
  try {
    await page.click('[data-preset="large"]');
    assert.match(await heading(page, 'output'), /\[1, 16, 62, 62\]/);
    const shown = async () => {
      await page.focus('[data-tensor="output"] [data-plane="0, 0"] .hm-wrap');
      return (await page.textContent('[data-tensor="output"] [data-plane="0, 0"] .hm-readout'))?.trim();
    };
    // output[0, 0, 0, 0] by the functional call, from the preset's tensors with weight[0, 0, 0, 0] set to `text`
    const expected = (text) => page.evaluate(async (t) => {
      const { load } = await import('./convlens/index.browser.js');
      const { presetState } = await import('./ui/model/presets.js');
      const { setCell } = await import('./ui/model/tensors.js');
      const { formatValue } = await import('./ui/model/numbers.js');
      const s = presetState('large');
      if (t !== null) setCell(s.tensors.weight, 0, t);
      const [x, w] = [s.tensors.input, s.tensors.weight];
      const out = (await load()).conv2d({ shape: x.shape, data: x.values }, { shape: w.shape, data: w.values });
      return `output[0, 0, 0, 0] = ${formatValue(out.data[0])}`;
    }, text);
    assert.equal(await shown(), await expected(null));
    for (const text of ['100', '-3.5']) {
      await page.fill('[data-tensor="weight"] [data-plane="0, 0"] td[data-i="0"] input', text);
      assert.equal(await shown(), await expected(text), `weight[0, 0, 0, 0] = ${text}`);
    }
  } finally {
    await context.close();
  }
});

test('the PyTorch code panel reproduces the state and copies it', async () => {
  const { page, context, problems } = await openPage(env, { permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    await page.click('[data-preset="conv-s2-p1"]');
    await page.click('#code-panel summary');
    await page.waitForFunction(() => document.getElementById('pytorch-code').textContent.length > 0);
    const code = await page.textContent('#pytorch-code');
    assert.match(code, /nn\.Conv2d\(1, 1, kernel_size=3, stride=2, padding=1, dilation=1, groups=1, bias=False, padding_mode='zeros'\)/);
    assert.match(code, /x = torch\.tensor\(\[\[\[\[1\., 2\., 0\., 3\., 1\.\],/);
    assert.match(code, /# \[\[\[\[1\., 4\., 8\.\],\n#\s+\[7\., 16\., 8\.\],\n#\s+\[14\., 9\., 4\.\]\]\]\]/);
    await page.click('#copy-code');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('switching to 简体中文 translates the page and is kept in the URL', async () => {
  const { page, context, problems } = await openPage(env);
  try {
    await page.selectOption('#ctl-lang', 'zh');
    // the 简体中文 strings load on first use (web/ui/i18n/i18n-zh.js), then the page switches
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans', null, { timeout: 5000 });
    assert.equal((await page.textContent('h1'))?.trim(), 'convlens 演练场');
    assert.match(await page.textContent('.controls'), /步幅/);
    assert.match(await heading(page, 'output'), /输出/);
    assert.deepEqual(await readPlane(page, 'output'), STRIDE1);
    await page.waitForFunction(() => location.hash.includes('lang=zh'));
    const again = await openPage(env, { hash: new URL(page.url()).hash.slice(1) });
    try {
      assert.equal((await again.page.textContent('h1'))?.trim(), 'convlens 演练场');
      assert.deepEqual(await axeViolations(again.page), []);
    } finally {
      await again.context.close();
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** Opens the page with a Content-Security-Policy header and goes through its main states; returns the violations. */
async function underCsp(csp) {
  const { context, page, violations } = await pageUnderCsp(env, csp);
  try {
    await page.goto(env.baseUrl);
    await page.waitForSelector('body[data-ready="true"], body[data-error]', { timeout: 20_000 });
    const error = await page.getAttribute('body', 'data-error');
    if (error) return { error, violations };
    await page.click('[data-preset="large"]'); // heat maps (canvas) too
    await page.click('[data-preset="pool-ceil"]');
    await page.click('[data-tensor="output"] td[data-i="0"]');
    await page.click('#code-panel summary');
    return { output: await readPlane(page, 'output'), violations };
  } finally {
    await context.close();
  }
}

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

test('the page itself needs no inline script, inline style or eval (CSP; eval allowed only for the wasm glue)', async () => {
  const r = await underCsp(CSP.replace("'wasm-unsafe-eval'", "'wasm-unsafe-eval' 'unsafe-eval'"));
  assert.equal(r.error, undefined);
  assert.deepEqual(r.output, POOL_CEIL);
  assert.deepEqual(r.violations, []);
});

// The embind glue is built without dynamic code, so the module loads with 'wasm-unsafe-eval' only.
test('the page runs under the strict CSP (no eval at all)', async () => {
  const r = await underCsp(CSP);
  assert.equal(r.error, undefined);
  assert.deepEqual(r.output, POOL_CEIL);
  assert.deepEqual(r.violations, []);
});
