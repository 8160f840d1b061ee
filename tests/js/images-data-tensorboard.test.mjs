// TensorBoard's add_images reproduced (web/images/data/tensorboard-images.js) and the event file
// (tensorboard-events.js, png.js), checked with hand-computable cases and an independent decoder
// written here from the format descriptions: TFRecord framing with both masked CRC-32C (bitwise CRC,
// not the writer's table), Event / Summary / Image protobuf fields by number, PNG payloads by fast-png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decode as decodePng } from 'fast-png';

import { load } from '../../dist/convlens/index.node.js';
import { decodeEventFile } from './event-file-decoder.mjs';
import { tensorboardByte, tensorboardImageGrid, rgbToRgba } from '../../web/images/data/tensorboard-images.js';
import { EventFileWriter, eventFileName, crc32c } from '../../web/images/data/tensorboard-events.js';
import { encodePng } from '../../web/images/data/png.js';
import { readCifarBinary } from '../../web/images/data/cifar.js';
import { dataLoader } from '../../web/images/data/data-loader.js';

test('float → uint8 as summary.image(): float32(v·255), clip to [0, 255], truncate; NaN → 0', () => {
  const cases = [
    [0, 0], [1, 255], [0.5, 127], [0.999, 254], [1 / 255, 1], [2 / 255, 2], [254.5 / 255, 254],
    [-0.5, 0], [-0, 0], [2, 255], [1e30, 255], [Infinity, 255], [-Infinity, 0], [NaN, 0],
    [0.0039, 0], // 0.9945 truncates to 0
  ];
  for (const [v, want] of cases) assert.equal(tensorboardByte(v), want, `v = ${v}`);
  // ToTensor's values go back to their byte exactly: float32(float32(k/255)·255) is k for every k.
  for (let k = 0; k < 256; k++) assert.equal(tensorboardByte(Math.fround(k / 255)), k, `k = ${k}`);
  // The multiply is float32: 0.1 (float32 0.100000001…) · 255 = 25.5 in float32 → 25.
  assert.equal(tensorboardByte(0.1), 25);
});

test('make_grid: 8 columns, no padding, black fill; 1 channel repeated; other channel counts refused', () => {
  // 10 images of 1×2×1 (C=1, H=2, W=1): image i has values i/10 and 1.
  const n = 10;
  const data = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    data[2 * i] = i / 10;
    data[2 * i + 1] = 1;
  }
  const g = tensorboardImageGrid({ data, shape: [n, 1, 2, 1] });
  assert.equal(g.width, 8); // min(10, 8) columns of width 1
  assert.equal(g.height, 4); // 2 rows of height 2
  const px = (x, y) => Array.from(g.rgb.subarray((y * g.width + x) * 3, (y * g.width + x) * 3 + 3));
  assert.deepEqual(px(0, 0), [0, 0, 0]);
  assert.deepEqual(px(3, 0), [76, 76, 76]); // float32(0.3)·255 rounds to 76.5 in float32 → 76
  assert.deepEqual(px(3, 1), [255, 255, 255]);
  // image 8 at column 0 of grid row 1 (pixel rows 2–3), image 9 at column 1; columns 2…7 are black
  assert.deepEqual(px(0, 2), [204, 204, 204]); // float32(0.8)·255 = 204 in float32
  assert.deepEqual(px(1, 2), [229, 229, 229]); // float32(0.9)·255 = 229.5 in float32 → 229
  assert.deepEqual(px(1, 3), [255, 255, 255]);
  assert.deepEqual(px(2, 2), [0, 0, 0]);
  assert.deepEqual(px(7, 3), [0, 0, 0]);
  // 3 channels stay apart; fewer than 8 images → as many columns as images
  const rgb = tensorboardImageGrid({ data: [1, 0, 0.5, -1, NaN, Infinity], shape: [2, 3, 1, 1] });
  assert.equal(rgb.width, 2);
  assert.equal(rgb.height, 1);
  assert.deepEqual(Array.from(rgb.rgb), [255, 0, 127, 0, 0, 255]);
  assert.deepEqual(Array.from(rgbToRgba(rgb.rgb)), [255, 0, 127, 255, 0, 0, 255, 255]);
  assert.throws(() => tensorboardImageGrid({ data: new Float32Array(4), shape: [1, 4, 1, 1] }), /1 or 3 channels/);
  assert.throws(() => tensorboardImageGrid({ data: new Float32Array(4), shape: [4, 1] }), /4 dimensions/);
  assert.throws(() => tensorboardImageGrid({ data: new Float32Array(0), shape: [0, 3, 1, 1] }), /at least one image/);
});

