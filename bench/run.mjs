#!/usr/bin/env node
// The benchmark (npm run bench). Kernels: convlens SIMD and scalar, TensorFlow.js's wasm backend
// (XNNPACK) and onnxruntime-web's wasm EP, in this one Node process, on the workloads of
// bench/workloads.mjs, one thread each. Threads: convlens on 2 threads against 1 and against
// onnxruntime-web with numThreads = 2 (bench/threads.mjs, in a process of its own). Browser: the pages'
// edit → repaint latency in headless Chromium (bench/browser-latency.mjs, on dist/site), p50 / p95
// against their targets. Prints markdown on stdout.
//
// Usage: node bench/run.mjs [options]
//   --only W2,W5              run only these workloads
//   --peers convlens,tfjs,ort run only these runners (convlens is always run: it is the reference)
//   --reps N                  exactly N timed samples per runner and workload (default: adaptive,
//                             about --target-ms of timed work, at least 20 samples)
//   --target-ms MS            timed work to aim for per runner and workload (default 1000)
//   --rounds N                split each runner's samples into N rounds, runners taking turns
//                             (default 8), so a burst of load elsewhere hits every runner alike
//   --heap W5,W2              workloads for the heap-growth check (default W5,W2; 'none' to skip)
//   --heap-calls N            calls in the heap-growth check (default 1000) …
//   --heap-max-s S            … or fewer, if they would take longer than S seconds (default 20)
//   --no-peak                 skip the SIMD peak microbenchmark
//   --no-kernels              skip timing every listed kernel alone (bench/kernels.cpp)
//   --no-threads              skip the threads section (bench/threads.mjs)
//   --no-browser              skip the browser latency section
//   --browser-only            run only the browser latency section
//   --json FILE               also write every number to FILE
//   --markdown-section FILE   rewrite the part of FILE between <!-- bench:start --> and
//                             <!-- bench:end --> with the kernel report, and the part between
//                             <!-- bench-browser:start --> and <!-- bench-browser:end --> with the
//                             browser one, and between <!-- bench-threads:start --> and
//                             <!-- bench-threads:end --> with the threads one (each appended as a
//                             section if missing; a part not run is left as it is)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs as parseCommandLine } from 'node:util';
import * as watch from './peers/wasm-watch.mjs';
import { WORKLOADS, makeInputs, outputElements } from './workloads.mjs';
import { combine, figures, maxAbs, maxAbsError, measure } from './timing.mjs';
import { measurePeak } from './simd-peak.mjs';
import { kernelTable, runKernelBench } from './kernel-table.mjs';

const SECTIONS = Object.freeze({
  kernels: { start: '<!-- bench:start -->', end: '<!-- bench:end -->', heading: '## Kernel benchmark (npm run bench)' },
  browser: { start: '<!-- bench-browser:start -->', end: '<!-- bench-browser:end -->', heading: '## Browser latency (npm run bench)' },
  threads: { start: '<!-- bench-threads:start -->', end: '<!-- bench-threads:end -->', heading: '## Threads (npm run bench)' },
});

class UsageError extends Error {}

/** The options of the usage above, for node:util's parseArgs. */
const OPTIONS = Object.freeze({
  only: { type: 'string' },
  peers: { type: 'string' },
  reps: { type: 'string' },
  'target-ms': { type: 'string' },
  rounds: { type: 'string' },
  heap: { type: 'string' },
  'heap-calls': { type: 'string' },
  'heap-max-s': { type: 'string' },
  'no-peak': { type: 'boolean' },
  'no-kernels': { type: 'boolean' },
  'no-browser': { type: 'boolean' },
  'no-threads': { type: 'boolean' },
  'browser-only': { type: 'boolean' },
  json: { type: 'string' },
  'markdown-section': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
});

