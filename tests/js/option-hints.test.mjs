// PyTorch's spellings get a hint: every camelCase option of every op, spec and load() given in
// snake_case (generated from the option lists, not listed here) is UNKNOWN_OPTION with
// "(did you mean '<camelCase>'?)"; so are other cases and '-' for '_'. Other unknown names get no hint.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { NULLABLE, OPTIONS, suggestName } from '../../dist/convlens/args.js';
import { LOAD_OPTIONS } from '../../dist/convlens/loader.js';
import { ConvlensError, load } from 'convlens';

const cl = await load();
const x = { shape: [1, 1, 4, 4], data: new Float32Array(16) };
const w = { shape: [1, 1, 2, 2], data: new Float32Array(4) };
const x1d = { shape: [1, 1, 4], data: new Float32Array(4) };
const w1d = { shape: [1, 1, 2], data: new Float32Array(2) };
const pooledGrad = { shape: [1, 1, 2, 2], data: new Float32Array(4) };
const snake = (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camelCase = (names) => names.filter((n) => /[A-Z]/.test(n));

/** The ConvlensError `fn` throws. */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConvlensError, String(e));
    return e;
  }
  return assert.fail('did not throw');
}

const CALLS = {
  conv2d: (o) => cl.conv2d(x, w, o),
  convTranspose2d: (o) => cl.convTranspose2d(x, w, o),
  maxPool2d: (o) => cl.maxPool2d(x, { kernelSize: 2, ...o }),
  avgPool2d: (o) => cl.avgPool2d(x, { kernelSize: 2, ...o }),
  pad: (o) => cl.pad(x, { pad: [1, 1], ...o }),
  adaptiveAvgPool2d: (o) => cl.adaptiveAvgPool2d(x, { outputSize: 2, ...o }),
  adaptiveMaxPool2d: (o) => cl.adaptiveMaxPool2d(x, { outputSize: 2, ...o }),
  lpPool2d: (o) => cl.lpPool2d(x, { normType: 2, kernelSize: 2, ...o }),
  maxUnpool2d: (o) => cl.maxUnpool2d(x, { shape: x.shape, data: new Int32Array(16) }, { kernelSize: 2, ...o }),
  unfold: (o) => cl.unfold(x, { kernelSize: 2, ...o }),
  fold: (o) => cl.fold({ shape: [1, 4, 9], data: new Float32Array(36) }, { outputSize: 4, kernelSize: 2, ...o }),
  adaptiveAvgPool1d: (o) => cl.adaptiveAvgPool1d(x1d, { outputSize: 2, ...o }),
  adaptiveMaxPool1d: (o) => cl.adaptiveMaxPool1d(x1d, { outputSize: 2, ...o }),
  conv1d: (o) => cl.conv1d(x1d, w1d, o),
  convTranspose1d: (o) => cl.convTranspose1d(x1d, w1d, o),
  maxPool1d: (o) => cl.maxPool1d(x1d, { kernelSize: 2, ...o }),
  avgPool1d: (o) => cl.avgPool1d(x1d, { kernelSize: 2, ...o }),
  conv2dBackward: (o) => cl.conv2dBackward({ shape: [1, 1, 3, 3], data: new Float32Array(9) }, x, w, o),
  maxPool2dBackward: (o) => cl.maxPool2dBackward(pooledGrad, x, { kernelSize: 2, ...o }),
  avgPool2dBackward: (o) => cl.avgPool2dBackward(pooledGrad, x, { kernelSize: 2, ...o }),
};

test('every op with options has a call here and a list of the options PyTorch takes None for', () => {
  assert.deepEqual(Object.keys(CALLS).sort(), Object.keys(OPTIONS).sort());
  assert.deepEqual(Object.keys(NULLABLE).sort(), Object.keys(OPTIONS).sort());
});

test('the option lists have camelCase names to hint at', () => {
  const all = new Set(Object.values(OPTIONS).flatMap(camelCase));
  assert.deepEqual([...all].sort(), ['ceilMode', 'countIncludePad', 'divisorOverride', 'kernelSize', 'normType', 'outputPadding',
    'outputSize', 'paddingMode', 'returnIndices']);
});

for (const [op, names] of Object.entries(OPTIONS)) {
  test(`${op}: each camelCase option in snake_case says which name it means`, () => {
    for (const name of camelCase(names)) {
      const e = thrown(() => CALLS[op]({ [snake(name)]: 1 }));
      assert.equal(e.code, 'UNKNOWN_OPTION');
      assert.equal(e.argument, snake(name));
      assert.equal(e.message, `${op}() got an unexpected keyword argument '${snake(name)}' (did you mean '${name}'?)`);
    }
  });
}

test('the issue\'s example: maxPool2d(x, { kernel_size: 3 })', () => {
  const e = thrown(() => cl.maxPool2d(x, { kernel_size: 3 }));
  assert.equal(e.message, "maxPool2d() got an unexpected keyword argument 'kernel_size' (did you mean 'kernelSize'?)");
});

test('specs: the shapes and the options in snake_case get the hint too', () => {
  const spec = { op: 'conv2d', inputShape: [1, 1, 4, 4], weightShape: [1, 1, 2, 2] };
  for (const [key, meant] of [['input_shape', 'inputShape'], ['weight_shape', 'weightShape'], ['padding_mode', 'paddingMode']]) {
    const e = thrown(() => cl.outputShape({ ...spec, [key]: spec[meant] ?? 'zeros' }));
    assert.equal(e.message, `outputShape() got an unexpected keyword argument '${key}' (did you mean '${meant}'?)`);
  }
  const counted = thrown(() => cl.parameterCount({ op: 'conv2d', in_channels: 1, outChannels: 1, kernelSize: 3 }));
  assert.match(counted.message, /'in_channels' \(did you mean 'inChannels'\?\)$/);
});

test("load(): each camelCase option in snake_case says which name it means", async () => {
  for (const name of camelCase(LOAD_OPTIONS)) {
    await assert.rejects(load({ [snake(name)]: null }), { code: 'UNKNOWN_OPTION',
      message: `load() got an unexpected keyword argument '${snake(name)}' (did you mean '${name}'?)` });
  }
});

test('other cases and dashes are close enough; other names get no hint', () => {
  assert.equal(suggestName('KernelSize', OPTIONS.maxPool2d), 'kernelSize');
  assert.equal(suggestName('kernel-size', OPTIONS.maxPool2d), 'kernelSize');
  assert.equal(suggestName('CEIL_MODE', OPTIONS.maxPool2d), 'ceilMode');
  assert.equal(suggestName('Stride', OPTIONS.conv2d), 'stride');
  assert.equal(suggestName('strides', OPTIONS.conv2d), null);
  assert.equal(suggestName('kernel_size', OPTIONS.conv2d), null, 'conv2d takes its kernel size from the weight');
  assert.equal(thrown(() => cl.conv2d(x, w, { strides: 1 })).message, "conv2d() got an unexpected keyword argument 'strides'");
});
