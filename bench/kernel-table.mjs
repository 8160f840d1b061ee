// Every kernel of cpp/kernels/kernel_list.cpp timed alone on the workloads (bench/kernels.cpp, built by
// CMake as convlens_kernel_bench_{simd,scalar}.cjs): shows what each listed kernel would give,
// not only the one dispatch picks.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'build', 'wasm');

/** [{ variant, workload, kernel, dispatched, ms }] for both builds; [] with a reason when not built. */
export function runKernelBench(workloads, budgetMs = 300) {
  const spec = JSON.stringify(workloads.map(({ id, op, inputShape, weightShape, options }) =>
    ({ id, op, inputShape, weightShape, options })));
  const rows = [];
  for (const variant of ['simd', 'scalar']) {
    const file = path.join(buildDir, `convlens_kernel_bench_${variant}.cjs`);
    if (!existsSync(file)) return { rows: [], missing: `${path.relative(process.cwd(), file)} is not built (node scripts/build.mjs)` };
    const out = execFileSync(process.execPath, [file, spec, String(budgetMs)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    for (const line of out.split('\n').filter(Boolean)) rows.push({ variant, ...JSON.parse(line) });
  }
  return { rows };
}

/** The markdown table of runKernelBench's rows; rates use the workloads' FLOP / element counts. */
export function kernelTable({ rows, missing }, workloads, outputElements) {
  if (missing) return [`Every listed kernel: not measured: ${missing}.`];
  const byId = Object.fromEntries(workloads.map((w) => [w.id, w]));
  const L = ['| id | build | kernel | ms | rate | picked by dispatch |', '|---|---|---|---:|---:|---|'];
  for (const r of rows) {
    const wl = byId[r.workload];
    const rate = wl.flops ? `${(wl.flops / r.ms / 1e6).toFixed(2)} GFLOP/s` : `${(outputElements(wl) / r.ms / 1e3).toFixed(1)} M out/s`;
    L.push(`| ${r.workload} | ${r.variant} | \`${r.kernel}\` | ${r.ms < 0.01 ? r.ms.toFixed(5) : r.ms.toFixed(3)} | ${rate} | ${r.dispatched ? 'yes' : ''} |`);
  }
  return L;
}
