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

test('a 1-D op: a matrix of several rows is (C, L), its rows the channels; rank 3 is (N, C, L)', () => {
  const s = makeState({ op: 'conv1d' });
  assert.deepEqual(s.tensors.input.shape, [1, 1, 5]);
  const two = paste(s, 'input', 0, '[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]');
  assert.equal(two.error, undefined, two.error?.key);
  assert.equal(two.notice, undefined);
  assert.equal(two.state.in_channels, 3);
  assert.equal(two.state.input_size, 4);
  assert.deepEqual(two.state.tensors.input.shape, [1, 3, 4]);
  assert.deepEqual(two.state.tensors.input.texts, ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
  assert.deepEqual(two.state.tensors.weight.shape, [1, 3, 3], 'the weight follows the channels');
  // spreadsheet rows (tab-separated) into the weight: in_channels / groups planes of kernel_size
  const w = paste(s, 'weight', 0, '1\t0\n0\t1').state;
  assert.deepEqual([w.in_channels, w.kernel_size], [2, 2]);
  assert.deepEqual(w.tensors.weight.shape, [1, 2, 2]);
  assert.deepEqual(w.tensors.weight.texts, ['1', '0', '0', '1']);
  // ConvTranspose1d's weight is [in, out / groups, k]: its rows set out_channels
  const t = paste(makeState({ op: 'convTranspose1d', groups: 1 }), 'weight', 0, '[[1, 2], [3, 4]]').state;
  assert.deepEqual([t.out_channels, t.kernel_size, t.tensors.weight.shape], [2, 2, [1, 2, 2]]);
  // the second batch item of a pool's input
  const pool = makeState({ op: 'maxPool1d', batch: 2, in_channels: 2 });
  const item = paste(pool, 'input', 10, '[[1, 2], [3, 4]]').state; // batch item 1, channel 0
  assert.deepEqual(item.tensors.input.shape, [2, 2, 2]);
  assert.deepEqual(item.tensors.input.texts.slice(4), ['1', '2', '3', '4']);
  const three = paste(s, 'input', 0, '[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]').state;
  assert.deepEqual([three.batch, three.in_channels, three.input_size], [2, 2, 2]);
  assert.deepEqual(three.tensors.input.shape, [2, 2, 2]);
  assert.deepEqual(three.tensors.input.texts, ['1', '2', '3', '4', '5', '6', '7', '8']);
  // one row is still a row: from the cell pasted into (at cell 0 it sets the length)
  const row = paste(s, 'input', 2, '[[7, 8]]').state;
  assert.deepEqual([row.in_channels, row.input_size], [1, 5]);
  assert.deepEqual(row.tensors.input.texts, [...s.tensors.input.texts.slice(0, 2), '7', '8', s.tensors.input.texts[4]]);
  assert.equal(paste(s, 'input', 0, '[[7, 8]]').state.input_size, 2);
});

test('a 1-D op: rows that cannot be the channels paste the first row, and say why', () => {
  const s = makeState({ op: 'conv1d' });
  const rows = Array.from({ length: 70 }, (_, i) => `[${i}, ${i + 1}, ${i + 2}]`).join(', ');
  const r = paste(s, 'input', 0, `[${rows}]`);
  assert.equal(r.error, undefined);
  assert.deepEqual(r.notice, {
    key: 'pasteFirstRow', params: { rows: 70, name: 'input' },
    reason: { key: 'outOfRange', params: r.notice.reason.params },
  });
  assert.equal(r.notice.reason.params.name, 'in_channels');
  assert.equal(r.state.in_channels, 1);
  assert.equal(r.state.input_size, 3);
  assert.deepEqual(r.state.tensors.input.texts, ['0', '1', '2']);
  // a first row that cannot be pasted either: the error
  const long = paste(s, 'input', 0, `[${Array.from({ length: 70 }, () => `[${new Array(300).fill(1).join(', ')}]`).join(', ')}]`);
  assert.equal(long.error.key, 'outOfRange');
  // 2-D ops keep their rules: rows are rows
  assert.deepEqual(paste(defaultState(), 'input', 0, '[[1, 2], [3, 4]]').state.input_size, [2, 2]);
});
