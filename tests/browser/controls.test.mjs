// The argument controls as a learner uses them (issue #17): switching op gives PyTorch's defaults for
// the new op (Conv2d(stride 2, padding 1) → MaxPool2d(3), one history entry), the last-edited field's
// own parse error wins over the core's error about the value it replaced, and every size and argument
// has a slider that moves with its text and repaints the output within the frame of the drag.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, axeViolations, heading, openPage, readPlane, screenshot, setControl, startBrowser } from './browser.mjs';

// the tutorial's Conv2d(1, 1, 3) outputs (tests/browser/page.test.mjs)
const STRIDE1 = [[10, 12, 12], [18, 16, 16], [13, 9, 3]];
const STRIDE2_PAD1 = [[1, 4, 8], [7, 16, 8], [14, 9, 4]];

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

describe('switching op', () => {
  test('Conv2d(stride 2, padding 1) → MaxPool2d gives MaxPool2d(3) on the tutorial input; Back returns to the conv', async () => {
    const { page, context, problems } = await openPage(env);
    try {
      await setControl(page, 'stride', '2');
      await setControl(page, 'padding', '1');
      assert.deepEqual(await readPlane(page, 'output'), STRIDE2_PAD1);
      assert.match(await heading(page, 'output'), /\[1, 1, 3, 3\]/);
      await page.waitForFunction(() => location.hash.includes('padding=1'));
      const entries = await page.evaluate(() => history.length);
      await page.selectOption('#ctl-op', 'maxPool2d');
      // MaxPool2d(3): stride None (= kernel_size), padding 0: one window, the max of the top-left 3×3
      assert.deepEqual(await readPlane(page, 'output'), [[2]]);
      assert.match(await heading(page, 'output'), /\[1, 1, 1, 1\]/);
      assert.equal(await page.inputValue('#ctl-stride'), '');
      assert.equal(await page.inputValue('#ctl-padding'), '0');
      assert.equal(await page.inputValue('#ctl-kernel_size'), '3', 'the sizes stay');
      // one history entry, at once (not after the typing delay)
      assert.equal(await page.evaluate(() => history.length), entries + 1);
      assert.match(await page.evaluate(() => location.hash), /^#op=maxPool2d&stride=None&input=/);
      await page.goBack();
      await page.waitForFunction(() => document.getElementById('ctl-op').value === 'conv2d');
      assert.equal(await page.inputValue('#ctl-stride'), '2');
      assert.equal(await page.inputValue('#ctl-padding'), '1');
      assert.match(await heading(page, 'output'), /\[1, 1, 3, 3\]/);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

describe('errors', () => {
  test('stride 0, then "abc": the field’s own parse error, not the core’s "non-positive stride"', async () => {
    const { page, context, problems } = await openPage(env);
    try {
      await setControl(page, 'stride', '0');
      assert.match(await page.textContent('#err-stride'), /stride/);
      assert.doesNotMatch(await page.textContent('#err-stride'), /must be an int or a pair/, 'first the core’s error');
      await setControl(page, 'stride', 'abc');
      const shown = await page.textContent('#err-stride');
      assert.equal(shown, 'stride must be an int or a pair of ints (e.g. 2 or 2, 1), but got “abc”');
      assert.equal(await page.isVisible('#general-error'), false, 'the core error is not shown elsewhere either');
      assert.match(await page.textContent('#stale-note'), /stride/);
      // another field's error still shows at that field
      await setControl(page, 'dilation', 'two');
      assert.match(await page.textContent('#err-dilation'), /dilation must be an int or a pair of ints.*“two”/);
      assert.match(await page.textContent('#err-stride'), /“abc”/);
      await setControl(page, 'dilation', '1');
      await setControl(page, 'stride', '1');
      assert.equal(await page.isVisible('#err-stride'), false);
      assert.deepEqual(await readPlane(page, 'output'), STRIDE1);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

describe('sliders', () => {
  test('stride’s slider 1 → 3 repaints the output within the frame of the input event; the text follows and leads', async () => {
    const { page, context, problems } = await openPage(env);
    try {
      // every size and argument with a value of its own has a labelled slider over the field's range
      const sliders = await page.$$eval('.controls .slider', (els) => els.map((e) => [e.id, e.min, e.max, e.getAttribute('aria-label')]));
      assert.deepEqual(sliders.map((s) => s[0]), ['sld-batch', 'sld-in_channels', 'sld-out_channels', 'sld-input_size', 'sld-kernel_size',
        'sld-norm_type', 'sld-stride', 'sld-padding', 'sld-dilation', 'sld-groups', 'sld-output_padding']);
      assert.deepEqual(sliders.find((s) => s[0] === 'sld-stride'), ['sld-stride', '1', '64', 'stride (slider)']);
      assert.deepEqual(sliders.find((s) => s[0] === 'sld-padding'), ['sld-padding', '0', '64', 'padding (slider)']);
      assert.equal(await page.inputValue('#sld-stride'), '1');
      assert.equal(await page.textContent('#anim-counter'), '1 / 9', 'the animation: one step per output cell');
      // a drag step: the value moves and an input event fires; the next animation frame shows the result
      const seen = await page.evaluate(() => new Promise((resolve) => {
        const slider = document.getElementById('sld-stride');
        slider.value = '3';
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        requestAnimationFrame(() => {
          const cells = [...document.querySelectorAll('[data-tensor="output"] [data-plane="0, 0"] td[data-i]')].map((td) => Number(td.textContent));
          const seen = { heading: document.getElementById('output-heading').textContent, cells, text: document.getElementById('ctl-stride').value,
            formulas: document.getElementById('formulas').textContent };
          // the animation's figure is rebuilt in the task after the edit's (the grids paint first)
          setTimeout(() => resolve({ ...seen, anim: document.getElementById('anim-counter').textContent }), 0);
        });
      }));
      assert.match(seen.heading, /\[1, 1, 1, 1\]/);
      assert.deepEqual(seen.cells, [10], 'Conv2d(1, 1, 3, stride=3): the one window at the top left');
      assert.equal(seen.text, '3', 'the text field follows the slider');
      assert.match(seen.formulas, /H_out = ⌊\(5 \+ 2·0 − 1·\(3 − 1\) − 1\) \/ 3⌋ \+ 1 = 1/);
      assert.equal(seen.anim, '1 / 1', 'the animation follows in the next task');
      // the measured update ran for the slider's edit
      assert.ok(await page.evaluate(() => performance.getEntriesByName('convlens:update').length > 0));
      // keyboard: ← on the focused slider steps back to 2
      await page.focus('#sld-stride');
      await page.keyboard.press('ArrowLeft');
      assert.deepEqual(await readPlane(page, 'output'), [[10, 12], [13, 3]]);
      assert.equal(await page.inputValue('#ctl-stride'), '2');
      // the text leads: typing moves the slider; an asymmetric pair shows its height, named in full
      await setControl(page, 'stride', '1, 2');
      assert.equal(await page.inputValue('#sld-stride'), '1');
      assert.equal(await page.getAttribute('#sld-stride', 'aria-valuetext'), '1, 2');
      await setControl(page, 'padding', '2');
      assert.equal(await page.inputValue('#sld-padding'), '2');
      // a slider moved over text that did not parse replaces it (and its message)
      await setControl(page, 'dilation', 'x');
      assert.equal(await page.isVisible('#err-dilation'), true);
      await page.$eval('#sld-dilation', (s) => { s.value = '2'; s.dispatchEvent(new Event('input', { bubbles: true })); });
      assert.equal(await page.inputValue('#ctl-dilation'), '2');
      assert.equal(await page.isVisible('#err-dilation'), false);
      // a pool's stride None sits at the kernel size it means
      await page.selectOption('#ctl-op', 'maxPool2d');
      assert.equal(await page.inputValue('#sld-stride'), '3');
      assert.equal(await page.getAttribute('#sld-stride', 'aria-valuetext'), 'None');
      assert.deepEqual(await axeViolations(page), []);
      await screenshot(page, 'controls-sliders-desktop', { fullPage: false });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  for (const [name, viewport] of [['desktop', DESKTOP], ['360 px', PHONE]]) {
    test(`${name}: each slider lies inside its field, the fields inside the controls; axe finds no violations`, async () => {
      const { page, context, problems } = await openPage(env, { viewport });
      try {
        const out = await page.evaluate(() => {
          const bad = [];
          const box = document.querySelector('.controls').getBoundingClientRect();
          for (const s of document.querySelectorAll('.controls .slider')) {
            const b = s.getBoundingClientRect();
            if (b.width === 0) continue; // a field the op does not show
            const f = s.closest('.field').getBoundingClientRect();
            if (b.left < f.left - 0.5 || b.right > f.right + 0.5 || b.width < 60) bad.push(`${s.id}: ${b.left}…${b.right} in ${f.left}…${f.right}`);
            if (f.left < box.left - 0.5 || f.right > box.right + 0.5) bad.push(`${s.id}'s field outside the controls`);
          }
          return bad;
        });
        assert.deepEqual(out, []);
        await screenshot(page, `controls-sliders-${name === 'desktop' ? 'desktop-full' : 'phone'}`);
        assert.deepEqual(await axeViolations(page), []);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
