// Streaming input for the dataset readers: any source (a File/Blob, a ReadableStream of Uint8Array
// chunks, or bytes already in memory) becomes a ByteReader that pulls chunks only as a parser needs
// them, so a 163 MB archive is never held whole. Progress is reported in bytes of the source file and
// an AbortSignal cancels between chunks. gzip is undone by the platform's DecompressionStream('gzip')
// (browsers and Node ≥ 18), so no inflate code ships. Pure (no DOM): runs in a module worker and Node.
import { DATASET_ERROR_CODES as CODES, DatasetError, groupDigits } from './dataset-error.js';

/**
 * Chunks of `input` as an async iterator, counting bytes for `onProgress(done, total)` and checking
 * `signal` before each chunk (an aborted signal throws its reason, an AbortError by default).
 * `input`: Blob/File, ReadableStream<Uint8Array>, Uint8Array or ArrayBuffer. `total` is the byte size
 * when known (Blob.size, the array's length, or `size` given), otherwise NaN.
 * @param {any} input
 * @param {{ signal?: AbortSignal, onProgress?: (done: number, total: number) => void, size?: number }} [options]
 */
export function sourceChunks(input, { signal, onProgress, size } = {}) {
  let stream;
  let total = size ?? NaN;
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    stream = input.stream();
    total = input.size;
  } else if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    total = bytes.length;
    stream = new ReadableStream({
      start(controller) {
        // Hand out views in 1 MiB pieces so parsers see the same chunked shape as a real file.
        for (let at = 0; at < bytes.length; at += 1 << 20) controller.enqueue(bytes.subarray(at, at + (1 << 20)));
        controller.close();
      },
    });
  } else if (input && typeof input.getReader === 'function') {
    stream = input;
  } else {
    throw new TypeError('dataset input must be a Blob/File, a ReadableStream, a Uint8Array or an ArrayBuffer');
  }
  const reader = stream.getReader();
  let done = 0;
  const state = { ended: false, total };
  const iterator = {
    state,
    async next() {
      signal?.throwIfAborted();
      const r = await reader.read();
      signal?.throwIfAborted();
      if (r.done) {
        state.ended = true;
        return r;
      }
      done += r.value.length;
      onProgress?.(done, total);
      return { done: false, value: r.value };
    },
    async return() {
      await reader.cancel().catch(() => {});
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() { return this; },
  };
  return iterator;
}

/**
 * Decompressed chunks of a gzip stream of `chunks` (an iterator from sourceChunks). Checks the gzip
 * magic first (a foreign file → DATASET_FORMAT); the stream ending inside the gzip data →
 * DATASET_TRUNCATED; corrupt deflate data → DATASET_FORMAT. `file` names the file in messages.
 */
