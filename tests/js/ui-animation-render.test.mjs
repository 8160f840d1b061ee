// web/ui/animation/animation-render.js (the SVG of a frame) and web/ui/animation/animation-player.js (the clock):
// the SVG is well-formed XML with exactly one element per cell, its size is the same for every
// step, text is escaped, values can be left out; the clock steps, loops, pauses and changes speed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { load } from 'convlens';
import { evaluate } from '../../web/ui/model/compute.js';
import { buildAnimation } from '../../web/ui/animation/animation-model.js';
import { describe as describeModel, PALETTE, renderFrame, textWidth, wrap } from '../../web/ui/animation/animation-render.js';
import { svgFile, svgString } from '../../web/ui/animation/svg-text.js';
import { BASE_STEP_MS, createPlayer, nextSpeed, SPEEDS, stepDelay } from '../../web/ui/animation/animation-player.js';
import { CONV_ARITHMETIC_PRESETS } from '../../web/ui/model/conv-arithmetic-presets.js';
import { presetState } from '../../web/ui/model/presets.js';
import { loadLang, t as translate } from '../../web/ui/i18n/i18n.js';
import { parseHash, serializeHash } from '../../web/ui/model/state.js';
import { makeState } from '../../web/ui/model/make-state.js';
import { parseXml } from './ui-animation-helpers.mjs';

const cl = await load();
assert.ok(await loadLang('zh'));
const en = (key, params) => translate('en', key, params);
const zh = (key, params) => translate('zh', key, params);

function modelOf(id, view = 'direct') {
  const s = presetState(id);
  const r = evaluate(cl, s);
  assert.equal(r.ok, true);
  return buildAnimation(cl, s, r, { view }).model;
}

