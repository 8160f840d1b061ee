// convlens itself, both builds. Each call goes through the public API end to end: the input and the
// weight are copied into wasm memory, the op runs, and the result is copied into a preallocated JS
// Float32Array (`out`). Nothing is cached between calls by the benchmark. "convlens resident" (SIMD):
// the input and the weight are resident tensors made once, and the op writes into a resident `out`.
// "convlens layer" (SIMD): cl.nn layers with their weights loaded once, forward() on a resident input.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load as loadConvlens } from 'convlens';
import * as watch from './wasm-watch.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

/** Newest modification time of the files under `dir` (recursively), or 0. */
function newest(dir) {
  let t = 0;
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
  } catch {
    // missing directory
  }
  return t;
}

/**
 * "0.1.0, commit abc1234", plus a warning when the sources that go into dist/ differ from the
 * commit or are newer than the built package (run scripts/build.mjs, or use npm run bench).
 */
function describeVersion() {
  const built = newest(path.join(root, 'dist', 'convlens'));
  const stale = Math.max(newest(path.join(root, 'cpp')), newest(path.join(root, 'web', 'convlens'))) > built;
  const staleNote = stale ? '; WARNING: dist/convlens/ is older than cpp/ or web/convlens/ (not rebuilt)' : '';
  try {
    const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'cpp', 'web/convlens', 'CMakeLists.txt').length > 0;
    return `${pkg.version}, commit ${commit}${dirty ? ' with uncommitted changes in cpp/ or web/convlens/' : ''}${staleNote}`;
  } catch {
    return `${pkg.version}${staleNote}`;
  }
}

/**
 * What every convlens runner has: `fresh()` (the same runner, `make`, on a new wasm instance of the same build,
 * for the heap-growth check from a clean start), its id and name, version and binary, and memoryBytes().
 */
function runnerFields(make, cl, version, binary, id, name) {
  return {
    fresh: async () => make(await loadConvlens({ simd: cl.variant === 'simd' }), version, binary),
    id,
    name,
    version,
    variant: binary,
    memoryBytes: () => cl.memoryBytes(),
  };
}

function makePeer(cl, version, binary) {
  return {
    ...runnerFields(makePeer, cl, version, binary, `convlens-${cl.variant}`,
      `convlens ${cl.variant === 'simd' ? 'SIMD' : 'scalar'}`),

    /** Returns { run(), output() } for a workload; output() is the last result, NCHW. */
    setup(wl, { input, weight, gradOutput }) {
      let out = new Float32Array(wl.outputShape.reduce((a, b) => a * b, 1));
      const opts = { ...wl.options, out };
      let run;
      switch (wl.op) {
        case 'adaptiveAvgPool2d':
          run = () => cl.adaptiveAvgPool2d(input, opts);
          break;
        case 'conv2dBackward': // the gradients are fresh arrays (no out); output() is gradInput
          run = () => {
            out = cl.conv2dBackward(gradOutput, input, weight, wl.options).gradInput.data;
          };
          break;
        case 'conv2d':
          run = () => cl.conv2d(input, weight, opts);
          break;
        case 'convTranspose2d':
          run = () => cl.convTranspose2d(input, weight, opts);
          break;
        case 'maxPool2d':
          run = () => cl.maxPool2d(input, opts);
          break;
        default:
          throw new Error(`convlens peer: unknown op ${wl.op}`);
      }
      return { run, output: () => out, dispose() {} };
    },
  };
}

/**
 * The SIMD build on resident tensors: input, weight (and gradOutput) uploaded once outside the timing, the
 * output written into one resident `out` (conv2dBackward's gradients, which take no `out`, are freed after
 * each call); output() reads it back once, after the timing.
 */
