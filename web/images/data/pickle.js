// A minimal, strict pickle reader for the CIFAR python batches (written by Python 2's cPickle,
// protocol 2): it knows exactly the data opcodes those files use (plus the few byte/unicode/get
// variants a re-pickled copy may use), and of Python's globals only numpy's `_reconstruct`, `ndarray`
// and `dtype`, which it interprets as data (a uint8 array with a shape) — it never calls or evaluates
// anything. An unknown opcode or any other GLOBAL is a DATASET_FORMAT error naming the file, opcode and
// byte offset. No npm library is used: pickleparser (0.2.1, 25 KB, protocols 0–5) parses one buffer
// held whole in memory and turns any unknown GLOBAL into a placeholder object instead of refusing it;
// jpickle builds objects through a registry of JS classes. This subset is about 250 lines, refuses all
// but numpy's array, and streams: it pulls bytes from a ByteReader and copies the 30 MB `data` string
// straight into its own array. No eval or Function, so it runs under the page's CSP.
// Pure (no DOM).
import { DATASET_ERROR_CODES as CODES, DatasetError, MAX_PIXEL_BYTES, checkLimit, groupDigits } from './dataset-error.js';

/** The Python globals a CIFAR batch may name (numpy ≥ 2 writes numpy._core). */
export const PICKLE_GLOBALS = Object.freeze([
  'numpy.core.multiarray _reconstruct',
  'numpy._core.multiarray _reconstruct',
  'numpy ndarray',
  'numpy dtype',
]);

/** A numpy array rebuilt from a pickle: `shape` (number[]), `dtype` ('u1'), `data` (Uint8Array). */
export class PickledArray {
  constructor() {
    this.shape = null;
    this.dtype = null;
    this.data = null;
  }
}

class PickledDtype {
  constructor(str) {
    this.str = str;
  }
}

class PickledGlobal {
  constructor(name) {
    this.name = name;
  }
}

const MARK = Symbol('mark');
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/// Python bytes/str from a pickle (a Uint8Array or a string) as a JS string (latin-1 for bytes).
export function pickleText(v) {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return latin1.decode(v);
  throw new TypeError(`expected bytes or str, got ${describe(v)}`);
}

function describe(v) {
  if (v === null) return 'None';
  if (v instanceof Uint8Array) return `bytes(${v.length})`;
  if (Array.isArray(v)) return `list/tuple(${v.length})`;
  if (v instanceof Map) return 'dict';
  if (v instanceof PickledArray) return 'ndarray';
  return typeof v;
}

/**
 * Reads one pickle from `reader` (a ByteReader) up to and including its STOP opcode and returns the
 * value: dict → Map (keys as JS strings), list/tuple → Array, int → number, bytes → Uint8Array,
 * str → string, bool/None → boolean/null, numpy uint8 array → PickledArray.
 * `maxBytes` bounds any one string (e.g. the file's size); larger → DATASET_TRUNCATED.
 * Throws DatasetError(DATASET_FORMAT) on anything outside the subset.
 */
