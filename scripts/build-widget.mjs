// Builds the <conv-lens> widget (web/widget/) into the package, dist/convlens/widget/:
//   conv-lens.js   the element (web/widget/), the figure (web/ui/figure.js with the animation) and
//                  the JS API (web/convlens/), bundled and minified by esbuild, with chunk-*.js that
//                  it imports; the two Emscripten glue modules stay outside, imported from
//                  ../convlens_{simd,scalar,simd_threads}.mjs (which find their .wasm next to themselves), so
//                  the page fetches only the build it uses
//   app.js, i18n-zh.js, export.js, export-raster.js   what it imports with import() when used
//                  (LAZY_MODULES): the playground's editors, 简体中文, the animation's exporters
//   conv-lens.d.ts its types (web/widget/conv-lens.d.ts), for the package's "./widget" export
//   conv-lens.css  the playground's styles (web/ui/palette.css + web/style.css) rewritten for a shadow root
//                  (playgroundCssForShadow, on postcss's syntax tree) followed by web/widget/widget.css,
//                  minified by esbuild; the same rules are bundled into the JS in two parts (splitStylesheet):
//                  those the figure's code can use, web/widget/stylesheet.js's WIDGET_CSS, loaded up front,
//                  and the editors' rest, web/widget/editor-stylesheet.js's EDITOR_CSS, loaded with app.js
//                  (the widget adopts them as constructed stylesheets, so bundlers need no asset for them);
//                  the file is the <link> fallback for engines without adoptedStyleSheets
// and the iframe page (web/embed.{html,js,css}) into dist/convlens/embed/, loading ../widget/conv-lens.js, so the
// package self-hosts both routes; then copies both into the site (dist/site/convlens/), where web/embed.html loads
// the widget too. esbuild's metafile
// (build/widget/meta.json) says which chunk imports which; the size budget reads it.
// Used by scripts/build.mjs; the CSS rewrite and the size accounting are exported for tests/js/widget.test.mjs
// and tests/browser/widget.test.mjs.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import postcss from 'postcss';
import valueParser from 'postcss-value-parser';

/**
 * The modules the widget loads with import(), only when used: the playground's editors (a widget
 * with `controls`), the 简体中文 strings, and the animation's exporters.
 */
const LAZY_SOURCES = Object.freeze({
  'app.js': 'ui/app.js',
  'i18n-zh.js': 'ui/i18n/i18n-zh.js',
  'export.js': 'ui/animation/export.js',
  'export-raster.js': 'ui/animation/export-raster.js',
  'editor-stylesheet.js': 'widget/editor-stylesheet.js',
}); // output name → source under web/
export const LAZY_MODULES = Object.freeze(Object.keys(LAZY_SOURCES));

/** Browsers the widget targets: container queries (the widget's width decides its layout). */
export const TARGETS = ['chrome105', 'edge105', 'firefox110', 'safari16'];

/** A media query on the viewport's width alone: `(max-width: …)`, `(min-width: …)`, joined by `and`. */
const WIDTH_QUERY = /^\(\s*(?:max|min)-width\s*:[^)]*\)(?:\s*and\s*\(\s*(?:max|min)-width\s*:[^)]*\))*$/;
/** The dark colour scheme's media query. */
const DARK_QUERY = /^\(\s*prefers-color-scheme\s*:\s*dark\s*\)$/;
const ROOT = /:root\b/;

/** Whether `rule` is a :root rule (one of its selectors is `:root` itself): the palette. */
const isRootRule = (rule) => rule.selectors.some((s) => s.trim() === ':root');

/** `--name: value` → `--name: var(--conv-lens-name, value)` for each custom property declared in `rule`. */
function makeOverridable(rule) {
  rule.each((node) => {
    if (node.type === 'decl' && node.prop.startsWith('--')) {
      node.value = `var(--conv-lens-${node.prop.slice(2)}, ${node.value.trim()})`;
    }
  });
}

/** In every rule under `container` that names :root, :root → `replacement`; :root rules get overridable colours. */
function replaceRoot(container, replacement) {
  container.walkRules((rule) => {
    if (!ROOT.test(rule.selector)) return;
    if (isRootRule(rule)) makeOverridable(rule);
    rule.selector = rule.selector.replace(/:root\b/g, replacement);
  });
}

