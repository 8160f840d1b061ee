// The <conv-lens> widget's pure parts under Node: attribute parsing (web/widget/options.js), the
// "Copy embed code" snippets (web/ui/views/embed-code.js), the stylesheet rewrite for the shadow root
// (scripts/build-widget.mjs) and the size budget of the built widget (dist/convlens/widget/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { FIELD_NAMES, PARTS, parseControls, parseFlag, parseLang, parseTheme, readOptions, stateText } from '../../web/widget/options.js';
import { embedSnippets, escapeHtml } from '../../web/ui/views/embed-code.js';
import {
  initialChunks, LAZY_MODULES, playgroundCss, playgroundCssForShadow, remToWidget, splitStylesheet, staticClosure,
  staticImports, total, widgetSizes,
} from '../../scripts/build-widget.mjs';
import { parseHash, serializeHash } from '../../web/ui/model/state.js';
import { presetState } from '../../web/ui/model/presets.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const HOSTILE = ['"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '__proto__', 'constructor', 'toString',
  '<script>alert(1)</script>', '\u0000', 'a'.repeat(100_000)];

test('controls: absent or "none" is a figure, "" or "all" everything, else known words only', () => {
  assert.deepEqual(parseControls(null), { figure: true, parts: [], fields: [], ignored: 0 });
  assert.deepEqual(parseControls('none'), { figure: true, parts: [], fields: [], ignored: 0 });
  assert.deepEqual(parseControls('tensors'), { figure: false, parts: ['tensors'], fields: [], ignored: 0 });
  assert.deepEqual(parseControls('').parts, PARTS);
  assert.deepEqual(parseControls('ALL').parts, PARTS);
  assert.equal(parseControls('').figure, false);
  assert.deepEqual(parseControls('presets, code  formulas'), { figure: false, parts: ['presets', 'formulas', 'code'], fields: [], ignored: 0 });
  assert.deepEqual(parseControls('padding stride'), { figure: false, parts: [], fields: ['stride', 'padding'], ignored: 0 }, 'schema order');
  assert.deepEqual(parseControls('fields stride').fields, [], '"fields" shows every control anyway');
  assert.deepEqual(parseControls('lang').fields, [], 'lang is a part (the language menu), not an argument');
  assert.ok(FIELD_NAMES.includes('kernel_size') && FIELD_NAMES.includes('op') && !FIELD_NAMES.includes('lang'));
  for (const h of HOSTILE) {
    const r = parseControls(h);
    assert.deepEqual([r.figure, r.parts, r.fields], [true, [], []], JSON.stringify(h.slice(0, 40)));
  }
  assert.equal(parseControls('stride __proto__ <b>').ignored, 2);
});

test('flags, lang, theme and state text take closed sets of values', () => {
  assert.equal(parseFlag(null), false);
  assert.equal(parseFlag(''), true);
  assert.equal(parseFlag('editable'), true);
  assert.equal(parseFlag(' FALSE '), false);
  assert.equal(parseLang('zh'), 'zh');
  assert.equal(parseLang('zh-Hans'), 'zh');
  assert.equal(parseLang('ZH_cn'), 'zh');
  assert.equal(parseLang('en-GB'), 'en');
  assert.equal(parseLang('fr'), null);
  assert.equal(parseTheme('Dark'), 'dark');
  assert.equal(parseTheme(null), 'auto');
  for (const h of HOSTILE) {
    assert.equal(parseLang(h), null);
    assert.equal(parseTheme(h), 'auto');
  }
  assert.equal(stateText('#op=conv2d'), 'op=conv2d');
  assert.equal(stateText('https://example.org/convlens/?scalar#op=maxPool2d&stride=2'), 'op=maxPool2d&stride=2');
  assert.equal(stateText(null), '');
  const o = readOptions((n) => ({ state: '#stride=2', controls: 'stride', editable: '', lang: 'zh' })[n] ?? null);
  assert.deepEqual(o, { state: 'stride=2', controls: { figure: false, parts: [], fields: ['stride'], ignored: 0 }, editable: true, autoplay: false, lang: 'zh', theme: 'auto' });
  // editable without controls: the grids to edit show (a figure has none)
  const e = readOptions((n) => ({ editable: '' })[n] ?? null);
  assert.deepEqual(e.controls, { figure: false, parts: ['tensors'], fields: [], ignored: 0 });
  assert.equal(readOptions((n) => ({ editable: 'false' })[n] ?? null).controls.figure, true);
});

