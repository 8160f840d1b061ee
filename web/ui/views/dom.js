// The one tiny DOM helper the UI parts share. Text always goes in through textContent and
// attributes through setAttribute: state data is never parsed as HTML.

/**
 * Creates an element. `props`: { class, text, on: { event: fn }, ...attributes }; attribute values
 * of false/null/undefined are skipped, true sets an empty attribute. Children: nodes or strings.
 */
export function h(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of [].concat(children)) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

/** Replaces an element's children. */
export function replaceChildren(node, children) {
  node.replaceChildren(...[].concat(children).filter((c) => c !== null && c !== undefined && c !== false));
}

/**
 * Copies the text shown in `node` to the clipboard; where the clipboard is refused, selects the
 * node's text so the user can copy it by hand. Resolves to whether the clipboard took it.
 */
export async function copyShownText(node) {
  try {
    await navigator.clipboard.writeText(node.textContent);
    return true;
  } catch {
    const range = document.createRange();
    range.selectNodeContents(node);
    const sel = getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    return false;
  }
}
