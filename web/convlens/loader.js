// What both entries share: load()'s options, the one instance of each build that a page (or a
// process) shares, and every way loading can fail as a ConvlensError LOAD_FAILED that names the
// file and the likely cause. The entries say where the bytes come from (fetch, or the file system).
import { createApi, supportResidents } from './convlens.js';
import { ConvlensError, fail } from './errors.js';
import { checkOptionNames, describe } from './args.js';
import { simdSupported } from './detect.js';
import { version } from './version.js';

/**
 * load()'s options: its own (simd, threads, fresh) and the Emscripten module options that mean something for
 * convlens (locateFile: where the .wasm files are; wasmBinary: the .wasm's bytes; print / printErr:
 * the module's output, none in normal use, discarded by default). Anything else is UNKNOWN_OPTION.
 */
export const LOAD_OPTIONS = Object.freeze(['simd', 'threads', 'fresh', 'locateFile', 'wasmBinary', 'print', 'printErr']);

// wasmBinary: an ArrayBuffer or a Uint8Array
const OPTION_TYPES = { simd: 'boolean', threads: 'number', fresh: 'boolean', locateFile: 'function', print: 'function', printErr: 'function', wasmBinary: 'object' };

/** The options as a checked snapshot (own properties, read once). */
function loadOptions(options) {
  const o = checkOptionNames('load', options, LOAD_OPTIONS);
  for (const [name, type] of Object.entries(OPTION_TYPES)) {
    const v = o[name];
    if (v != null && (typeof v !== type || (type === 'object' && !(v instanceof ArrayBuffer || v instanceof Uint8Array))))
      fail('INVALID_TYPE', `load(): argument '${name}' must be a ${type === 'object' ? 'Uint8Array or ArrayBuffer' : type}, but got ${describe(v)}`, name);
  }
  if (o.threads != null && !(Number.isInteger(o.threads) && o.threads >= 1 && o.threads <= MAX_THREADS))
    fail('INVALID_ARGUMENT', `load(): argument 'threads' must be an integer from 1 to ${MAX_THREADS}, but got ${describe(o.threads)}`, 'threads');
  return o;
}

/** The most threads load() starts (the core's kMaxThreads). */
export const MAX_THREADS = 16;

/** A build's file name stem: convlens_simd, convlens_scalar, convlens_simd_threads. */
export const buildFile = (variant) => `convlens_${variant.replace('-', '_')}`;

/** A LOAD_FAILED error about `what` (a URL or a path). */
export function loadFailed(what, cause) {
  return new ConvlensError('LOAD_FAILED', `convlens could not load ${what}: ${cause}`);
}

/** Why compiling or instantiating the bytes of `what` failed, as a LOAD_FAILED error. */
export function compileFailed(what, e) {
  const text = `${e?.name ?? 'Error'}: ${e?.message ?? e}`;
  if (/Content.Security.Policy|unsafe-eval/i.test(text))
    return loadFailed(what, `${text} (the page's Content-Security-Policy needs 'wasm-unsafe-eval' in script-src)`);
  return loadFailed(what, `${text} (a damaged file, or a .wasm and .mjs of different builds)`);
}

/**
 * Compiles and instantiates `bytes` (the contents of `what`) against the glue's imports; `served` is the
 * Content-Type a server sent them with, when it was not application/wasm.
 */
export async function instantiateBytes(what, bytes, imports, served) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  // \0asm: anything else (an HTML error page, say) is not worth a compile error's wording
  if (String.fromCharCode(...view.subarray(0, 4)) !== '\0asm')
    throw loadFailed(what, `it is not WebAssembly${served ? ` (the server sent ${served}, not application/wasm)` : ''}`);
  try {
    return await WebAssembly.instantiate(view, imports);
  } catch (e) {
    throw compileFailed(what, e);
  }
}

/**
 * Runs the glue's factory with convlens's own instantiation: `instantiate(imports, wasmUrl)` resolves
 * { instance, module } or rejects with a ConvlensError. Emscripten's output is discarded unless
 * print / printErr are given, and its own fetch-and-abort path never runs. `name` is the .wasm's, for messages.
 */
