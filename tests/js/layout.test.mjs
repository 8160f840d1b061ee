// The web tier's layout rules, checked over the source: every relative import resolves in the source
// tree (web/ is served as it is laid out; only the build's wasm glue is added), and imports point one
// way: ui/model ← ui/i18n ← ui/views ← ui/animation ← ui/app.js, ui/figure.js ← page, widget, images.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const web = path.join(root, 'web');
// Files the build adds next to the package's sources (CMake's Emscripten output, the widget bundle).
const BUILT = /^convlens\/convlens_(simd|scalar|simd_threads)\.mjs$/;

function sources(dir) {
  return readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.(m?js|html)$/.test(f) && !f.endsWith('.d.ts'));
}

/** Relative specifiers of a file: static and dynamic imports, and src/href of HTML scripts and styles. */
function specifiers(text) {
  const out = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|(?:src|href)=)(['"])(\.\.?\/[^'"?#]*)\1/g;
  for (const m of text.matchAll(re)) out.push(m[2]);
  return out;
}

const files = sources(web);

test('every relative import in web/ resolves in the source tree', () => {
  const missing = [];
  for (const f of files) {
    for (const spec of specifiers(readFileSync(path.join(web, f), 'utf8'))) {
      if (spec.endsWith('/')) continue; // a link to a page (./, ../, ./images/)
      const target = path.relative(web, path.resolve(path.dirname(path.join(web, f)), spec));
      if (BUILT.test(target) || target.startsWith('convlens/widget/')) continue;
      if (!existsSync(path.join(web, target))) missing.push(`${f} → ${spec}`);
    }
  }
  assert.ok(files.length > 50, `found only ${files.length} sources under web/`);
  assert.deepEqual(missing, []);
});

// Layer of a web/ path: lower layers never import higher ones.
const LAYERS = ['convlens', 'ui/model', 'ui/i18n', 'ui/views', 'ui/animation', 'ui', 'app'];
function layer(rel) {
  if (rel.startsWith('convlens/')) return 0;
  for (const [i, prefix] of LAYERS.entries()) if (i > 0 && i < 5 && rel.startsWith(`${prefix}/`)) return i;
  if (rel.startsWith('ui/')) return 5; // ui/app.js, ui/figure.js
  return 6; // the page, embed page, image mode, widget
}

test('imports point one way: model ← i18n ← views ← animation ← app ← pages', () => {
  const upward = [];
  for (const f of files) {
    for (const spec of specifiers(readFileSync(path.join(web, f), 'utf8'))) {
      if (spec.endsWith('/') || f.endsWith('.html')) continue;
      const target = path.relative(web, path.resolve(path.dirname(path.join(web, f)), spec));
      if (layer(target) > layer(f)) upward.push(`${f} (${LAYERS[layer(f)]}) → ${target} (${LAYERS[layer(target)]})`);
    }
  }
  assert.deepEqual(upward, []);
});

test('ui/ reaches the package only through the API it is handed', () => {
  const direct = files.filter((f) => f.startsWith('ui/'))
    .filter((f) => specifiers(readFileSync(path.join(web, f), 'utf8')).some((s) => s.includes('convlens/')));
  assert.deepEqual(direct, []);
});
