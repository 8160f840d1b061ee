// The playground as a learner meets it (issue #17): on a 360 px phone (the size table fits its
// card, the presets are one tap from the top, the animation's text stays ≥ 11 CSS px), by keyboard
// (each grid one Tab stop, spreadsheet-like editing, skip links, ↑ / ↓ in number fields), the
// figure's text drawn inside its border with the legend apart (every preset, real fonts), and the
// size table's formula and parameter counts. axe: 0 violations at 360 px in light, dark and 简体中文.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, axeViolations, openPage, readPlane, screenshot, startBrowser } from './browser.mjs';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** What has focus: its id, else its label, else its text. */
const focused = (page) => page.evaluate(() => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a.id || a.getAttribute('aria-label') || a.textContent.trim().slice(0, 40);
});

describe('a 360 px phone', () => {
  for (const [name, opts] of [['light', {}], ['dark', { colorScheme: 'dark' }], ['简体中文', { hash: 'lang=zh' }]]) {
    test(`${name}: the size table fits its card, axe finds no violations`, async () => {
      const { page, context, problems } = await openPage(env, { viewport: PHONE, ...opts });
      try {
        if (opts.hash) await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
        const boxes = await page.evaluate(() => {
          const card = document.querySelector('.size-details').getBoundingClientRect();
          const out = [];
          for (const e of document.querySelectorAll('.size-details *')) {
            const b = e.getBoundingClientRect();
            if (b.width > 0 && (b.left < card.left - 0.5 || b.right > card.right + 0.5)) out.push(`${e.tagName} ${e.textContent.slice(0, 20)}: ${b.left}…${b.right}`);
          }
          const scroll = document.querySelector('.table-scroll');
          return { out, card: [card.left, card.right], scrolls: scroll.scrollWidth - scroll.clientWidth, rows: document.querySelectorAll('#size-table tbody tr').length };
        });
        assert.equal(boxes.rows, 7);
        assert.deepEqual(boxes.out, [], `inside the card ${boxes.card.join('…')}`);
        assert.ok(boxes.scrolls <= 0, `the table scrolls sideways by ${boxes.scrolls} px`);
        // the Load buttons and the H_out column are on screen, not clipped
        const load = await page.locator('.load-row').last().boundingBox();
        assert.ok(load.x + load.width <= PHONE.width - 9, `the last Load button ends at ${load.x + load.width}`);
        await screenshot(page, `learner-phone-${name === '简体中文' ? 'zh' : name}`);
        assert.deepEqual(await axeViolations(page), []);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }

  test('the tutorial presets are one tap from the top; a preset then shows its tensors', async () => {
    const { page, context } = await openPage(env, { viewport: PHONE });
    try {
      const jump = await page.locator('.presets-jump').boundingBox();
      assert.ok(jump && jump.y < 400, `the link to the presets is near the top (y = ${jump?.y})`);
      await page.click('.presets-jump');
      assert.equal(await focused(page), 'Conv2d 3×3, stride 1');
      const shown = await page.locator('[data-preset="conv-s2"]').boundingBox();
      assert.ok(shown.y >= 0 && shown.y < PHONE.height, 'the presets are on screen');
      await page.click('[data-preset="conv-s2"]');
      assert.deepEqual(await readPlane(page, 'output'), [[10, 12], [13, 3]]);
      const top = await page.evaluate(() => document.getElementById('tensors').getBoundingClientRect().top);
      assert.ok(Math.abs(top) < 2, `the tensors scrolled into view (top ${top})`);
    } finally {
      await context.close();
    }
    const desk = await openPage(env, { viewport: DESKTOP });
    try {
      assert.equal(await desk.page.isVisible('.presets-jump'), false, 'desktop keeps its layout: presets beside the tensors');
    } finally {
      await desk.context.close();
    }
  });

  test('the animation’s text is at least 11 CSS px (stacked figure)', async () => {
    for (const hash of ['', 'op=maxPool2d&stride=None&ceil_mode=True', 'input_size=7&padding=1']) {
      const { page, context } = await openPage(env, { viewport: PHONE, hash });
      try {
        const sizes = await page.evaluate(() => {
          const svg = document.querySelector('.anim-svg');
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          const labels = [...svg.querySelectorAll('.fig-texts text')].filter((n) => Number(n.getAttribute('font-size')) >= 13);
          return { scale, smallest: Math.min(...labels.map((n) => Number(n.getAttribute('font-size')) * scale)), n: labels.length };
        });
        assert.ok(sizes.n > 3);
        assert.ok(sizes.smallest >= 11, `${hash || 'default'}: labels at ${sizes.smallest.toFixed(1)} px (scale ${sizes.scale.toFixed(2)})`);
      } finally {
        await context.close();
      }
    }
  });
});

describe('keyboard', () => {
  let page;
  let context;
  before(async () => {
    ({ page, context } = await openPage(env));
  });
  after(async () => {
    await context.close();
  });

  test('each grid is one Tab stop: 7 Tabs from input[1, 1] to the first output cell (47 back to stride), skip links both ways', async () => {
    await page.focus('[data-tensor="input"] td[data-i="6"] input');
    const forward = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      forward.push(await focused(page));
      if (forward.at(-1).startsWith('output[0, 0, 0, 0]')) break;
    }
    assert.deepEqual(forward, ['To the output', 'Fill weight with', 'Random seed for weight', 'Fill weight',
      'weight[0, 0, 0, 0]', 'To the arguments', 'output[0, 0, 0, 0] = 10']);
    // back: Shift+Tab, then the skip link
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(page), 'To the arguments');
    assert.equal(await page.isVisible('.tensor-output .skip-inline'), true, 'a focused skip link shows');
    await page.keyboard.press('Enter');
    assert.equal(await focused(page), 'ctl-stride');
    // Shift+Tab all the way: 47 stops (59 before), the presets (four of them the pools', two Unfold and Fold, two
    // MaxUnpool2d, four the 1-D ops') and the sliders of stride, padding, dilation and groups in between
    await page.focus('[data-tensor="output"] td[data-i="0"]');
    let back = 0;
    while (back < 80 && (await focused(page)) !== 'ctl-stride') {
      await page.keyboard.press('Shift+Tab');
      back++;
    }
    assert.equal(back, 47);
    // the skip link after the arguments
    await page.focus('#ctl-bias');
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'To the input');
    await page.keyboard.press('Enter');
    assert.equal(await focused(page), 'input[0, 0, 1, 1]', 'the grid’s own Tab stop: the cell last visited');
  });

  test('arrows, Home, End, PageUp, PageDown move inside a grid; Tab leaves it', async () => {
    await page.focus('[data-tensor="input"] td[data-i="0"] input');
    const keys = [['ArrowRight', 'input[0, 0, 0, 1]'], ['End', 'input[0, 0, 0, 4]'], ['PageDown', 'input[0, 0, 4, 4]'], ['Home', 'input[0, 0, 4, 0]'],
      ['PageUp', 'input[0, 0, 0, 0]'], ['Control+End', 'input[0, 0, 4, 4]'], ['Control+Home', 'input[0, 0, 0, 0]'], ['ArrowDown', 'input[0, 0, 1, 0]']];
    for (const [key, want] of keys) {
      await page.keyboard.press(key);
      assert.equal(await focused(page), want, key);
    }
    const tabbable = await page.$$eval('[data-tensor="input"] input.cell', (els) => els.filter((e) => e.tabIndex === 0).map((e) => e.getAttribute('aria-label')));
    assert.deepEqual(tabbable, ['input[0, 0, 1, 0]'], 'one cell of the grid is in the Tab order');
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'To the output');
    // the output grid too
    await page.focus('[data-tensor="output"] td[data-i="0"]');
    for (const [key, want] of [['End', 'output[0, 0, 0, 2] = 12'], ['PageDown', 'output[0, 0, 2, 2] = 3'], ['Control+Home', 'output[0, 0, 0, 0] = 10']]) {
      await page.keyboard.press(key);
      assert.equal(await focused(page), want, key);
    }
  });

  test('Enter or F2 edits a cell (arrows then move the caret), Escape puts the value back, typing then Tab goes on', async () => {
    await page.focus('[data-tensor="input"] td[data-i="0"] input'); // 1
    await page.keyboard.press('Enter');
    assert.equal(await focused(page), 'input[0, 0, 0, 0]', 'Enter edits, it does not move');
    await page.keyboard.press('ArrowLeft'); // the caret, not the cell
    await page.keyboard.type('2'); // "21"
    assert.equal(await page.inputValue('[data-tensor="input"] td[data-i="0"] input'), '21');
    assert.equal((await readPlane(page, 'output'))[0][0], 30, 'output[0, 0] follows the edit: 10 + 20·1');
    await page.keyboard.press('Escape');
    assert.equal(await page.inputValue('[data-tensor="input"] td[data-i="0"] input'), '1');
    assert.equal((await readPlane(page, 'output'))[0][0], 10, 'Escape puts the value back, and the output');
    await page.keyboard.press('ArrowRight'); // selected again: arrows move
    assert.equal(await focused(page), 'input[0, 0, 0, 1]');
    await page.keyboard.press('F2');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('3');
    await page.keyboard.press('Tab'); // editing: on to the next cell
    assert.equal(await focused(page), 'input[0, 0, 0, 2]');
    await page.keyboard.type('0');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab'); // selected: Tab leaves the grid
    assert.equal(await focused(page), 'To the output');
    assert.deepEqual((await readPlane(page, 'input'))[0], [1, 3, 0, 3, 1]);
    await page.fill('[data-tensor="input"] td[data-i="1"] input', '2');
    assert.deepEqual(await readPlane(page, 'output'), [[10, 12, 12], [18, 16, 16], [13, 9, 3]]);
  });

  test('↑ / ↓ step a number field within its range', async () => {
    await page.focus('#ctl-stride');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.inputValue('#ctl-stride'), '2');
    assert.deepEqual(await readPlane(page, 'output'), [[10, 12], [13, 3]]);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await page.inputValue('#ctl-stride'), '1', 'not below 1');
    await page.fill('#ctl-padding', '0, 2');
    await page.keyboard.press('ArrowUp'); // the caret is after "2"
    assert.equal(await page.inputValue('#ctl-padding'), '0, 3');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('ArrowDown'); // all selected: both
    assert.equal(await page.inputValue('#ctl-padding'), '0, 2');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.inputValue('#ctl-padding'), '0, 2', 'padding stops at 0');
    await page.fill('#ctl-padding', '0');
    await page.focus('.tensor-input .fill-seed');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.inputValue('.tensor-input .fill-seed'), '1');
  });

  test('a heat map is one Tab stop: Enter opens its editor, Escape returns to the map', async () => {
    await page.click('[data-preset="large"]');
    await page.focus('[data-tensor="input"] [data-plane="0, 0"] .hm-wrap');
    await page.keyboard.press('End');
    await page.keyboard.press('PageDown');
    assert.match(await page.textContent('[data-tensor="input"] [data-plane="0, 0"] .hm-readout'), /^input\[0, 0, 63, 63\] = /);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.closest('[data-plane]')?.dataset.plane), '0, 1', 'Tab goes to the next plane, past the editor');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('hm-editor')), true);
    const before = await page.inputValue('[data-tensor="input"] [data-plane="0, 0"] .hm-editor');
    await page.keyboard.type('42');
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('hm-wrap')), true);
    assert.equal(await page.inputValue('[data-tensor="input"] [data-plane="0, 0"] .hm-editor'), before);
  });
});

