// Image mode with the learner's own dataset, in headless Chromium, as the tutorial's run: the CIFAR-10
// binary and python-archive fixtures through the file input, DataLoader(batch_size=64), the tutorial's
// MaxPool2d(kernel_size=3) ([64, 3, 32, 32] → [64, 3, 10, 10]), pixels at two steps against the API
// run in node on the same batches and against expected.json, the TensorBoard display mode, the event
// file parsed back with an independent decoder, the tutorial script; the same (two steps, event file)
// for an MNIST IDX pair (dropped) and an ImageFolder of generated PNGs (folder picker); an ImageFolder
// of JPEGs; a truncated file's message with the previous dataset kept; Cancel of a long read;
// batch_size 256; 简体中文; axe.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, encode } from 'fast-png';

import { load } from 'convlens';
import { axeViolations, screenshot, startBrowser } from './browser.mjs';
import { download, edit, openImages, readPixel, runId, waitRun } from './images-helpers.mjs';
import { decodeEventFile } from '../js/event-file-decoder.mjs';
import { readCifarBinary } from '../../web/images/data/cifar.js';
import { dataLoader } from '../../web/images/data/data-loader.js';
import { readMnist } from '../../web/images/data/idx.js';
import { tensorboardImageGrid } from '../../web/images/data/tensorboard-images.js';
import { makeLayer } from '../../web/images/layers.js';
import { runPipeline } from '../../web/images/pipeline.js';
import { resnetHeadLayers } from '../../web/images/state.js';

const DIR = fileURLToPath(new URL('../fixtures/datasets/', import.meta.url));
const expected = JSON.parse(await readFile(path.join(DIR, 'expected.json'), 'utf8'));

let env;
let cl;
before(async () => {
  env = await startBrowser();
  cl = await load();
});
after(async () => {
  await env?.close();
});

/** Sets files on a file input and waits for the dataset's read to end ('loaded' | 'error'). */
async function pickFiles(page, selector, files, want = 'loaded') {
  await page.setInputFiles(selector, files);
  await page.waitForFunction((w) => document.body.dataset.dataset === w, want, { timeout: 30_000 });
}

/**
 * Exports the event file of steps from…to and checks it with the independent decoder: the tags of each
 * step, and the input and output pictures of each step equal to add_images' grid of `refAt(step)`.
 */
async function checkEventFile(page, from, to, refAt) {
  await page.fill('#ds-from', String(from));
  await page.fill('#ds-to', String(to));
  const file = await download(page, '#ds-export-events');
  const events = decodeEventFile(new Uint8Array(file.bytes));
  assert.equal(events[0].fileVersion, 'brain.Event:2');
  const images = events.slice(1);
  assert.equal(images.length, 3 * (to - from + 1), 'input, layer1 and output per step');
  for (let step = from; step <= to; step++) {
    const ref = refAt(step);
    for (const [tag, tensor] of [['input', ref.input], ['output', ref.output]]) {
      const v = images.find((e) => e.step === step && e.values[0].tag === tag)?.values[0];
      assert.ok(v, `${tag} at step ${step}`);
      const g = tensorboardImageGrid(tensor);
      assert.deepEqual([v.width, v.height, v.colorspace], [g.width, g.height, 3]);
      assert.ok(Buffer.from(decode(v.png).data).equals(Buffer.from(g.rgb)), `${tag} at step ${step}`);
    }
  }
}

/** Waits until the views show step `step` of a loaded dataset (the run of its batch is done). */
async function waitStep(page, step) {
  await page.waitForFunction((s) => document.body.dataset.run === 'done' && document.body.dataset.step === String(s), step, { timeout: 30_000 });
}

const shapeOf = (page, view) => page.locator(`[data-view="${view}"] .shape`).textContent();

/** The node-side batch and its MaxPool2d(kernel_size=3) output for `step` of `dataset`. */
function reference(dataset, step, batchSize = 64) {
  const input = dataLoader(dataset, { batchSize }).batch(step).input;
  return { input, output: cl.maxPool2d(input, { kernelSize: 3 }) };
}

