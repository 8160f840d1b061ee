// Image mode's strings (web/images/strings.js): 简体中文 has every English key with the same
// placeholders and nothing else; tr() answers in the chosen language, English as fallback; every
// data-i18n key of the page is in the table; the language is part of the link (lang=zh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { IMAGES_ENGLISH as en, imagesLang, setImagesLang, tr } from '../../web/images/strings.js';
import zh from '../../web/images/strings-zh.js';
import { NORMS } from '../../web/images/render.js';
import { SAMPLES } from '../../web/images/samples.js';
import { CHANNEL_MODES, KERNELS } from '../../web/images/kernels.js';
import { parseFieldText, field, defaultLayer } from '../../web/images/layers.js';
import { defaultState, parseHash, serializeHash } from '../../web/images/state.js';

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('简体中文 has every English key, with the same placeholders, and nothing else; no string is empty', () => {
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  for (const [key, text] of Object.entries(en)) {
    assert.deepEqual(placeholders(zh[key]), placeholders(text), key);
    assert.ok(text.trim() && zh[key].trim(), key);
  }
  const named = [['norm', NORMS], ['sample', SAMPLES], ['kernel', KERNELS], ['channels', CHANNEL_MODES]];
  for (const [prefix, list] of named) {
    for (const { id } of list) assert.ok(Object.hasOwn(en, `${prefix}_${id}`), `${prefix}_${id}`);
  }
});

test('every data-i18n key used by image mode is in the table', () => {
  const files = ['index.html', 'main.js', 'grids.js', 'dataset-panel.js', 'gallery.js', 'editor.js', 'layers.js', 'state.js'].map((f) => readFileSync(new URL(`../../web/images/${f}`, import.meta.url), 'utf8'));
  const keys = new Set();
  for (const text of files) {
    for (const m of text.matchAll(/data-i18n(?:="|': ')([A-Za-z_]+)/g)) keys.add(m[1]);
    for (const m of text.matchAll(/\btr\((?:[^()']*\? )?'([A-Za-z_]+)'/g)) keys.add(m[1]);
    for (const m of text.matchAll(/\btr\([^()']*\? '([A-Za-z_]+)' : '([A-Za-z_]+)'/g)) keys.add(m[1]).add(m[2]);
    for (const m of text.matchAll(/tallyNotice\(\w+, '([A-Za-z_]+)'/g)) keys.add(m[1]).add(`${m[1]}Many`);
  }
  assert.ok(keys.size > 120, `found ${keys.size} keys`);
  for (const k of keys) assert.ok(Object.hasOwn(en, k), `"${k}" is not in strings.js`);
});

test('tr(): English first, 简体中文 once loaded, placeholders filled, unknown languages refused', async () => {
  assert.equal(imagesLang(), 'en');
  assert.equal(tr('layer', { index: 2 }), 'Layer 2');
  assert.equal(await setImagesLang('fr'), false);
  assert.equal(imagesLang(), 'en');
  assert.equal(await setImagesLang('zh'), true);
  assert.equal(tr('layer', { index: 2 }), '第 2 层');
  assert.equal(tr('dsStepOf', { step: 3, last: 4 }), '3 / 4');
  assert.equal(tr('no-such-key'), 'no-such-key');
  assert.equal(await setImagesLang('en'), true);
  assert.equal(tr('datasetHeading'), 'Dataset');
});

test('the language is in the link: lang=zh round-trips, a bad value keeps English with a notice', () => {
  assert.equal(parseHash('').state.lang, undefined, 'no lang: English');
  const { state, notices } = parseHash('#lang=zh');
  assert.deepEqual(notices, []);
  assert.equal(state.lang, 'zh');
  assert.equal(serializeHash(state), `lang=zh&${serializeHash(defaultState())}`);
  assert.equal(serializeHash({ ...state, lang: 'en' }), serializeHash(defaultState()));
  const bad = parseHash('#lang=klingon');
  assert.equal(bad.state.lang, undefined);
  assert.deepEqual(bad.notices, ['lang must be one of en, zh, got "klingon"']);
});

test('in 简体中文 the link\'s notices and the controls\' parse errors are Chinese, with the same values', async () => {
  assert.equal(await setImagesLang('zh'), true);
  try {
    assert.deepEqual(parseHash('#lang=klingon&zoom=7&bogus=1').notices,
      ['lang 必须是 en, zh 之一，但得到 "klingon"', 'zoom 必须是 auto, 1, 2, 4, 8 之一，但得到 "7"', '未知设置 "bogus"；已忽略']);
    const layer = defaultLayer('maxPool2d');
    assert.equal(parseFieldText(field('kernel_size'), 'x', layer).message, 'kernel_size 必须是整数或一对整数 (h, w)，但得到 x');
    assert.equal(parseFieldText(field('stride'), 'y', layer).message, 'stride 必须是整数或一对整数 (h, w) 或 None，但得到 y');
    const adaptive = defaultLayer('adaptiveAvgPool2d');
    assert.equal(parseFieldText(field('output_size'), '(None, y)', adaptive).message, 'output_size 必须是整数或一对 (h, w)（其中某一维可以是 None），但得到 (None, y)');
    assert.equal(parseFieldText(field('norm_type'), '65', defaultLayer('lpPool2d')).message, 'norm_type 必须在 -64 与 64 之间，但得到 65');
    assert.equal(tr('hint_output_size_adaptive'), 'h 或 h, w；某一维写 None 则保持其大小');
    const notices = parseHash('#layer=Foo()&layer=MaxPool2d(kernel_size=2,kernel_size=3)').notices;
    assert.equal(notices.length, 2);
    assert.match(notices[0], /^第 1 层："Foo\(\)" 不是一个层/);
    assert.equal(notices[1], '第 1 层：kernel_size 出现了两次；使用第一个');
  } finally {
    await setImagesLang('en');
  }
  assert.deepEqual(parseHash('#bogus=1').notices, ['Unknown setting "bogus"; it was ignored']);
});
