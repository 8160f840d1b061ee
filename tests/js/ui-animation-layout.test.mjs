// The figure's layout (web/ui/animation/animation-render.js) for every preset the page offers, in
// English and 简体中文, side by side and stacked (a phone): every text lies inside the viewBox and
// the legend's items keep apart, measured with the renderer's own width estimate — which in turn
// is checked to be no narrower than DejaVu Sans / DejaVu Sans Mono draw (tests/browser/learner.test.mjs
// measures the drawn text too). Max pooling writes −∞ with U+2212.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { load } from 'convlens';
import { evaluate } from '../../web/ui/model/compute.js';
import { buildAnimation } from '../../web/ui/animation/animation-model.js';
import { LABEL_SIZE, renderFrame, textWidth } from '../../web/ui/animation/animation-render.js';
import { svgString } from '../../web/ui/animation/svg-text.js';
import { CONV_ARITHMETIC_PRESETS, LAYER_PRESETS, OUTPUT_SIZE_ROWS, TUTORIAL_PRESETS, presetState } from '../../web/ui/model/presets.js';
import { loadLang, t as translate } from '../../web/ui/i18n/i18n.js';

const cl = await load();
assert.ok(await loadLang('zh'));

const PRESET_IDS = [...TUTORIAL_PRESETS, ...LAYER_PRESETS, ...CONV_ARITHMETIC_PRESETS, ...OUTPUT_SIZE_ROWS]
  .map((p) => p.id);

/** The text elements of a rendered frame with their estimated boxes (SVG units). */
function textBoxes(tree) {
  const texts = tree.c[2].c;
  return texts.map((n) => {
    const size = Number(n.a['font-size']);
    const mono = n.a['font-family'].includes('monospace');
    const w = textWidth(n.text, size, mono);
    const x = Number(n.a.x);
    const left = n.a['text-anchor'] === 'middle' ? x - w / 2 : n.a['text-anchor'] === 'end' ? x - w : x;
    const y = Number(n.a.y);
    return { text: n.text, left, right: left + w, top: y - size, bottom: y + 0.25 * size };
  });
}

/** Legend items as boxes from the swatch's left edge to the end of its label. */
function legendBoxes(tree) {
  const swatches = tree.c[1].c.filter((n) => n.a.class === 'fig-swatch');
  const texts = tree.c[2].c;
  return swatches.map((sw) => {
    const x = Number(sw.a.x);
    const y = Number(sw.a.y);
    const label = texts.find((n) => Number(n.a.x) === x + 18 && Number(n.a.y) === y + 11);
    assert.ok(label, `a label beside the swatch at ${x}, ${y}`);
    return { label: label.text, y, left: x, right: x + 18 + textWidth(label.text, Number(label.a['font-size'])) };
  });
}

const frames = [];
for (const id of PRESET_IDS) {
  const s = presetState(id);
  const r = evaluate(cl, s);
  assert.equal(r.ok, true, id);
  for (const view of s.op === 'convTranspose2d' ? ['direct', 'scatter'] : ['direct']) {
    const built = buildAnimation(cl, s, r, { view });
    if (!built.ok) continue; // too large to animate (the page says so instead)
    frames.push({ id, view, model: built.model });
  }
}

test('the figures checked: every preset but the ones too large to animate', () => {
  const ids = new Set(frames.map((f) => f.id));
  assert.ok(ids.size >= PRESET_IDS.length - 4, `${ids.size} of ${PRESET_IDS.length}`);
  for (const id of ['conv-s1', 'pool-ceil', 'pool-floor', 'ca-max-pool-ceil-dropped', 'ca-avg-pool-ceil', 'size-5-3-2-1']) assert.ok(ids.has(id), id);
});

for (const { id, view, model } of frames) {
  test(`${id} (${view}): all text inside the viewBox, legend items apart (en, zh; side by side, stacked)`, () => {
    for (const lang of ['en', 'zh']) {
      const t = (key, params) => translate(lang, key, params);
      for (const stacked of [false, true]) {
        for (const k of [0, Math.floor(model.steps.length / 2), model.steps.length - 1]) {
          const tree = renderFrame(model, k, { t, lang, stacked });
          const [, , W, H] = tree.a.viewBox.split(' ').map(Number);
          const where = `${lang}, ${stacked ? 'stacked' : 'side by side'}, step ${k}`;
          for (const b of textBoxes(tree)) {
            assert.ok(b.left >= 0 && b.right <= W, `"${b.text}" spans x ${b.left.toFixed(1)}…${b.right.toFixed(1)} of 0…${W} (${where})`);
            assert.ok(b.top >= 0 && b.bottom <= H, `"${b.text}" spans y ${b.top.toFixed(1)}…${b.bottom.toFixed(1)} of 0…${H} (${where})`);
          }
          const legend = legendBoxes(tree);
          assert.ok(legend.length >= 3, `a legend (${where})`);
          for (let i = 1; i < legend.length; i++) {
            const [a, b] = [legend[i - 1], legend[i]];
            if (a.y !== b.y) continue; // a new row
            assert.ok(b.left - a.right >= 8, `"${a.label}" ends ${(b.left - a.right).toFixed(1)} units before "${b.label}" (${where})`);
          }
          // the captions above the grids keep clear of each other
          const captions = textBoxes(tree).filter((b) => / · \d+×\d+$/.test(b.text));
          for (const a of captions) {
            for (const b of captions) {
              if (a === b || Math.abs(a.bottom - b.bottom) > 1) continue;
              assert.ok(a.right <= b.left || b.right <= a.left, `captions "${a.text}" and "${b.text}" overlap (${where})`);
            }
          }
        }
      }
    }
  });
}

test('max pooling writes −∞ (U+2212) for its padding, never an ASCII "-∞"', () => {
  const frame = frames.find((f) => f.id === 'ca-max-pool-ceil-dropped');
  const svgs = frame.model.steps.map((_, k) => svgString(renderFrame(frame.model, k, { t: (key, p) => translate('en', key, p), lang: 'en' })));
  assert.ok(svgs.some((svg) => svg.includes('−∞')), 'a window over the padding shows −∞');
  for (const svg of svgs) assert.ok(!svg.includes('-∞'), 'no hyphen-minus before ∞');
});

test('the width estimate is no narrower than DejaVu Sans and DejaVu Sans Mono draw (advance widths, em)', () => {
  // measured with canvas measureText in Chromium on Debian (fonts-dejavu-core 2.37)
  const DEJAVU_SANS = { a: 0.613, m: 0.974, w: 0.818, i: 0.278, f: 0.352, r: 0.411, t: 0.392, M: 0.863, W: 0.989, A: 0.684, O: 0.787, 0: 0.636, ' ': 0.318, '(': 0.39, '_': 0.5, '×': 0.838, '−': 0.838, '∞': 0.833, '·': 0.318, '[': 0.39, ',': 0.318 };
  for (const [ch, em] of Object.entries(DEJAVU_SANS)) assert.ok(textWidth(ch, 100) >= em * 100, `${ch}: ${textWidth(ch, 100)} < ${em * 100}`);
  assert.ok(textWidth('0', 100, true) >= 60.2, 'DejaVu Sans Mono: 0.602 em');
  assert.equal(LABEL_SIZE, 13);
});
