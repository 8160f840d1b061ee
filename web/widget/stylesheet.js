// The widget's stylesheet as text for constructed stylesheets (adoptedStyleSheets): it travels inside the bundle,
// so every bundler (Vite, webpack, esbuild, Rollup) ships it with no asset to copy, and a strict `style-src 'self'`
// allows it (CSP governs <style>, <link> and style attributes, not constructed sheets). This module holds the rules
// a figure can match; the editors' rest is editor-stylesheet.js, loaded with them. scripts/build-widget.mjs
// replaces this module's text with the built CSS; here, in the source tree, it is null and the widget links
// conv-lens.css (every rule) next to its script instead.
/** The figure's CSS, or null where the widget links conv-lens.css. */
export const WIDGET_CSS = null;
