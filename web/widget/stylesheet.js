// The widget's stylesheet as text, for a constructed stylesheet (adoptedStyleSheets): it travels inside the
// bundle, so every bundler (Vite, webpack, esbuild, Rollup) ships it with no asset to copy, and a strict
// `style-src 'self'` allows it (CSP governs <style>, <link> and style attributes, not constructed sheets).
// scripts/build-widget.mjs replaces this module's text with the built CSS (conv-lens.css); here, in the
// source tree, it is null and the widget links conv-lens.css next to its script instead.
/** The widget's CSS (conv-lens.css), or null where the widget links the file. */
export const WIDGET_CSS = null;
