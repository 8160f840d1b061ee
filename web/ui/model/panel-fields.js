// The state fields of the playground's unfold and backward panels (state.js adds them to its schema),
// so a link reproduces an open panel and its upstream gradient. Pure (no DOM).

/** The ops the backward panel explains. */
export const BACKWARD_OPS = Object.freeze(['conv2d', 'maxPool2d', 'avgPool2d']);
/** The upstream gradients on offer: all ones, seeded random integers, or 1 at the pinned output cell. */
export const GRAD_KINDS = Object.freeze(['ones', 'random', 'onehot']);

export const PANEL_FIELDS = Object.freeze([
  { name: 'unfold_view', kind: 'bool', def: false, ops: ['conv2d'] },
  { name: 'backward_view', kind: 'bool', def: false, ops: BACKWARD_OPS },
  { name: 'grad_output', kind: 'enum', values: GRAD_KINDS, def: 'ones', ops: BACKWARD_OPS },
  { name: 'grad_seed', kind: 'int', min: 0, max: 999_999, def: 1, ops: BACKWARD_OPS },
]);