function parseArgs(argv) {
  let values;
  try {
    ({ values } = parseCommandLine({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    if (String(e.code).startsWith('ERR_PARSE_ARGS_')) throw new UsageError(`${e.message} (try --help)`);
    throw e;
  }
  if (values.help) {
    console.log(readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
    process.exit(0);
  }
  const list = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
  const num = (flag) => {
    const v = values[flag];
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag}: expected a positive number, got ${v}`);
    return n;
  };
  const o = { only: null, peers: null, reps: null, targetMs: 1000, rounds: 8, heap: ['W5', 'W2'], heapCalls: 1000, heapMaxS: 20,
    peak: !values['no-peak'], kernels: !values['no-kernels'], threads: !values['no-threads'], browser: !values['no-browser'], browserOnly: Boolean(values['browser-only']),
    json: values.json ?? null, markdown: values['markdown-section'] ?? null };
  if (values.only !== undefined) o.only = list(values.only).map((s) => s.toUpperCase());
  if (values.peers !== undefined) {
    o.peers = list(values.peers);
    const unknown = o.peers.filter((p) => !['convlens', 'tfjs', 'ort'].includes(p));
    if (unknown.length) throw new UsageError(`--peers: unknown runner ${unknown.join(', ')} (convlens, tfjs, ort)`);
  }
  if (values.reps !== undefined) o.reps = Math.round(num('reps'));
  if (values['target-ms'] !== undefined) o.targetMs = num('target-ms');
  if (values.rounds !== undefined) o.rounds = Math.round(num('rounds'));
  if (values.heap !== undefined) o.heap = values.heap === 'none' ? [] : list(values.heap).map((s) => s.toUpperCase());
  if (values['heap-calls'] !== undefined) o.heapCalls = Math.round(num('heap-calls'));
  if (values['heap-max-s'] !== undefined) o.heapMaxS = num('heap-max-s');
  if (o.browserOnly && !o.browser) throw new UsageError('--browser-only and --no-browser leave nothing to run');
  for (const [flag, ids] of [['--only', o.only ?? []], ['--heap', o.heap]]) {
    const unknown = ids.filter((id) => !WORKLOADS.some((w) => w.id === id));
    if (unknown.length) throw new UsageError(`${flag}: unknown workload ${unknown.join(', ')}`);
  }
  return o;
}

const log = (...a) => console.error(...a); // progress goes to stderr; stdout is the markdown

function machineInfo() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  let cpuid = '';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const field = (k) => info.match(new RegExp(`^${k}\\s*:\\s*(.*)$`, 'm'))?.[1]?.trim();
    cpu = field('model name') ?? cpu;
    const fam = field('cpu family');
    const model = field('model');
    if (fam) cpuid = `family ${fam}, model ${model}`;
  } catch {
    // not Linux
  }
  let date;
  try {
    date = execFileSync('date', { encoding: 'utf8' }).trim();
  } catch {
    date = new Date().toString();
  }
  return {
    cpu, cpuid,
    cores: os.cpus().length,
    node: process.version,
    v8: process.versions.v8,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date,
    iso: new Date().toISOString(),
    loadavg: os.loadavg(),
  };
}

const threadCount = () => {
  try {
    return readdirSync('/proc/self/task').length;
  } catch {
    return null;
  }
};

async function loadPeers(which) {
  const modules = [['convlens', './peers/convlens.mjs'], ['tfjs', './peers/tfjs.mjs'], ['ort', './peers/ort.mjs']];
  const peers = [];
  const failures = [];
  for (const [key, file] of modules) {
    if (key !== 'convlens' && which && !which.includes(key)) continue;
    try {
      const mod = await import(file);
      peers.push(...(await mod.load()));
    } catch (e) {
      if (key === 'convlens') throw e;
      const name = { tfjs: 'tfjs-wasm', ort: 'onnxruntime-web' }[key];
      log(`bench: ${name} failed to load: ${e.message}`);
      failures.push({ id: key, name, error: e.message });
    }
  }
  return { peers, failures };
}

function fmt(v, digits) {
  if (v == null || Number.isNaN(v)) return '—';
  if (v >= 1000) return v.toFixed(0);
  if (v >= 100) return v.toFixed(Math.min(digits, 1));
  return v.toFixed(digits);
}

const fmtErr = (e) => (e == null ? '—' : Number.isNaN(e) ? 'mismatch' : e === 0 ? '0' : e.toExponential(1));
const mib = (b) => `${(b / 1048576).toFixed(2)} MiB`;

/** The figure a workload's row reports for one runner: { value, text }. */
function headline(wl, fig) {
  if (wl.unit === 'us') return { value: fig.us, text: `${fmt(fig.us, 2)} µs` };
  if (wl.unit === 'melems') return { value: fig.melems, text: fmt(fig.melems, 1) };
  return { value: fig.gflops, text: fmt(fig.gflops, 2) };
}

const UNIT_TEXT = { gflops: 'GFLOP/s', melems: 'M out/s', us: 'µs/call' };

async function runWorkload(wl, peers, failures, opts) {
  const inputs = makeInputs(wl);
  const row = {
    id: wl.id, label: wl.label, op: wl.op, unit: wl.unit, flops: wl.flops, outputElements: outputElements(wl),
    results: {},
  };
  const outputs = {};
  const active = [];
  for (const peer of peers) {
    const r = (row.results[peer.id] = { name: peer.name });
    try {
      const setup = await peer.setup(wl, inputs);
      if (setup.unsupported) r.unsupported = setup.unsupported;
      else active.push({ peer, r, setup, rounds: [], mem: peer.memoryBytes ? { before: peer.memoryBytes() } : null });
    } catch (e) {
      r.error = e.message;
      log(`  ${wl.id} ${peer.name}: setup FAILED: ${e.message}`);
    }
  }
  // Rounds: every runner measured once per round, in turn; the first round has the full warm-up.
  const R = opts.rounds;
  for (let round = 0; round < R; round++) {
    for (const a of active) {
      if (a.r.error) continue;
      try {
        const t = await measure(a.setup.run, {
          warmupMs: round === 0 ? 200 : 20,
          warmupCalls: round === 0 ? 3 : 1,
          targetMs: opts.targetMs / R,
          minSamples: Math.ceil(20 / R),
          samples: opts.reps ? Math.ceil(opts.reps / R) : undefined,
          onWarm: a.mem && round === 0 ? () => { a.mem.afterWarmup = a.peer.memoryBytes(); } : undefined,
        });
        a.rounds.push(t);
      } catch (e) {
        a.r.error = e.message;
        log(`  ${wl.id} ${a.peer.name}: FAILED: ${e.message}`);
      }
    }
  }
  for (const a of active) {
    if (!a.r.error) {
      try {
        outputs[a.peer.id] = Float32Array.from(a.setup.output());
        const timing = combine(a.rounds);
        Object.assign(a.r, { timing, ...figures(wl, timing) });
        if (a.mem) a.r.memory = { ...a.mem, afterTimed: a.peer.memoryBytes() };
        log(`  ${wl.id} ${a.peer.name.padEnd(16)} ${timing.medianMs.toFixed(4).padStart(10)} ms/call  (${timing.samples} samples in ${R} rounds; round medians ${timing.roundMediansMs.map((m) => m.toPrecision(3)).join(', ')})`);
      } catch (e) {
        a.r.error = e.message;
      }
    }
    await a.setup.dispose();
  }
  for (const f of failures) row.results[f.id] = { name: f.name, error: `did not load: ${f.error}` };

  // exactness: every runner against convlens SIMD (the scalar build when SIMD failed)
  const refId = outputs['convlens-simd'] ? 'convlens-simd' : 'convlens-scalar';
  const ref = outputs[refId];
  row.reference = refId;
  row.referenceMaxAbs = ref ? maxAbs(ref) : null;
  for (const [id, out] of Object.entries(outputs)) {
    if (id !== refId && ref) row.results[id].maxAbsError = maxAbsError(out, ref);
  }
  return row;
}

/**
 * In a new wasm instance of the runner: 3 warm-up calls of a workload, then up to `calls` more
 * (fewer if they would take longer than `maxSeconds`); wasm memory at load, after the warm-up
 * and at the end.
 */
async function heapCheck(wl, runner, calls, maxSeconds) {
  const peer = await runner.fresh();
  const atLoad = peer.memoryBytes();
  const setup = await peer.setup(wl, makeInputs(wl));
  for (let i = 0; i < 3; i++) setup.run();
  const before = peer.memoryBytes();
  const t0 = performance.now();
  let done = 0;
  while (done < calls && (performance.now() - t0) / 1000 < maxSeconds) {
    setup.run();
    done++;
  }
  const seconds = (performance.now() - t0) / 1000;
  const after = peer.memoryBytes();
  await setup.dispose();
  return {
    workload: wl.id, runner: peer.name, calls: done, asked: calls, atLoad, before, after, growth: after - before,
    seconds,
  };
}

/** An error too large to be float rounding: over 1e-4 of the output's largest magnitude (or NaN). */
const suspicious = (row, e) => Number.isNaN(e) || e > 1e-4 * Math.max(1, row.referenceMaxAbs ?? 0);

/** The figure of one runner on one row, or null when it has none. */
function value(row, id) {
  const r = row.results[id];
  return r && !r.error && !r.unsupported ? headline(row, r).value : null;
}

/**
 * Sets row.ratioToBestPeer / row.bestPeer (convlens SIMD vs the fastest peer doing the same work:
 * input from a JS array, result into one; > 1 = convlens faster) and row.ratioToResident /
 * row.bestResident (vs the fastest peer of all, including one whose input is resident in wasm).
 */
function compare(rows, runners) {
  const peers = runners.filter((p) => !p.id.startsWith('convlens'));
  const best = (row, ids, own = 'convlens-simd') => {
    const mine = value(row, own);
    const vals = ids.map((id) => [id, value(row, id)]).filter(([, v]) => v != null);
    if (mine == null || vals.length === 0) return [null, null];
    const lowerIsBetter = row.unit === 'us';
    const [id, v] = vals.reduce((a, b) => ((lowerIsBetter ? b[1] < a[1] : b[1] > a[1]) ? b : a));
    return [id, lowerIsBetter ? v / mine : mine / v];
  };
  for (const row of rows) {
    [row.bestPeer, row.ratioToBestPeer] = best(row, peers.filter((p) => !p.residentInput).map((p) => p.id));
    [row.bestResident, row.ratioToResident] = best(row, peers.map((p) => p.id));
    // convlens on resident tensors against the peers that keep theirs (tfjs-wasm's tensors, onnxruntime's session)
    const keeping = peers.filter((p) => p.id !== 'tfjs-js').map((p) => p.id);
    [row.bestKeeping, row.ratioResidentToKeeping] = best(row, keeping, 'convlens-resident');
    [row.bestKeepingLayer, row.ratioLayerToKeeping] = best(row, keeping, 'convlens-layer');
  }
}

/** Issue 3's targets, each with the measured value and whether it is met (null: not measured). */
function targets(report) {
  const { rows, peak, heap } = report;
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
  const out = [];
  const ratios = rows.filter((r) => r.ratioToBestPeer != null);
  if (ratios.length) {
    const misses = ratios.filter((r) => r.ratioToBestPeer < 1.25);
    out.push({ what: 'every workload ≥ 1.25× the best peer (same work: input from JS)', met: misses.length === 0,
      measured: misses.length ? `below on ${misses.map((r) => `${r.id} ${r.ratioToBestPeer.toFixed(2)}×`).join(', ')}` : 'all rows' });
    const residentMisses = rows.filter((r) => r.ratioToResident != null && r.ratioToResident < 1.25);
    out.push({ what: 'every workload ≥ 1.25× the best peer, counting tfjs-wasm on a resident input', met: residentMisses.length === 0,
      measured: residentMisses.length ? `below on ${residentMisses.map((r) => `${r.id} ${r.ratioToResident.toFixed(2)}×`).join(', ')}` : 'all rows' });
    const keepingMisses = rows.filter((r) => r.ratioResidentToKeeping != null && r.ratioResidentToKeeping < 1.25);
    if (rows.some((r) => r.ratioResidentToKeeping != null)) {
      out.push({ what: 'every workload ≥ 1.25×: convlens resident against tfjs-wasm resident and onnxruntime-web with its session',
        met: keepingMisses.length === 0,
        measured: keepingMisses.length ? `below on ${keepingMisses.map((r) => `${r.id} ${r.ratioResidentToKeeping.toFixed(2)}×`).join(', ')}` : 'all rows' });
    }
  }
  for (const id of ['W2', 'W4']) {
    const g = byId[id]?.results['convlens-simd']?.gflops;
    if (g != null && peak) out.push({ what: `${id} ≥ 60% of the SIMD peak`, met: g / peak.gflops >= 0.6, measured: `${((g / peak.gflops) * 100).toFixed(0)}%` });
  }
  const w5 = byId.W5?.results['convlens-simd']?.us;
  if (w5 != null) out.push({ what: 'W5 ≤ 2 µs per call', met: w5 <= 2, measured: `${w5.toFixed(2)} µs` });
  // Issue 16: W5's per-call time at most half tfjs-wasm's, convlens resident against tfjs-wasm resident and from JS
  // against from JS.
  for (const [mine, theirs, what] of [['convlens-resident', 'tfjs', 'on resident tensors'], ['convlens-simd', 'tfjs-js', 'from JS']]) {
    const [a, b] = [byId.W5?.results[mine]?.us, byId.W5?.results[theirs]?.us];
    if (a != null && b != null)
      out.push({ what: `W5 ${what} ≤ 0.5× tfjs-wasm's per-call time`, met: a / b <= 0.5, measured: `${a.toFixed(2)} µs against ${b.toFixed(2)} µs: ${(a / b).toFixed(2)}×` });
  }
  const w2 = byId.W2?.results;
  if (w2?.['convlens-simd']?.ms != null && w2['convlens-scalar']?.ms != null) {
    const x = w2['convlens-scalar'].ms / w2['convlens-simd'].ms;
    const err = w2['convlens-scalar'].maxAbsError;
    out.push({ what: 'scalar build within 4× of SIMD on W2 (and agreeing with it)', met: x <= 4, measured: `${x.toFixed(2)}× slower, max abs err ${fmtErr(err)}` });
  }
  if (heap.length) {
    const grew = heap.filter((h) => h.growth !== 0);
    out.push({ what: 'no heap growth after warm-up', met: grew.length === 0,
      measured: grew.length ? `grew on ${grew.map((h) => `${h.workload} ${h.runner} +${h.growth} B`).join(', ')}` : `0 B on ${heap.map((h) => `${h.workload} ${h.runner.replace('convlens ', '')}`).join(', ')}` });
  }
  return out;
}

function markdown(report) {
  const { machine, peak, rows, runners, heap, failures } = report;
  const L = [];
  const peerIds = runners.filter((p) => !p.id.startsWith('convlens')).map((p) => p.id);
  const names = Object.fromEntries(runners.map((p) => [p.id, p.name]));
  L.push(`Measured ${machine.date} on ${machine.cpu}${machine.cpuid ? ` (${machine.cpuid})` : ''}, ${machine.cores} cores,`
    + ` Node ${machine.node} (V8 ${machine.v8}), ${machine.os}; load average at start ${machine.loadavg.map((x) => x.toFixed(2)).join(' / ')}`
    + `${report.loadavgEnd ? `, at end ${report.loadavgEnd.map((x) => x.toFixed(2)).join(' / ')}` : ''}.`
    + ` Command: \`${report.command}\`.`);
  const busiest = Math.max(machine.loadavg[0], report.loadavgEnd?.[0] ?? 0);
  if (busiest > machine.cores * 0.75) {
    L.push('');
    L.push(`⚠ The machine was busy during this run (1-minute load average up to ${busiest.toFixed(1)} on ${machine.cores} cores): figures are`
      + ' noisier than usual; compare the round medians in the timing details.');
  }
  L.push('');
  if (peak) {
    L.push(`**Single-thread WASM SIMD peak: ${peak.gflops.toFixed(1)} GFLOP/s** (bench/simd-peak.wat, ${peak.best}; `
      + `${Object.entries(peak.byChains).map(([k, g]) => `${k} chains ${g.toFixed(1)}`).join(', ')}). `
      + 'Percentages in the convlens columns are of this peak.');
    L.push('');
  }
  L.push('Runners:');
  for (const p of runners) L.push(`- **${p.name}**: ${p.version}; binary: ${p.variant}`);
  for (const f of failures) L.push(`- **${f.name}**: failed to load: ${f.error}`);
  L.push('');

  const head = ['id', 'workload', 'unit', 'convlens SIMD', 'convlens scalar', 'convlens resident', 'convlens layer',
    ...peerIds.map((id) => names[id]), ...failures.map((f) => f.name), 'convlens / best peer', 'convlens / best peer incl. resident input',
    'convlens resident / tfjs-wasm resident, onnxruntime-web', 'convlens layer / tfjs-wasm resident, onnxruntime-web',
    'max abs err: scalar', 'convlens resident', 'convlens layer', ...peerIds.map((id) => names[id]), ...failures.map((f) => f.name)];
  L.push(`| ${head.join(' | ')} |`);
  L.push(`|${head.map((h, i) => (i < 3 ? '---' : '---:')).join('|')}|`);
  for (const row of rows) {
    const cell = (id, withPeak) => {
      const r = row.results[id];
      if (!r) return '—';
      if (r.error) return r.error.startsWith('did not load') ? 'not loaded' : 'failed';
      if (r.unsupported) return 'n/a';
      const h = headline(row, r);
      if (withPeak && peak && r.gflops != null) return `${h.text} (${((r.gflops / peak.gflops) * 100).toFixed(r.gflops / peak.gflops < 0.01 ? 2 : 0)}%)`;
      return h.text;
    };
    const ratio = row.ratioToBestPeer == null ? '—' : `${row.ratioToBestPeer.toFixed(2)}× (${names[row.bestPeer]})`;
    const ratioResident = row.ratioToResident == null ? '—' : `${row.ratioToResident.toFixed(2)}× (${names[row.bestResident]})`;
    const ratioKeeping = row.ratioResidentToKeeping == null ? '—' : `${row.ratioResidentToKeeping.toFixed(2)}× (${names[row.bestKeeping]})`;
    const ratioLayer = row.ratioLayerToKeeping == null ? '—' : `${row.ratioLayerToKeeping.toFixed(2)}× (${names[row.bestKeepingLayer]})`;
    const err = (id) => {
      const r = row.results[id];
      if (!r || r.maxAbsError === undefined) return '—';
      return `${fmtErr(r.maxAbsError)}${suspicious(row, r.maxAbsError) ? ' ⚠' : ''}`;
    };
    L.push(`| ${[row.id, row.label, UNIT_TEXT[row.unit], cell('convlens-simd', true), cell('convlens-scalar', true),
      cell('convlens-resident', true), cell('convlens-layer', true), ...peerIds.map((id) => cell(id)), ...failures.map(() => 'not loaded'),
      ratio, ratioResident, ratioKeeping, ratioLayer, err('convlens-scalar'), err('convlens-resident'), err('convlens-layer'),
      ...peerIds.map(err), ...failures.map(() => '—')].join(' | ')} |`);
  }
  L.push('');
  const t = targets(report);
  if (t.length) {
    L.push('Targets in this run (issues 3 and 16):');
    for (const x of t) L.push(`- ${x.met ? 'met' : '**not met**'}: ${x.what}: ${x.measured}`);
    L.push('');
  }
  if (report.kernels) {
    L.push('Every kernel in `cpp/kernels/kernel_list.cpp` that supports the workload, timed alone (no API call, input already padded; bench/kernels.cpp):');
    L.push('');
    L.push(...kernelTable(report.kernels, rows.map((r) => WORKLOADS.find((w) => w.id === r.id)), outputElements));
    L.push('');
  }
  L.push('Notes:');
  L.push('- Units: convolutions in GFLOP/s, counting 2·N·Cout·OH·OW·(Cin/groups)·KH·KW FLOPs (transposed: 2·N·Cin·H·W·(Cout/groups)·KH·KW);'
    + ' W6 in million output elements per second; W5, W9 and W10 in µs per call (lower is better); W11 (conv2d backward) counts gradInput and gradWeight, twice the FLOPs of W2. % of peak: the convlens rate in GFLOP/s over the SIMD peak'
    + ' (for W5 from its 162 FLOPs per call; none for the pool, which does no multiply-adds). These are effective rates: the FLOPs a'
    + ' direct convolution needs, whatever the kernel does; a kernel that needs fewer (Winograd) can pass 100% of the peak.');
  L.push('- convlens / best peer: convlens SIMD\'s rate over the best peer\'s doing the same work — input from a JS Float32Array,'
    + ' result into one — (for W5 the best peer\'s µs over convlens\'s), with the best peer named; above 1 means convlens is faster.'
    + ' The next column also counts tfjs-wasm on an input tensor uploaded once outside the timing (resident in wasm memory,'
    + ' as inside a model), which skips the input copy that every convlens call makes. convlens resident / tfjs-wasm resident,'
    + ' onnxruntime-web: convlens on resident tensors against the best of the peers that keep their data (tfjs-wasm\'s'
    + ' resident tensors, onnxruntime-web\'s session with its prepacked weights); convlens layer: the same through cl.nn\'s'
    + ' layers (weights loaded and packed once; each forward() a fresh resident output, freed at the next call).');
  L.push('- Timing: one Node process, one thread per runner. Each runner gets a warm-up (≥ 200 ms and ≥ 3 calls), then'
    + ` ${report.options.reps ? `${report.options.reps} timed samples` : `about ${report.options.targetMs} ms of timed samples (at least 20)`},`
    + ` split into ${report.options.rounds} rounds in which the runners of a workload take turns (so a burst of load elsewhere on the`
    + ' machine hits all of them alike); the figure is the 25th percentile of all samples (the median sits in either of the two'
    + ' modes a shared VM gives, the machine\'s own speed and spells in which another tenant holds the core; bench/timing.mjs\'s'
    + ' figures()). Calls shorter than 1 ms are timed in back-to-back batches of ≥ 1 ms, a sample being the batch mean.');
  L.push('- What a call includes. convlens: the whole public API call: input and weight copied into wasm memory, the op, the result copied into a'
    + ' preallocated JS Float32Array (`out`). tfjs-wasm: the op on input and filter tensors uploaded once outside the timing (NHWC, converted'
    + ' once), plus `dataSync()` (result copied into a new Float32Array) and `dispose()`; so, unlike convlens, **its input and weight copy-in'
    + ' is excluded**. tfjs-wasm (input from JS): the same, but the input tensor is made from its NHWC Float32Array inside every timed'
    + ' call and disposed after it (the filter stays resident: convlens copies its weight in on every call too). onnxruntime-web: `await session.run()`, which copies the input in and the output into a new Float32Array; the weight is'
    + ' a model initializer, prepacked when the session is made. convlens resident: the SIMD build on an input and a weight made'
    + ' resident once outside the timing (`cl.resident()`), the op writing into one resident `out` (conv2d backward: fresh resident'
    + ' gradients, freed after each call); no copy in or out.');
  L.push('- tfjs-wasm padding: conv2d gets explicit symmetric padding `[[0,0],[p,p],[p,p],[0,0]]`; depthwiseConv2d (W3) `\'same\'` (= pad 1 for 3×3,'
    + ' stride 1); maxPool (W6) the number pad 1 with `dimRoundingMode \'floor\'` (symmetric, PyTorch\'s output size; no −inf pre-padding was'
    + ' needed); conv2dTranspose (W7) `\'same\'` (= PyTorch pad 1 for 4×4, stride 2). tfjs-wasm\'s conv2dTranspose is not XNNPACK: its'
    + ' Conv2DBackpropInput kernel is a plain C++ loop.');
  L.push(`- Max abs err: the largest |runner − convlens SIMD| over the output, after converting layouts; outputs reach |y| ≤ ${
    rows.map((r) => `${r.id} ${r.referenceMaxAbs == null ? '—' : r.referenceMaxAbs.toFixed(1)}`).join(', ')}. Inputs and weights: uniform [−1, 1), fixed seeds.`
    + ' ⚠ marks an error above 1e-4 × max |y| (more than float rounding: a wrong result); "mismatch" a length or NaN mismatch.');
  if (heap.length) {
    L.push('');
    L.push(`Wasm memory (convlens \`memoryBytes()\`) of a newly loaded instance: at load, after a 3-call warm-up, and after`
      + ` ${report.options.heapCalls} more calls (fewer where they would take over ${report.options.heapMaxS} s):`);
    L.push('');
    L.push('| workload | build | at load | after warm-up | calls | after the calls | growth after warm-up |');
    L.push('|---|---|---:|---:|---:|---:|---:|');
    for (const h of heap) L.push(`| ${h.workload} | ${h.runner} | ${mib(h.atLoad)} | ${mib(h.before)} | ${h.calls} | ${mib(h.after)} | ${h.growth} B |`);
    const grew = rows.flatMap((r) => Object.values(r.results)
      .filter((x) => x.memory && x.memory.afterTimed !== x.memory.afterWarmup)
      .map((x) => `${r.id} ${x.name} ${mib(x.memory.afterWarmup)} → ${mib(x.memory.afterTimed)}`));
    L.push('');
    L.push(grew.length ? `Memory also grew during timed calls: ${grew.join('; ')}.` : 'No convlens workload grew wasm memory during its timed calls either (checked after warm-up vs after timing).');
  }
  L.push('');
  L.push('<details><summary>Timing details (ms per call: median, p25–p75, samples × batch; median of each round)</summary>');
  L.push('');
  L.push(`| id | ${runners.map((p) => p.name).join(' | ')} |`);
  L.push(`|---|${runners.map(() => '---:').join('|')}|`);
  for (const row of rows) {
    L.push(`| ${row.id} | ${runners.map((p) => {
      const r = row.results[p.id];
      if (!r || r.error) return r?.error ? 'failed' : '—';
      if (r.unsupported) return 'n/a';
      const t = r.timing;
      return `${t.medianMs.toPrecision(3)} (${t.p25Ms.toPrecision(3)}–${t.p75Ms.toPrecision(3)}, ${t.samples}×${t.batch}; ${t.roundMediansMs.map((m) => m.toPrecision(3)).join(' / ')})`;
    }).join(' | ')} |`);
  }
  L.push('');
  L.push('</details>');
  return L.join('\n');
}

function writeSection(file, section, body) {
  const { start, end, heading } = section;
  const block = `${start}\n${body}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a >= 0 && b > a) {
    text = text.slice(0, a) + block + text.slice(b + end.length);
  } else {
    text = `${text.replace(/\s*$/, '')}\n\n${heading}\n\n${block}\n`;
  }
  writeFileSync(file, text);
}

/** The measured scenarios: bench/browser-latency.mjs in one headless Chromium; rows for the report. */
async function runBrowser() {
  // loaded only here: the kernel benchmark needs neither playwright-core nor dist/site
  const { startBrowser } = await import('../tests/browser/browser.mjs');
  const lat = await import('./browser-latency.mjs');
  const env = await startBrowser();
  try {
    log('bench: browser: playground tutorial …');
    const tutorial = await lat.tutorialLatency(env);
    log('bench: browser: playground 3×64×64, 16 output channels …');
    const large = await lat.largeLatency(env);
    log('bench: browser: image mode 3×512×512 …');
    const images = await lat.imagesLatency(env);
    log('bench: browser: image mode, the step slider over batches of 64×3×32×32 …');
    const steps = await lat.imagesStepLatency(env);
    const tutorialName = 'playground: tutorial 5×5 input, 3×3 weight (DOM grids, explanation shown)';
    const largeName = 'playground: 3×64×64 input, 16 output channels, 3×3 (heat maps)';
    const rows = [
      { scenario: tutorialName, change: 'one input cell', ...lat.summary(tutorial.cellEdit), target: lat.TARGETS.tutorial },
      { scenario: 'same', change: '`stride` control (1 ↔ 2: new output shape)', ...lat.summary(tutorial.controlEdit), target: lat.TARGETS.tutorial },
      { scenario: largeName, change: 'one input cell', ...lat.summary(large.cellEdit), target: lat.TARGETS.large },
      { scenario: 'same', change: 'loading the preset (all grids built)', ...lat.summary(large.presetLoad), target: null },
      { scenario: 'image mode: 3×512×512 (the house sample) through Conv2d(3, 3, kernel_size=5, padding=\'same\', groups=3) + MaxPool2d(2)',
        change: 'weight preset (Gaussian ↔ box)', ...lat.summary(images.update), target: lat.TARGETS.images, workerP50: lat.summary(images.worker).p50 },
      { scenario: 'image mode: the synthetic set, DataLoader(batch_size=64), MaxPool2d(kernel_size=3): [64, 3, 32, 32] → [64, 3, 10, 10]',
        change: 'step slider → / ← (the next batch)', ...lat.summary(steps.update), target: lat.TARGETS.imagesStep },
    ];
    for (const r of rows) log(`  ${r.change.padEnd(44)} p50 ${r.p50} ms, p95 ${r.p95} ms${r.target ? ` (target ${r.target} ms)` : ''}`);
    return { browser: images.browser, variant: tutorial.variant, rows };
  } finally {
    await env.close();
  }
}

function browserMarkdown(report) {
  const { machine, browser } = report;
  const L = [];
  L.push(`Measured ${machine.date} on ${machine.cpu}${machine.cpuid ? ` (${machine.cpuid})` : ''}, ${machine.cores} cores, ${machine.os};`
    + ` headless Chromium ${browser.browser}, ${browser.variant} build; load average at start ${browser.loadavgStart.map((x) => x.toFixed(2)).join(' / ')},`
    + ` at end ${browser.loadavgEnd.map((x) => x.toFixed(2)).join(' / ')}. Command: \`${report.command}\`.`);
  const busiest = Math.max(browser.loadavgStart[0], browser.loadavgEnd[0]);
  if (busiest > machine.cores * 0.75) {
    L.push('');
    L.push(`⚠ The machine was busy during this run (1-minute load average up to ${busiest.toFixed(1)} on ${machine.cores} cores): figures are noisier than usual.`);
  }
  L.push('');
  L.push('| workload | what changes | samples | p50 | p95 | max | target | |');
  L.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  const ms = (v) => `${v.toFixed(1)} ms`;
  for (const r of browser.rows) {
    const one = r.samples === 1;
    L.push(`| ${r.scenario} | ${r.change} | ${r.samples} | ${ms(r.p50)} | ${one ? '' : ms(r.p95)} | ${one ? '' : ms(r.max)} | `
      + `${r.target ? `p95 ≤ ${r.target} ms` : '—'} | ${r.target ? (r.p95 <= r.target ? 'met' : '**not met**') : ''} |`);
  }
  const img = browser.rows.find((r) => r.workerP50 != null);
  if (img) {
    L.push('');
    L.push(`Image mode: the worker's part (both ops and the tiles' RGBA) had a p50 of ${ms(img.workerP50)}; the rest is messaging and waiting for the next frame.`);
  }
  return L.join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const machine = machineInfo();
  const threadsAtStart = threadCount();
  log(`bench: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date}`);
  const report = {
    machine, options: opts,
    command: `node bench/run.mjs${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
  };
  const parts = [];
  if (!opts.browserOnly) {
    Object.assign(report, await runKernels(opts));
    compare(report.rows, report.runners);
    report.targets = targets(report);
    parts.push(['kernels', markdown(report)]);
  }
  if (opts.threads && !opts.browserOnly) {
    log('bench: threads (bench/threads.mjs) …');
    const args = [fileURLToPath(new URL('./threads.mjs', import.meta.url)), ...(opts.only ? ['--only', opts.only.join(',')] : [])];
    try {
      parts.push(['threads', execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim()]);
    } catch (e) {
      log(`bench: the threads section FAILED: ${e.message}`);
      process.exitCode = 1;
    }
  }
  if (opts.browser) {
    try {
      const loadavgStart = os.loadavg(); // the kernels may have run for minutes before
      report.browser = { ...(await runBrowser()), loadavgStart, loadavgEnd: os.loadavg() };
      parts.push(['browser', browserMarkdown(report)]);
    } catch (e) {
      log(`bench: the browser section FAILED: ${e.stack ?? e.message}`);
      report.browserError = e.message;
      process.exitCode = 1;
    }
  }
  report.threads = { atStart: threadsAtStart, atEnd: threadCount() };
  report.seconds = (performance.now() - t0) / 1000;
  console.log(parts.map(([, md]) => md).join('\n\n'));
  if (opts.json) writeFileSync(opts.json, `${JSON.stringify(report, null, 1)}\n`);
  if (opts.markdown) {
    for (const [name, md] of parts) {
      writeSection(opts.markdown, SECTIONS[name], md);
      log(`bench: wrote the section between ${SECTIONS[name].start} and ${SECTIONS[name].end} in ${opts.markdown}`);
    }
  }
  log(`bench: done in ${report.seconds.toFixed(0)} s; process threads ${report.threads.atStart} at start, ${report.threads.atEnd} at end`);
}

/** The kernel benchmark: peers, SIMD peak, workloads, heap check, kernels alone; the report's fields. */
async function runKernels(opts) {
  watch.install();
  const { peers, failures } = await loadPeers(opts.peers);
  for (const p of peers) log(`bench: ${p.name}: ${p.version}; ${p.variant}`);

  let peak = null;
  if (opts.peak) {
    peak = await measurePeak();
    log(`bench: SIMD peak ${peak.gflops.toFixed(1)} GFLOP/s (${peak.best})`);
  }

  const workloads = WORKLOADS.filter((w) => !opts.only || opts.only.includes(w.id));
  const rows = [];
  for (const wl of workloads) rows.push(await runWorkload(wl, peers, failures, opts));

  const heap = [];
  for (const id of opts.heap) {
    const wl = WORKLOADS.find((w) => w.id === id);
    for (const peer of peers.filter((p) => p.fresh)) {
      const h = await heapCheck(wl, peer, opts.heapCalls, opts.heapMaxS);
      heap.push(h);
      log(`  heap ${wl.id} ${peer.name}: ${h.atLoad} at load, ${h.before} after warm-up, ${h.after} after ${h.calls} calls (${h.seconds.toFixed(1)} s)`);
    }
  }

  let kernels = null;
  if (opts.kernels) {
    log('bench: every listed kernel alone (bench/kernels.cpp) …');
    kernels = runKernelBench(workloads);
  }
  return {
    loadavgEnd: os.loadavg(), peak, rows, heap, failures, kernels,
    runners: peers.map(({ id, name, version, variant, residentInput }) =>
      ({ id, name, version, variant, residentInput })),
  };
}

main().catch((e) => {
  console.error(e instanceof UsageError ? `bench: ${e.message}` : `bench: FAILED: ${e.stack ?? e.message}`);
  process.exit(1);
});