async function cifarBinaryDataset() {
  const file = path.join(DIR, 'cifar-10-batches-bin', 'test_batch.bin');
  return readCifarBinary([{ path: 'cifar-10-batches-bin/test_batch.bin', blob: new Blob([await readFile(file)]) }]);
}

/** Loads a dataset that fills steps 0… of batch 64, checks the tutorial's shapes and pixels at steps 0 and 2. */
async function checkTutorialRun(page, dataset) {
  await waitStep(page, 0);
  // the tutorial's pipeline is the default once a dataset is loaded
  assert.equal(await page.locator('#ds-batch-size').inputValue(), '64');
  assert.equal(await shapeOf(page, 0), '[64, 3, 32, 32]');
  assert.equal(await shapeOf(page, 1), '[64, 3, 10, 10]');
  assert.match(await page.locator('[data-view="1"] h3').textContent(), /MaxPool2d\(kernel_size=3\)/);
  for (const step of [0, 2]) {
    if (step) {
      await page.locator('#ds-step').focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await waitStep(page, step);
    }
    const { input, output } = reference(dataset, step);
    const want = expected.dataloader_batch64_maxpool3[step];
    assert.deepEqual(output.shape, want.output_shape);
    // the first output image's channel 0 as expected.json has it, and the page shows the same values
    for (const [y, x] of [[0, 0], [4, 7], [9, 9]]) {
      // expected.json rounds to 6 decimals
      assert.ok(Math.abs(want.output_first_image_channel0[y][x] - output.data[y * 10 + x]) <= 1e-6, `step ${step} (${y}, ${x})`);
      const p = await readPixel(page, 1, 0, y, x);
      assert.equal(p.n, 0);
      assert.deepEqual(p.value, [0, 1, 2].map((c) => output.data[(c * 10 + y) * 10 + x]), `step ${step} output (${y}, ${x})`);
    }
    // an input pixel of image 5 (tile 5): ToTensor's k / 255
    const pIn = await readPixel(page, 0, 5, 17, 3);
    assert.deepEqual(pIn.value, [0, 1, 2].map((c) => input.data[((5 * 3 + c) * 32 + 17) * 32 + 3]));
    // labels under the tiles are the batch's labels and class names
    const captions = await page.locator('[data-view="0"] .caption').allTextContents();
    assert.equal(captions.length, 64);
    assert.equal(captions[0], `${want.labels[0]} ${expected.classes[want.labels[0]]}`);
    assert.equal(captions[63], `${want.labels[63]} ${expected.classes[want.labels[63]]}`);
  }
}