function makeResidentPeer(cl, version, binary) {
  return {
    ...runnerFields(makeResidentPeer, cl, version, binary, 'convlens-resident', 'convlens resident'),
    residentInput: true,

    setup(wl, { input, weight, gradOutput }) {
      const [x, w, g] = [input, weight, gradOutput].map((t) => (t ? cl.resident(t) : null));
      const out = cl.residentEmpty([wl.outputShape.reduce((a, b) => a * b, 1)]);
      const opts = { ...wl.options, out };
      let grads = null;
      let run;
      switch (wl.op) {
        case 'adaptiveAvgPool2d':
        case 'maxPool2d':
          run = () => cl[wl.op](x, opts);
          break;
        case 'conv2d':
        case 'convTranspose2d':
          run = () => cl[wl.op](x, w, opts);
          break;
        case 'conv2dBackward':
          run = () => {
            const r = cl.conv2dBackward(g, x, w, wl.options);
            if (grads) for (const t of [grads.gradInput, grads.gradWeight, grads.gradBias]) t?.free();
            grads = r;
          };
          break;
        default:
          throw new Error(`convlens peer: unknown op ${wl.op}`);
      }
      return {
        run,
        output: () => (grads ? grads.gradInput : out).read().data,
        dispose() {
          for (const t of [x, w, g, out, grads?.gradInput, grads?.gradWeight, grads?.gradBias]) t?.free();
        },
      };
    },
  };
}

/**
 * The SIMD build through cl.nn's layers, as a model runs: the weight loaded once (packed once for its kernel),
 * the input resident, each forward() a fresh resident output, freed at the next call; output() reads the last.
 */
function makeLayerPeer(cl, version, binary) {
  return {
    ...runnerFields(makeLayerPeer, cl, version, binary, 'convlens-layer', 'convlens layer'),
    residentInput: true,

    setup(wl, { input, weight }) {
      const { nn } = cl;
      const o = wl.options;
      let layer;
      switch (wl.op) {
        case 'conv2d':
        case 'convTranspose2d': {
          const [a, b, kh, kw] = wl.weightShape;
          const groups = o.groups ?? 1;
          const [cin, cout] = wl.op === 'conv2d' ? [b * groups, a] : [a, b * groups];
          const Layer = wl.op === 'conv2d' ? nn.Conv2d : nn.ConvTranspose2d;
          layer = new Layer(cin, cout, [kh, kw], { stride: o.stride, padding: o.padding, groups, bias: false });
          layer.weight = weight;
          break;
        }
        case 'maxPool2d':
          layer = new nn.MaxPool2d(o.kernelSize, { stride: o.stride, padding: o.padding });
          break;
        case 'adaptiveAvgPool2d':
          layer = new nn.AdaptiveAvgPool2d(o.outputSize);
          break;
        default:
          return { unsupported: `${wl.op}: no layer` };
      }
      const x = cl.resident(input);
      let last = null;
      return {
        run() {
          const y = layer.forward(x);
          last?.free();
          last = y;
        },
        output: () => last.read().data,
        dispose() {
          last?.free();
          x.free();
          layer.free();
        },
      };
    },
  };
}

/** Loads both convlens builds: [SIMD, scalar, SIMD on resident tensors, SIMD through layers]. */
export async function load() {
  const distDir = path.join(root, 'dist', 'convlens');
  const loadOne = async (simd) => {
    const from = watch.mark();
    const cl = await loadConvlens({ simd });
    const file = watch.since(from, distDir).map((l) => l.file ?? `unknown (${l.bytes} bytes)`).join(', ') || 'not seen';
    const want = `convlens_${simd ? 'simd' : 'scalar'}.wasm`;
    if (cl.variant !== (simd ? 'simd' : 'scalar') || file !== want)
      throw new Error(`convlens: asked for ${want}, got variant ${cl.variant} from ${file}`);
    return [cl, file];
  };
  const version = describeVersion();
  const [simd, simdFile] = await loadOne(true);
  const [scalar, scalarFile] = await loadOne(false);
  return [makePeer(simd, version, simdFile), makePeer(scalar, version, scalarFile),
    makeResidentPeer(simd, version, simdFile), makeLayerPeer(simd, version, simdFile)];
}
