// Pasted text → a matrix of cell texts. Pure (no DOM). Reads what people copy from
//   Python / PyTorch / NumPy: [[1, 2], [3, 4]]   tensor([[1., 2.], [3., 4.]], dtype=torch.float64)
//                             array([[1, 2], [3, 4]])   NumPy's print form [[1 2]\n [3 4]]
//   spreadsheets: tab-separated rows (TSV), or comma / space separated rows.
// Result: { ok: true, shape, texts } (rank 1–4, row-major) or { ok: false, key, params } with an
// i18n message key. Tokens that are not numbers are kept as text (the grid shows them as invalid).
import { parseCell } from './numbers.js';

const MAX_CELLS = 65_536;

/** A token's cell text: numbers normalised ("1." → "1", "1.0000e+00" → "1"), anything else kept. */
function cellText(token) {
  const t = token.replace(/^([+-]?)float\(\s*['"]([a-z]+)['"]\s*\)$/i, '$1$2');
  const v = parseCell(t);
  if (v === null) return token;
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return String(v);
}

/** Drops a call wrapper: tensor(...), torch.tensor(...), np.array(...), array(...), with keyword args. */
function unwrap(text) {
  const m = /^[A-Za-z_][\w.]*\s*\(/.exec(text);
  if (!m) return text;
  const open = text.indexOf('[');
  const close = text.lastIndexOf(']');
  if (open < 0 || close < open) {
    // tensor(5.) — a scalar
    const inner = text.slice(m[0].length).replace(/\)\s*$/, '').split(',')[0];
    return inner.trim();
  }
  return text.slice(open, close + 1);
}

/** Nested-bracket syntax → nested arrays of token strings; throws { key } on malformed text. */
function parseBrackets(text) {
  let i = 0;
  const n = text.length;
  const skip = () => {
    while (i < n && /[\s,]/.test(text[i])) i++;
  };
  function list(depth) {
    if (depth > 4) throw { key: 'pasteTooDeep' };
    i++; // '['
    const items = [];
    for (;;) {
      skip();
      if (i >= n) throw { key: 'pasteUnbalanced' };
      const ch = text[i];
      if (ch === ']') {
        i++;
        return items;
      }
      if (ch === '[') {
        items.push(list(depth + 1));
        continue;
      }
      const start = i;
      while (i < n && !/[\s,[\]]/.test(text[i])) i++;
      const token = text.slice(start, i);
      if (token === '...' || token === '…') throw { key: 'pasteTruncated' };
      items.push(token);
    }
  }
  skip();
  if (text[i] !== '[') throw { key: 'pasteUnbalanced' };
  const value = list(1);
  skip();
  if (i < n) throw { key: 'pasteTrailing', params: { text: text.slice(i, i + 20) } };
  return value;
}

function shapeOf(nested) {
  const dims = [];
  for (let v = nested; Array.isArray(v); v = v[0]) dims.push(v.length);
  return dims;
}

function flatten(v, dims, depth, out) {
  if (depth === dims.length) {
    if (Array.isArray(v)) throw { key: 'pasteRagged' };
    out.push(cellText(v));
    return;
  }
  if (!Array.isArray(v) || v.length !== dims[depth]) throw { key: 'pasteRagged' };
  for (const e of v) flatten(e, dims, depth + 1, out);
}

/** Rows of a spreadsheet / CSV / whitespace table → [rows, cols]. */
function parseTable(text) {
  const lines = text.split(/\r?\n/).map((l) => l.replace(/\s+$/, '')).filter((l) => l.trim() !== '');
  const sep = text.includes('\t') ? /\t/ : text.includes(',') ? /\s*,\s*/ : /\s+/;
  const rows = lines.map((l) => l.trim().split(sep).map((c) => c.trim()));
  const cols = rows[0].length;
  if (rows.some((r) => r.length !== cols)) throw { key: 'pasteRagged' };
  return { shape: [rows.length, cols], texts: rows.flat().map(cellText) };
}

/** Parses pasted text (see the file comment). Never throws. */
export function parseMatrix(raw) {
  const text = String(raw ?? '').trim();
  if (text === '') return { ok: false, key: 'pasteEmpty', params: {} };
  if (text.length > MAX_CELLS * 24) return { ok: false, key: 'pasteTooLarge', params: { max: MAX_CELLS } };
  try {
    const body = unwrap(text);
    let shape;
    let texts;
    if (body.startsWith('[')) {
      const nested = parseBrackets(body);
      shape = shapeOf(nested);
      if (shape.includes(0)) throw { key: 'pasteEmpty' };
      if (shape.length > 4) throw { key: 'pasteTooDeep' };
      texts = [];
      flatten(nested, shape, 0, texts);
    } else {
      ({ shape, texts } = parseTable(body));
    }
    if (texts.length > MAX_CELLS) throw { key: 'pasteTooLarge', params: { max: MAX_CELLS } };
    return { ok: true, shape, texts };
  } catch (e) {
    if (e && typeof e.key === 'string') return { ok: false, key: e.key, params: e.params ?? {} };
    return { ok: false, key: 'pasteUnreadable', params: {} };
  }
}
