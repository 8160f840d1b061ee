// Builds the <conv-lens> widget (web/widget/) into the package, dist/convlens/widget/:
//   conv-lens.js   the element (web/widget/), the figure (web/ui/figure.js with the animation) and
//                  the JS API (web/convlens/), bundled and minified by esbuild, with chunk-*.js that
//                  it imports; the two Emscripten glue modules stay outside, imported from
//                  ../convlens_{simd,scalar}.mjs (which find their .wasm next to themselves), so
//                  the page fetches only the build it uses
//   app.js, i18n-zh.js, export.js, export-raster.js   what it imports with import() when used
//                  (LAZY_MODULES): the playground's editors, 简体中文, the animation's exporters
//   conv-lens.d.ts its types (web/widget/conv-lens.d.ts), for the package's "./widget" export
//   conv-lens.css  the playground's styles (web/ui/palette.css + web/style.css) rewritten for a shadow root
//                  (playgroundCssForShadow) followed by web/widget/widget.css, minified
// then copies it into the site (dist/site/convlens/widget/), where web/embed.html loads it.
// Used by scripts/build.mjs; the CSS rewrite and the size accounting are exported for tests/js/widget.test.mjs.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The modules the widget loads with import(), only when used: the playground's editors (a widget
 * with `controls`), the 简体中文 strings, and the animation's exporters.
 */
const LAZY_SOURCES = Object.freeze({
  'app.js': 'ui/app.js',
  'i18n-zh.js': 'ui/i18n/i18n-zh.js',
  'export.js': 'ui/animation/export.js',
  'export-raster.js': 'ui/animation/export-raster.js',
}); // output name → source under web/
export const LAZY_MODULES = Object.freeze(Object.keys(LAZY_SOURCES));

/** Browsers the widget targets: container queries (the widget's width decides its layout). */
export const TARGETS = ['chrome105', 'edge105', 'firefox110', 'safari16'];

/** Finds the block that starts at `open` (the index of a '{'); returns the index of its '}'. */
function blockEnd(css, open) {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    if (css[i] === '{') depth++;
    else if (css[i] === '}' && --depth === 0) return i;
  }
  throw new Error('unbalanced braces in CSS');
}

/** `--name: value` → `--name: var(--conv-lens-name, value)` in a declaration block's body. */
function overridable(body) {
  return body.replace(/(^|[;{\s])--([\w-]+)\s*:\s*([^;}]+)/g, (m, pre, name, value) => `${pre}--${name}: var(--conv-lens-${name}, ${value.trim()})`);
}

/**
 * The playground's stylesheet made to work inside the widget's shadow root, where :root matches
 * nothing, rem is the host page's, and viewport media queries see the page, not the widget:
 * - `@media (prefers-color-scheme: dark) { … }` → `.cl-root[data-theme="dark"] { … }` (nested;
 *   `:root` inside becomes `&`): the element resolves theme="auto" itself, so light / dark can be forced;
 * - `@media (max-width: …)` / `(min-width: …)` → `@container cl-root (…)`: the widget's own width;
 * - `:root` → `.cl-root`, and each custom property declared there overridable as --conv-lens-<name>;
 * - `<n>rem` → `calc(<n> * var(--cl-rem))`: sizes follow the widget's font size, not the page's.
 * Throws when the stylesheet has none of the rules the widget depends on (a changed page CSS).
 */
