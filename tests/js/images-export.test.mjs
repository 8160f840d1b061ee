// Image mode's PyTorch export (web/images/export.js), checked without snapshots: the code holds
// every weight value (as float32 text), the layer arguments, the biases, output_size solved as
// output_padding, the loader and the save_image calls; it is deterministic and valid Python.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

import { loadVariants } from './helpers.mjs';
import { pngFileName, pytorchCode } from '../../web/images/export.js';
import { makeLayer } from '../../web/images/layers.js';
import { float32Text } from '../../web/ui/model/numbers.js';
import { prepareLayer } from '../../web/images/pipeline.js';

function prepareAll(cl, layers, inShape) {
  const out = [];
  let shape = inShape;
  for (const l of layers) {
    const p = prepareLayer(cl, l, shape);
    out.push(p);
    shape = p.outShape;
  }
  return out;
}

const LAYERS = [
  makeLayer('conv2d', { weight: 'sobel_x', channels: 'luminance', padding: [1, 1], bias: 0.5 }),
  makeLayer('maxPool2d', { kernel_size: [2, 2] }),
  makeLayer('conv2d', { channels: 'random', seed: 3, out_channels: 4, groups: 1, kernel_size: [3, 3], padding: 'same', padding_mode: 'reflect' }),
  makeLayer('avgPool2d', { kernel_size: [3, 3], stride: [1, 1], padding: [1, 1], count_include_pad: false, ceil_mode: true }),
  makeLayer('convTranspose2d', { weight: 'bilinear', kernel_size: [4, 4], channels: 'depthwise', stride: [2, 2], padding: [1, 1], output_size: [33, 33] }),
];

test('the code has the modules with their arguments, every weight and the biases', async () => {
  const [{ cl }] = await loadVariants();
  const prepared = prepareAll(cl, LAYERS, [2, 3, 32, 32]);
  const code = pytorchCode(LAYERS, prepared, { size: 32, images: ['house', 'checker'], norm: 'image' });
  assert.match(code, /^model = nn\.Sequential\($/m);
  assert.ok(code.includes('    nn.Conv2d(3, 1, kernel_size=3, padding=1),  # 0: → [N, 1, 32, 32]'), code);
  assert.ok(code.includes('    nn.MaxPool2d(kernel_size=2),  # 1: → [N, 1, 16, 16]'));
  assert.ok(code.includes("    nn.Conv2d(1, 4, kernel_size=3, padding='same', bias=False, padding_mode='reflect'),  # 2: → [N, 4, 16, 16]"));
  assert.ok(code.includes('    nn.AvgPool2d(kernel_size=3, stride=1, padding=1, ceil_mode=True, count_include_pad=False),  # 3: → [N, 4, 16, 16]'));
  // output_size=(33, 33) from 16: (16 − 1)·2 − 2 + 4 = 32, so output_padding=1
  assert.ok(code.includes('    nn.ConvTranspose2d(4, 4, kernel_size=4, stride=2, padding=1, output_padding=1, groups=4, bias=False),  # 4: → [N, 4, 33, 33]  # output_size=(33, 33) as output_padding'));
  assert.ok(code.includes('    model[0].bias.fill_(0.5)'));
  assert.ok(!code.includes('model[2].bias'), 'no bias, no bias line');
  // every weight value of every conv layer, in order, reshaped to the layer's weight shape
  for (const i of [0, 2, 4]) {
    const p = prepared[i];
    const start = code.indexOf(`model[${i}].weight.copy_(torch.tensor([`);
    assert.ok(start > 0, `weights of layer ${i}`);
    const end = code.indexOf(`]).reshape(${p.weight.shape.join(', ')}))`, start);
    assert.ok(end > start, `reshape of layer ${i} to [${p.weight.shape}]`);
    const numbers = code.slice(code.indexOf('torch.tensor([', start) + 'torch.tensor(['.length, end).split(',').map((t) => t.trim()).filter((t) => t !== '');
    assert.equal(numbers.length, p.weight.data.length);
    numbers.forEach((t, k) => assert.equal(Math.fround(Number(t)), p.weight.data[k], `layer ${i} weight ${k}`));
  }
  // the loader and the run
  assert.match(code, /def load_image\(path, size=32\):/);
  assert.match(code, /TF\.resize\(img, \[size, size\], antialias=True\)/);
  assert.match(code, /x = torch\.cat\(\[load_image\(p\) for p in paths\]\)/);
  assert.match(code, /save_image\(tiles, f'convlens-\{name\}\.png', nrow=c if c > 1 else 8, padding=2, normalize=True, scale_each=True\)/);
  assert.match(code, /built-in samples house, checker/);
});

test('the save_image arguments follow the normalisation', async () => {
  const [{ cl }] = await loadVariants();
  const layers = [makeLayer('maxPool2d')];
  const prepared = prepareAll(cl, layers, [1, 3, 32, 32]);
  assert.match(pytorchCode(layers, prepared, { size: 32, norm: 'batch' }), /padding=2, normalize=True\)$/m);
  assert.match(pytorchCode(layers, prepared, { size: 32, norm: 'fixed', range: [-1, 0.5] }), /normalize=True, value_range=\(-1, 0\.5\)\)$/m);
  assert.ok(!pytorchCode(layers, prepared, { size: 32, rgb: false }).includes('if y.shape[1] == 3'));
  assert.ok(!pytorchCode(layers, prepared, { size: 32 }).includes('with torch.no_grad():\n    #'), 'no weights to set for pools');
});

