// Image mode's dataset readers (web/images/data/) against tests/fixtures/datasets/: files in
// torchvision's exact on-disk layouts (CIFAR python folder and .tar.gz, CIFAR binary, CIFAR-100, MNIST
// IDX .gz), read through streams of small chunks; the values agree with expected.json and across the
// formats; truncated, corrupted and foreign copies give DatasetErrors with stable codes and messages
// naming the file; progress and cancel work; ImageFolder order follows torchvision; the synthetic set
// is deterministic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

import { readCifarArchive, readCifarBinary, readCifarPython, CIFAR10_CLASSES } from '../../web/images/data/cifar.js';
import { readIdx, readMnist } from '../../web/images/data/idx.js';
import { indexImageFolder, readImageFolder } from '../../web/images/data/image-folder.js';
import { syntheticDataset, SYNTHETIC_CLASSES } from '../../web/images/data/synthetic.js';
import { detectDatasetFormat, loadDataset } from '../../web/images/data/load-dataset.js';
import { openBytes } from '../../web/images/data/byte-reader.js';
import { readPickle } from '../../web/images/data/pickle.js';
import { MAX_PIXEL_BYTES } from '../../web/images/data/dataset-error.js';

const DIR = fileURLToPath(new URL('../fixtures/datasets/', import.meta.url));
const EXPECTED = JSON.parse(readFileSync(`${DIR}expected.json`, 'utf8'));
const bytesOf = (p) => new Uint8Array(readFileSync(DIR + p));
const fileOf = (p, bytes = bytesOf(p)) => ({ path: p, blob: new Blob([bytes]) });
/** A ReadableStream of `bytes` in chunks of `size` bytes (odd sizes cross every field boundary). */
const chunked = (bytes, size = 997) => new ReadableStream({
  start(c) {
    for (let at = 0; at < bytes.length; at += size) c.enqueue(bytes.slice(at, at + size));
    c.close();
  },
});
/** A ustar archive of fixture files (512-byte headers, contents padded to 512, two zero blocks). */
function tarOf(paths) {
  const parts = [];
  for (const p of paths) {
    const body = bytesOf(p);
    const h = new Uint8Array(512);
    const put = (at, text) => h.set(new TextEncoder().encode(text), at);
    put(0, p);
    put(100, '0000644\0');
    put(108, '0000000\0');
    put(116, '0000000\0');
    put(124, `${body.length.toString(8).padStart(11, '0')}\0`);
    put(136, '00000000000\0');
    put(148, '        ');
    h[156] = 0x30;
    put(257, 'ustar\0' + '00');
    const sum = h.reduce((a, b) => a + b, 0);
    put(148, `${sum.toString(8).padStart(6, '0')}\0 `);
    parts.push(h, body, new Uint8Array((512 - (body.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  const out = new Uint8Array(parts.reduce((a, b) => a + b.length, 0));
  let at = 0;
  for (const q of parts) {
    out.set(q, at);
    at += q.length;
  }
  return out;
}
const STEPS = EXPECTED.dataloader_batch64_maxpool3;
const TEST_LABELS = STEPS.flatMap((s) => s.labels);

function assertCifar10Test(d, label) {
  assert.equal(d.name, 'CIFAR-10', label);
  assert.equal(d.split, 'test', label);
  assert.equal(d.count, EXPECTED.n_test, label);
  assert.deepEqual(d.imageShape, [3, 32, 32], label);
  assert.deepEqual(d.classes, EXPECTED.classes, label);
  assert.ok(d.labels instanceof Int32Array, label);
  assert.deepEqual(Array.from(d.labels), TEST_LABELS, `${label}: labels`);
  assert.equal(d.pixels.length, EXPECTED.n_test * 3072, label);
  // image 0, pixel (0, 0): R at 0, G at 1024, B at 2048 (CHW)
  assert.deepEqual([d.pixels[0], d.pixels[1024], d.pixels[2048]], EXPECTED.cifar10_test_first_pixels_rgb_image0, label);
}

const cifarPy = ['cifar-10-batches-py/test_batch', 'cifar-10-batches-py/data_batch_1', 'cifar-10-batches-py/batches.meta'];

test('CIFAR-10 python folder: test split matches expected.json; train split is data_batch_1', async () => {
  const files = cifarPy.map((p) => fileOf(p));
  const d = await readCifarPython(files, { split: 'test' });
  assertCifar10Test(d, 'python folder');
  assert.deepEqual(d.files, ['cifar-10-batches-py/test_batch']);
  const train = await readCifarPython(files, { split: 'train' });
  assert.equal(train.count, 130);
  assert.equal(train.split, 'train');
  assert.notDeepEqual(train.pixels.subarray(0, 3072), d.pixels.subarray(0, 3072));
  // Without batches.meta, CIFAR-10's class names are the standard ones.
  const bare = await readCifarPython([files[0]], { split: 'test' });
  assert.deepEqual(bare.classes, [...CIFAR10_CLASSES]);
  assert.deepEqual(bare.pixels, d.pixels);
});

test('CIFAR-10 python archive (.tar.gz), streamed in 997-byte chunks: same data as the folder, progress to the end', async () => {
  const folder = await readCifarPython(cifarPy.map((p) => fileOf(p)), { split: 'test' });
  const gz = bytesOf('cifar-10-python.tar.gz');
  const progress = [];
  const d = await readCifarArchive(chunked(gz), {
    file: 'cifar-10-python.tar.gz', split: 'test', size: gz.length, onProgress: (done, total) => progress.push([done, total]),
  });
  assertCifar10Test(d, 'archive');
  assert.deepEqual(d.pixels, folder.pixels);
  assert.deepEqual(d.files, ['cifar-10-python.tar.gz/cifar-10-batches-py/test_batch']);
  assert.ok(progress.length > 100, `progress reported ${progress.length} times`);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i][0] > progress[i - 1][0], 'progress grows');
  assert.ok(progress.every(([, total]) => total === gz.length));
  // test_batch is the archive's last member: all of it was read.
  assert.equal(progress.at(-1)[0], gz.length);

  const train = await readCifarArchive(new Blob([gz]), { file: 'cifar-10-python.tar.gz', split: 'train' });
  const trainFolder = await readCifarPython(cifarPy.map((p) => fileOf(p)), { split: 'train' });
  assert.deepEqual(train.pixels, trainFolder.pixels);
  assert.deepEqual(train.labels, trainFolder.labels);
});

test('the archive stops decompressing once the split and its meta are in', async () => {
  // A tar whose members are test_batch, batches.meta, then data_batch_1 cut short: reading split
  // 'test' must finish without reaching the damaged tail.
  const tar = tarOf(['cifar-10-batches-py/test_batch', 'cifar-10-batches-py/batches.meta', 'cifar-10-batches-py/data_batch_1']);
  const gz = gzipSync(tar);
  const cut = gz.subarray(0, Math.floor(gz.length * 0.9)); // data_batch_1 cut short
  const d = await readCifarArchive(new Blob([cut]), { file: 'cut.tar.gz', split: 'test' });
  assertCifar10Test(d, 'early stop');
  await assert.rejects(readCifarArchive(new Blob([cut]), { file: 'cut.tar.gz', split: 'train' }),
    (e) => e.code === 'DATASET_TRUNCATED' && /^cut\.tar\.gz/.test(e.message));
});

test('CIFAR-10 binary version: same data as the python version; class names from batches.meta.txt', async () => {
  const py = await readCifarPython(cifarPy.map((p) => fileOf(p)), { split: 'test' });
  const d = await readCifarBinary([fileOf('cifar-10-batches-bin/test_batch.bin'), fileOf('cifar-10-batches-bin/batches.meta.txt')]);
  assertCifar10Test(d, 'binary');
  assert.deepEqual(d.pixels, py.pixels);
});

test('CIFAR-100 python: fine labels and 100 names, coarse labels and 20 names', async () => {
  const d = await readCifarPython([fileOf('cifar-100-python/test'), fileOf('cifar-100-python/meta')], { split: 'test' });
  assert.equal(d.name, 'CIFAR-100');
  assert.equal(d.count, 260);
  assert.equal(d.classes.length, 100);
  assert.equal(d.coarse.classes.length, 20);
  assert.equal(d.coarse.labels.length, 260);
  assert.ok(d.labels.some((v) => v >= 10), 'fine labels go beyond 10 classes');
  assert.ok(d.coarse.labels.every((v) => v >= 0 && v < 20));
  assert.deepEqual([d.classes[0], d.classes[99], d.coarse.classes[19]], ['class_0', 'class_99', 'super_19']); // the fixture's names
  // CIFAR-100 binary records: coarse byte, fine byte, 3072 pixels — built from the python data.
  const rec = new Uint8Array(260 * 3074);
  for (let i = 0; i < 260; i++) {
    rec[i * 3074] = d.coarse.labels[i];
    rec[i * 3074 + 1] = d.labels[i];
    rec.set(d.pixels.subarray(i * 3072, (i + 1) * 3072), i * 3074 + 2);
  }
  const names = (a) => new Blob([`${a.join('\n')}\n`]);
  const bin = await readCifarBinary([
    { path: 'cifar-100-binary/test.bin', blob: new Blob([rec]) },
    { path: 'cifar-100-binary/fine_label_names.txt', blob: names(d.classes) },
    { path: 'cifar-100-binary/coarse_label_names.txt', blob: names(d.coarse.classes) },
  ]);
  assert.deepEqual(bin.pixels, d.pixels);
  assert.deepEqual(bin.labels, d.labels);
  assert.deepEqual(bin.coarse.labels, d.coarse.labels);
  assert.deepEqual(bin.classes, d.classes);
  await assert.rejects(readCifarPython([fileOf('cifar-100-python/test')]), { code: 'DATASET_MISSING', message: /^meta: / });
});

test('MNIST IDX (.gz and plain, whole or in chunks): first label, row 14 of image 0, [1, 28, 28]', async () => {
  const gzFiles = [fileOf('mnist/t10k-images-idx3-ubyte.gz'), fileOf('mnist/t10k-labels-idx1-ubyte.gz')];
  const d = await readMnist(gzFiles, { split: 'test' });
  assert.equal(d.name, 'MNIST');
  assert.deepEqual(d.imageShape, [1, 28, 28]);
  assert.equal(d.count, 260);
  assert.equal(d.labels[0], EXPECTED.mnist_first_label);
  assert.deepEqual(Array.from(d.pixels.subarray(14 * 28, 15 * 28)), EXPECTED.mnist_image0_row14);
  assert.equal(d.classes[2], '2 - two');
  const { gunzipSync } = await import('node:zlib');
  const plainImages = new Uint8Array(gunzipSync(bytesOf('mnist/t10k-images-idx3-ubyte.gz')));
  const plainLabels = new Uint8Array(gunzipSync(bytesOf('mnist/t10k-labels-idx1-ubyte.gz')));
  const plain = await readMnist([
    { path: 'MNIST/raw/t10k-images-idx3-ubyte', blob: new Blob([plainImages]) },
    { path: 'MNIST/raw/t10k-labels-idx1-ubyte', blob: new Blob([plainLabels]) },
  ], { name: 'Fashion-MNIST' });
  assert.deepEqual(plain.pixels, d.pixels);
  assert.deepEqual(plain.labels, d.labels);
  assert.equal(plain.classes[0], 'T-shirt/top');
  const streamed = await readIdx(chunked(plainImages, 5), { file: 't10k-images-idx3-ubyte', dims: 3, size: plainImages.length });
  assert.deepEqual(streamed.shape, [260, 28, 28]);
  assert.deepEqual(streamed.data, d.pixels);
  await assert.rejects(readMnist([gzFiles[0]]), { code: 'DATASET_MISSING', message: /^t10k-labels-idx1-ubyte: / });
  await assert.rejects(readMnist(gzFiles, { split: 'train' }), { code: 'DATASET_MISSING', message: /^train-images-idx3-ubyte: / });
});

// --- errors -----------------------------------------------------------------------------------

test('a truncated CIFAR binary file: "<file>: N bytes is not a whole number of 3 073-byte records"', async () => {
  const bytes = bytesOf('cifar-10-batches-bin/test_batch.bin');
  await assert.rejects(readCifarBinary([fileOf('test_batch.bin', bytes.subarray(0, bytes.length - 1))]), (e) => {
    assert.equal(e.code, 'DATASET_TRUNCATED');
    assert.equal(e.file, 'test_batch.bin');
    assert.equal(e.message, 'test_batch.bin: 798 979 bytes is not a whole number of 3 073-byte records');
    return true;
  });
});

test('truncated CIFAR python batches, archives and IDX files → DATASET_TRUNCATED naming the file', async () => {
  const py = bytesOf('cifar-10-batches-py/test_batch');
  for (const cut of [1, 10, 700, 5000, py.length - 5000, py.length - 1]) {
    await assert.rejects(readCifarPython([fileOf('cifar-10-batches-py/test_batch', py.subarray(0, cut))]), (e) => {
      assert.equal(e.code, 'DATASET_TRUNCATED', `cut at ${cut}: ${e.message}`);
      assert.match(e.message, /^cifar-10-batches-py\/test_batch: /);
      return true;
    });
  }
  const gz = bytesOf('cifar-10-python.tar.gz');
  for (const cut of [100, 300000, gz.length - 3000]) {
    await assert.rejects(readCifarArchive(new Blob([gz.subarray(0, cut)]), { file: 'cifar-10-python.tar.gz' }), (e) => {
      assert.equal(e.code, 'DATASET_TRUNCATED', `cut at ${cut}: ${e.message}`);
      assert.match(e.message, /^cifar-10-python\.tar\.gz/);
      return true;
    });
  }
  const { gunzipSync } = await import('node:zlib');
  const plain = new Uint8Array(gunzipSync(bytesOf('mnist/t10k-images-idx3-ubyte.gz')));
  await assert.rejects(readIdx(new Blob([plain.subarray(0, plain.length - 28)]), { file: 't10k-images-idx3-ubyte', dims: 3 }), (e) => {
    assert.equal(e.code, 'DATASET_TRUNCATED');
    assert.equal(e.message, 't10k-images-idx3-ubyte: 203 828 bytes, but its header announces 203 856 (shape [260, 28, 28])');
    return true;
  });
  // The same cut inside a .gz: found while streaming.
  const cutGz = gzipSync(plain.subarray(0, plain.length - 28));
  await assert.rejects(readIdx(new Blob([cutGz]), { file: 't10k-images-idx3-ubyte.gz', dims: 3 }),
    { code: 'DATASET_TRUNCATED', message: /^t10k-images-idx3-ubyte\.gz: ends at byte 203 828 / });
  const gzImages = bytesOf('mnist/t10k-images-idx3-ubyte.gz');
  await assert.rejects(readIdx(new Blob([gzImages.subarray(0, 5000)]), { file: 't10k-images-idx3-ubyte.gz', dims: 3 }),
    { code: 'DATASET_TRUNCATED', message: /^t10k-images-idx3-ubyte\.gz: ends inside its gzip data/ });
});

test('foreign files → DATASET_FORMAT with what is wrong', async () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  await assert.rejects(readIdx(new Blob([png]), { file: 't10k-images-idx3-ubyte', dims: 3 }),
    { code: 'DATASET_FORMAT', message: 't10k-images-idx3-ubyte: is not an IDX file of images: magic 0x89504e47, expected 0x00000803' });
  // labels given as images
  await assert.rejects(readMnist([
    fileOf('t10k-images-idx3-ubyte.gz', bytesOf('mnist/t10k-labels-idx1-ubyte.gz')),
    fileOf('t10k-labels-idx1-ubyte.gz', bytesOf('mnist/t10k-labels-idx1-ubyte.gz')),
  ]), { code: 'DATASET_FORMAT', message: /^t10k-images-idx3-ubyte\.gz: is not an IDX file of images: magic 0x00000801/ });
  await assert.rejects(readCifarPython([fileOf('test_batch', png)]), { code: 'DATASET_FORMAT', message: 'test_batch: is not a CIFAR python batch: opcode 0x50 ("P") is not one this reader knows at byte 1' }); // 0x89 is NEWFALSE
  await assert.rejects(readCifarArchive(new Blob([png]), { file: 'cifar-10-python.tar.gz' }), { code: 'DATASET_FORMAT', message: /is not gzip data/ });
  await assert.rejects(readCifarArchive(new Blob([gzipSync(new Uint8Array(2000).fill(65))]), { file: 'x.tar.gz' }),
    { code: 'DATASET_FORMAT', message: 'x.tar.gz: is not a tar archive (no valid header at its start)' });
  // A gzip stream corrupted in the middle.
  const gz = bytesOf('cifar-10-python.tar.gz').slice();
  for (let i = 5000; i < 5100; i++) gz[i] ^= 0x5a;
  await assert.rejects(readCifarArchive(new Blob([gz]), { file: 'cifar-10-python.tar.gz' }), (e) => ['DATASET_FORMAT', 'DATASET_TRUNCATED'].includes(e.code) && /^cifar-10-python\.tar\.gz/.test(e.message));
  // MNIST counts disagree: labels of 259 images.
  const { gunzipSync } = await import('node:zlib');
  const labels = new Uint8Array(gunzipSync(bytesOf('mnist/t10k-labels-idx1-ubyte.gz')));
  const fewer = labels.slice(0, labels.length - 1);
  new DataView(fewer.buffer).setUint32(4, 259);
  await assert.rejects(readMnist([fileOf('mnist/t10k-images-idx3-ubyte.gz'), fileOf('t10k-labels-idx1-ubyte', fewer)]),
    { code: 'DATASET_FORMAT', message: 't10k-labels-idx1-ubyte: holds 259 labels but mnist/t10k-images-idx3-ubyte.gz holds 260 images' });
});

test('the pickle reader is strict: unknown opcodes and globals are refused, nothing is executed', async () => {
  const pickle = async (bytes) => readPickle(openBytes(new Uint8Array(bytes), { file: 'p.pkl', gzip: false }).reader);
  const enc = (s) => [...new TextEncoder().encode(s)];
  // os.system via GLOBAL + REDUCE: refused at the GLOBAL.
  await assert.rejects(pickle([0x80, 2, 0x63, ...enc('os\nsystem\n'), 0x55, 2, ...enc('ls'), 0x85, 0x52, 0x2e]),
    { code: 'DATASET_FORMAT', message: "p.pkl: is not a CIFAR python batch: GLOBAL 'os system' (only numpy arrays are read) at byte 2" });
  // builtins via STACK_GLOBAL (protocol 4 opcode 0x93): unknown opcode.
  await assert.rejects(pickle([0x80, 2, 0x93, 0x2e]), { code: 'DATASET_FORMAT', message: /opcode 0x93/ });
  await assert.rejects(pickle([0x80, 4, 0x2e]), { code: 'DATASET_FORMAT', message: /pickle protocol 4/ });
  // A small valid pickle: {'a': [1, 300, -2], b'k': True}
  const ok = await pickle([0x80, 2, 0x7d, 0x28, 0x55, 1, 0x61, 0x5d, 0x28, 0x4b, 1, 0x4d, 0x2c, 0x01, 0x4a,
    0xfe, 0xff, 0xff, 0xff, 0x65, 0x55, 1, 0x6b, 0x88, 0x75, 0x2e]);
  assert.deepEqual([...ok.entries()], [['a', [1, 300, -2]], ['k', true]]);
  // A string longer than the file → truncated, before allocating it.
  await assert.rejects(readPickle(openBytes(new Blob([new Uint8Array([0x80, 2, 0x54, 0xff, 0xff, 0xff, 0x7f])]), { file: 'p.pkl', gzip: false }).reader, { maxBytes: 7 }),
    { code: 'DATASET_TRUNCATED', message: /^p\.pkl: a string of 2 147 483 647 bytes at byte 2 runs past the end/ });
});

test('header counts are checked against the limit and the file size before any allocation', async () => {
  // An IDX header announcing 100 000 × 2 000 × 2 000 bytes in a 16-byte file.
  const huge = new Uint8Array(16);
  const v = new DataView(huge.buffer);
  v.setUint32(0, 0x803);
  v.setUint32(4, 100000);
  v.setUint32(8, 2000);
  v.setUint32(12, 2000);
  await assert.rejects(readIdx(new Blob([huge]), { file: 'evil-idx3-ubyte', dims: 3 }),
    { code: 'DATASET_TOO_LARGE', message: /^evil-idx3-ubyte: shape \[100000, 2000, 2000\] would need 400 000 000 000 bytes, more than the limit of 536 870 912$/ });
  // Within the limit but larger than the file: truncated, not allocated.
  v.setUint32(4, 1000);
  v.setUint32(8, 100);
  v.setUint32(12, 100);
  await assert.rejects(readIdx(new Blob([huge]), { file: 'small-idx3-ubyte', dims: 3 }), { code: 'DATASET_TRUNCATED' });
  // Gzipped, the size is not known up front: bounded by deflate's largest ratio.
  await assert.rejects(readIdx(new Blob([gzipSync(huge)]), { file: 'small-idx3-ubyte.gz', dims: 3 }),
    { code: 'DATASET_TRUNCATED', message: /gzip bytes cannot hold the 10 000 000 bytes/ });
  assert.ok(MAX_PIXEL_BYTES >= 50000 * 3072, 'the CIFAR train split fits the limit');
});

test('cancel: an aborted signal stops reading with its AbortError', async () => {
  const gz = bytesOf('cifar-10-python.tar.gz');
  const controller = new AbortController();
  let calls = 0;
  await assert.rejects(readCifarArchive(chunked(gz, 4096), {
    file: 'cifar-10-python.tar.gz', size: gz.length, signal: controller.signal,
    onProgress: () => { if (++calls === 20) controller.abort(); },
  }), { name: 'AbortError' });
  assert.equal(calls, 20, 'no chunk read after the abort');
  const pre = AbortSignal.abort();
  await assert.rejects(readCifarBinary([fileOf('cifar-10-batches-bin/test_batch.bin')], { signal: pre }), { name: 'AbortError' });
});

// --- ImageFolder, synthetic, detection -----------------------------------------------------------

/** A fake decoder: the "picture" file holds "w h r g b" and decodes to a flat RGBA picture. */
async function fakeDecode(blob) {
  const [w, h, r, g, b] = (await blob.text()).split(' ').map(Number);
  if (!w) throw new Error('not a picture');
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([r, g, b, 7], i * 4);
  return { width: w, height: h, data };
}
const pic = (path, text) => ({ path, blob: new Blob([text]) });

test("ImageFolder: torchvision's class order and sample order, CHW pixels, alpha dropped", async () => {
  const files = [
    pic('root/dog/b.png', '2 2 1 2 3'),
    pic('root/cat/z.jpg', '2 2 4 5 6'),
    pic('root/cat/a.JPEG', '2 2 7 8 9'),
    pic('root/cat/sub/c.png', '2 2 10 11 12'),
    pic('root/cat/notes.txt', 'x'),
    pic('root/Bird/x.webp', '2 2 13 14 15'),
    pic('root/readme.png', '2 2 0 0 0'), // not in a class folder... at depth 2 under the root
  ];
  const index = indexImageFolder(files.map((f) => f.path));
  assert.equal(index.root, '');
  // 'readme.png' is not under root/<class>/ only when the root is stripped; here paths are 2–4 deep and
  // share 'root', but 'root/readme.png' is 2 deep, so the root is not stripped: one class, 'root'.
  assert.deepEqual(index.classes, ['root']);
  const rooted = files.filter((f) => f.path !== 'root/readme.png');
  const idx = indexImageFolder(rooted.map((f) => f.path));
  assert.equal(idx.root, 'root');
  assert.deepEqual(idx.classes, ['Bird', 'cat', 'dog']); // code-point order: uppercase first
  assert.deepEqual(idx.samples.map((s) => s.path), ['root/Bird/x.webp', 'root/cat/a.JPEG', 'root/cat/z.jpg', 'root/cat/sub/c.png', 'root/dog/b.png']);
  const progress = [];
  const d = await readImageFolder(rooted, { decode: fakeDecode, onProgress: (a, b) => progress.push(`${a}/${b}`) });
  assert.deepEqual(Array.from(d.labels), [0, 1, 1, 1, 2]);
  assert.deepEqual(d.imageShape, [3, 2, 2]);
  assert.deepEqual(Array.from(d.pixels.subarray(12, 24)), [7, 7, 7, 7, 8, 8, 8, 8, 9, 9, 9, 9]); // sample 1 = a.JPEG
  assert.deepEqual(progress, ['1/5', '2/5', '3/5', '4/5', '5/5']);
  // Without the root folder (a drop of the class folders)
  const dropped = await readImageFolder(rooted.map((f) => ({ ...f, path: f.path.slice(5) })), { decode: fakeDecode });
  assert.deepEqual(dropped.pixels, d.pixels);
  await assert.rejects(readImageFolder([...rooted, pic('root/cat/big.png', '3 2 0 0 0')], { decode: fakeDecode }),
    { code: 'DATASET_FORMAT', message: 'root/cat/big.png: is 3×2, unlike root/Bird/x.webp (2×2): a batch needs pictures of one size' });
  await assert.rejects(readImageFolder([...rooted, pic('root/cat/bad.png', 'garbage')], { decode: fakeDecode }),
    { code: 'DATASET_FORMAT', message: /^root\/cat\/bad\.png: cannot be decoded as a picture \(not a picture\)/ });
  await assert.rejects(readImageFolder([...rooted, pic('root/empty/notes.txt', 'x')], { decode: fakeDecode }),
    { code: 'DATASET_FORMAT', message: /^root\/empty: holds no picture/ });
});

test('synthetic set: ≥ 256 labelled 32×32 RGB pictures in 10 classes marked synthetic, deterministic per seed', () => {
  const d = syntheticDataset();
  assert.ok(d.count >= 256);
  assert.equal(d.synthetic, true);
  assert.deepEqual(d.imageShape, [3, 32, 32]);
  assert.equal(d.classes.length, 10);
  assert.ok(d.classes.every((c) => c.startsWith('synthetic: ')));
  assert.deepEqual(d.classes, [...SYNTHETIC_CLASSES]);
  const counts = new Array(10).fill(0);
  for (const l of d.labels) counts[l]++;
  assert.deepEqual(counts, new Array(10).fill(d.count / 10), 'balanced classes');
  assert.deepEqual(syntheticDataset().pixels, d.pixels, 'same seed, same bytes');
  assert.notDeepEqual(syntheticDataset({ seed: 1 }).pixels, d.pixels);
  // Pictures have contrast and differ from each other.
  const img = (i) => d.pixels.subarray(i * 3072, (i + 1) * 3072);
  for (let i = 0; i < 20; i++) {
    const p = img(i);
    assert.ok(Math.max(...p) - Math.min(...p) > 60, `picture ${i} has contrast`);
    assert.notDeepEqual(p, img(i + 1));
  }
});

test('detectDatasetFormat and loadDataset pick the reader by file names', async () => {
  assert.equal(detectDatasetFormat([{ path: 'cifar-10-python.tar.gz' }]), 'cifar-python-archive');
  assert.equal(detectDatasetFormat([{ path: 'cifar-10-batches-bin/test_batch.bin' }]), 'cifar-binary');
  assert.equal(detectDatasetFormat([{ path: 'raw/t10k-images-idx3-ubyte.gz' }]), 'idx');
  assert.equal(detectDatasetFormat([{ path: 'cifar-10-batches-py/batches.meta' }]), 'cifar-python');
  assert.equal(detectDatasetFormat([{ path: 'flowers/rose/1.jpg' }]), 'image-folder');
  assert.equal(detectDatasetFormat([{ path: 'notes.txt' }]), null);
  const viaArchive = await loadDataset([fileOf('cifar-10-python.tar.gz')]);
  assertCifar10Test(viaArchive, 'loadDataset archive');
  const viaBin = await loadDataset([fileOf('cifar-10-batches-bin/test_batch.bin'), fileOf('cifar-10-batches-bin/batches.meta.txt')]);
  assert.deepEqual(viaBin.pixels, viaArchive.pixels);
  await assert.rejects(loadDataset([pic('notes.txt', 'x')]), { code: 'DATASET_UNKNOWN', message: /^notes\.txt: is not a dataset/ });
});

test('a real-sized CIFAR binary batch (10 000 records, 30 MB) streams through; counts come from the size', async () => {
  const n = 10000;
  const bytes = new Uint8Array(n * 3073);
  for (let i = 0; i < n; i++) {
    bytes[i * 3073] = i % 10;
    bytes[i * 3073 + 1] = i & 0xff; // first R byte
    bytes[i * 3073 + 3072] = (i >> 8) & 0xff; // last B byte
  }
  const seen = [];
  const d = await readCifarBinary([{ path: 'cifar-10-batches-bin/test_batch.bin', blob: new Blob([bytes]) }],
    { onProgress: (done, total) => seen.push([done, total]) });
  assert.equal(d.count, n);
  assert.equal(d.labels[9999], 9);
  assert.equal(d.pixels[9999 * 3072], 9999 & 0xff);
  assert.equal(d.pixels[9999 * 3072 + 3071], 9999 >> 8);
  assert.deepEqual(seen.at(-1), [bytes.length, bytes.length]);
});
