// The rules of the widget's stylesheet that only the playground's editors can match (a widget with `controls`), as
// text for a constructed stylesheet, loaded with web/ui/app.js rather than up front. scripts/build-widget.mjs
// replaces this module's text (splitStylesheet); here, in the source tree, it is null and the widget's <link> to
// conv-lens.css carries every rule.
/** The editors' CSS, or null where the widget links conv-lens.css. */
export const EDITOR_CSS = null;