test('the export is deterministic and valid Python', async () => {
  const [{ cl }] = await loadVariants();
  const a = pytorchCode(LAYERS, prepareAll(cl, LAYERS, [2, 3, 32, 32]), { size: 32 });
  const b = pytorchCode(LAYERS, prepareAll(cl, LAYERS, [2, 3, 32, 32]), { size: 32 });
  assert.equal(a, b);
  const py = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: a, encoding: 'utf8' });
  if (py.error) return; // no python3 here: the syntax check is skipped
  assert.equal(py.status, 0, py.stderr);
});

test('float32Text is the shortest text that reads back as the same float32', () => {
  assert.equal(float32Text(0.1), '0.1');
  assert.equal(float32Text(1 / 3), '0.33333334');
  assert.equal(float32Text(-2), '-2');
  assert.equal(float32Text(-0), '0');
  assert.equal(float32Text(1e-7), '1e-7');
  for (const v of [Math.PI, 0.299 * -1, 123456.789, 1e30]) {
    assert.equal(Math.fround(Number(float32Text(v))), Math.fround(v));
  }
  assert.equal(pngFileName(0), 'convlens-input.png');
  assert.equal(pngFileName(2), 'convlens-layer2.png');
});

test('the adaptive pools and LPPool2d in the code: their modules with their arguments, the shapes they give', async () => {
  const [{ cl }] = await loadVariants();
  const layers = [
    makeLayer('lpPool2d', { norm_type: 1.5, kernel_size: [3, 3], stride: [2, 2], ceil_mode: true }),
    makeLayer('adaptiveMaxPool2d', { output_size: [7, null] }),
    makeLayer('adaptiveAvgPool2d', { output_size: [null, null] }),
    makeLayer('adaptiveAvgPool2d', { output_size: [1, 1] }),
  ];
  const prepared = prepareAll(cl, layers, [2, 3, 32, 32]);
  const code = pytorchCode(layers, prepared, { size: 32 });
  assert.ok(code.includes('    nn.LPPool2d(norm_type=1.5, kernel_size=3, stride=2, ceil_mode=True),  # 0: → [N, 3, 16, 16]'), code);
  assert.ok(code.includes('    nn.AdaptiveMaxPool2d(output_size=(7, None)),  # 1: → [N, 3, 7, 16]'));
  // (None, None): PyTorch takes a pair of Nones (keep both sizes), never a bare None
  assert.ok(code.includes('    nn.AdaptiveAvgPool2d(output_size=(None, None)),  # 2: → [N, 3, 7, 16]'));
  assert.ok(code.includes('    nn.AdaptiveAvgPool2d(output_size=1),  # 3: → [N, 3, 1, 1]'));
  assert.ok(!code.includes('.weight.copy_('), 'pools have no weights to set');
  assert.ok(!code.includes('return_indices'), 'the layers give tensors, as nn.Sequential needs');
  const py = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: code, encoding: 'utf8' });
  if (!py.error) assert.equal(py.status, 0, py.stderr);
});
