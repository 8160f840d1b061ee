// Minimal playground: runs the tutorial's worked example through convlens' public API and shows
// every tensor as a table. `?scalar` in the URL forces the scalar (non-SIMD) build.
// When done, <body> gets data-ready="true"; on failure, data-error="<message>" (the tests wait on these).

const INPUT = [
  [1, 2, 0, 3, 1],
  [0, 1, 2, 3, 1],
  [1, 2, 1, 0, 0],
  [5, 2, 3, 1, 1],
  [2, 1, 0, 1, 1],
];
const WEIGHT = [
  [1, 2, 1],
  [0, 1, 0],
  [2, 1, 0],
];

// id (stable: the tests read these tables), where it goes, its caption, the call, and the call itself
const OUTPUTS = [
  { id: 'out-conv-s1', group: 'outputs-conv', title: 'stride=1',
    call: 'cl.conv2d(x, w, { stride: 1 })', run: (cl, x, w) => cl.conv2d(x, w, { stride: 1 }) },
  { id: 'out-conv-s2', group: 'outputs-conv', title: 'stride=2',
    call: 'cl.conv2d(x, w, { stride: 2 })', run: (cl, x, w) => cl.conv2d(x, w, { stride: 2 }) },
  { id: 'out-conv-s2p1', group: 'outputs-conv', title: 'stride=2, padding=1',
    call: 'cl.conv2d(x, w, { stride: 2, padding: 1 })',
    run: (cl, x, w) => cl.conv2d(x, w, { stride: 2, padding: 1 }) },
  { id: 'out-pool-ceil', group: 'outputs-pool', title: 'ceil_mode=True',
    call: 'cl.maxPool2d(x, { kernelSize: 3, ceilMode: true })',
    run: (cl, x) => cl.maxPool2d(x, { kernelSize: 3, ceilMode: true }) },
  { id: 'out-pool-floor', group: 'outputs-pool', title: 'ceil_mode=False',
    call: 'cl.maxPool2d(x, { kernelSize: 3, ceilMode: false })',
    run: (cl, x) => cl.maxPool2d(x, { kernelSize: 3, ceilMode: false }) },
];

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

function formatValue(v) {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** A <table> of the last two dimensions of `t` (first (n, c) plane), cells in row-major order. */
function tensorTable(id, title, t) {
  const h = t.shape.length >= 2 ? t.shape[t.shape.length - 2] : 1;
  const w = t.shape.length >= 1 ? t.shape[t.shape.length - 1] : t.data.length;
  const rows = [];
  for (let y = 0; y < h; y++) {
    const cells = [];
    for (let x = 0; x < w; x++) cells.push(el('td', { textContent: formatValue(t.data[y * w + x]) }));
    rows.push(el('tr', {}, cells));
  }
  const caption = el('caption', {}, [
    el('strong', { textContent: title }),
    el('span', { className: 'shape', textContent: `shape [${t.shape.join(', ')}]` }),
  ]);
  return el('table', { id, className: 'tensor' }, [caption, el('tbody', {}, rows)]);
}

/** A table with the JS call that produced it underneath. */
function card(table, call) {
  return el('div', { className: 'card' }, [table, el('code', { className: 'call', textContent: call })]);
}

async function main() {
  const forceScalar = new URLSearchParams(location.search).has('scalar');
  const t0 = performance.now();
  // Imported dynamically so that a missing or broken package shows up on the page too.
  const { load } = await import('./convlens/index.browser.js');
  const cl = await load(forceScalar ? { simd: false } : {});
  $('variant').textContent = cl.variant;

  const x = cl.tensor([[INPUT]]);
  const w = cl.tensor([[WEIGHT]]);
  $('inputs').append(
    card(tensorTable('in-input', 'input', x), 'const x = cl.tensor([[input]])'),
    card(tensorTable('in-weight', 'weight', w), 'const w = cl.tensor([[weight]])'),
  );
  for (const out of OUTPUTS) {
    $(out.group).append(card(tensorTable(out.id, out.title, out.run(cl, x, w)), out.call));
  }

  const ms = (performance.now() - t0).toFixed(0);
  $('status').textContent = `Computed with the ${cl.variant} build in ${ms} ms.`;
  document.body.dataset.ready = 'true';
}

main().catch((err) => {
  const message = err?.message ?? String(err);
  const code = err?.code ? ` [${err.code}]` : '';
  const status = $('status');
  status.textContent = `convlens failed: ${message}${code}`;
  status.classList.add('error');
  document.body.dataset.error = message;
  console.error(err);
});
