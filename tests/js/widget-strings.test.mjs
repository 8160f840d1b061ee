// The built widget (dist/convlens/widget/) carries the playground's English strings for its editors: a
// module imported only for its side effect is dropped by bundlers under package.json's sideEffects, and a
// widget with `controls` would then show string keys instead of words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLAYGROUND_ENGLISH } from '../../web/ui/i18n/i18n-en-playground.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'convlens', 'widget');

test('every English string of the playground is in the widget bundle, in a chunk loaded with the editors', () => {
  const chunks = readdirSync(dir).filter((f) => f.endsWith('.js') && f !== 'i18n-zh.js')
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
  const missing = Object.entries(PLAYGROUND_ENGLISH)
    .filter(([, text]) => !chunks.some((c) => c.includes(JSON.stringify(text).slice(1, -1)) || c.includes(text)));
  assert.ok(Object.keys(PLAYGROUND_ENGLISH).length > 50);
  assert.deepEqual(missing.map(([key]) => key), []);
});