/** `<n>rem` → `calc(<n> * var(--cl-rem))` in every declaration's value of the parsed stylesheet `sheet`. */
function remToWidgetIn(sheet) {
  sheet.walkDecls((decl) => {
    if (!/rem/i.test(decl.value)) return;
    const value = valueParser(decl.value);
    value.walk((node) => {
      if (node.type !== 'word') return;
      const n = valueParser.unit(node.value);
      if (n && n.unit.toLowerCase() === 'rem') node.value = `calc(${n.number} * var(--cl-rem))`;
    });
    decl.value = value.toString();
  });
}

/**
 * The playground's stylesheet made to work inside the widget's shadow root, where :root matches
 * nothing, rem is the host page's, and viewport media queries see the page, not the widget:
 * - `@media (prefers-color-scheme: dark) { … }` → `.cl-root[data-theme="dark"] { … }` (nested;
 *   `:root` inside becomes `&`): the element resolves theme="auto" itself, so light / dark can be forced;
 * - `@media (max-width: …)` / `(min-width: …)` → `@container cl-root (…)`: the widget's own width;
 * - `:root` → `.cl-root`, and each custom property declared in a :root rule overridable as --conv-lens-<name>;
 * - `<n>rem` → `calc(<n> * var(--cl-rem))`: sizes follow the widget's font size, not the page's.
 * Comments are dropped. Throws when the stylesheet has none of the rules the widget depends on (a changed
 * page CSS).
 */
/**
 * Selectors of the playground page's own shell (web/index.html: body, header, footer, skip links), which a widget
 * never has; their rules are left out of its stylesheet. tests/js/widget.test.mjs checks no widget code uses them.
 */
export const PAGE_SHELL = /^(body|\.page-header|\.page-footer|\.skip-link|\.tagline|\.build)\b/;

export function playgroundCssForShadow(css) {
  const sheet = postcss.parse(css);
  sheet.walkComments((c) => c.remove());
  sheet.walkRules((rule) => {
    if (rule.selectors.every((s) => PAGE_SHELL.test(s))) rule.remove();
    else rule.selectors = rule.selectors.filter((s) => !PAGE_SHELL.test(s));
  });
  sheet.walkAtRules('media', (at) => { if (!at.nodes?.length) at.remove(); });
  let palette = false;
  sheet.walkRules((rule) => { palette ||= isRootRule(rule); });
  if (!palette) throw new Error('no :root rule (the palette, web/ui/palette.css) found');
  const media = [];
  sheet.walkAtRules('media', (at) => { media.push(at); });
  for (const at of media) {
    if (DARK_QUERY.test(at.params.trim())) {
      replaceRoot(at, '&');
      const dark = postcss.rule({ selector: '.cl-root[data-theme="dark"]', raws: { between: at.raws.between, after: at.raws.after } });
      dark.append(at.nodes);
      at.replaceWith(dark);
    } else if (WIDTH_QUERY.test(at.params.trim())) {
      at.name = 'container';
      at.params = `cl-root ${at.params.trim()}`;
    }
  }
  replaceRoot(sheet, '.cl-root');
  remToWidgetIn(sheet);
  return sheet.toString();
}

/**
 * `<n>rem` → `calc(<n> * var(--cl-rem))` in `css`'s declarations (rem is the host page's root font size inside a
 * shadow root).
 */
export function remToWidget(css) {
  const sheet = postcss.parse(css);
  remToWidgetIn(sheet);
  return sheet.toString();
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

/**
 * The web/ modules `entry` imports statically, itself included, transitively (import() targets are left out:
 * they load later).
 */
export function staticClosure(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"](\.[^'"]+)['"]|^\s*import\s*['"](\.[^'"]+)['"]/gm)) {
      const target = path.resolve(path.dirname(file), m[1] ?? m[2]);
      if (target.endsWith('.js')) visit(target);
    }
  };
  visit(entry);
  return [...seen];
}

/**
 * Splits the widget's stylesheet `css` in two: the selectors the figure's code can match — every class and id in the
 * selector is a word of `figureSources`' code (or it has none) — and the rest, which only the editors' DOM can match;
 * a rule whose selectors fall on both sides is in both parts, each with its own selectors. The code is read without
 * its comments and with its local names minified (esbuild): a class name comes from a string or a property name,
 * never from a variable's name. At-rules are split alike; other at-rules stay with the figure. Resolves to
 * { figure, editors }.
 */