test('every preset’s figure, drawn: text inside the border, legend items apart (en, 简体中文; side by side, stacked)', async () => {
  const { page, context } = await openPage(env);
  try {
    const bad = await page.evaluate(async () => {
      const [{ load }, R, M, P, C, I] = await Promise.all([
        import('./convlens/index.browser.js'), import('./ui/animation/animation-render.js'), import('./ui/animation/animation-model.js'),
        import('./ui/model/presets.js'), import('./ui/model/compute.js'), import('./ui/i18n/i18n.js'),
      ]);
      const cl = await load();
      await I.loadLang('zh');
      const ids = [...P.TUTORIAL_PRESETS, ...P.LAYER_PRESETS, ...P.CONV_ARITHMETIC_PRESETS, ...P.OUTPUT_SIZE_ROWS]
        .map((p) => p.id);
      const problems = [];
      let figures = 0;
      for (const id of ids) {
        const s = P.presetState(id);
        const r = C.evaluate(cl, s);
        for (const view of s.op === 'convTranspose2d' ? ['direct', 'scatter'] : ['direct']) {
          const built = M.buildAnimation(cl, s, r, { view });
          if (!built.ok) continue;
          for (const lang of ['en', 'zh']) {
            for (const stacked of [false, true]) {
              const t = (key, params) => I.t(lang, key, params);
              const m = built.model;
              for (const k of [0, m.steps.length - 1]) {
                const svg = R.svgDom(R.renderFrame(m, k, { t, lang, stacked }), document);
                document.body.append(svg);
                figures++;
                const { width: W, height: H } = svg.viewBox.baseVal;
                const where = `${id} ${view} ${lang} ${stacked ? 'stacked' : 'wide'} step ${k}`;
                for (const n of svg.querySelectorAll('text')) {
                  const b = n.getBBox();
                  if (b.x < 0 || b.y < 0 || b.x + b.width > W + 0.5 || b.y + b.height > H + 0.5) problems.push(`${where}: "${n.textContent}" ${b.x.toFixed(1)},${b.y.toFixed(1)} ${b.width.toFixed(1)}×${b.height.toFixed(1)} outside ${W}×${H}`);
                }
                const swatches = [...svg.querySelectorAll('.fig-swatch')];
                const items = swatches.map((sw) => {
                  const x = Number(sw.getAttribute('x'));
                  const y = Number(sw.getAttribute('y'));
                  const label = [...svg.querySelectorAll('text')].find((n) => Number(n.getAttribute('x')) === x + 18 && Number(n.getAttribute('y')) === y + 11);
                  const b = label.getBBox();
                  return { y, left: x, right: b.x + b.width, label: label.textContent };
                });
                for (let i = 1; i < items.length; i++) {
                  if (items[i].y === items[i - 1].y && items[i].left - items[i - 1].right < 8) problems.push(`${where}: legend "${items[i - 1].label}" and "${items[i].label}" ${(items[i].left - items[i - 1].right).toFixed(1)} apart`);
                }
                svg.remove();
              }
            }
          }
        }
      }
      return { problems, figures };
    });
    assert.ok(bad.figures >= 300, `${bad.figures} figures drawn`);
    assert.deepEqual(bad.problems, []);
  } finally {
    await context.close();
  }
});