test('a hostile state attribute parses to defaults plus notices, never throws', () => {
  for (const h of [...HOSTILE, 'a'.repeat(3_000_000), '__proto__=1&constructor=2&op=__proto__']) {
    const { state, notices } = parseHash(stateText(h));
    assert.equal(state.op, 'conv2d');
    assert.ok(notices.length > 0, JSON.stringify(h.slice(0, 40)));
  }
  assert.equal({}.op, undefined);
});

test('embed snippets: the element and the iframe for a state, attribute values escaped', () => {
  const hash = serializeHash(presetState('conv-s2-p1'));
  const s = embedSnippets({ hash, base: 'https://example.org/convlens/?scalar#old', editable: true, title: 'convlens: conv2d' });
  assert.equal(s.scriptUrl, 'https://example.org/convlens/convlens/widget/conv-lens.js');
  assert.equal(s.frameUrl, `https://example.org/convlens/embed.html?editable#${hash}`);
  assert.equal(s.element, '<script type="module" src="https://example.org/convlens/convlens/widget/conv-lens.js"></script>\n'
    + `<conv-lens state="${hash.replaceAll('&', '&amp;')}" editable></conv-lens>`);
  assert.match(s.iframe, /^<iframe class="conv-lens-frame" src="https:\/\/example\.org\/convlens\/embed\.html\?editable#op=conv2d&amp;stride=2&amp;/);
  assert.match(s.iframe, /title="convlens: conv2d" width="100%" height="480" loading="lazy"><\/iframe>/);
  assert.match(s.iframe, /e\.origin !== "https:\/\/example\.org"/, 'the listener checks the origin');
  assert.match(s.iframe, /f\.contentWindow === e\.source/, 'and which iframe sent it');
  const all = embedSnippets({ hash, base: 'http://127.0.0.1:8080/', controls: true });
  assert.match(all.element, /<conv-lens state="[^"]*" controls><\/conv-lens>$/);
  assert.match(all.frameUrl, /embed\.html\?controls=all#/);
  // the listener body is valid JS
  assert.doesNotThrow(() => new Function(/<script>\n([\s\S]*)<\/script>/.exec(all.iframe)[1]));
});

test('embed snippets: hostile text cannot close an attribute or a script', () => {
  for (const h of HOSTILE) {
    const s = embedSnippets({ hash: h, base: 'https://example.org/', title: h });
    const tags = (s.element + s.iframe).match(/<\/?[a-z][^\s>]*/gi);
    assert.deepEqual([...new Set(tags)].sort(), ['</conv-lens', '</iframe', '</script', '<conv-lens', '<iframe', '<script'].sort());
    // with every quoted value emptied, what is left is the snippets' own markup
    assert.equal(s.element.replace(/="[^"]*"/g, '=""'), '<script type="" src=""></script>\n<conv-lens state=""></conv-lens>');
    assert.equal(s.iframe.split('\n')[0].replace(/="[^"]*"/g, '=""'), '<iframe class="" src="" title="" width="" height="" loading=""></iframe>');
  }
  assert.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  const odd = embedSnippets({ hash: 'x', base: 'https://example.org/' });
  assert.ok(!odd.iframe.includes('</script><'), 'one script element');
});

test('the playground stylesheet, rewritten for the shadow root', () => {
  const css = `/* c */ :root { color-scheme: light dark; --fg: #111; --bg: #fff; font-family: sans-serif; }
@media (prefers-color-scheme: dark) { :root { --fg: #eee; } .x { color: red; } }
* { box-sizing: border-box; }
@media (max-width: 899px) { .pg-side { display: contents; } }
@media (min-width: 600px) and (max-width: 899px) { .a { margin: -0.25rem 1rem .5rem 0; } }
@media (prefers-reduced-motion: reduce) { .b { transition: none; } }
.c { width: 2.5rem; height: calc(100% - 1rem); --my-rem: 1; } .rem-x { font-size: 1em; }`;
  const out = playgroundCssForShadow(css);
  assert.match(out, /\.cl-root \{ color-scheme: light dark; --fg: var\(--conv-lens-fg, #111\); --bg: var\(--conv-lens-bg, #fff\); font-family: sans-serif; \}/);
  assert.match(out, /\.cl-root\[data-theme="dark"\] \{ & \{ --fg: var\(--conv-lens-fg, #eee\); \} \.x \{ color: red; \} \}/);
  assert.doesNotMatch(out, /prefers-color-scheme|:root/);
  assert.match(out, /@container cl-root \(max-width: 899px\) \{ \.pg-side/);
  assert.match(out, /@container cl-root \(min-width: 600px\) and \(max-width: 899px\) \{/);
  assert.match(out, /@media \(prefers-reduced-motion: reduce\)/, 'other media queries stay');
  assert.match(out, /margin: calc\(-0\.25 \* var\(--cl-rem\)\) calc\(1 \* var\(--cl-rem\)\) calc\(\.5 \* var\(--cl-rem\)\) 0/);
  assert.match(out, /width: calc\(2\.5 \* var\(--cl-rem\)\); height: calc\(100% - calc\(1 \* var\(--cl-rem\)\)\); --my-rem: 1; \} \.rem-x/);
  assert.equal(remToWidget('a{b:1rem}'), 'a{b:calc(1 * var(--cl-rem))}');
  assert.throws(() => playgroundCssForShadow('.a { color: red }'), /no :root rule/);
});

test('the page stylesheets still have what the rewrite needs; the built sheet has no viewport width query', () => {
  const out = playgroundCssForShadow(playgroundCss(root));
  assert.doesNotMatch(out, /@media[^{]*width/, 'every width query became a container query');
  assert.match(out, /\.cl-root\[data-theme="dark"\]/);
});

test('initialChunks: the entry and its static imports from esbuild\'s metafile, not the import() chunks', () => {
  const out = (file, ...imports) => [`dist/convlens/widget/${file}`, { imports, bytes: 1 }];
  const stat = (file) => ({ path: `dist/convlens/widget/${file}`, kind: 'import-statement' });
  const metafile = { outputs: Object.fromEntries([
    out('conv-lens.js', stat('chunk-A.js'), stat('chunk-C.js'), { path: 'dist/convlens/widget/chunk-B.js', kind: 'dynamic-import' },
      { path: '../convlens_simd.mjs', kind: 'dynamic-import', external: true }),
    out('chunk-A.js', stat('chunk-D.js')),
    out('chunk-B.js', stat('chunk-D.js'), stat('chunk-E.js')),
    out('chunk-C.js'), out('chunk-D.js'), out('chunk-E.js'),
    out('conv-lens.css'),
  ]) };
  const graph = staticImports(metafile);
  assert.deepEqual(graph['conv-lens.js'], ['chunk-A.js', 'chunk-C.js']);
  assert.ok(!('conv-lens.css' in graph));
  assert.deepEqual(initialChunks(graph).sort(), ['chunk-A.js', 'chunk-C.js', 'chunk-D.js', 'conv-lens.js']);
  assert.deepEqual(initialChunks(graph, 'chunk-B.js').sort(), ['chunk-B.js', 'chunk-D.js', 'chunk-E.js']);
  assert.throws(() => initialChunks(graph, 'chunk-Z.js'), /not an output/);
});

test('widgetSizes: gzipped sizes of what loads up front and of each import() module, from the metafile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'convlens-chunks-'));
  try {
    const files = { 'conv-lens.js': 'a'.repeat(1000), 'chunk-A.js': 'export const x=1;', 'chunk-L.js': 'export const y=2;', 'conv-lens.css': 'a{}' };
    for (const m of LAZY_MODULES) files[m] = `export const ${m.replace(/\W/g, '_')}=1;`;
    for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
    const out = (file, ...imports) => [`w/${file}`, { imports: imports.map((i) => ({ path: `w/${i}`, kind: 'import-statement' })) }];
    const metafile = { outputs: Object.fromEntries([out('conv-lens.js', 'chunk-A.js'), out('chunk-A.js'), out('chunk-L.js'),
      out('app.js', 'chunk-A.js'), out('i18n-zh.js'), out('export.js', 'chunk-L.js'), out('export-raster.js', 'chunk-L.js'),
      out('editor-stylesheet.js')]) };
    const gzText = (t) => gzipSync(t, { level: 9 }).length;
    const { upFront, lazy } = widgetSizes(dir, metafile);
    assert.deepEqual(upFront, { 'conv-lens.js': gzText(files['conv-lens.js']), 'chunk-A.js': gzText(files['chunk-A.js']) },
      'the stylesheet travels inside the JS; conv-lens.css is only the fallback');
    assert.deepEqual(Object.keys(lazy['app.js']), ['app.js'], 'chunk-A.js is loaded up front already');
    assert.deepEqual(Object.keys(lazy['export.js']).sort(), ['chunk-L.js', 'export.js']);
    assert.ok(total(upFront) > 0 && total(upFront) === Object.values(upFront).reduce((a, b) => a + b));
    writeFileSync(path.join(dir, 'chunk-Old.js'), '');
    assert.throws(() => widgetSizes(dir, metafile), /does not match the metafile/, 'a stale chunk the build did not make');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The budget: what a page loads for a <conv-lens> figure (the default: no `controls`), its JS + CSS:
// conv-lens.js and the chunks it imports statically, the stylesheet's text among them. The Emscripten glue loads
// with its .wasm and counts with it (each ≤ 60 KB). What loads only when used (the editors for `controls`,
// 简体中文, the exporters) is reported; tests/browser/widget.test.mjs checks what a page fetches.
const widgetDir = path.join(root, 'dist', 'convlens', 'widget');
const gzFile = (f) => gzipSync(readFileSync(f), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

test('size budget: a figure\'s JS + CSS ≤ 40 KB gzipped; each wasm with its glue ≤ 60 KB', (t) => {
  assert.ok(existsSync(path.join(widgetDir, 'conv-lens.js')), 'dist/convlens/widget/ is not built: run `node scripts/build.mjs`');
  const { upFront, lazy } = widgetSizes(widgetDir);
  for (const [f, n] of Object.entries(upFront)) t.diagnostic(`${f.padEnd(24)} ${kb(n).padStart(8)} gz  up front`);
  for (const [m, files] of Object.entries(lazy)) t.diagnostic(`${m.padEnd(24)} ${kb(total(files)).padStart(8)} gz  when used (${Object.keys(files).join(' + ')})`);
  for (const m of LAZY_MODULES) assert.ok(!(m in upFront), `${m} must not load up front`);
  assert.deepEqual(Object.keys(lazy['app.js']), ['app.js'], 'the editors are one file');
  assert.deepEqual(Object.keys(lazy['editor-stylesheet.js']), ['editor-stylesheet.js'], 'and their stylesheet another');
  const figure = total(upFront);
  const editors = total(lazy['app.js']) + total(lazy['editor-stylesheet.js']);
  t.diagnostic(`a figure: ${kb(figure)} gz (budget 40 KB); with controls: + ${kb(editors)} = ${kb(figure + editors)}`);
  assert.ok(figure <= 40 * 1024, `${figure} bytes gzipped up front`);
  for (const v of ['simd', 'scalar']) {
    const wasm = gzFile(path.join(root, 'dist', 'convlens', `convlens_${v}.wasm`));
    const glue = gzFile(path.join(root, 'dist', 'convlens', `convlens_${v}.mjs`));
    t.diagnostic(`convlens_${v}: .wasm ${kb(wasm)} + glue .mjs ${kb(glue)} = ${kb(wasm + glue)} gz (budget 60 KB)`);
    assert.ok(wasm + glue <= 60 * 1024, `convlens_${v}: ${wasm + glue} bytes gzipped`);
  }
});

test('the built widget carries its stylesheet: the figure\'s rules in the up-front JS, the editors\' in their module', async () => {
  const { upFront } = widgetSizes(widgetDir);
  const css = readFileSync(path.join(widgetDir, 'conv-lens.css'), 'utf8');
  assert.match(css, /\.cl-root\{/, 'the rewritten playground styles');
  const { EDITOR_CSS } = await import(pathToFileURL(path.join(widgetDir, 'editor-stylesheet.js')).href);
  assert.match(EDITOR_CSS, /\.hm-editor/, 'the heat-map editor is an editor');
  const upFrontText = Object.keys(upFront).map((f) => readFileSync(path.join(widgetDir, f), 'utf8')).join('\n');
  assert.match(upFrontText, /\.cl-root\{/);
  assert.match(upFrontText, /\.anim-svg\{/, 'the figure\'s own rules load up front');
  assert.ok(!upFrontText.includes('.hm-editor'), 'the editors\' rules do not load up front');
  // the source tree has no built CSS: the widget links conv-lens.css there
  assert.equal((await import('../../web/widget/stylesheet.js')).WIDGET_CSS, null);
  assert.equal((await import('../../web/widget/editor-stylesheet.js')).EDITOR_CSS, null);
});

test('splitStylesheet: every selector lands in exactly one part; it goes up front when the figure\'s code names all its classes', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'convlens-split-'));
  try {
    const source = path.join(dir, 'figure.js');
    // `fig` and `knob` only as a variable and in a comment: no class of the figure's DOM
    writeFileSync(source, "const fig = h('div', { class: 'anim-box cl-root' }); // a knob\nfig.id = 'play';");
    const css = ':root{--a:1}.anim-box{a:1}.anim-box .knob,.fig{b:2}#play{c:3}.knob{d:4}.knob,#play{g:7}'
      + '@container x (max-width:1px){.knob{e:5}.anim-box{f:6}}';
    const { figure, editors } = await splitStylesheet(css, [source]);
    assert.equal(figure, ':root{--a:1}.anim-box{a:1}#play{c:3}#play{g:7}@container x (max-width:1px){.anim-box{f:6}}');
    assert.equal(editors, '.anim-box .knob,.fig{b:2}.knob{d:4}.knob{g:7}@container x (max-width:1px){.knob{e:5}}');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('staticClosure: the modules a file imports statically, not those it loads with import()', () => {
  const files = staticClosure(path.join(root, 'web', 'widget', 'conv-lens.js')).map((f) => path.relative(root, f));
  assert.ok(files.includes(path.join('web', 'ui', 'figure.js')));
  assert.ok(files.includes(path.join('web', 'widget', 'stylesheet.js')));
  assert.ok(!files.includes(path.join('web', 'ui', 'app.js')));
  assert.ok(!files.includes(path.join('web', 'widget', 'editor-stylesheet.js')));
});

test('the built editors carry the playground\'s English strings (package.json\'s sideEffects does not drop them)', async () => {
  const { PLAYGROUND_ENGLISH } = await import('../../web/ui/i18n/i18n-en-playground.js');
  const { lazy } = widgetSizes(widgetDir);
  const text = Object.keys(lazy['app.js']).map((f) => readFileSync(path.join(widgetDir, f), 'utf8')).join('\n');
  const missing = Object.entries(PLAYGROUND_ENGLISH).filter(([, v]) => !/[\\`'"\n]/.test(v) && !text.includes(v)).map(([k]) => k);
  assert.ok(Object.keys(PLAYGROUND_ENGLISH).length > 50);
  assert.deepEqual(missing, [], 'strings of i18n-en-playground.js missing from widget/app.js');
});

test('the page shell\'s selectors left out of the widget\'s stylesheet are used by no widget code', () => {
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name.endsWith('.js') && !e.name.startsWith('i18n')) files.push(readFileSync(path.join(dir, e.name), 'utf8'));
    }
  };
  for (const d of ['web/ui', 'web/widget']) walk(path.join(root, d));
  for (const cls of ['page-header', 'page-footer', 'skip-link', 'tagline', 'build']) {
    // as a class attribute's word, a classList argument, or a selector in a string
    const used = new RegExp(`class(Name)?\\s*[:=]\\s*['"\`][^'"\`]*\\b${cls}\\b|classList\\.\\w+\\(\\s*['"\`]${cls}['"\`]|['"\`][^'"\`\\n]*\\.${cls}\\b[^'"\`\\n]*['"\`]`);
    assert.ok(!files.some((text) => used.test(text)), `.${cls} is used by widget code`);
  }
  const css = playgroundCssForShadow(playgroundCss(root));
  assert.doesNotMatch(css, /\.page-header|\.skip-link|\.tagline/);
  assert.match(css, /\.anim-svg/);
});
