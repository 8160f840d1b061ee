// An event-file decoder independent of web/images/data/tensorboard-events.js (not a test file): TFRecord
// framing with a bit-by-bit CRC-32C, protobuf fields by number, Event / Summary.Image by field number.
// Used by the data-layer test and by image mode's browser test of the exported file.
import assert from 'node:assert/strict';


/** CRC-32C computed bit by bit (polynomial 0x82F63B78, reflected), masked as TFRecord does. */
function maskedCrcBitwise(bytes) {
  let c = ~0 >>> 0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0x82f63b78 & -(c & 1));
    c >>>= 0;
  }
  c = ~c >>> 0;
  const rotated = ((c >>> 15) | (c << 17)) >>> 0;
  return (rotated + 0xa282ead8) % 2 ** 32;
}

function readRecords(file) {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const records = [];
  let at = 0;
  while (at < file.length) {
    const len = Number(view.getBigUint64(at, true));
    assert.equal(view.getUint32(at + 8, true), maskedCrcBitwise(file.subarray(at, at + 8)), `length CRC of record ${records.length}`);
    const data = file.subarray(at + 12, at + 12 + len);
    assert.equal(view.getUint32(at + 12 + len, true), maskedCrcBitwise(data), `data CRC of record ${records.length}`);
    records.push(data);
    at += 16 + len;
  }
  assert.equal(at, file.length, 'records end with the file');
  return records;
}

/** Protobuf fields of a message: Map field number → [values] (varint → Number, fixed64 → float64, len → bytes). */
function fields(bytes) {
  const out = new Map();
  let at = 0;
  const varint = () => {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = bytes[at++];
      v += (b & 0x7f) * mul;
      mul *= 128;
      if (!(b & 0x80)) return v;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    let value;
    if (wire === 0) value = varint();
    else if (wire === 1) {
      value = new DataView(bytes.buffer, bytes.byteOffset + at, 8).getFloat64(0, true);
      at += 8;
    } else if (wire === 2) {
      const len = varint();
      value = bytes.subarray(at, at + len);
      at += len;
    } else throw new Error(`wire type ${wire}`);
    if (!out.has(field)) out.set(field, []);
    out.get(field).push(value);
  }
  return out;
}

/**
 * Decodes a TensorBoard event file: [{ wallTime, step, fileVersion?, values?: [{ tag, height, width,
 * colorspace, png }] }]; both CRCs of every record are asserted.
 */
export function decodeEventFile(file) {
  return readRecords(file).map((rec) => {
    const e = fields(rec);
    const event = { wallTime: e.get(1)?.[0] ?? 0, step: e.get(2)?.[0] ?? 0 };
    if (e.has(3)) event.fileVersion = new TextDecoder().decode(e.get(3)[0]);
    if (e.has(5)) {
      event.values = (fields(e.get(5)[0]).get(1) ?? []).map((v) => {
        const value = fields(v);
        const image = fields(value.get(4)[0]);
        return {
          tag: new TextDecoder().decode(value.get(1)[0]),
          height: image.get(1)[0], width: image.get(2)[0], colorspace: image.get(3)[0],
          png: image.get(4)[0],
        };
      });
    }
    return event;
  });
}
