// The wasm boundary as the module describes it: call-block slots, op / padding ids and error-code
// names, read once at load from cpp/embind/bindings.cpp's boundary(). No numbers are written here.

/**
 * The call-block layout and ids of a loaded module: { Slot, TAP_INTS, OpId, PaddingModeId,
 * ConvPaddingId, codeNames } (codeNames[n] names convlens::Code n). Throws when the module lacks one.
 */
export function readBoundary(module) {
  const b = JSON.parse(module.boundary());
  const need = (ok, what) => {
    if (!ok) throw new Error(`convlens: the wasm module's boundary() has no ${what}`);
  };
  need(b && typeof b.slots === 'object' && Number.isInteger(b.slots.SIZE), 'call-block slots');
  need(Number.isInteger(b.tapInts), 'tap size');
  need(b.ops && b.paddingModes && b.convPaddings && Array.isArray(b.codes), 'ids and codes');
  return Object.freeze({
    Slot: Object.freeze({ ...b.slots }),
    /// Ints per receptive-field tap: n, c, y, x, source_y, source_x, input_index, weight[4], weight_index.
    TAP_INTS: b.tapInts,
    OpId: Object.freeze({ ...b.ops }),
    /// F.pad's 'constant' is the core's zeros mode.
    PaddingModeId: Object.freeze({ ...b.paddingModes, constant: b.paddingModes.zeros }),
    ConvPaddingId: Object.freeze({ ...b.convPaddings }),
    codeNames: Object.freeze([...b.codes]),
  });
}