function createModule(factory, o, name, instantiate, extra) {
  return new Promise((resolve, reject) => {
    const quiet = () => {};
    factory({
      ...extra,
      print: o.print ?? quiet,
      printErr: o.printErr ?? quiet,
      ...(o.locateFile ? { locateFile: o.locateFile } : {}),
      instantiateWasm(imports, receive, wasmUrl) {
        instantiate(imports, wasmUrl).then(({ instance, module }) => {
          try {
            receive(instance, module);
          } catch (e) {
            reject(differentBuilds(name, e));
          }
        }, reject);
        return {};
      },
    }).then(resolve, reject);
  });
}

/** A module and JS that do not fit each other. */
const differentBuilds = (name, e) => loadFailed(name, `${e?.message ?? e} (files of different builds)`);

/** The builds' promises a page shares: one registry per convlens version, wherever its code was bundled. */
function registry() {
  const key = Symbol.for(`convlens ${version} instances`);
  if (!(key in globalThis)) Object.defineProperty(globalThis, key, { value: new Map() });
  return /** @type {Map<string, Promise<import('./index.d.ts').Convlens>>} */ (globalThis[key]);
}

/**
 * load() for an entry: `source` is { glue(variant) → the glue's factory, instantiate(variant, o, imports, wasmUrl)
 * → { instance, module }, threadOptions() → (a promise of) module options the threaded build needs here }, the
 * first two rejecting with a LOAD_FAILED ConvlensError. Its instances have no resident tensors: withResidents()
 * gives them.
 * @returns {typeof import('./index.d.ts').load}
 */
export function makeLoad(source) {
  async function create({ variant, threads }, o, onBroken) {
    const name = `${buildFile(variant)}.wasm`;
    if (typeof WebAssembly !== 'object' || WebAssembly === null)
      throw loadFailed(name, 'no WebAssembly in this engine (or it is turned off)');
    if (variant !== 'scalar' && o.simd === true && !simdSupported())
      throw loadFailed(name, 'no WebAssembly SIMD in this engine: use load({ simd: false })');
    const factory = await source.glue(variant);
    // the threaded build starts its pool of threads − 1 workers before it is ready (a worker that cannot load
    // rejects it with a PoolFailure: threads.js)
    const extra = threads > 1 ? { pthreadPoolSize: threads - 1, ...(await source.threadOptions?.()) } : {};
    const instantiate = (imports, url) => source.instantiate(variant, o, imports, url);
    const module = await createModule(factory, o, name, instantiate, extra);
    const running = typeof module.setThreads === 'function' ? module.setThreads(threads) : 1;
    if (running !== threads) throw differentBuilds(name, `it runs ${running} threads, not ${threads}`);
    try {
      return createApi(module, variant, onBroken, threads);
    } catch (e) {
      throw differentBuilds(name, e);
    }
  }

  /** The instance of `build` ({ variant, threads }), shared unless o.fresh. */
  async function instanceOf(build, o) {
    if (o.fresh) return create(build, o, () => {});
    const key = build.threads > 1 ? `${build.variant} ${build.threads}` : build.variant;
    const shared = registry();
    let instance = shared.get(key);
    if (!instance) {
      // a failed load is not kept (the next call tries again), nor an instance that stopped after an internal error
      instance = create(build, o, () => {
        if (shared.get(key) === instance) shared.delete(key);
      });
      shared.set(key, instance);
      instance.catch(() => {
        if (shared.get(key) === instance) shared.delete(key);
      });
    }
    return instance;
  }

  return async function load(options) {
    const o = loadOptions(options);
    // threads.js only when more than one thread is asked for: pages that never do load none of it
    if ((o.threads ?? 1) > 1) return (await import('./threads.js')).loadThreads(o, simdSupported(), instanceOf);
    return instanceOf({ variant: (o.simd ?? simdSupported()) ? 'simd' : 'scalar', threads: 1 }, o);
  };
}

/**
 * `load` (from makeLoad) whose instances have resident tensors: `residents()` imports resident.js, along
 * with the module (an instance that a load without them made gets them here too).
 * @param {typeof import('./index.d.ts').load} load
 * @returns {typeof import('./index.d.ts').load}
 */
export function withResidents(load, residents) {
  return async (options) => {
    const [api, resident] = await Promise.all([load(options), residents().catch((e) => {
      throw loadFailed('resident.js', e);
    })]);
    supportResidents(resident.ResidentMemory);
    return api;
  };
}
