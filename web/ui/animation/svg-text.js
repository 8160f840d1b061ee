// The renderer's element tree (animation-render.js) as SVG text, for the exports. The screen builds
// DOM nodes from the same tree (svgDom), so a figure loads this only with the exporters.

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const esc = (s) => String(s).replace(/[&<>"']/g, (ch) => ESC[ch]);

/** The tree as SVG/XML text (attribute values and text escaped). */
export function svgString(node) {
  const attrs = Object.entries(node.a).map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
  if (node.text !== undefined) return `<${node.tag}${attrs}>${esc(node.text)}</${node.tag}>`;
  if (!node.c.length) return `<${node.tag}${attrs}/>`;
  return `<${node.tag}${attrs}>${node.c.map(svgString).join('')}</${node.tag}>`;
}

/** A standalone SVG file's text. */
export function svgFile(node) {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svgString(node)}\n`;
}
