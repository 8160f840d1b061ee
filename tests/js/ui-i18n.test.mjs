// web/ui/i18n/i18n.js: English built in, 简体中文 loaded on demand (web/ui/i18n/i18n-zh.js), the same keys
// and placeholders in both, and t()'s fallbacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGLISH as figureEnglish, hasLang, LANG_NAMES, LANG_TAGS, loadLang, t } from '../../web/ui/i18n/i18n.js';
import { PLAYGROUND_ENGLISH } from '../../web/ui/i18n/i18n-en-playground.js';
import { LANGS } from '../../web/ui/model/state.js';
import zh from '../../web/ui/i18n/i18n-zh.js';

const en = { ...figureEnglish, ...PLAYGROUND_ENGLISH };
const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('the figure’s and the playground’s English keys are disjoint', () => {
  const both = Object.keys(PLAYGROUND_ENGLISH).filter((k) => Object.hasOwn(figureEnglish, k));
  assert.deepEqual(both, []);
  assert.ok(Object.keys(figureEnglish).length > 50 && Object.keys(PLAYGROUND_ENGLISH).length > 50);
});

test('every language has every English key, with the same placeholders, and nothing else', () => {
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  for (const [key, text] of Object.entries(en)) assert.deepEqual(placeholders(zh[key]), placeholders(text), key);
  assert.deepEqual(Object.keys(LANG_NAMES).sort(), [...LANGS].sort());
  assert.deepEqual(Object.keys(LANG_TAGS).sort(), [...LANGS].sort());
});

test('简体中文 loads on demand; until then, and for unknown languages, t() answers in English', async () => {
  assert.equal(hasLang('en'), true);
  assert.equal(hasLang('zh'), false, 'not loaded before it is asked for');
  assert.equal(t('zh', 'title'), 'convlens playground');
  const [a, b] = await Promise.all([loadLang('zh'), loadLang('zh')]);
  assert.deepEqual([a, b], [true, true]);
  assert.equal(hasLang('zh'), true);
  assert.equal(t('zh', 'title'), 'convlens 演练场');
  assert.equal(t('zh', 'outputHeading', { shape: '[1, 1, 3, 3]' }), zh.outputHeading.replace('{shape}', '[1, 1, 3, 3]'));
  assert.equal(await loadLang('fr'), false);
  assert.equal(await loadLang('__proto__'), false);
  assert.equal(hasLang('__proto__'), false);
  assert.equal(t('fr', 'title'), 'convlens playground');
  assert.equal(t('en', 'no-such-key'), 'no-such-key');
  assert.equal(t('en', 'loadFailed', {}), 'convlens failed to load: {message}', 'a missing parameter stays visible');
});
