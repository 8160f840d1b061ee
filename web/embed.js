// The iframe embed (embed.html): one <conv-lens> (loaded by embed.html's other script) whose state
// is this page's hash and whose other attributes are its query parameters:
//   embed.html?controls=stride,padding&editable&lang=zh&theme=dark#op=conv2d&stride=2&…
// Height protocol: whenever the page's height changes (a ResizeObserver), and when the parent asks
// with { type: 'convlens:getHeight' }, it posts { type: 'convlens:height', height } (CSS pixels,
// an integer) to window.parent. The height is not private, so any parent may read it (targetOrigin
// '*'); the host checks event.source (docs/embedding.md has the host's listener).
const HEIGHT = 'convlens:height';
const GET_HEIGHT = 'convlens:getHeight';
const PASSED = ['controls', 'editable', 'autoplay', 'lang', 'theme']; // the element validates the values

const widget = /** @type {import('./widget/conv-lens.d.ts').ConvLensElement} */ (document.getElementById('widget'));

function apply() {
  const query = new URLSearchParams(location.search);
  for (const name of PASSED) {
    const v = query.get(name);
    if (v === null) widget.removeAttribute(name);
    else widget.setAttribute(name, v);
  }
  widget.setAttribute('state', location.hash.replace(/^#/, ''));
}

let posted = -1;
function postHeight(force = false) {
  if (window.parent === window) return;
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height === posted && !force) return;
  posted = height;
  window.parent.postMessage({ type: HEIGHT, height }, '*');
}

apply();
addEventListener('hashchange', apply);
addEventListener('message', (e) => {
  if (e.source === window.parent && e.data?.type === GET_HEIGHT) postHeight(true);
});
new ResizeObserver(() => postHeight()).observe(document.documentElement);
// A cross-origin iframe off screen gets no rendering updates (no ResizeObserver callbacks) until
// it is scrolled into view, so the height is also posted when the widget is ready.
customElements.whenDefined('conv-lens').then(() => widget.ready).then(() => postHeight(true), () => postHeight(true));
