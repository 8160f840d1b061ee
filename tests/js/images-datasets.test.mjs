// Image mode's dataset wiring that needs no browser: the splits a set of files holds, the step count,
// the tutorial's pipeline and its shapes through the API, tile captions, the TensorBoard display mode
// (tiles and PNG export equal add_images' bytes), and the tutorial's PyTorch script (text, valid Python).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

import { loadVariants } from './helpers.mjs';
import { labelCaption, splitsOf, stepCount, tutorialLayers } from '../../web/images/datasets.js';
import { tutorialCode } from '../../web/images/export.js';
import { makeLayer } from '../../web/images/layers.js';
import { prepareLayer, summarize } from '../../web/images/pipeline.js';
import { gridRGBA, tileRGBA, tilesOf, tileRanges } from '../../web/images/render.js';
import { tensorboardByte, tensorboardImageGrid } from '../../web/images/data/tensorboard-images.js';

test('splits: both where the files have both, one where only one, none for ImageFolder', () => {
  assert.deepEqual(splitsOf(['cifar-10-python.tar.gz']), ['test', 'train']);
  assert.deepEqual(splitsOf(['cifar-10-batches-bin/test_batch.bin']), ['test']);
  assert.deepEqual(splitsOf(['b/data_batch_1.bin', 'b/data_batch_2.bin', 'b/test_batch.bin', 'b/batches.meta.txt']), ['test', 'train']);
  assert.deepEqual(splitsOf(['p/batches.meta', 'p/data_batch_1']), ['train']);
  assert.deepEqual(splitsOf(['cifar-100-python/test', 'cifar-100-python/train', 'cifar-100-python/meta']), ['test', 'train']);
  assert.deepEqual(splitsOf(['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']), ['test']);
  assert.deepEqual(splitsOf(['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']), ['test', 'train']);
  assert.deepEqual(splitsOf(['pets/cat/1.png', 'pets/dog/2.png']), []);
  assert.deepEqual(splitsOf(['notes.txt']), []);
});

test('steps: len(DataLoader) with and without drop_last', () => {
  assert.equal(stepCount(10_000, { batchSize: 64, dropLast: false }), 157);
  assert.equal(stepCount(10_000, { batchSize: 64, dropLast: true }), 156);
  assert.equal(stepCount(260, { batchSize: 256, dropLast: false }), 2);
  assert.equal(stepCount(63, { batchSize: 64, dropLast: true }), 0);
});

test("the tutorial's pipeline: MaxPool2d(kernel_size=3, ceil_mode=False), [64, 3, 32, 32] → [64, 3, 10, 10]", async () => {
  const [{ cl }] = await loadVariants();
  const layers = tutorialLayers();
  assert.equal(layers.length, 1);
  assert.deepEqual([layers[0].op, layers[0].kernel_size, layers[0].stride, layers[0].ceil_mode], ['maxPool2d', [3, 3], null, false]);
  const [row] = summarize(cl, [64, 3, 32, 32], layers);
  assert.deepEqual(row.shape, [64, 3, 10, 10]);
  assert.equal(row.module, 'MaxPool2d(kernel_size=3)');
  assert.deepEqual(summarize(cl, [64, 1, 28, 28], layers)[0].shape, [64, 1, 9, 9]);
});

test('captions: label and class name; MNIST names already start with the label', () => {
  assert.equal(labelCaption(3, ['airplane', 'automobile', 'bird', 'cat']), '3 cat');
  assert.equal(labelCaption(2, ['0 - zero', '1 - one', '2 - two']), '2 - two');
  assert.equal(labelCaption(1, ['0', '1']), '1');
});

test('TensorBoard display: colour tiles whatever the colour switch, bytes ⌊clip(v·255)⌋, PNG export = add_images grid', () => {
  // 10 images of 3×2×2 with values spread over [−0.5, 1.5] and a NaN
  const n = 10;
  const data = Float32Array.from({ length: n * 12 }, (_, i) => ((i * 7) % 41) / 20 - 0.5);
  data[5] = NaN;
  const tensor = { shape: [n, 3, 2, 2], data };
  const layout = tilesOf(tensor.shape, { rgb: false, norm: 'tensorboard' });
  assert.equal(layout.rgb, true);
  assert.equal(layout.tiles.length, n);
  const ranges = tileRanges(tensor, layout.tiles, { norm: 'tensorboard' });
  const rgba = tileRGBA(tensor, layout.tiles[0], ranges[0], 'tensorboard');
  for (let p = 0; p < 4; p++) {
    for (let c = 0; c < 3; c++) assert.equal(rgba[4 * p + c], tensorboardByte(data[c * 4 + p]), `pixel ${p} channel ${c}`);
    assert.equal(rgba[4 * p + 3], 255);
  }
  assert.equal(rgba[4 * 1 + 1], 0, 'NaN → 0'); // data[5] is channel 1, pixel 1
  const g = gridRGBA(tensor, { rgb: false, norm: 'tensorboard' });
  const tb = tensorboardImageGrid(tensor);
  assert.deepEqual([g.width, g.height], [tb.width, tb.height]); // 8 columns × 2 rows of 2×2, no gaps
  assert.deepEqual([g.width, g.height], [16, 4]);
  for (let i = 0; i < g.width * g.height; i++) {
    for (let c = 0; c < 3; c++) assert.equal(g.data[4 * i + c], tb.rgb[3 * i + c]);
  }
  // grey (1-channel) layers: the value repeated in R, G, B
  const grey = { shape: [1, 1, 1, 2], data: Float32Array.of(0.5, 2) };
  const t = tilesOf(grey.shape, { norm: 'tensorboard' }).tiles[0];
  assert.deepEqual(Array.from(tileRGBA(grey, t, [0, 1], 'tensorboard')), [127, 127, 127, 255, 255, 255, 255, 255]);
});

