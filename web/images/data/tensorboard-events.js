// A TensorBoard event-file writer: the bytes of `events.out.tfevents.<unix time>.<host>.convlens`, so
// `tensorboard --logdir` on its folder shows image mode's steps as the tutorial's SummaryWriter run does.
// Format: a TFRecord stream — per record uint64 length (little-endian), masked CRC-32C of those 8
// bytes, the data, masked CRC-32C of the data — of serialized Event protos (tensorboard/compat/proto/
// event.proto: wall_time = 1 double, step = 2 int64, file_version = 3, summary = 5, source_metadata =
// 10) whose Summary (summary.proto: value = 1; Value.tag = 1, Value.image = 4; Image.height = 1,
// width = 2, colorspace = 3, encoded_image_string = 4) holds the PNG of add_images' grid. The first
// record is Event{wall_time, file_version: "brain.Event:2"}, as tensorboard's EventFileWriter writes.
// Fields at their proto3 default (step 0) are omitted, as protobuf serializes them. The protobuf and
// TFRecord encoders are hand-written (~60 lines) rather than protobufjs, which would add a runtime
// dependency and code generation for four messages. Pure (no DOM).
import { encodePng } from './png.js';
import { tensorboardImageGrid } from './tensorboard-images.js';
import { crc32c } from '../../ui/model/crc32.js';

/** The version string of the first record. */
export const EVENT_FILE_VERSION = 'brain.Event:2';

export { crc32c };

/// TFRecord's masked CRC: ((crc >>> 15) | (crc << 17)) + 0xa282ead8, modulo 2³².
export function maskedCrc32c(bytes) {
  const c = crc32c(bytes);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** A tiny protobuf writer: fields appended in call order. */
class ProtoWriter {
  constructor() {
    this.parts = [];
    this.length = 0;
  }

  push(bytes) {
    this.parts.push(bytes);
    this.length += bytes.length;
  }

  varint(v) {
    const out = [];
    let n = v;
    while (n >= 0x80) {
      out.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    out.push(n);
    this.push(Uint8Array.from(out));
  }

  key(field, wire) { this.varint(field * 8 + wire); }

  uint(field, v) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`field ${field}: ${v} is not a non-negative safe integer`);
    if (v === 0) return; // proto3 default: not serialized
    this.key(field, 0);
    this.varint(v);
  }

  double(field, v) {
    if (v === 0) return;
    this.key(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.push(b);
  }

  bytes(field, b) {
    this.key(field, 2);
    this.varint(b.length);
    this.push(b);
  }

  string(field, s) { this.bytes(field, new TextEncoder().encode(s)); }

  message(field, w) { this.bytes(field, w.finish()); }

  finish() {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/**
 * A serialized Event: `wallTime` (seconds), `step` (non-negative integer), and either `fileVersion`
 * or `images`: [{ tag, width, height, colorspace, png }] (one Summary.Value each).
 * @param {{ wallTime: number, step?: number, fileVersion?: string, writer?: string,
 *   images?: { tag: string, width: number, height: number, colorspace: number, png: Uint8Array }[] }} event
 */
export function encodeEvent({ wallTime, step = 0, fileVersion, images, writer }) {
  const e = new ProtoWriter();
  e.double(1, wallTime);
  e.uint(2, step);
  if (fileVersion !== undefined) e.string(3, fileVersion);
  if (images) {
    const summary = new ProtoWriter();
    for (const img of images) {
      const value = new ProtoWriter();
      value.string(1, img.tag);
      const image = new ProtoWriter();
      image.uint(1, img.height);
      image.uint(2, img.width);
      image.uint(3, img.colorspace);
      image.bytes(4, img.png);
      value.message(4, image);
      summary.message(1, value);
    }
    e.message(5, summary);
  }
  if (writer) {
    const meta = new ProtoWriter();
    meta.string(1, writer);
    e.message(10, meta);
  }
  return e.finish();
}

/// One TFRecord: length, masked CRC of the length, data, masked CRC of the data.
export function tfRecord(data) {
  const out = new Uint8Array(16 + data.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/// The event file's name: `events.out.tfevents.<unix seconds, 10 digits>.<host>.convlens`.
export function eventFileName(unixSeconds, host = 'localhost') {
  const safeHost = String(host).replace(/[^A-Za-z0-9.-]/g, '_') || 'localhost';
  return `events.out.tfevents.${String(Math.floor(unixSeconds)).padStart(10, '0')}.${safeHost}.convlens`;
}

/**
 * Collects records for one event file. `wallTime()` gives seconds since the epoch for each event
 * (default Date.now() / 1000); the file-version record is written at creation.
 */
export class EventFileWriter {
  constructor({ wallTime = () => Date.now() / 1000 } = {}) {
    this.wallTime = wallTime;
    this.records = [tfRecord(encodeEvent({ wallTime: wallTime(), fileVersion: EVENT_FILE_VERSION, writer: 'convlens' }))];
  }

  /// Appends `add_images(tag, tensor, step)`: the TensorBoard grid of `tensor` (NCHW, C 1 or 3) as PNG.
  async addImages(tag, tensor, step) {
    const grid = tensorboardImageGrid(tensor);
    const png = await encodePng({ width: grid.width, height: grid.height, channels: 3, pixels: grid.rgb });
    this.records.push(tfRecord(encodeEvent({
      wallTime: this.wallTime(), step, images: [{ tag, width: grid.width, height: grid.height, colorspace: 3, png }],
    })));
  }

  /// The file's bytes so far.
  bytes() {
    const out = new Uint8Array(this.records.reduce((a, r) => a + r.length, 0));
    let at = 0;
    for (const r of this.records) {
      out.set(r, at);
      at += r.length;
    }
    return out;
  }
}