test('CIFAR-10 binary: batch 64, the tutorial MaxPool2d, two steps, TensorBoard display, event file and script', async () => {
  const { page, context, problems } = await openImages(env);
  try {
    const dataset = await cifarBinaryDataset();
    await pickFiles(page, '#ds-files', path.join(DIR, 'cifar-10-batches-bin', 'test_batch.bin'));
    assert.match(await page.locator('#ds-status').textContent(), /CIFAR-10 test split: 260 images of 3×32×32, 10 classes/);
    await checkTutorialRun(page, dataset);
    // the slider has one step per batch: 260 images → steps 0…4; PageUp goes 10 steps, clamped
    assert.equal(await page.locator('#ds-step').getAttribute('max'), '4');
    await page.locator('#ds-step').focus();
    await page.keyboard.press('PageUp');
    await waitStep(page, 4);
    assert.equal(await shapeOf(page, 0), '[4, 3, 32, 32]');
    await page.keyboard.press('PageDown');
    await waitStep(page, 0);

    // TensorBoard's display: the output grid exported as PNG is add_images' picture
    await edit(page, () => page.selectOption('#opt-norm', 'tensorboard'));
    const png = decode((await download(page, '[data-export="1"]')).bytes);
    const grid = tensorboardImageGrid(reference(dataset, 0).output);
    assert.deepEqual([png.width, png.height], [80, 80]);
    const rgb = Buffer.from(grid.rgb);
    const got = Buffer.alloc(80 * 80 * 3);
    for (let i = 0; i < 80 * 80; i++) for (let c = 0; c < 3; c++) got[3 * i + c] = png.data[png.channels * i + c];
    assert.ok(got.equals(rgb), 'the PNG is add_images\' grid');
    // 10×10 output tiles are zoomed from their own size (auto: 12×) and drawn without gaps
    // (CSS width 12 × 10 px, shrunk to fit the column) and drawn without gaps, 8 to a row
    const out = await page.locator('[data-view="1"] canvas').evaluateAll((cs) => cs.slice(0, 9).map((c) => ({ css: c.style.width, ...c.getBoundingClientRect().toJSON() })));
    assert.equal(out[0].css, '120px');
    assert.ok(out[0].width >= 60, `output tiles are ${out[0].width} px wide`);
    assert.ok(Math.abs(out[1].left - out[0].right) < 0.5, 'no gap between columns');
    assert.ok(Math.abs(out[8].top - out[0].bottom) < 0.5 && Math.abs(out[8].left - out[0].left) < 0.5, 'image 8 starts the second row, with no gap');
    await screenshot(page, 'images-dataset-tensorboard');

    // the event file of steps 0…4: input, layer1, output per step, PNGs equal add_images' grids
    await page.fill('#ds-from', '0');
    await page.fill('#ds-to', '4');
    const file = await download(page, '#ds-export-events');
    assert.match(file.name, /^events\.out\.tfevents\.\d{10}\.browser\.convlens$/);
    const events = decodeEventFile(new Uint8Array(file.bytes));
    assert.equal(events[0].fileVersion, 'brain.Event:2');
    const images = events.slice(1);
    assert.deepEqual(images.map((e) => e.step), [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
    assert.deepEqual(images.slice(0, 3).map((e) => e.values[0].tag), ['input', 'layer1', 'output']);
    for (const step of [0, 4]) {
      const ref = reference(dataset, step);
      for (const [tag, tensor] of [['input', ref.input], ['output', ref.output]]) {
        const v = images.find((e) => e.step === step && e.values[0].tag === tag).values[0];
        const g = tensorboardImageGrid(tensor);
        assert.deepEqual([v.width, v.height, v.colorspace], [g.width, g.height, 3]);
        const d = decode(v.png);
        assert.ok(Buffer.from(d.data).equals(Buffer.from(g.rgb)), `${tag} at step ${step}`);
      }
    }

    // the tutorial's script
    await page.click('#show-code');
    await page.waitForSelector('#code-section:not([hidden])'); // the worker writes the script
    const code = await page.locator('#code').textContent();
    assert.match(code, /torchvision\.datasets\.CIFAR10\(root, train=False, transform=ToTensor\(\), download=True\)/);
    assert.match(code, /DataLoader\(dataset, batch_size=64, shuffle=False, drop_last=False\)/);
    assert.match(code, /nn\.MaxPool2d\(kernel_size=3\)/);
    assert.match(code, /writer\.add_images\('input', imgs, step\)/);
    assert.match(code, /writer\.add_images\('output', output, step\)/);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the adaptive pools and LPPool2d over a dataset: the ResNet example\'s head, each step\'s pictures and the event file', async () => {
  const { page, context, problems } = await openImages(env);
  try {
    const dataset = await cifarBinaryDataset();
    await pickFiles(page, '#ds-files', path.join(DIR, 'cifar-10-batches-bin', 'test_batch.bin'));
    await waitStep(page, 0);
    // ResNet's stem and head, its MaxPool2d turned into LPPool2d, then an AdaptiveMaxPool2d(2)
    await edit(page, () => page.click('#example-resnet'));
    await edit(page, () => page.selectOption('#l1-type', 'lpPool2d'));
    await page.selectOption('#add-type', 'adaptiveMaxPool2d');
    await edit(page, () => page.click('#add-layer'));
    await edit(page, () => page.fill('#l3-output_size', '2'));
    await page.waitForFunction(() => location.hash.includes('layer=LPPool2d()&layer=AdaptiveAvgPool2d(output_size=1)&layer=AdaptiveMaxPool2d(output_size=2)'));
    /** The batch of `step` through the same four layers, in node. */
    const refAt = (step) => {
      const input = dataLoader(dataset, { batchSize: 64 }).batch(step).input;
      const run = runPipeline(cl, input, [...resnetHeadLayers().slice(0, 1), makeLayer('lpPool2d'),
        makeLayer('adaptiveAvgPool2d', { output_size: [1, 1] }), makeLayer('adaptiveMaxPool2d', { output_size: [2, 2] })]);
      assert.equal(run.error, null);
      const [, lp, head, out] = run.outputs;
      assert.deepEqual(head, cl.adaptiveAvgPool2d(lp, { outputSize: [1, 1] }));
      assert.deepEqual(out, cl.adaptiveMaxPool2d(head, { outputSize: 2 }));
      return { input, lp, head, output: out };
    };
    for (const step of [0, 1]) {
      if (step) {
        await page.locator('#ds-step').focus();
        await page.keyboard.press('ArrowRight');
        await waitStep(page, step);
      }
      const ref = refAt(step);
      assert.deepEqual([await shapeOf(page, 2), await shapeOf(page, 3), await shapeOf(page, 4)], ['[64, 3, 8, 8]', '[64, 3, 1, 1]', '[64, 3, 2, 2]']);
      for (const n of [0, 63]) {
        assert.deepEqual((await readPixel(page, 3, n, 0, 0)).value, [0, 1, 2].map((c) => ref.head.data[n * 3 + c]), `step ${step} head ${n}`);
        assert.deepEqual((await readPixel(page, 2, n, 7, 3)).value, [0, 1, 2].map((c) => ref.lp.data[((n * 3 + c) * 8 + 7) * 8 + 3]), `step ${step} LPPool2d ${n}`);
      }
    }
    // the event file: input, layer1…layer4 and output per step, the head as add_images draws it
    await page.fill('#ds-from', '0');
    await page.fill('#ds-to', '1');
    const events = decodeEventFile(new Uint8Array((await download(page, '#ds-export-events')).bytes)).slice(1);
    const tags = ['input', 'layer1', 'layer2', 'layer3', 'layer4', 'output'];
    assert.deepEqual(events.map((e) => `${e.step}:${e.values[0].tag}`), [0, 1].flatMap((step) => tags.map((tag) => `${step}:${tag}`)));
    for (const step of [0, 1]) {
      const ref = refAt(step);
      for (const [tag, tensor] of [['layer3', ref.head], ['output', ref.output]]) {
        const v = events.find((e) => e.step === step && e.values[0].tag === tag).values[0];
        const g = tensorboardImageGrid(tensor);
        assert.deepEqual([v.width, v.height], tag === 'layer3' ? [8, 8] : [16, 16]);
        assert.ok(Buffer.from(decode(v.png).data).equals(Buffer.from(g.rgb)), `${tag} at step ${step}`);
      }
    }
    // the tutorial's script with the same modules
    await page.click('#show-code');
    await page.waitForSelector('#code-section:not([hidden])');
    const code = await page.locator('#code').textContent();
    for (const text of ['    nn.LPPool2d(norm_type=2, kernel_size=2),  # 1: → [N, 3, 8, 8]',
      '    nn.AdaptiveAvgPool2d(output_size=1),  # 2: → [N, 3, 1, 1]', '    nn.AdaptiveMaxPool2d(output_size=2),  # 3: → [N, 3, 2, 2]']) {
      assert.ok(code.includes(text), `${text} in the script`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('CIFAR-10 python archive through the file input: train and test splits, batch 64, two steps', async () => {
  const { page, context, problems } = await openImages(env);
  try {
    await pickFiles(page, '#ds-files', path.join(DIR, 'cifar-10-python.tar.gz'));
    assert.equal(await page.isVisible('#ds-split'), true, 'the archive holds both splits');
    assert.match(await page.locator('#ds-status').textContent(), /CIFAR-10 test split: 260 images/);
    await checkTutorialRun(page, await cifarBinaryDataset()); // the same pictures as the binary file
    // the train split
    const before = await runId(page);
    await page.selectOption('#ds-split', 'train');
    await page.waitForFunction(() => /train split: 130 images/.test(document.querySelector('#ds-status').textContent));
    await waitRun(page, before);
    await waitStep(page, 0);
    assert.equal(await page.locator('#ds-step').getAttribute('max'), '2');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('MNIST IDX pair: [64, 1, 28, 28] → [64, 1, 9, 9], grey pixels as the reader gives them', async () => {
  const { page, context, problems } = await openImages(env);
  try {
    const files = ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'].map((f) => path.join(DIR, 'mnist', f));
    // dropped on the dataset card, as files dragged from a file manager
    const dropped = await Promise.all(
      files.map(async (f) => ({ name: path.basename(f), bytes: [...await readFile(f)] })),
    );
    await page.evaluate((list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([Uint8Array.from(f.bytes)], f.name));
      document.querySelector('#ds-drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, dropped);
    await page.waitForFunction(() => document.body.dataset.dataset === 'loaded', null, { timeout: 30_000 });
    assert.match(await page.locator('#ds-status').textContent(), /^MNIST test split: 260 images of 1×28×28, 10 classes\.$/);
    await waitStep(page, 0);
    assert.equal(await shapeOf(page, 0), '[64, 1, 28, 28]');
    assert.equal(await shapeOf(page, 1), '[64, 1, 9, 9]');
    const entries = await Promise.all(
      files.map(async (f) => ({ path: path.basename(f), blob: new Blob([await readFile(f)]) })),
    );
    const dataset = await readMnist(entries);
    const input = dataLoader(dataset, { batchSize: 64 }).batch(0).input;
    const output = cl.maxPool2d(input, { kernelSize: 3 });
    assert.deepEqual(Array.from(dataset.pixels.subarray(14 * 28, 15 * 28)), expected.mnist_image0_row14);
    const p = await readPixel(page, 0, 0, 14, 5);
    assert.equal(p.value, Math.fround(expected.mnist_image0_row14[5] / 255));
    const q = await readPixel(page, 1, 3, 4, 4);
    assert.equal(q.value, output.data[(3 * 9 + 4) * 9 + 4]);
    const captions = await page.locator('[data-view="0"] .caption').allTextContents();
    assert.equal(captions[0], `${expected.mnist_first_label} - ${['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][expected.mnist_first_label]}`);
    // a second step: batch 2 (images 128…191)
    const loader = dataLoader(dataset, { batchSize: 64 });
    const refAt = (step) => {
      const x = loader.batch(step).input;
      return { input: x, output: cl.maxPool2d(x, { kernelSize: 3 }) };
    };
    await page.locator('#ds-step').focus();
    await page.keyboard.press('ArrowRight');
    await waitStep(page, 1);
    await page.keyboard.press('ArrowRight');
    await waitStep(page, 2);
    const step2 = refAt(2);
    assert.equal((await readPixel(page, 0, 5, 14, 9)).value, step2.input.data[5 * 784 + 14 * 28 + 9]);
    assert.equal((await readPixel(page, 1, 7, 2, 6)).value, step2.output.data[7 * 81 + 2 * 9 + 6]);
    await checkEventFile(page, 1, 2, refAt);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('ImageFolder by the folder picker: classes from sub-folders, pixels of the PNGs', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'convlens-folder-'));
  const { page, context, problems } = await openImages(env);
  try {
    // 3 classes × 3 pictures of 8×8, each a known colour pattern
    const pictures = [];
    for (const [ci, cls] of ['ants', 'bees', 'wasps'].entries()) {
      await mkdir(path.join(root, 'pets', cls), { recursive: true });
      for (let k = 0; k < 3; k++) {
        const data = new Uint8Array(8 * 8 * 3);
        for (let i = 0; i < 64; i++) {
          data[3 * i] = (i * 4 + ci * 50) % 256;
          data[3 * i + 1] = (k * 80) % 256;
          data[3 * i + 2] = 255 - i;
        }
        const file = path.join(root, 'pets', cls, `p${k}.png`);
        await writeFile(file, encode({ width: 8, height: 8, data, channels: 3, depth: 8 }));
        pictures.push({ cls: ci, data });
      }
    }
    // the folder picker gives paths relative to the chosen folder's parent (webkitRelativePath)
    await page.setInputFiles('#ds-folder', path.join(root, 'pets'));
    await page.waitForFunction(() => document.body.dataset.dataset === 'loaded' || document.body.dataset.dataset === 'error', null, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => document.body.dataset.dataset), 'loaded', await page.locator('#ds-status').textContent());
    await waitStep(page, 0);
    assert.match(await page.locator('#ds-status').textContent(), /ImageFolder: 9 images of 3×8×8, 3 classes/);
    assert.equal(await shapeOf(page, 0), '[9, 3, 8, 8]');
    assert.equal(await shapeOf(page, 1), '[9, 3, 2, 2]');
    const captions = await page.locator('[data-view="0"] .caption').allTextContents();
    assert.deepEqual(captions, ['0 ants', '0 ants', '0 ants', '1 bees', '1 bees', '1 bees', '2 wasps', '2 wasps', '2 wasps']);
    const p = await readPixel(page, 0, 4, 2, 5); // bees/p1.png, pixel 21
    const px = pictures[4].data;
    assert.deepEqual(p.value, [0, 1, 2].map((c) => Math.fround(px[3 * 21 + c] / 255)));
    // batch_size 4: three steps (4, 4, 1 pictures); step 1 is bees/p1 … wasps/p1
    const asTensor = (list) => {
      const data = new Float32Array(list.length * 3 * 64);
      list.forEach((q, n) => {
        for (let i = 0; i < 64; i++) for (let c = 0; c < 3; c++) data[(n * 3 + c) * 64 + i] = q.data[3 * i + c] / 255;
      });
      return { shape: [list.length, 3, 8, 8], data };
    };
    const refAt = (step) => {
      const x = asTensor(pictures.slice(4 * step, 4 * step + 4));
      return { input: x, output: cl.maxPool2d(x, { kernelSize: 3 }) };
    };
    const before = await runId(page);
    await page.fill('#ds-batch-size', '4');
    await page.locator('#ds-batch-size').dispatchEvent('change');
    await waitRun(page, before);
    assert.equal(await page.locator('#ds-step').getAttribute('max'), '2');
    await page.locator('#ds-step').focus();
    await page.keyboard.press('ArrowRight');
    await waitStep(page, 1);
    assert.equal(await shapeOf(page, 0), '[4, 3, 8, 8]');
    const q = await readPixel(page, 0, 2, 6, 1); // wasps/p0.png, pixel 49
    assert.deepEqual(q.value, [0, 1, 2].map((c) => Math.fround(pictures[6].data[3 * 49 + c] / 255)));
    const r = await readPixel(page, 1, 3, 1, 0);
    assert.deepEqual(r.value, [0, 1, 2].map((c) => refAt(1).output.data[(3 * 3 + c) * 4 + 2]));
    await checkEventFile(page, 0, 2, refAt);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('ImageFolder of JPEG pictures (.jpg and .jpeg): decoded by the browser, colours within JPEG\'s error', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'convlens-jpeg-'));
  const { page, context, problems } = await openImages(env);
  try {
    // 2 classes × 2 pictures of 16×16: four flat 8×8 quadrants (JPEG's blocks) of known colours
    const colours = [
      [[200, 40, 40], [40, 200, 40], [40, 40, 200], [220, 220, 60]],
      [[10, 10, 10], [250, 250, 250], [128, 64, 32], [32, 160, 160]],
    ];
    const jpeg = (quadrants) => page.evaluate(async (q) => {
      const canvas = new OffscreenCanvas(16, 16);
      const ctx = canvas.getContext('2d');
      q.forEach(([r, g, b], i) => {
        ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
        ctx.fillRect((i % 2) * 8, Math.floor(i / 2) * 8, 8, 8);
      });
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 1 });
      return [...new Uint8Array(await blob.arrayBuffer())];
    }, quadrants);
    for (const [ci, cls] of ['cats', 'dogs'].entries()) {
      await mkdir(path.join(root, 'photos', cls), { recursive: true });
      for (const [k, ext] of ['jpg', 'jpeg'].entries()) {
        const bytes = Uint8Array.from(await jpeg(colours[(ci + k) % 2]));
        assert.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG file');
        await writeFile(path.join(root, 'photos', cls, `q${k}.${ext}`), bytes);
      }
    }
    await page.setInputFiles('#ds-folder', path.join(root, 'photos'));
    await page.waitForFunction(() => document.body.dataset.dataset === 'loaded' || document.body.dataset.dataset === 'error', null, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => document.body.dataset.dataset), 'loaded', await page.locator('#ds-status').textContent());
    await waitStep(page, 0);
    assert.match(await page.locator('#ds-status').textContent(), /ImageFolder: 4 images of 3×16×16, 2 classes/);
    assert.deepEqual(await page.locator('[data-view="0"] .caption').allTextContents(), ['0 cats', '0 cats', '1 dogs', '1 dogs']);
    for (const [n, set] of [[0, 0], [1, 1], [2, 1], [3, 0]]) {
      for (const [i, colour] of colours[set].entries()) {
        const p = await readPixel(page, 0, n, Math.floor(i / 2) * 8 + 4, (i % 2) * 8 + 4); // a quadrant's centre
        p.value.forEach((v, c) => assert.ok(Math.abs(v * 255 - colour[c]) <= 4, `image ${n} quadrant ${i} channel ${c}: ${v * 255} vs ${colour[c]}`));
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('a truncated file gives its message and the dataset loaded before stays; the synthetic set', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'convlens-truncated-'));
  const { page, context, problems } = await openImages(env);
  try {
    await page.click('#ds-synthetic');
    await page.waitForFunction(() => document.body.dataset.dataset === 'loaded');
    await waitStep(page, 0);
    assert.match(await page.locator('#ds-status').textContent(), /Synthetic set .*: 320 images of 3×32×32, 10 classes/);
    assert.equal(await shapeOf(page, 1), '[64, 3, 10, 10]');
    const full = await readFile(path.join(DIR, 'cifar-10-batches-bin', 'test_batch.bin'));
    const cut = path.join(root, 'test_batch.bin');
    await writeFile(cut, full.subarray(0, 3073 * 2 + 100));
    await pickFiles(page, '#ds-files', cut, 'error');
    const text = await page.locator('#ds-status').textContent();
    assert.match(text, /^test_batch\.bin: /, text);
    assert.match(text, /6 246 bytes/, text);
    assert.match(text, / Still loaded: Synthetic set .*: 320 images/);
    // the synthetic batch is still what the views show, and stepping still works
    assert.equal(await shapeOf(page, 0), '[64, 3, 32, 32]');
    await page.locator('#ds-step').focus();
    await page.keyboard.press('ArrowRight');
    await waitStep(page, 1);
    // 简体中文 with the language switch: the page, the dataset card and the views; the link keeps it
    await edit(page, () => page.selectOption('#img-lang', 'zh'));
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
    assert.equal(await page.locator('#dataset-heading').textContent(), '数据集');
    assert.equal(await page.locator('#ds-export-events').textContent(), '导出 TensorBoard 事件文件');
    assert.match(await page.locator('#ds-status').textContent(), /^test_batch\.bin: .* 仍保持加载：合成数据集（由 convlens 绘制，不是真实照片）：320 张 3×32×32 的图片，10 个类别。$/);
    assert.equal(await page.locator('[data-view="0"] h3').textContent(), '输入');
    assert.match(await page.locator('[data-view="1"] h3').textContent(), /^第 1 层: MaxPool2d\(kernel_size=3\)$/);
    await page.waitForFunction(() => location.hash.includes('lang=zh'));
    assert.deepEqual(await axeViolations(page), []);
    await edit(page, () => page.selectOption('#img-lang', 'en'));
    assert.equal(await page.locator('#dataset-heading').textContent(), 'Dataset');
    assert.equal(await page.locator('.tagline code').count(), 6, 'English gets its markup back');
    // back to the pictures: the samples flow as before
    await edit(page, () => page.click('#ds-close'));
    assert.equal(await shapeOf(page, 0), '[4, 3, 32, 32]');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await rm(root, { recursive: true, force: true });
  }
});

/** A tar header block (ustar) of a regular file `name` of `size` bytes. */
function tarHeader(name, size) {
  const b = Buffer.alloc(512);
  b.write(name, 0);
  b.write('0000644\0', 100);
  b.write('0000000\0', 108);
  b.write('0000000\0', 116);
  b.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  b.write('00000000000\0', 136);
  b.write('        ', 148);
  b.write('0', 156);
  b.write('ustar\0', 257);
  b.write('00', 263);
  let sum = 0;
  for (const x of b) sum += x;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return b;
}

test('a long read shows its progress and can be cancelled; the dataset loaded before stays', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'convlens-cancel-'));
  const { page, context, problems } = await openImages(env, { colorScheme: 'dark' });
  try {
    // an archive whose first entry is 256 MiB (of zeros: small to store, long to inflate and skip)
    const size = 256 * 1024 * 1024;
    const file = path.join(root, 'cifar-10-python.tar.gz');
    const zero = Buffer.alloc(1 << 20);
    await pipeline(async function* () {
      yield tarHeader('cifar-10-batches-py/data_batch_1', size);
      for (let i = 0; i < size / zero.length; i++) yield zero;
    }, createGzip({ level: 1 }), createWriteStream(file));
    await page.click('#ds-synthetic');
    await page.waitForFunction(() => document.body.dataset.dataset === 'loaded');
    await waitStep(page, 0);
    await page.setInputFiles('#ds-files', file);
    await page.waitForSelector('#ds-cancel', { state: 'visible' });
    assert.match(await page.locator('#ds-progress-text').textContent(), /^Reading cifar-10-python\.tar\.gz…$/);
    await page.click('#ds-cancel');
    await page.waitForFunction(() => document.body.dataset.dataset === 'cancelled', null, { timeout: 30_000 });
    assert.match(await page.locator('#ds-status').textContent(), /^Reading cancelled\. Still loaded: Synthetic set .*: 320 images of 3×32×32, 10 classes\.$/);
    assert.equal(await page.isVisible('#ds-cancel'), false);
    assert.equal(await shapeOf(page, 0), '[64, 3, 32, 32]');
    // batch_size up to 256: one batch of 256 and one of 64
    await edit(page, async () => {
      await page.fill('#ds-batch-size', '256');
      await page.locator('#ds-batch-size').dispatchEvent('change');
    });
    assert.equal(await shapeOf(page, 0), '[256, 3, 32, 32]');
    assert.equal(await shapeOf(page, 1), '[256, 3, 10, 10]');
    assert.equal(await page.locator('#ds-step').getAttribute('max'), '1');
    assert.equal(await page.locator('[data-view="1"] canvas').count(), 256);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await rm(root, { recursive: true, force: true });
  }
});
