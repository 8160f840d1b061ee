// Timing: warm-up, then the median of timed samples. A sample is one call, or, for calls shorter
// than `minSampleMs`, a batch of back-to-back calls timed together and divided by the batch size
// (the timer's resolution and its own cost would otherwise swamp a 2 µs call). Works for
// synchronous runners and for runners that return a promise (onnxruntime-web's session.run).

/** Median of a non-empty array of numbers. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The q-quantile (0…1) of a non-empty array, linear interpolation. */
export function quantile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

const isThenable = (v) => v != null && typeof v.then === 'function';

/**
 * Measures `run` (a function doing one call; it may return a promise, which is then awaited).
 * Options:
 *   warmupMs     (200)  warm-up lasts at least this long …
 *   warmupCalls  (3)    … and at least this many calls
 *   targetMs     (1000) aim for about this much timed work …
 *   minSamples   (20)   … but never fewer samples than this
 *   maxSamples   (400)
 *   samples      (none) a fixed number of samples (overrides targetMs/minSamples/maxSamples)
 *   minSampleMs  (1)    calls shorter than this are batched into samples of about this length
 *   onWarm       (none) called once between warm-up and the timed samples
 * Returns summarize(per-call sample times) plus { batch, warmupCalls, async, perCall }.
 */
export async function measure(run, opts = {}) {
  const {
    warmupMs = 200, warmupCalls = 3, targetMs = 1000, minSamples = 20, maxSamples = 400,
    samples: fixedSamples, minSampleMs = 1, onWarm,
  } = opts;
  const now = () => performance.now();

  // First call: find out whether the runner is asynchronous.
  let t0 = now();
  const first = run();
  const async = isThenable(first);
  if (async) await first;
  let calls = 1;
  while (calls < warmupCalls || now() - t0 < warmupMs) {
    if (async) await run();
    else run();
    calls++;
  }
  // Per-call estimate from a short, separately timed stretch after warm-up.
  const probeCalls = Math.max(1, Math.min(calls, 50));
  t0 = now();
  for (let i = 0; i < probeCalls; i++) {
    if (async) await run();
    else run();
  }
  const estimate = Math.max((now() - t0) / probeCalls, 1e-6);
  const warmupTotal = calls + probeCalls;
  if (onWarm) await onWarm();

  const batch = estimate >= minSampleMs ? 1 : Math.ceil(minSampleMs / estimate);
  const nSamples = fixedSamples
    ?? Math.min(maxSamples, Math.max(minSamples, Math.round(targetMs / (estimate * batch))));

  const perCall = new Array(nSamples);
  for (let s = 0; s < nSamples; s++) {
    const start = now();
    if (async) {
      for (let i = 0; i < batch; i++) await run();
    } else {
      for (let i = 0; i < batch; i++) run();
    }
    perCall[s] = (now() - start) / batch;
  }
  return { ...summarize(perCall), batch, calls: nSamples * batch, warmupCalls: warmupTotal, async, perCall };
}

/** { medianMs, minMs, p25Ms, p75Ms, samples } of per-call sample times in ms. */
export function summarize(perCall) {
  return {
    medianMs: median(perCall),
    minMs: Math.min(...perCall),
    p25Ms: quantile(perCall, 0.25),
    p75Ms: quantile(perCall, 0.75),
    samples: perCall.length,
  };
}

/**
 * Several measurements of one runner (rounds, interleaved with other runners so that a burst of
 * load elsewhere on the machine hits every runner alike) as one: the median of all their samples.
 */
export function combine(timings) {
  const perCall = timings.flatMap((t) => t.perCall);
  return {
    ...summarize(perCall),
    batch: Math.max(...timings.map((t) => t.batch)),
    calls: timings.reduce((a, t) => a + t.calls, 0),
    warmupCalls: timings.reduce((a, t) => a + t.warmupCalls, 0),
    async: timings[0].async,
    rounds: timings.length,
    roundMediansMs: timings.map((t) => t.medianMs),
  };
}

/**
 * Throughput figures of one measurement of a workload, in the unit the table reports it in, from the 25th percentile
 * of its samples (`ms`). On a shared VM a runner's samples fall into two modes: the machine's own speed, and spells of
 * a second or so in which another tenant holds the core (up to 1.7× slower). The median lands in either mode, as a
 * runner's rounds happened to meet more or fewer spells; the 25th percentile stays in the first unless spells take
 * three quarters of the run, so ratios between runners of one run hold from run to run.
 */
export function figures(wl, timing) {
  const ms = timing.p25Ms;
  const sec = ms / 1000;
  const out = { ms, us: ms * 1000 };
  if (wl.flops != null) out.gflops = wl.flops / sec / 1e9;
  out.melems = wl.outputShape.reduce((a, b) => a * b, 1) / sec / 1e6;
  return out;
}

/** Largest |a[i] − b[i]| (NaN when lengths differ or either side has a NaN where the other has not). */
export function maxAbsError(a, b) {
  if (!a || !b || a.length !== b.length) return NaN;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue; // also equal infinities
    const d = Math.abs(a[i] - b[i]);
    if (d > m) m = d;
    else if (Number.isNaN(d) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return NaN;
  }
  return m;
}

/** Largest |a[i]|: the scale against which maxAbsError is read. */
export function maxAbs(a) {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
