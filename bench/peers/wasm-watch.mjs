// Records every WebAssembly module this process compiles (byte length, caller-supplied tag), so a
// peer can prove which .wasm file its library really loaded: the byte length is matched against
// the candidate files on disk. Installed once, before any peer loads.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const seen = [];
let installed = false;

function note(bytes, how) {
  const n = bytes?.byteLength ?? bytes?.buffer?.byteLength;
  seen.push({ bytes: typeof n === 'number' ? n : null, how });
}

/** Wraps WebAssembly.instantiate / compile / instantiateStreaming / compileStreaming and Module. */
export function install() {
  if (installed) return;
  installed = true;
  const W = WebAssembly;
  const { instantiate, compile, instantiateStreaming, compileStreaming } = W;
  W.instantiate = function (src, imports) {
    if (!(src instanceof W.Module)) note(src, 'instantiate');
    return instantiate.call(this, src, imports);
  };
  W.compile = function (src) {
    note(src, 'compile');
    return compile.call(this, src);
  };
  if (instantiateStreaming) {
    W.instantiateStreaming = function (src, imports) {
      note(null, 'instantiateStreaming');
      return instantiateStreaming.call(this, src, imports);
    };
  }
  if (compileStreaming) {
    W.compileStreaming = function (src) {
      note(null, 'compileStreaming');
      return compileStreaming.call(this, src);
    };
  }
  const Module = W.Module;
  const Wrapped = function (bytes) {
    note(bytes, 'new Module');
    return new Module(bytes);
  };
  Wrapped.prototype = Module.prototype;
  Object.setPrototypeOf(Wrapped, Module);
  W.Module = Wrapped;
}

/** A position in the log; pass it to `since`. */
export const mark = () => seen.length;

/** Modules compiled since `from`, each matched against the .wasm files of `dir` by byte length. */
export function since(from, dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.wasm'))
    .map((f) => ({ file: f, bytes: statSync(path.join(dir, f)).size }));
  return seen.slice(from).map((s) => ({
    ...s,
    file: files.filter((f) => f.bytes === s.bytes).map((f) => f.file).join(' or ') || null,
  }));
}