export function playgroundCssForShadow(css) {
  let out = css.replace(/\/\*[\s\S]*?\*\//g, '');
  if (!/:root\s*\{/.test(out)) throw new Error('no :root rule (the palette, web/ui/palette.css) found');
  const dark = /@media\s*\(\s*prefers-color-scheme\s*:\s*dark\s*\)\s*\{/g;
  let m;
  while ((m = dark.exec(out))) {
    const open = m.index + m[0].length - 1;
    const end = blockEnd(out, open);
    const body = out.slice(open + 1, end).replace(/:root\s*\{([^{}]*)\}/g, (r, decls) => `& {${overridable(decls)}}`);
    const rule = `.cl-root[data-theme="dark"] {${body}}`;
    out = out.slice(0, m.index) + rule + out.slice(end + 1);
    dark.lastIndex = m.index + rule.length;
  }
  out = out.replace(/@media\s*(\(\s*(?:max|min)-width\s*:[^)]*\)(?:\s*and\s*\(\s*(?:max|min)-width\s*:[^)]*\))*)\s*\{/g,
    (r, cond) => `@container cl-root ${cond} {`);
  out = out.replace(/:root\s*\{([^{}]*)\}/g, (r, decls) => `.cl-root {${overridable(decls)}}`);
  out = out.replace(/:root\b/g, '.cl-root');
  return remToWidget(out);
}

/** `<n>rem` → `calc(<n> * var(--cl-rem))` (rem is the host page's root font size inside a shadow root). */
export function remToWidget(css) {
  return css.replace(/(?<![\w.-])(-?(?:\d+\.?\d*|\.\d+))rem\b/g, (m, n) => `calc(${n} * var(--cl-rem))`);
}

/** The playground's styles as the page loads them: the palette (web/ui/palette.css), then web/style.css. */
export function playgroundCss(root) {
  return ['ui/palette.css', 'style.css'].map((f) => readFileSync(path.join(root, 'web', f), 'utf8')).join('\n');
}

/** The widget's stylesheet: the playground's, rewritten, then web/widget/widget.css. */
export function widgetCss(root) {
  const page = playgroundCss(root);
  const own = readFileSync(path.join(root, 'web', 'widget', 'widget.css'), 'utf8');
  return `${playgroundCssForShadow(page)}\n${remToWidget(own)}`;
}

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

/**
 * The JS files a page loads up front for `entry` in `dir`: the entry and, recursively, the chunks
 * it imports statically (import() chunks load later, when used). Reads esbuild's minified output.
 */
export function initialChunks(dir, entry = 'conv-lens.js') {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?"\.\/([\w.-]+\.js)"/g)) visit(m[1]);
  };
  visit(entry);
  return [...seen];
}

/**
 * Gzipped sizes (bytes) of the widget built in `dir`: upFront, what a page loads for a figure
 * (conv-lens.js, the chunks it imports statically, conv-lens.css), and lazy, each import() module
 * with the shared chunks only it needs. { upFront: { file: n }, lazy: { module: { file: n } } }.
 */
export function widgetSizes(dir) {
  const size = (f) => gz(readFileSync(path.join(dir, f)));
  const first = initialChunks(dir);
  const upFront = Object.fromEntries([...first, 'conv-lens.css'].map((f) => [f, size(f)]));
  const lazy = Object.fromEntries(LAZY_MODULES.map((m) => [m, Object.fromEntries(initialChunks(dir, m).filter((f) => !first.includes(f)).map((f) => [f, size(f)]))]));
  return { upFront, lazy };
}

/** The sum of a { file: bytes } map. */
export const total = (files) => Object.values(files).reduce((n, b) => n + b, 0);

/** Bundles the widget into `pkgDir`/widget/ and copies it into `siteDir`/convlens/widget/. Returns widgetSizes(). */
export async function buildWidget({ root, pkgDir, siteDir }) {
  const esbuild = await import('esbuild');
  const outDir = path.join(pkgDir, 'widget');
  const glue = {
    name: 'convlens-glue',
    setup(b) {
      // web/convlens/index.browser.js imports './convlens_<variant>.mjs'; in the package they sit one level up
      b.onResolve({ filter: /^\.\/convlens_(simd|scalar)\.mjs$/ }, (a) => ({ path: `../${a.path.slice(2)}`, external: true }));
    },
  };
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    // the element, and what it imports with import() (named after their modules, so a page's requests
    // say what loaded); chunk-*.js hold the code those share
    entryPoints: [path.join(root, 'web', 'widget', 'conv-lens.js'), ...LAZY_MODULES.map((m) => path.join(root, 'web', LAZY_SOURCES[m]))],
    outdir: outDir,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    splitting: true,
    bundle: true,
    format: 'esm',
    minify: true,
    target: TARGETS,
    charset: 'utf8',
    legalComments: 'none',
    banner: { js: '// <conv-lens>: convlens widget (MIT). Source: web/widget/, web/ui/, web/convlens/.' },
    plugins: [glue],
    logLevel: 'warning',
  });
  const css = await esbuild.transform(widgetCss(root), { loader: 'css', minify: true, target: TARGETS, logLevel: 'warning' });
  writeFileSync(path.join(outDir, 'conv-lens.css'), css.code);
  cpSync(path.join(root, 'web', 'widget', 'conv-lens.d.ts'), path.join(outDir, 'conv-lens.d.ts')); // 'convlens/widget' types

  // the site serves the package at /convlens/ (scripts/build.mjs copied it before this ran)
  cpSync(outDir, path.join(siteDir, 'convlens', 'widget'), { recursive: true });

  return widgetSizes(outDir);
}
