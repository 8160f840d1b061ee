// Node entry: reads the .wasm bytes itself (Emscripten 3.1.6's loader would fetch() a file path), and
// says which file when it cannot (loader.js).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker as ThreadWorker } from 'node:worker_threads';

import { buildFile, instantiateBytes, loadFailed, makeLoad, withResidents } from './loader.js';
import { providePackageParts } from './convlens.js';
import { createNn } from './nn.js';
import { stagedBlocks } from './staged-calls.js';
import { simdSupported } from './detect.js';
import { sharedCopies } from './shared-copies.node.js';

providePackageParts({ createNn, stagedBlocks });

export { ConvlensError } from './errors.js';
export { version } from './version.js';
export { simdSupported };

const fileHere = (name) => fileURLToPath(new URL(`./${name}`, import.meta.url));
const missing = (e) => (e?.code === 'ENOENT' || e?.code === 'ERR_MODULE_NOT_FOUND'
  ? 'the file is missing: reinstall the package (npm install convlens)'
  : `${e?.code ?? e?.name ?? 'Error'}: ${e?.message ?? e}`);

async function glue(variant) {
  try {
    return (await import(`./${buildFile(variant)}.mjs`)).default;
  } catch (e) {
    throw loadFailed(fileHere(`${buildFile(variant)}.mjs`), missing(e));
  }
}

async function instantiate(variant, o, imports) {
  if (o.wasmBinary) return instantiateBytes("the wasmBinary option's bytes", o.wasmBinary, imports);
  // locateFile's answer (a path or a file: URL; its prefix is this directory, as Emscripten's is the
  // glue's), else the file beside this one
  const name = `${buildFile(variant)}.wasm`;
  const located = o.locateFile ? String(o.locateFile(name, fileHere(''))) : null;
  const file = located === null ? fileHere(name) : /^file:/i.test(located) ? fileURLToPath(located) : located;
  let bytes;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw loadFailed(file, missing(e));
  }
  return instantiateBytes(file, bytes, imports);
}

/**
 * A Web Worker over worker_threads, what the threaded build's pool is made of (Node has no Worker):
 * threads-worker.node.js gives Emscripten's worker script a worker's globals. Unreferenced once it has
 * loaded (load() waits for that), so that an idle pool never keeps the process alive. One that cannot load
 * rejects the module with a PoolFailure (cpp/embind/pre-threads.js passes `failModule`; threads.js).
 */
class PoolWorker {
  /** @type {((event: { data: unknown }) => void) | undefined} set by the glue */
  onmessage;
  /** @type {((error: unknown) => void) | undefined} set by the glue */
  onerror;
  constructor(url, failModule) {
    let loaded = false;
    this.worker = new ThreadWorker(new URL('./threads-worker.node.js', import.meta.url), {
      workerData: String(url),
      // the process's flags, but --input-type, which Node refuses in a worker (node --input-type=module -e …)
      execArgv: process.execArgv.filter((flag) => !flag.startsWith('--input-type')),
    });
    this.worker.on('message', (data) => {
      if (data?.cmd === 'loaded') {
        loaded = true;
        this.worker.unref();
      }
      this.onmessage?.({ data });
    });
    this.worker.on('error', (e) => {
      const why = `the threaded build's worker script (${url}) did not load: ${e?.message ?? e}`;
      if (loaded) this.onerror?.(e);
      else failModule(Object.assign(new Error(why), { name: 'PoolFailure' }));
    });
  }
  postMessage(message, transfer) {
    this.worker.postMessage(message, transfer);
  }
  terminate() {
    this.worker.terminate();
  }
}

// the threaded build's module options: its pool's workers, and copies into its shared memory at memcpy's rate
const threadOptions = () => ({ Worker: PoolWorker, copies: sharedCopies });

/**
 * The convlens module: the SIMD build where the engine validates it (`simd: false` forces the scalar
 * build). Shared by every caller of one build unless `fresh: true` (index.d.ts).
 */
export const load = withResidents(makeLoad({ glue, instantiate, threadOptions }),
  () => import('./resident.js'));
