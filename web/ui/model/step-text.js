// ↑ / ↓ in a number field: the integer under the caret steps by one, within the field's limits.
// Pure (no DOM); the controls and the fill seed use it.

const INT = /[+-]?\d+/g;

/**
 * Steps the integer of `text` under the caret (or every integer, when all of the text is
 * selected) by `delta`, clamped to [min, max]. `selection`: [start, end]. Returns { text, selection }
 * (the caret after the stepped number; all of it selected when all was), or null when there is no integer to step
 * ("", "None", "same") or nothing would change.
 */
export function stepIntText(text, [start, end], delta, min, max) {
  const all = start === 0 && end === text.length;
  const matches = [...text.matchAll(INT)];
  if (!matches.length || !/^[\s()[\],x×+\-\d]*$/.test(text)) return null;
  const hit = all
    ? matches
    : [matches.find((m) => start >= m.index && start <= m.index + m[0].length) ?? matches[matches.length - 1]];
  let out = '';
  let last = 0;
  let shift = 0;
  let caret = [start, end];
  for (const m of matches) {
    out += text.slice(last, m.index);
    last = m.index + m[0].length;
    if (!hit.includes(m)) {
      out += m[0];
      continue;
    }
    const v = Math.max(min, Math.min(max, Number(m[0]) + delta));
    const s = String(v);
    if (!all) caret = [m.index + shift + s.length, m.index + shift + s.length];
    shift += s.length - m[0].length;
    out += s;
  }
  out += text.slice(last);
  if (out === text) return null;
  return { text: out, selection: all ? [0, out.length] : caret };
}
