// Cell text ⇄ numbers: the one place that decides what a cell's text means and how values are shown.
// Pure (no DOM); used by the grids, the explanations, the PyTorch code and the URL state.

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const INF = /^([+-]?)(?:inf|infinity|∞)$/i;

/** Parses a cell's text as PyTorch would read a float literal; null when it is not a number (never 0). */
export function parseCell(text) {
  if (typeof text !== 'string') return null;
  const t = text.trim().replace(/\u2212/g, '-'); // accept the typographic minus sign
  if (NUMBER.test(t)) return Number(t);
  const inf = INF.exec(t);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  return null;
}

/** A value for display: integers as is, others with 4 significant digits; ±∞ and NaN spelled out (−∞ with U+2212). */
export function formatValue(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞'; // U+2212, as the figures and explanations write it
  if (Object.is(v, -0)) return '0';
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return String(v);
  return String(Number(v.toPrecision(4)));
}

/** The shortest decimal text that reads back as the same float32 (e.g. 0.1f → "0.1"). */
export function float32Text(v) {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  const f = Math.fround(v);
  for (let p = 1; p <= 9; p++) {
    const s = String(Number(f.toPrecision(p)));
    if (Math.fround(Number(s)) === f) return s;
  }
  return String(f);
}

/** A float32 as a Python float literal: 1 → "1.", 0.1 → "0.1", ∞ → "float('inf')". */
export function pythonFloat(v) {
  if (Number.isNaN(v)) return "float('nan')";
  if (v === Infinity) return "float('inf')";
  if (v === -Infinity) return "-float('inf')";
  const s = float32Text(v);
  return /[.e]/.test(s) ? s : `${s}.`;
}