describe('the SVG of a frame', () => {
  for (const p of CONV_ARITHMETIC_PRESETS) {
    for (const view of p.state().op === 'convTranspose2d' ? ['direct', 'scatter'] : ['direct']) {
      test(`${p.id} (${view}): well-formed, one element per cell, the same size at every step`, () => {
        const m = modelOf(p.id, view);
        const cells = m.channels.length * m.inGrid.rows * m.inGrid.cols + m.outGrid.rows * m.outGrid.cols;
        let size = null;
        for (const k of [0, Math.floor(m.steps.length / 2), m.steps.length - 1]) {
          const els = parseXml(svgFile(renderFrame(m, k, { t: en, lang: 'en' })));
          assert.equal(els[0].name, 'svg');
          assert.equal(els[0].attrs.xmlns, 'http://www.w3.org/2000/svg');
          const cellEls = els.filter((e) => e.name === 'rect' && e.attrs.class === 'fig-cell');
          assert.equal(cellEls.length, cells, 'one <rect class="fig-cell"> per cell');
          assert.equal(new Set(cellEls.map((e) => `${e.attrs['data-grid']}:${e.attrs['data-plane'] ?? ''}:${e.attrs['data-r']}:${e.attrs['data-c']}`)).size, cells);
          const here = `${els[0].attrs.width}x${els[0].attrs.height}`;
          size ??= here;
          assert.equal(here, size, 'every step has the same size (GIF frames line up)');
          assert.ok(els.some((e) => e.name === 'text'), 'text is <text>');
        }
      });
    }
  }

  test('the current cell’s arithmetic is in the figure; without values there are no numbers in cells', () => {
    const m = modelOf('ca-padding-strides');
    const svg = svgString(renderFrame(m, 4, { t: en, lang: 'en' }));
    const all = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((x) => x[1]).join(' ');
    assert.ok(all.includes(m.steps[4].text), `the arithmetic of step 5 (wrapped into lines): ${all}`);
    assert.ok(svg.includes('Step 5 of 9: output[0, 0, 1, 1]'));
    const plain = svgString(renderFrame(m, 4, { t: en, lang: 'en', values: false }));
    assert.ok(!plain.includes(m.steps[4].text));
    const texts = [...plain.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((x) => x[1]);
    assert.ok(texts.every((s) => !/^-?\d+(\.\d+)?$/.test(s) && !/^×/.test(s)), `no values: ${texts.join(' | ')}`);
  });

  test('a width scales the figure; the viewBox stays', () => {
    const m = modelOf('ca-dilation');
    const a = parseXml(svgString(renderFrame(m, 0, { t: en, lang: 'en' })))[0].attrs;
    const b = parseXml(svgString(renderFrame(m, 0, { t: en, lang: 'en', width: 320 })))[0].attrs;
    assert.equal(a.viewBox, b.viewBox);
    assert.equal(b.width, '320');
    assert.equal(Number(b.height), Math.round((320 * Number(a.height)) / Number(a.width)));
  });

  test('text is escaped (XML) and Chinese labels are wrapped by width', () => {
    const m = modelOf('ca-padding-strides-odd-transposed');
    const svg = svgFile(renderFrame(m, 0, { t: zh, lang: 'zh', title: '<script>&"' }));
    assert.ok(svg.includes('&lt;script&gt;&amp;&quot;'));
    assert.ok(!svg.includes('<script'));
    parseXml(svg);
    assert.match(svg, /[\u4e00-\u9fff]/, 'the labels are Chinese');
    for (const line of wrap(zh('animSubDirect', { zeros: 1, padding: 1, outputPadding: 1 }), 400, 13)) assert.ok(textWidth(line, 13) <= 400 + 13);
  });

  test('describe() reads like the PyTorch call', () => {
    assert.equal(describeModel(modelOf('ca-padding-strides-odd')), 'Conv2d(kernel_size=3, stride=2, padding=1, dilation=1): 6×6 → 3×3');
    assert.equal(describeModel(modelOf('ca-padding-strides-odd-transposed')),
      'ConvTranspose2d(kernel_size=3, stride=2, padding=1, output_padding=1, dilation=1): 3×3 → 6×6');
    assert.equal(describeModel(modelOf('ca-max-pool-ceil-dropped')), 'MaxPool2d(kernel_size=2, stride=2, padding=1, dilation=1, ceil_mode=True): 5×5 → 3×3');
  });
});

describe('the animation clock', () => {
  function fakeTimers() {
    const pending = [];
    return {
      pending,
      setTimer: (fn, ms) => {
        pending.push({ fn, ms });
        return pending.length;
      },
      clearTimer: (id) => {
        if (pending[id - 1]) pending[id - 1].fn = null;
      },
      fire() {
        const next = pending.find((p) => p.fn);
        const { fn, ms } = next;
        next.fn = null;
        fn();
        return ms;
      },
    };
  }

  test('plays step by step at the speed chosen, loops, and stops at the end without loop', () => {
    const timers = fakeTimers();
    const seen = [];
    const p = createPlayer({ ...timers, onStep: (k) => seen.push(k) });
    p.setSteps(3);
    p.play();
    assert.equal(timers.fire(), BASE_STEP_MS);
    p.setSpeed('8');
    assert.equal(timers.fire(), BASE_STEP_MS / 8);
    assert.equal(timers.fire(), BASE_STEP_MS / 8); // wraps to 0 (loop)
    assert.deepEqual(seen, [1, 2, 0]);
    p.setLoop(false);
    timers.fire();
    timers.fire();
    assert.equal(p.step, 2);
    assert.equal(p.playing, false, 'stops at the last step without loop');
    p.play(); // played to the end: starts over
    assert.equal(p.step, 0);
    assert.equal(p.playing, true);
  });

  test('seek and stepBy pause and clamp; setSteps clamps the step', () => {
    const timers = fakeTimers();
    const p = createPlayer(timers);
    p.setSteps(5);
    p.play();
    p.stepBy(1);
    assert.equal(p.playing, false);
    assert.equal(p.step, 1);
    p.seek(99);
    assert.equal(p.step, 4);
    p.stepBy(-9);
    assert.equal(p.step, 0);
    p.seek(4);
    p.setSteps(2);
    assert.equal(p.step, 1);
    p.setSteps(1);
    p.play();
    assert.equal(p.playing, false, 'one step: nothing to play');
  });

  test('speeds 0.25× to 8×, one home for them (the state schema)', () => {
    assert.deepEqual(SPEEDS, ['0.25', '0.5', '1', '2', '4', '8']);
    assert.equal(stepDelay('0.25'), BASE_STEP_MS * 4);
    assert.equal(nextSpeed('8', 1), '8');
    assert.equal(nextSpeed('0.25', -1), '0.25');
    assert.equal(nextSpeed('1', 1), '2');
  });
});

describe('animation settings in the URL', () => {
  test('view, plane, step, speed, loop and values round-trip; defaults stay out of the URL', () => {
    const s = { ...makeState({ op: 'convTranspose2d' }), anim_view: 'scatter', anim_step: 7, anim_speed: '0.25', anim_loop: false, anim_values: false, anim_channel: 0 };
    const hash = serializeHash(s);
    assert.match(hash, /anim_view=scatter/);
    assert.match(hash, /anim_speed=0\.25/);
    const back = parseHash(hash);
    assert.deepEqual(back.notices, []);
    for (const k of ['anim_view', 'anim_step', 'anim_speed', 'anim_loop', 'anim_values']) assert.equal(back.state[k], s[k], k);
    assert.ok(!serializeHash(makeState({})).includes('anim_'));
  });

  test('hostile animation values fall back with a notice', () => {
    const { state, notices } = parseHash('#anim_speed=1e9&anim_step=-1&anim_view=<img>');
    assert.equal(state.anim_speed, '1');
    assert.equal(state.anim_step, 0);
    assert.equal(state.anim_view, 'direct');
    assert.equal(notices.length, 3);
  });
});

test('in the dark scheme every figure colour has a counterpart (web/style.css), but the white text and the two saturated fills', () => {
  const css = readFileSync(new URL('../../web/style.css', import.meta.url), 'utf8');
  const dark = [...css.matchAll(/\.anim-svg \[(fill|stroke)="(#[0-9a-f]{6})"\]/g)].map((m) => m[2]);
  const kept = [PALETTE.white, PALETTE.kernelFill, PALETTE.outCurFill]; // white text reads on both
  for (const [name, colour] of Object.entries(PALETTE)) {
    if (!kept.includes(colour)) assert.ok(dark.includes(colour), `${name} ${colour} has no dark counterpart`);
  }
});
