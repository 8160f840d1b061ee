// Differential fuzzing of convlens against the PyTorch reference, for as long as asked:
//
//   npm run fuzz -- --count 1000000 --seed 7 --build simd|scalar|both --ops conv2d,pad
//   npm run fuzz -- --seed 7 --replay 1234        (one configuration: the call, PyTorch's answer, convlens's)
//
// Prints progress about every 10 s and a summary line; exits 1 on any failure.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';

import { load } from 'convlens';
import { OPS, configAt, compare, describeConfig, formatFailure, runDifferential } from '../tests/reference/differential.mjs';
import { reference } from '../tests/reference/torch-reference.mjs';

const USAGE = `usage: npm run fuzz -- [--count N] [--seed S] [--build simd|scalar|both] [--ops ${OPS.join(',')}] [--replay INDEX] [--show N]`;
const PROGRESS_SECONDS = 10;
const CHUNK = 250;

function fail(message) {
  console.error(`fuzz: ${message}\n${USAGE}`);
  process.exit(2);
}

function integerOption(name, text, min) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer ≥ ${min}, got '${text}'`);
  return n;
}

function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch {
    // not Linux: fall back to what Node reports
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

let args;
try {
  args = parseArgs({
    options: {
      count: { type: 'string', default: '100000' },
      seed: { type: 'string' },
      build: { type: 'string', default: 'both' },
      ops: { type: 'string', default: OPS.join(',') },
      replay: { type: 'string' },
      show: { type: 'string', default: '10' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (e) {
  fail(e.message);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const count = integerOption('count', args.count, 1);
const show = integerOption('show', args.show, 0);
// A fresh seed each run unless one is given; it is printed, so any run can be repeated.
const seed = args.seed === undefined ? (Math.random() * 2 ** 32) >>> 0 : integerOption('seed', args.seed, 0) >>> 0;
const ops = args.ops.split(',').map((s) => s.trim()).filter(Boolean);
for (const op of ops) if (!OPS.includes(op)) fail(`unknown op '${op}'`);
const builds = { simd: ['simd'], scalar: ['scalar'], both: ['simd', 'scalar'] }[args.build];
if (!builds) fail(`--build must be simd, scalar or both, got '${args.build}'`);

const modules = [];
for (const build of builds) modules.push({ build, cl: await load({ simd: build === 'simd' }) });

if (args.replay !== undefined) {
  // One configuration in full: the call, PyTorch's answer, and each build's verdict.
  const index = integerOption('replay', args.replay, 0);
  const cfg = configAt(seed, index);
  console.log(`seed ${seed} index ${index}${cfg.note ? ` (generated to be rejected: ${cfg.note})` : ''}\ncl.${describeConfig(cfg, Infinity)}`);
  const ref = reference(cfg.op, cfg.input, cfg.weight, cfg.opts);
  if (ref.error) console.log(`PyTorch: ${ref.error} (${ref.reason})`);
  else console.log(`PyTorch: shape [${ref.shape}], data [${Array.from(ref.data).join(', ')}]${ref.indices ? `, indices [${Array.from(ref.indices).join(', ')}]` : ''}`);
  let failed = false;
  for (const { build, cl } of modules) {
    const result = compare(cl, cfg, ref);
    failed ||= result !== null;
    console.log(`${build}: ${result ? `${result.kind}\n  ${result.detail}` : 'agrees'}`);
  }
  process.exit(failed ? 1 : 0);
}

console.log(`fuzz: seed ${seed}, ${count} configurations per build (${builds.join(', ')}), ops ${ops.join(', ')}`);
const started = performance.now();
let lastReport = started;
let checkedAll = 0;
let failedAll = 0;
const kinds = new Map();

for (const { build, cl } of modules) {
  let checked = 0;
  let rejected = 0;
  let failed = 0;
  let index = 0;
  const shown = [];
  while (checked < count) {
    const run = runDifferential({
      cl, seed, count: Math.min(CHUNK, count - checked), ops, startIndex: index, maxFailures: Infinity,
    });
    checked += run.checked;
    rejected += run.rejected;
    failed += run.failed;
    index = run.nextIndex;
    for (const f of run.failures) {
      const key = `${build}: ${f.kind}`;
      const entry = kinds.get(key) ?? { count: 0, first: f };
      entry.count++;
      kinds.set(key, entry);
      if (shown.length < show) {
        shown.push(f);
        console.log(`\n[${build}] ${formatFailure(f)}\n`);
      }
    }
    const now = performance.now();
    if (now - lastReport >= PROGRESS_SECONDS * 1000) {
      lastReport = now;
      console.log(`  [${build}] ${checked} / ${count} checked, ${failed} failures, ${((now - started) / 1000).toFixed(0)} s`);
    }
  }
  console.log(`  [${build}] done: ${checked} checked (${rejected} rejected by PyTorch), ${failed} failures`);
  checkedAll += checked;
  failedAll += failed;
}

if (kinds.size > 0) {
  console.log('\nfailures by kind (first index of each):');
  for (const [key, { count: n, first }] of kinds) console.log(`  ${String(n).padStart(7)}  ${key}  (replay: npm run fuzz -- --seed ${seed} --replay ${first.index})`);
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`\nfuzz: ${checkedAll} configurations checked, ${failedAll} failures, ${seconds} s, seed ${seed}, CPU: ${cpuModel()}`);
process.exit(failedAll > 0 ? 1 : 0);