test("the tutorial's script: torchvision dataset, DataLoader, the nn.Module, the SummaryWriter loop; valid Python", async () => {
  const [{ cl }] = await loadVariants();
  const loader = { batchSize: 64, shuffle: false, seed: 0, dropLast: false };
  const prep = (layers, shape) => {
    const out = [];
    for (const l of layers) {
      out.push(prepareLayer(cl, l, shape));
      shape = out.at(-1).outShape;
    }
    return out;
  };
  const layers = tutorialLayers();
  const code = tutorialCode(layers, prep(layers, [64, 3, 32, 32]), { dataset: { name: 'CIFAR-10', split: 'test' }, loader });
  assert.ok(code.includes('dataset = torchvision.datasets.CIFAR10(root, train=False, transform=ToTensor(), download=True)'), code);
  assert.ok(code.includes('dataloader = DataLoader(dataset, batch_size=64, shuffle=False, drop_last=False)'));
  assert.ok(code.includes('    nn.MaxPool2d(kernel_size=3),  # 0: → [N, 3, 10, 10]'));
  assert.match(code, /^class Model\(nn\.Module\):$/m);
  assert.match(code, /^writer = SummaryWriter\("runs"\)$/m);
  assert.match(code, /^ {4}for imgs, targets in dataloader:$/m);
  assert.match(code, /^ {8}writer\.add_images\('input', imgs, step\)$/m);
  assert.match(code, /^ {8}if output\.shape\[1\] in \(1, 3\):\n {12}writer\.add_images\('output', output, step\)$/m);
  assert.match(code, /^ {16}writer\.add_images\(f'layer\{i \+ 1\}', x, step\)$/m);
  assert.ok(!code.includes('manual_seed'), 'no seed without shuffle');

  const mnist = tutorialCode(layers, prep(layers, [32, 1, 28, 28]), { dataset: { name: 'MNIST', split: 'train' }, loader: { batchSize: 32, shuffle: true, seed: 7, dropLast: true } });
  assert.ok(mnist.includes('torchvision.datasets.MNIST(root, train=True, transform=ToTensor(), download=True)'));
  assert.ok(mnist.includes('DataLoader(dataset, batch_size=32, shuffle=True, drop_last=True)'));
  assert.ok(mnist.includes('torch.manual_seed(7)'));
  assert.ok(tutorialCode(layers, prep(layers, [64, 3, 32, 32]), { dataset: { name: 'Fashion-MNIST', split: 'test' }, loader }).includes('torchvision.datasets.FashionMNIST(root, train=False'));
  assert.ok(tutorialCode(layers, prep(layers, [64, 3, 32, 32]), { dataset: { name: 'CIFAR-100', split: 'test' }, loader }).includes('torchvision.datasets.CIFAR100(root, train=False'));

  // ImageFolder and the synthetic set: ImageFolder(root), conv weights set as in the pictures' export
  const conv = [makeLayer('conv2d', { weight: 'sobel_x', channels: 'luminance', padding: [1, 1] }), ...layers];
  const folder = tutorialCode(conv, prep(conv, [8, 3, 32, 32]), { dataset: { name: 'ImageFolder', split: 'all', root: 'pets' }, loader });
  assert.ok(folder.includes('root = "pets"'));
  assert.ok(folder.includes('dataset = torchvision.datasets.ImageFolder(root, transform=ToTensor())'));
  assert.ok(folder.includes('model[0].weight.copy_(torch.tensor(['));
  const synthetic = tutorialCode(layers, prep(layers, [64, 3, 32, 32]), { dataset: { name: 'synthetic', split: 'all', synthetic: true }, loader });
  assert.match(synthetic, /synthetic set; point root at an ImageFolder/);
  assert.ok(synthetic.includes('torchvision.datasets.ImageFolder(root, transform=ToTensor())'));

  for (const text of [code, mnist, folder]) {
    const py = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: text, encoding: 'utf8' });
    if (py.error) return; // no python3 here: the syntax check is skipped
    assert.equal(py.status, 0, py.stderr);
  }
});