export async function splitStylesheet(css, figureSources) {
  const esbuild = await import('esbuild');
  const words = new Set();
  for (const f of figureSources) {
    const { code } = await esbuild.transform(readFileSync(f, 'utf8'),
      { loader: 'js', format: 'esm', minifyIdentifiers: true, legalComments: 'none', logLevel: 'warning' });
    for (const m of code.matchAll(/[A-Za-z_][\w-]*/g)) words.add(m[0]);
  }
  const figureCanMatch = (selector) => [...selector.matchAll(/[.#](-?[A-Za-z_][\w-]*)/g)].every((m) => words.has(m[1]));
  const figure = postcss.parse(css);
  const editors = postcss.parse(css);
  // Keyframes' selectors (from, 50%) name no class, so they stay with the figure. Emptied at-rules go; other at-rules
  // stay with the figure: the editors' part keeps only at-rules that still hold rules.
  const keep = (sheet, wanted) => {
    sheet.walkRules((rule) => {
      const selectors = rule.selectors.filter((s) => figureCanMatch(s) === wanted);
      if (selectors.length === 0) rule.remove();
      else if (selectors.length < rule.selectors.length) rule.selectors = selectors;
    });
    sheet.walkAtRules((at) => {
      if (wanted ? at.nodes?.length === 0 : !at.nodes?.some((n) => n.type === 'rule' || n.type === 'atrule')) at.remove();
    });
  };
  keep(figure, true);
  keep(editors, false);
  return { figure: figure.toString(), editors: editors.toString() };
}

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

/** Where the build keeps esbuild's metafile of the widget (its outputs and what each imports). */
export const METAFILE = fileURLToPath(new URL('../build/widget/meta.json', import.meta.url));

/**
 * The widget's JS outputs and the files each imports statically, by file name, from esbuild's
 * `metafile`: { 'conv-lens.js': ['chunk-….js', …], … }. import() targets and the external glue are left out.
 */
export function staticImports(metafile) {
  const graph = {};
  for (const [out, { imports }] of Object.entries(metafile.outputs)) {
    if (!out.endsWith('.js')) continue;
    graph[path.basename(out)] = imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => path.basename(i.path));
  }
  return graph;
}

/**
 * The JS files a page loads up front for `entry`: the entry and, recursively, the chunks it imports
 * statically (import() chunks load later, when used). `graph` is staticImports() of the build's metafile.
 */
export function initialChunks(graph, entry = 'conv-lens.js') {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    if (!graph[file]) throw new Error(`${file} is not an output of the widget build`);
    seen.add(file);
    graph[file].forEach(visit);
  };
  visit(entry);
  return [...seen];
}

/**
 * Gzipped sizes (bytes) of the widget built in `dir` (dist/convlens/widget/ or its copy in the site):
 * upFront, what a page loads for a figure (conv-lens.js and the chunks it imports statically, the stylesheet
 * included as text; conv-lens.css is fetched only where constructed stylesheets are missing),
 * and lazy, each import() module with the shared chunks only it needs. { upFront: { file: n }, lazy:
 * { module: { file: n } } }. The import graph comes from `metafile` (by default the one the last build wrote,
 * METAFILE); throws when `dir` holds JS files that build did not make.
 */
export function widgetSizes(dir, metafile = JSON.parse(readFileSync(METAFILE, 'utf8'))) {
  const graph = staticImports(metafile);
  const built = readdirSync(dir).filter((f) => f.endsWith('.js')).sort();
  if (built.join() !== Object.keys(graph).sort().join()) {
    throw new Error(`${dir} does not match the metafile of the last widget build (${METAFILE}): rebuild`);
  }
  const size = (f) => gz(readFileSync(path.join(dir, f)));
  const first = initialChunks(graph);
  const upFront = Object.fromEntries(first.map((f) => [f, size(f)]));
  const lazy = Object.fromEntries(LAZY_MODULES.map((m) => [m, Object.fromEntries(initialChunks(graph, m)
    .filter((f) => !first.includes(f)).map((f) => [f, size(f)]))]));
  return { upFront, lazy };
}

/** The sum of a { file: bytes } map. */
export const total = (files) => Object.values(files).reduce((n, b) => n + b, 0);

/** The iframe page's files (web/), shipped in the package's embed/ folder. */
export const EMBED_FILES = Object.freeze(['embed.html', 'embed.js', 'embed.css']);

/**
 * The iframe page for the package, `pkgDir`/embed/: web/embed.{html,js,css}, with embed.html's widget script
 * pointed at the package's ../widget/conv-lens.js (the site serves the same page at /embed.html, the package at
 * /convlens/). Throws when embed.html no longer loads the widget as expected.
 */
export function writeEmbedPage(root, pkgDir) {
  const outDir = path.join(pkgDir, 'embed');
  mkdirSync(outDir, { recursive: true });
  for (const f of EMBED_FILES) {
    let text = readFileSync(path.join(root, 'web', f), 'utf8');
    if (f === 'embed.html') {
      const script = 'src="./convlens/widget/conv-lens.js"';
      if (!text.includes(script)) throw new Error(`web/embed.html has no <script ${script}>`);
      text = text.replace(script, 'src="../widget/conv-lens.js"');
    }
    writeFileSync(path.join(outDir, f), text);
  }
}

/**
 * Bundles the widget into `pkgDir`/widget/, writes the iframe page into `pkgDir`/embed/ and copies both into
 * `siteDir`/convlens/. Returns widgetSizes().
 */
export async function buildWidget({ root, pkgDir, siteDir }) {
  const esbuild = await import('esbuild');
  const outDir = path.join(pkgDir, 'widget');
  const glue = {
    name: 'convlens-glue',
    setup(b) {
      // web/convlens/ imports './convlens_<variant>.mjs', './threads-pool.browser.js' (whose worker script sits
      // beside it) and './resident.js' (the package's load() does, with the module; the widget's never does); in
      // the package they sit one level up
      b.onResolve({ filter: /^\.\/(convlens_(simd|scalar|simd_threads)\.mjs|threads-pool\.browser\.js|resident\.js)$/ }, (a) => (
        /[\\/]web[\\/]convlens[\\/](index\.browser|browser-load)\.js$/.test(a.importer)
          ? { path: `../${a.path.slice(2)}`, external: true } : undefined));
    },
  };
  // the stylesheet, minified, as conv-lens.css, and split for the figure (WIDGET_CSS, up front) and the editors
  // (EDITOR_CSS, with app.js) as the text of web/widget/stylesheet.js and editor-stylesheet.js
  const minify = async (text) => (await esbuild.transform(text, { loader: 'css', minify: true, target: TARGETS, logLevel: 'warning' })).code;
  const css = await minify(widgetCss(root));
  const parts = await splitStylesheet(css, staticClosure(path.join(root, 'web', 'widget', 'conv-lens.js')));
  const modules = {
    [path.join(root, 'web', 'widget', 'stylesheet.js')]: `export const WIDGET_CSS = ${JSON.stringify(await minify(parts.figure))};`,
    [path.join(root, 'web', 'widget', 'editor-stylesheet.js')]: `export const EDITOR_CSS = ${JSON.stringify(await minify(parts.editors))};`,
  };
  const stylesheet = {
    name: 'convlens-stylesheet',
    setup(b) {
      b.onLoad({ filter: /[\\/]web[\\/]widget[\\/](editor-)?stylesheet\.js$/ }, (a) => (a.path in modules
        ? { contents: modules[a.path], loader: 'js' } : undefined));
    },
  };
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const { metafile } = await esbuild.build({
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
    plugins: [glue, stylesheet],
    metafile: true,
    logLevel: 'warning',
  });
  mkdirSync(path.dirname(METAFILE), { recursive: true });
  writeFileSync(METAFILE, JSON.stringify(metafile));
  writeFileSync(path.join(outDir, 'conv-lens.css'), css);
  cpSync(path.join(root, 'web', 'widget', 'conv-lens.d.ts'), path.join(outDir, 'conv-lens.d.ts')); // 'convlens/widget' types

  writeEmbedPage(root, pkgDir);

  // the site serves the package at /convlens/ (scripts/build.mjs copied it before this ran)
  cpSync(outDir, path.join(siteDir, 'convlens', 'widget'), { recursive: true });
  cpSync(path.join(pkgDir, 'embed'), path.join(siteDir, 'convlens', 'embed'), { recursive: true });

  return widgetSizes(outDir, metafile);
}