test('the size table: the formula with dilation, a parameters column from parameterCount; the formulas say bias or not', async () => {
  const { page, context } = await openPage(env);
  try {
    const caption = await page.textContent('#size-table caption');
    assert.ok(caption.includes('H_out = ⌊(H_in + 2·padding − dilation·(kernel_size − 1) − 1) / stride + 1⌋'), caption);
    assert.match(caption, /default bias=True \(bias=False: one fewer\)/);
    const cols = await page.$$eval('#size-table thead th', (ths) => ths.map((th) => th.textContent));
    assert.deepEqual(cols, ['H_in', 'kernel_size', 'stride', 'padding', 'H_out', 'params', 'Load']);
    const params = await page.$$eval('#size-table td.params', (tds) => tds.map((td) => Number(td.textContent)));
    assert.deepEqual(params, [10, 10, 10, 10, 26, 50, 10], 'k·k + 1 for nn.Conv2d(1, 1, k)');
    // the tutorial's layer without a bias (as F.conv2d), and what nn.Conv2d's default gives
    assert.equal(await page.textContent('#param-count'),
      'parameters (bias=False, as F.conv2d with a weight alone): weights 3·3·1·1 = 9; nn.Conv2d’s default bias=True: 10');
    await page.check('#ctl-bias');
    assert.equal(await page.textContent('#param-count'), 'parameters (bias=True, nn.Conv2d’s default): weights 3·3·1·1 + bias 1 = 10');
    await page.selectOption('#ctl-lang', 'zh');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
    assert.match(await page.textContent('#param-count'), /^参数量（bias=True，nn\.Conv2d 的默认设置）：/);
    assert.match(await page.textContent('#size-table caption'), /dilation·\(kernel_size − 1\)/);
  } finally {
    await context.close();
  }
});
