// web/ui/model/step-text.js: ↑ / ↓ in a number field step the integer under the caret, clamped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stepIntText } from '../../web/ui/model/step-text.js';

test('the integer under the caret steps by one; the caret stays after it', () => {
  assert.deepEqual(stepIntText('2', [1, 1], 1, 1, 64), { text: '3', selection: [1, 1] });
  assert.deepEqual(stepIntText('9', [1, 1], 1, 1, 64), { text: '10', selection: [2, 2] });
  assert.deepEqual(stepIntText('2, 3', [0, 0], 1, 1, 64), { text: '3, 3', selection: [1, 1] });
  assert.deepEqual(stepIntText('10, 3', [5, 5], -1, 1, 64), { text: '10, 2', selection: [5, 5] });
  assert.deepEqual(stepIntText('(2, 3)', [1, 1], 1, 0, 9), { text: '(3, 3)', selection: [2, 2] });
  assert.deepEqual(stepIntText('-1', [2, 2], 1, -8, 64), { text: '0', selection: [1, 1] });
});

test('all of the text selected: every integer steps, and all stays selected', () => {
  assert.deepEqual(stepIntText('2, 3', [0, 4], 1, 1, 64), { text: '3, 4', selection: [0, 4] });
  assert.deepEqual(stepIntText('9', [0, 1], 1, 1, 64), { text: '10', selection: [0, 2] });
});

test('limits hold; nothing to step gives null', () => {
  assert.equal(stepIntText('1', [1, 1], -1, 1, 64), null);
  assert.equal(stepIntText('64', [2, 2], 1, 1, 64), null);
  assert.deepEqual(stepIntText('70', [2, 2], -1, 1, 64), { text: '64', selection: [2, 2] }, 'out of range: back inside');
  for (const text of ['', 'None', 'same', 'valid', 'abc', '1.5e']) assert.equal(stepIntText(text, [0, 0], 1, 0, 64), null, text);
});
