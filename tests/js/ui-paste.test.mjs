// web/ui/model/paste.js: where a pasted matrix lands, and which sizes it changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPaste } from '../../web/ui/model/paste.js';
import { parseMatrix } from '../../web/ui/model/parse-matrix.js';
import { defaultState, inputShape } from '../../web/ui/model/state.js';
import { makeState } from '../../web/ui/model/make-state.js';

const paste = (s, name, flat, text) => applyPaste(s, name, flat, parseMatrix(text));

test('a 2-D matrix at cell (0, 0) of another size resizes the plane', () => {
  const { state } = paste(defaultState(), 'input', 0, '[[1, 2, 3], [4, 5, 6]]');
  assert.deepEqual(state.input_size, [2, 3]);
  assert.deepEqual(state.tensors.input.texts, ['1', '2', '3', '4', '5', '6']);
  const w = paste(defaultState(), 'weight', 0, '[[1, 0], [0, 1]]').state;
  assert.deepEqual(w.kernel_size, [2, 2]);
  assert.deepEqual(w.tensors.weight.shape, [1, 1, 2, 2]);
});

test('elsewhere it is a block, clipped to the plane; the old state is untouched', () => {
  const s = defaultState();
  const { state } = paste(s, 'input', 23, '[[7, 8, 9], [7, 8, 9]]'); // row 4, col 3
  assert.deepEqual(state.tensors.input.texts.slice(20), ['2', '1', '0', '7', '8']);
  assert.deepEqual(state.input_size, [5, 5]);
  assert.equal(s.tensors.input.texts[23], '1');
});

test('rank 3 sets the channels of one batch item; rank 4 the whole tensor', () => {
  const s = makeState({ batch: 2 });
  const three = paste(s, 'input', 25, '[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]').state; // batch item 1
  assert.deepEqual(inputShape(three), [2, 2, 2, 2]);
  assert.deepEqual(three.tensors.input.texts.slice(8), ['1', '2', '3', '4', '5', '6', '7', '8']);
  const four = paste(defaultState(), 'weight', 0, 'tensor([[[[1., 2.]]], [[[3., 4.]]], [[[5., 6.]]]])').state;
  assert.equal(four.out_channels, 3);
  assert.deepEqual(four.kernel_size, [1, 2]);
  assert.deepEqual(four.tensors.weight.texts, ['1', '2', '3', '4', '5', '6']);
  assert.deepEqual(four.tensors.bias.shape, [3]);
});

test('a transposed weight of rank 4 sets in_channels and out_channels the ConvTranspose2d way', () => {
  const s = makeState({ op: 'convTranspose2d' });
  const { state } = paste(s, 'weight', 0, '[[[[1]], [[2]]], [[[3]], [[4]]], [[[5]], [[6]]]]'); // [3, 2, 1, 1]
  assert.equal(state.in_channels, 3);
  assert.equal(state.out_channels, 2);
});

test('bias values go from the cell pasted into; sizes beyond the schema are refused', () => {
  const s = makeState({ out_channels: 3, bias: true });
  assert.deepEqual(paste(s, 'bias', 1, '[5, 6, 7]').state.tensors.bias.texts, ['0', '5', '6']);
  const r = paste(defaultState(), 'input', 0, `[${Array(300).fill('[1]').join(',')}]`);
  assert.equal(r.error.key, 'outOfRange');
});