export function gunzipChunks(chunks, file) {
  let first = true;
  const raw = new ReadableStream({
    async pull(controller) {
      const r = await chunks.next();
      if (r.done) {
        controller.close();
        return;
      }
      if (first) {
        first = false;
        if (r.value.length >= 2 && (r.value[0] !== 0x1f || r.value[1] !== 0x8b)) {
          controller.error(new DatasetError(CODES.FORMAT, file, 'is not gzip data (it does not start with 1f 8b)'));
          return;
        }
      }
      controller.enqueue(r.value);
    },
    async cancel() { await chunks.return?.(); },
  });
  const reader = raw.pipeThrough(new DecompressionStream('gzip')).getReader();
  return {
    async next() {
      try {
        const r = await reader.read();
        return r.done ? r : { done: false, value: r.value };
      } catch (e) {
        if (e instanceof DatasetError || e?.name === 'AbortError') throw e;
        if (chunks.state?.ended) throw new DatasetError(CODES.TRUNCATED, file, 'ends inside its gzip data (the file is cut short)');
        throw new DatasetError(CODES.FORMAT, file, `has corrupt gzip data (${e?.message ?? e})`);
      }
    },
    async return() {
      await reader.cancel().catch(() => {});
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() { return this; },
  };
}

/**
 * A pull parser's view of a chunk iterator: `await need(n)` buffers n bytes (or throws
 * DATASET_TRUNCATED naming `file` and `what` was being read), then the sync getters read them.
 * `bytes(n)` copies n bytes straight from the chunks into one new array, for large payloads.
 */
export class ByteReader {
  /// `chunks`: an async iterator of Uint8Array; `file`: the name used in error messages.
  constructor(chunks, file) {
    this.chunks = chunks;
    this.file = file;
    this.buf = new Uint8Array(0);
    this.at = 0;
    /** Bytes consumed so far (offset of the next byte in the decoded stream). */
    this.position = 0;
    this.ended = false;
  }

  /** Whether the source was gzip (known once reading has begun). */
  get gzipped() { return this.chunks.gzipped === true; }

  /** Bytes buffered and not yet consumed. */
  get buffered() { return this.buf.length - this.at; }

  async pull() {
    if (this.ended) return false;
    const r = await this.chunks.next();
    if (r.done) {
      this.ended = true;
      return false;
    }
    const rest = this.buf.subarray(this.at);
    if (rest.length === 0) {
      this.buf = r.value;
    } else {
      const joined = new Uint8Array(rest.length + r.value.length);
      joined.set(rest);
      joined.set(r.value, rest.length);
      this.buf = joined;
    }
    this.at = 0;
    return true;
  }

  truncated(n, what) {
    return new DatasetError(CODES.TRUNCATED, this.file,
      `ends at byte ${groupDigits(this.position + this.buffered)} while reading ${what} (${groupDigits(n)} bytes needed)`);
  }

  /// Buffers at least `n` bytes; throws DATASET_TRUNCATED (reading `what`) if the stream ends first.
  async need(n, what = 'data') {
    while (this.buffered < n) if (!(await this.pull())) throw this.truncated(n, what);
  }

  /// True when no byte is left (pulls a chunk if the buffer is empty).
  async atEnd() {
    while (this.buffered === 0) if (!(await this.pull())) return true;
    return false;
  }

  u8() {
    this.position++;
    return this.buf[this.at++];
  }

  /** A view of the next `n` buffered bytes (valid until the next pull); call need(n) first. */
  view(n) {
    const v = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    this.position += n;
    return v;
  }

  u16le() { const v = this.view(2); return v[0] | (v[1] << 8); }
  i32le() { const v = this.view(4); return v[0] | (v[1] << 8) | (v[2] << 16) | (v[3] << 24); }
  u32le() { return this.i32le() >>> 0; }
  u32be() { const v = this.view(4); return ((v[0] << 24) | (v[1] << 16) | (v[2] << 8) | v[3]) >>> 0; }

  /// Copies the next `n` bytes into `out` at `offset` (a new array when `out` is omitted).
  async bytes(n, what = 'data', out = new Uint8Array(n), offset = 0) {
    let filled = 0;
    while (filled < n) {
      if (this.buffered === 0 && !(await this.pull())) throw this.truncated(n - filled, what);
      const take = Math.min(this.buffered, n - filled);
      out.set(this.buf.subarray(this.at, this.at + take), offset + filled);
      this.at += take;
      this.position += take;
      filled += take;
    }
    return out;
  }

  /// Skips `n` bytes without keeping them.
  async skip(n, what = 'data') {
    let left = n;
    while (left > 0) {
      if (this.buffered === 0 && !(await this.pull())) throw this.truncated(left, what);
      const take = Math.min(this.buffered, left);
      this.at += take;
      this.position += take;
      left -= take;
    }
  }

  /// Stops reading and releases the source.
  async close() { await this.chunks.return?.(); }
}

/**
 * A ByteReader over `input` (see sourceChunks). gzip is undone when `gzip` is true, or when it is
 * 'auto' (the default) and the data starts with gzip's magic 1f 8b, whatever the file's name.
 * Returns { reader, total } (total: bytes of the source file, or NaN when unknown).
 * @param {any} input
 * @param {{ file?: string, gzip?: boolean | 'auto', signal?: AbortSignal,
 *   onProgress?: (done: number, total: number) => void, size?: number }} [options]
 */
export function openBytes(input, { file, gzip = 'auto', signal, onProgress, size } = {}) {
  const name = file ?? input?.name ?? 'input';
  const chunks = sourceChunks(input, { signal, onProgress, size });
  const total = chunks.state.total;
  if (gzip === true) {
    return { reader: new ByteReader(Object.assign(gunzipChunks(chunks, name), { gzipped: true }), name), total };
  }
  if (gzip === false) return { reader: new ByteReader(Object.assign(chunks, { gzipped: false }), name), total };
  // 'auto': look at the first chunk, then replay it in front of the rest.
  let head = null;
  let started = false;
  const replay = {
    state: chunks.state,
    async next() {
      if (!started) {
        started = true;
        const r = await chunks.next();
        if (r.done) return r;
        head = r.value;
      }
      if (head) {
        const v = head;
        head = null;
        return { done: false, value: v };
      }
      return chunks.next();
    },
    return: () => chunks.return(),
    [Symbol.asyncIterator]() { return this; },
  };
  const lazy = {
    inner: null,
    /** Known once the first byte was read: whether the data were gzip. */
    gzipped: false,
    async next() {
      if (!this.inner) {
        const r = await replay.next();
        if (r.done) {
          this.inner = replay;
          return r;
        }
        started = true;
        head = r.value;
        const isGzip = r.value.length >= 2 && r.value[0] === 0x1f && r.value[1] === 0x8b;
        this.gzipped = isGzip;
        this.inner = isGzip ? gunzipChunks(replay, name) : replay;
      }
      return this.inner.next();
    },
    return() { return (this.inner ?? replay).return(); },
    [Symbol.asyncIterator]() { return this; },
  };
  return { reader: new ByteReader(lazy, name), total };
}
