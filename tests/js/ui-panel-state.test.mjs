// web/ui/model/panel-state.js: the page's panel settings in the URL hash, beside state.js's fields (which the
// widget shares without them): parsed and written back, malformed values kept at their defaults with a notice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PANEL_FIELDS, parsePageHash, serializePageHash } from '../../web/ui/model/panel-state.js';
import { defaultState, parseHash, serializeHash } from '../../web/ui/model/state.js';

test('the defaults: no panel keys in the hash, nothing added to it', () => {
  const { state, notices } = parsePageHash('');
  assert.deepEqual(notices, []);
  assert.deepEqual(PANEL_FIELDS.map((f) => state[f.name]), [false, false, 'ones', 1]);
  assert.equal(serializePageHash(state), serializeHash(defaultState()));
});

test('the panels’ keys anywhere in the hash, the rest as parseHash reads it; written back the same', () => {
  const hash = '#backward_view=True&op=maxPool2d&grad_output=random&kernel_size=2&grad_seed=42&unfold_view=1&select=3';
  const { state, notices } = parsePageHash(hash);
  assert.deepEqual(notices, []);
  assert.deepEqual([state.unfold_view, state.backward_view, state.grad_output, state.grad_seed], [true, true, 'random', 42]);
  assert.deepEqual([state.op, state.kernel_size, state.select], ['maxPool2d', [2, 2], 3]);
  const written = serializePageHash(state);
  assert.match(written, /&unfold_view=True&backward_view=True&grad_output=random&grad_seed=42$/);
  assert.deepEqual(parsePageHash(written).state, state);
  assert.equal(written.startsWith(serializeHash(state)), true);
});

test('malformed values keep the default, with a notice; the first of a repeated key counts', () => {
  const { state, notices } = parsePageHash('grad_output=sideways&grad_seed=-1&backward_view=%E0%A4%A&grad_seed=7&grad_seed=8');
  assert.deepEqual([state.grad_output, state.grad_seed, state.backward_view], ['ones', 1, false]);
  assert.deepEqual(notices.map((n) => [n.key, n.params.name]), [['badValue', 'grad_output'], ['badValue', 'grad_seed'], ['badValue', 'backward_view']]);
});

test('state.js alone (the widget) does not know the panels’ keys', () => {
  const { notices } = parseHash('unfold_view=True');
  assert.deepEqual(notices, [{ key: 'unknownKey', params: { key: 'unfold_view' } }]);
});

test('a hash past the length limit is parseHash’s to refuse whole', () => {
  const { state, notices } = parsePageHash(`unfold_view=True&${'x'.repeat(2_000_001)}`);
  assert.equal(state.unfold_view, false);
  assert.deepEqual(notices.map((n) => n.key), ['hashTooLong']);
});