test('CRC-32C: the standard check value and the writer agrees with a bitwise CRC', () => {
  assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
});

test('PNG encoder: fast-png decodes RGB and RGBA pictures to the same bytes', async () => {
  const rgb = Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 37) % 256);
  const a = decodePng(await encodePng({ width: 5, height: 3, channels: 3, pixels: rgb }));
  assert.deepEqual([a.width, a.height, a.channels, a.depth], [5, 3, 3, 8]);
  assert.deepEqual(Array.from(a.data), Array.from(rgb));
  const rgba = Uint8Array.from({ length: 2 * 2 * 4 }, (_, i) => 255 - i * 9);
  const b = decodePng(await encodePng({ width: 2, height: 2, channels: 4, pixels: rgba }));
  assert.equal(b.channels, 4);
  assert.deepEqual(Array.from(b.data), Array.from(rgba));
  await assert.rejects(encodePng({ width: 2, height: 2, channels: 3, pixels: new Uint8Array(11) }), RangeError);
});

test("event file of the tutorial's run: file_version first, then input and output per step, PNGs as add_images", async () => {
  const cl = await load();
  const DIR = fileURLToPath(new URL('../fixtures/datasets/', import.meta.url));
  const d = await readCifarBinary([{ path: 'test_batch.bin', blob: new Blob([readFileSync(`${DIR}cifar-10-batches-bin/test_batch.bin`)]) }]);
  const loader = dataLoader(d);
  let clock = 1767225600; // 2026-01-01T00:00:00Z
  const writer = new EventFileWriter({ wallTime: () => (clock += 0.25) });
  const outputs = [];
  for (const step of [0, 4]) {
    const { input } = loader.batch(step);
    const output = cl.maxPool2d(input, { kernelSize: 3, ceilMode: false });
    outputs.push({ step, input, output });
    await writer.addImages('input', input, step);
    await writer.addImages('output', output, step);
  }
  const events = decodeEventFile(writer.bytes());
  assert.equal(events.length, 5);
  assert.deepEqual(events[0], { wallTime: 1767225600.25, step: 0, fileVersion: 'brain.Event:2' });
  assert.deepEqual(events.slice(1).map((e) => [e.step, e.values.map((v) => v.tag).join()]), [[0, 'input'], [0, 'output'], [4, 'input'], [4, 'output']]);
  assert.deepEqual(events.slice(1).map((e) => e.wallTime), [1767225600.5, 1767225600.75, 1767225601, 1767225601.25]);
  const sizes = events.slice(1).map((e) => [e.values[0].width, e.values[0].height, e.values[0].colorspace]);
  // 64 images: 8 columns × 8 rows; the last step has 4 images: 4 columns × 1 row.
  assert.deepEqual(sizes, [[256, 256, 3], [80, 80, 3], [128, 32, 3], [40, 10, 3]]);
  for (const [i, e] of events.slice(1).entries()) {
    const { input, output } = outputs[i >> 1];
    const tensor = i % 2 ? output : input;
    const png = decodePng(e.values[0].png);
    assert.deepEqual([png.width, png.height, png.channels, png.depth], [e.values[0].width, e.values[0].height, 3, 8]);
    // Pixel checks from the tensor directly: image k of the batch at column k % 8, row ⌊k / 8⌋.
    const [n, , h, w] = tensor.shape;
    for (const k of [0, 1, n - 1]) {
      for (const [y, x] of [[0, 0], [h - 1, w - 1], [h >> 1, w >> 2]]) {
        const gx = (k % 8) * w + x;
        const gy = Math.floor(k / 8) * h + y;
        for (let c = 0; c < 3; c++) {
          const v = tensor.data[((k * 3 + c) * h + y) * w + x];
          const want = Math.min(255, Math.max(0, Math.trunc(Math.fround(v * 255))));
          assert.equal(png.data[(gy * png.width + gx) * 3 + c], want, `event ${i + 1}, image ${k}, (${c}, ${y}, ${x})`);
        }
      }
    }
  }
  // The input grid's first pixel is CIFAR image 0's first pixel, byte for byte.
  const first = decodePng(events[1].values[0].png);
  assert.deepEqual(Array.from(first.data.subarray(0, 3)), [103, 90, 84]);
});

test('event file name: events.out.tfevents.<10-digit seconds>.<host>.convlens', () => {
  assert.equal(eventFileName(1767225600.9, 'my-laptop'), 'events.out.tfevents.1767225600.my-laptop.convlens');
  assert.equal(eventFileName(42), 'events.out.tfevents.0000000042.localhost.convlens');
  assert.equal(eventFileName(42, 'a b/c'), 'events.out.tfevents.0000000042.a_b_c.convlens');
});
