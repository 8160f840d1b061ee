// How the browser entry loads the module: fetches the glue and the .wasm from where the glue module says
// they are, and says why when it cannot (loader.js). Its load() gives instances without resident tensors:
// the widget uses it as it is (a figure holds none), index.browser.js adds them.
import { buildFile, compileFailed, instantiateBytes, loadFailed, makeLoad } from './loader.js';

const GLUE = {
  simd: () => import('./convlens_simd.mjs'),
  scalar: () => import('./convlens_scalar.mjs'),
  'simd-threads': () => import('./convlens_simd_threads.mjs'),
};

/** The page's (or worker's) URL; undefined where there is none. */
function pageUrl() {
  try {
    return location.href;
  } catch {
    return undefined;
  }
}

/** Why a request for `url` failed outright (fetch's or import()'s TypeError): its origin decides the likely cause. */
function unreachable(url, e, directive) {
  const page = pageUrl() && new URL(pageUrl()).origin;
  const origin = new URL(url, page).origin;
  return `${e?.name}: ${e?.message}${origin !== page
    ? `. ${origin} is not the page's origin: it must send Access-Control-Allow-Origin (CORS), and`
    : ': the server is unreachable, or'} the page's Content-Security-Policy must allow it (${directive})`;
}

async function glue(variant) {
  try {
    return (await GLUE[variant]()).default;
  } catch (e) {
    // the browser's message names the URL it tried (where not, the file's name will do)
    const url = /\S*convlens_\w+\.mjs/.exec(e?.message)?.[0] ?? `${buildFile(variant)}.mjs`;
    throw loadFailed(url, `${unreachable(url, e, 'script-src')}; it must be served as JavaScript`);
  }
}

async function instantiate(variant, o, imports, wasmUrl) {
  if (o.wasmBinary) return instantiateBytes("the wasmBinary option's bytes", o.wasmBinary, imports);
  const url = new URL(wasmUrl, pageUrl()).href;
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (e) {
    throw loadFailed(url, unreachable(url, e, 'connect-src'));
  }
  if (!response.ok) {
    throw loadFailed(url, `HTTP ${response.status}: the .wasm files belong beside ${buildFile(variant)}.mjs, or load({ locateFile })`
      + ' says where they are');
  }
  const type = response.headers.get('content-type') ?? '';
  if (/^application\/wasm\s*(;|$)/i.test(type) && typeof WebAssembly.instantiateStreaming === 'function') {
    try {
      return await WebAssembly.instantiateStreaming(response, imports);
    } catch (e) {
      throw compileFailed(url, e);
    }
  }
  // served with another MIME type: compiled from its bytes (no streaming), if they are WebAssembly
  let bytes;
  try {
    bytes = await response.arrayBuffer();
  } catch (e) {
    throw loadFailed(url, unreachable(url, e, 'connect-src'));
  }
  return instantiateBytes(url, bytes, imports, type || 'no Content-Type');
}

/** The threaded build's pool workers: a worker script that bundlers can see (threads-pool.browser.js). */
async function threadOptions() {
  try {
    return { Worker: (await import('./threads-pool.browser.js')).poolWorkers() };
  } catch (e) {
    throw loadFailed('threads-pool.browser.js', `${e?.name}: ${e?.message}`);
  }
}

/**
 * The shared instances of the browser entry, without resident.js: <conv-lens> loads with it, and
 * index.browser.js's load() adds resident tensors to the same instances.
 */
export const loadWithoutResidents = /* @__PURE__ */ makeLoad({ glue, instantiate, threadOptions });