export async function readPickle(reader, { maxBytes = MAX_PIXEL_BYTES } = {}) {
  const file = reader.file;
  const stack = [];
  const memo = new Map();
  const fail = (offset, what) => new DatasetError(CODES.FORMAT, file, `is not a CIFAR python batch: ${what} at byte ${groupDigits(offset)}`);

  const popMark = (offset) => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) throw fail(offset, 'no MARK on the stack');
    const items = stack.splice(i);
    items.shift();
    return items;
  };
  const pop = (offset) => {
    if (stack.length === 0 || stack[stack.length - 1] === MARK) throw fail(offset, 'stack underflow');
    return stack.pop();
  };
  const top = (offset) => {
    if (stack.length === 0 || stack[stack.length - 1] === MARK) throw fail(offset, 'stack underflow');
    return stack[stack.length - 1];
  };
  const readString = async (n, offset) => {
    if (n < 0) throw fail(offset, `negative string length ${n}`);
    if (n > maxBytes) {
      throw new DatasetError(CODES.TRUNCATED, file,
        `a string of ${groupDigits(n)} bytes at byte ${groupDigits(offset)} runs past the end of the data (${groupDigits(maxBytes)} bytes)`);
    }
    checkLimit(file, `a string at byte ${groupDigits(offset)}`, n, MAX_PIXEL_BYTES);
    return reader.bytes(n, `a string of ${groupDigits(n)} bytes`);
  };
  const setItems = (dict, items, offset) => {
    if (!(dict instanceof Map)) throw fail(offset, `SETITEMS on ${describe(dict)}`);
    if (items.length % 2) throw fail(offset, 'odd number of items for SETITEMS');
    for (let i = 0; i < items.length; i += 2) {
      const k = items[i];
      if (typeof k !== 'string' && !(k instanceof Uint8Array)) throw fail(offset, `dict key of type ${describe(k)}`);
      dict.set(pickleText(k), items[i + 1]);
    }
  };
  const append = (list, items, offset) => {
    if (!Array.isArray(list)) throw fail(offset, `APPENDS on ${describe(list)}`);
    for (const v of items) list.push(v);
  };

  for (;;) {
    const offset = reader.position;
    await reader.need(1, 'the next pickle opcode');
    const op = reader.u8();
    switch (op) {
      case 0x80: { // PROTO
        await reader.need(1, 'PROTO');
        const v = reader.u8();
        if (v > 2) throw fail(offset, `pickle protocol ${v} (this reader knows protocol 2)`);
        break;
      }
      case 0x2e: // STOP
        if (stack.length !== 1) throw fail(offset, `STOP with ${stack.length} values on the stack`);
        return stack[0];
      case 0x28: stack.push(MARK); break; // MARK
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4b: await reader.need(1, 'BININT1'); stack.push(reader.u8()); break; // BININT1
      case 0x4d: await reader.need(2, 'BININT2'); stack.push(reader.u16le()); break; // BININT2
      case 0x4a: await reader.need(4, 'BININT'); stack.push(reader.i32le()); break; // BININT
      case 0x55: case 0x43: { // SHORT_BINSTRING, SHORT_BINBYTES
        await reader.need(1, 'a short string');
        stack.push(await readString(reader.u8(), offset));
        break;
      }
      case 0x54: case 0x42: { // BINSTRING, BINBYTES
        await reader.need(4, 'a string length');
        stack.push(await readString(reader.i32le(), offset));
        break;
      }
      case 0x58: { // BINUNICODE
        await reader.need(4, 'a string length');
        const raw = await readString(reader.u32le(), offset);
        try {
          stack.push(utf8.decode(raw));
        } catch {
          throw fail(offset, 'BINUNICODE that is not UTF-8');
        }
        break;
      }
      case 0x71: { // BINPUT
        await reader.need(1, 'BINPUT');
        memo.set(reader.u8(), top(offset));
        break;
      }
      case 0x72: { // LONG_BINPUT
        await reader.need(4, 'LONG_BINPUT');
        memo.set(reader.u32le(), top(offset));
        break;
      }
      case 0x68: case 0x6a: { // BINGET, LONG_BINGET
        const long = op === 0x6a;
        await reader.need(long ? 4 : 1, 'a memo index');
        const key = long ? reader.u32le() : reader.u8();
        if (!memo.has(key)) throw fail(offset, `memo index ${key} never stored`);
        stack.push(memo.get(key));
        break;
      }
      case 0x61: { // APPEND
        const v = pop(offset);
        append(top(offset), [v], offset);
        break;
      }
      case 0x65: { // APPENDS
        const items = popMark(offset);
        append(top(offset), items, offset);
        break;
      }
      case 0x73: { // SETITEM
        const v = pop(offset);
        const k = pop(offset);
        setItems(top(offset), [k, v], offset);
        break;
      }
      case 0x75: { // SETITEMS
        const items = popMark(offset);
        setItems(top(offset), items, offset);
        break;
      }
      case 0x74: stack.push(popMark(offset)); break; // TUPLE
      case 0x85: stack.push([pop(offset)]); break; // TUPLE1
      case 0x86: { const b = pop(offset); const a = pop(offset); stack.push([a, b]); break; } // TUPLE2
      case 0x87: { // TUPLE3
        const c = pop(offset);
        const b = pop(offset);
        const a = pop(offset);
        stack.push([a, b, c]);
        break;
      }
      case 0x63: { // GLOBAL: "module\nname\n"
        const parts = [];
        for (let line = 0; line < 2; line++) {
          let s = '';
          for (;;) {
            await reader.need(1, 'GLOBAL');
            const ch = reader.u8();
            if (ch === 0x0a) break;
            s += String.fromCharCode(ch);
            if (s.length > 100) throw fail(offset, 'GLOBAL name longer than 100 characters');
          }
          parts.push(s);
        }
        const name = parts.join(' ');
        if (!PICKLE_GLOBALS.includes(name)) throw fail(offset, `GLOBAL '${name}' (only numpy arrays are read)`);
        stack.push(new PickledGlobal(name));
        break;
      }
      case 0x52: { // REDUCE: callable(*args), interpreted for the allowed globals only
        const args = pop(offset);
        const fn = pop(offset);
        if (!(fn instanceof PickledGlobal) || !Array.isArray(args)) throw fail(offset, 'REDUCE of something not a numpy global');
        if (fn.name.endsWith('_reconstruct')) {
          if (!(args[0] instanceof PickledGlobal) || args[0].name !== 'numpy ndarray') throw fail(offset, '_reconstruct of something not numpy.ndarray');
          stack.push(new PickledArray());
        } else if (fn.name === 'numpy dtype') {
          stack.push(new PickledDtype(pickleText(args[0])));
        } else {
          throw fail(offset, `REDUCE of ${fn.name}`);
        }
        break;
      }
      case 0x62: { // BUILD: __setstate__ of an ndarray or a dtype
        const state = pop(offset);
        const obj = top(offset);
        if (obj instanceof PickledDtype) {
          // (version, byteorder, subarray, names, fields, elsize, alignment, flags): only plain bytes.
          const order = Array.isArray(state) ? pickleText(state[1] ?? '|') : '?';
          if (obj.str !== 'u1' || !['|', '=', '<', '>'].includes(order)) throw fail(offset, `numpy dtype '${obj.str}' (only uint8 data is read)`);
        } else if (obj instanceof PickledArray) {
          // (version, shape, dtype, is_fortran, raw bytes)
          if (!Array.isArray(state) || state.length !== 5) throw fail(offset, 'ndarray state that is not a 5-tuple');
          const [, shape, dtype, fortran, raw] = state;
          if (!(dtype instanceof PickledDtype)) throw fail(offset, 'ndarray without a dtype');
          if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw fail(offset, 'ndarray shape that is not a tuple of sizes');
          if (fortran) throw fail(offset, 'a Fortran-ordered ndarray');
          if (!(raw instanceof Uint8Array)) throw fail(offset, 'ndarray data that is not bytes');
          const count = shape.reduce((a, b) => a * b, 1);
          if (count !== raw.length) {
            throw fail(offset, `ndarray of shape (${shape.join(', ')}) with ${groupDigits(raw.length)} data bytes`);
          }
          obj.shape = shape;
          obj.dtype = dtype.str;
          obj.data = raw;
        } else {
          throw fail(offset, `BUILD on ${describe(obj)}`);
        }
        break;
      }
      default:
        throw fail(offset, `opcode 0x${op.toString(16).padStart(2, '0')} (${JSON.stringify(String.fromCharCode(op))}) is not one this reader knows`);
    }
  }
}
