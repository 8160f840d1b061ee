// A streaming tar reader (ustar, GNU long names, pax path records) for `cifar-10-python.tar.gz`: it
// walks the 512-byte headers of a ByteReader and hands each regular file to a callback, which either
// reads the entry (through a ByteReader bounded to the entry) or lets it be skipped unread — so only the
// chosen split's members are decoded. No npm library: tar headers are a fixed 512-byte layout and the
// maintained JS tar packages are Node-stream based. Pure (no DOM).
import { ByteReader } from './byte-reader.js';
import { DATASET_ERROR_CODES as CODES, DatasetError, groupDigits } from './dataset-error.js';

const BLOCK = 512;
const latin1 = new TextDecoder('latin1');

function field(block, at, len) {
  const v = block.subarray(at, at + len);
  const end = v.indexOf(0);
  return latin1.decode(end < 0 ? v : v.subarray(0, end));
}

function octal(block, at, len, file) {
  if (block[at] & 0x80) { // GNU base-256 for sizes ≥ 8 GiB
    let v = block[at] & 0x7f;
    for (let i = 1; i < len; i++) v = v * 256 + block[at + i];
    return v;
  }
  const s = field(block, at, len).trim();
  if (!/^[0-7]*$/.test(s)) throw new DatasetError(CODES.FORMAT, file, `is not a tar archive (size field '${s}')`);
  return s === '' ? 0 : parseInt(s, 8);
}

function checksumOk(block) {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  const stored = parseInt(field(block, 148, 8).trim() || 'x', 8);
  return stored === sum;
}

/** An entry's bytes as a chunk iterator over `reader`, ending after `size` bytes. */
function entryChunks(reader, size) {
  let left = size;
  return {
    async next() {
      if (left === 0) return { done: true, value: undefined };
      if (reader.buffered === 0 && !(await reader.pull())) return { done: true, value: undefined };
      const take = Math.min(reader.buffered, left);
      left -= take;
      return { done: false, value: reader.view(take) };
    },
    get left() { return left; },
    [Symbol.asyncIterator]() { return this; },
  };
}

/**
 * Calls `onEntry({ path, size, reader })` for each regular file of the tar stream in `reader`, in
 * archive order; `entry.reader` is a ByteReader over the entry only (named `<archive>/<path>` in
 * errors). Whatever the callback leaves unread is skipped. The callback returns true to stop the walk.
 * A header with a bad checksum → DATASET_FORMAT; the stream ending inside an entry → DATASET_TRUNCATED.
 */
export async function readTar(reader, onEntry) {
  const archive = reader.file;
  let longName = null;
  let first = true;
  for (;;) {
    if (await reader.atEnd()) {
      if (first) throw new DatasetError(CODES.FORMAT, archive, 'is empty: no tar header');
      return; // archives without the two zero blocks still count as complete
    }
    if (first && reader.buffered < BLOCK) {
      try {
        await reader.need(BLOCK, 'a tar header');
      } catch (e) {
        if (e.code !== CODES.TRUNCATED) throw e;
        throw new DatasetError(CODES.FORMAT, archive, `is not a tar archive (${groupDigits(reader.buffered)} bytes, less than one tar header)`);
      }
    }
    await reader.need(BLOCK, 'a tar header');
    const block = reader.view(BLOCK);
    if (block.every((b) => b === 0)) return; // end-of-archive marker
    if (!checksumOk(block)) {
      throw new DatasetError(CODES.FORMAT, archive,
        first ? 'is not a tar archive (no valid header at its start)' : `has a damaged tar header at byte ${groupDigits(reader.position - BLOCK)}`);
    }
    first = false;
    const type = String.fromCharCode(block[156] || 0x30);
    const size = octal(block, 124, 12, archive);
    let path = field(block, 0, 100);
    if (field(block, 257, 5) === 'ustar') {
      const prefix = field(block, 345, 155);
      if (prefix) path = `${prefix}/${path}`;
    }
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L' || type === 'x' || type === 'g') { // GNU long name, pax header: read the record
      if (size > 1 << 20) throw new DatasetError(CODES.FORMAT, archive, `has a ${groupDigits(size)}-byte tar metadata record`);
      const body = await reader.bytes(size, 'a tar metadata record');
      await reader.skip(padded - size, 'tar padding');
      if (type === 'L') longName = field(body, 0, body.length);
      else if (type === 'x') {
        const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(new TextDecoder().decode(body));
        if (m) longName = m[1];
      }
      continue;
    }
    if (longName !== null) {
      path = longName;
      longName = null;
    }
    if (type !== '0' && type !== '7') { // directories, links, …: nothing to read
      await reader.skip(padded, `tar entry ${path}`);
      continue;
    }
    const chunks = entryChunks(reader, size);
    const entryReader = new ByteReader(chunks, `${archive}/${path}`);
    const stop = await onEntry({ path, size, reader: entryReader });
    // Skip what the callback left unread (bytes it had buffered are dropped with it), then the padding.
    if (chunks.left > 0) {
      try {
        await reader.skip(chunks.left, `tar entry ${path}`);
      } catch (e) {
        throw e.code === CODES.TRUNCATED ? new DatasetError(CODES.TRUNCATED, archive, `ends inside ${path} (${groupDigits(size)} bytes announced)`) : e;
      }
    }
    await reader.skip(padded - size, 'tar padding');
    if (stop) return;
  }
}
