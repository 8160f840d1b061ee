// web/ui/model/parse-matrix.js: what people paste from Python, PyTorch, NumPy and spreadsheets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMatrix } from '../../web/ui/model/parse-matrix.js';

const ok = (text, shape, texts) => {
  const r = parseMatrix(text);
  assert.equal(r.ok, true, `${JSON.stringify(text)}: ${r.key}`);
  assert.deepEqual(r.shape, shape, JSON.stringify(text));
  assert.deepEqual(r.texts, texts, JSON.stringify(text));
};
const bad = (text, key) => {
  const r = parseMatrix(text);
  assert.equal(r.ok, false, JSON.stringify(text));
  assert.equal(r.key, key, JSON.stringify(text));
};

test('Python nested lists', () => {
  ok('[[1, 2], [3, 4]]', [2, 2], ['1', '2', '3', '4']);
  ok('[[1.5, -2e-3], [+3, .5]]', [2, 2], ['1.5', '-0.002', '3', '0.5']);
  ok('[1, 2, 3]', [3], ['1', '2', '3']);
  ok("[float('inf'), -float(\"inf\"), float('nan')]", [3], ['inf', '-inf', 'nan']);
});

test('PyTorch reprs, with dtype, grad and device noise', () => {
  ok('tensor([[1., 2.],\n        [3., 4.]])', [2, 2], ['1', '2', '3', '4']);
  ok("tensor([[[[1.0000e+00, 2.5000e-01]]]], dtype=torch.float64, requires_grad=True)", [1, 1, 1, 2], ['1', '0.25']);
  ok("torch.tensor([[1, 2]], device='cuda:0')", [1, 2], ['1', '2']);
  ok('tensor([[ 0.1000, -0.2000]], grad_fn=<AddBackward0>)', [1, 2], ['0.1', '-0.2']);
  ok('tensor(5.)', [1, 1], ['5']);
});

test('NumPy reprs and prints', () => {
  ok('array([[1, 2],\n       [3, 4]])', [2, 2], ['1', '2', '3', '4']);
  ok('np.array([[1., 2.], [3., 4.]], dtype=float32)', [2, 2], ['1', '2', '3', '4']);
  ok('[[1 2 3]\n [4 5 6]]', [2, 3], ['1', '2', '3', '4', '5', '6']);
  ok('[[ 1.  -2. ]\n [ 0.5  3. ]]', [2, 2], ['1', '-2', '0.5', '3']);
});

test('spreadsheet TSV, CSV and whitespace tables', () => {
  ok('1\t2\t3\n4\t5\t6\n', [2, 3], ['1', '2', '3', '4', '5', '6']);
  ok('1\t2\r\n3\t4\r\n', [2, 2], ['1', '2', '3', '4']);
  ok('1, 2\n3, 4', [2, 2], ['1', '2', '3', '4']);
  ok('1 2\n3 4', [2, 2], ['1', '2', '3', '4']);
  ok('7', [1, 1], ['7']);
});

test('text that is not a number is kept as text (shown as invalid, never zeroed)', () => {
  ok('[[1, x], [3, 4]]', [2, 2], ['1', 'x', '3', '4']);
  ok('1\tabc', [1, 2], ['1', 'abc']);
});

test('malformed pastes give a message key', () => {
  bad('', 'pasteEmpty');
  bad('   ', 'pasteEmpty');
  bad('[[1, 2], [3]]', 'pasteRagged');
  bad('1\t2\n3', 'pasteRagged');
  bad('[[1, 2]', 'pasteUnbalanced');
  bad('[[1, 2]] extra', 'pasteTrailing');
  bad('tensor([[1., 2., ..., 9.]])', 'pasteTruncated');
  bad('[[[[[1]]]]]', 'pasteTooDeep');
  bad('[[]]', 'pasteEmpty');
  bad('x'.repeat(2_000_000), 'pasteTooLarge');
});
