// Layout of the call block shared with cpp/embind/bindings.cpp (int32 slots). Keep in step with it.
export const Slot = Object.freeze({
  IN_RANK: 0, IN_DIMS: 1,
  W_RANK: 9, W_DIMS: 10,
  HAS_BIAS: 14, BIAS_LEN: 15,
  STRIDE_H: 16, STRIDE_W: 17, HAS_STRIDE: 18,
  PAD_KIND: 19, PAD_H: 20, PAD_W: 21,
  DIL_H: 22, DIL_W: 23,
  GROUPS: 24, MODE: 25,
  OUTPAD_H: 26, OUTPAD_W: 27, HAS_OUTSIZE: 28, OUTSIZE_H: 29, OUTSIZE_W: 30,
  KERNEL_H: 31, KERNEL_W: 32,
  CEIL: 33, COUNT_INCLUDE_PAD: 34, HAS_DIVISOR: 35, DIVISOR: 36,
  PAD_LEFT: 37, PAD_RIGHT: 38, PAD_TOP: 39, PAD_BOTTOM: 40,
  OUT_RANK: 41, OUT_DIMS: 42,
  OUT_INDEX: 46,
  AXIS: 50, AXIS_STRIDE: 10,
  RF_COUNT: 70, RF_BIAS: 71, RF_DIVISOR: 72,
  PC_IN: 73, PC_OUT: 74, PC_KH: 75, PC_KW: 76, PC_GROUPS: 77, PC_BIAS: 78,
  PC_WEIGHTS_OUT: 79, PC_BIAS_OUT: 80, PC_TOTAL_OUT: 81,
  OUT_ADDR: 82, INDICES_ADDR: 83,
  IN_ADDR: 84, W_ADDR: 85, B_ADDR: 86, WANT_INDICES: 87, PAD_VALUE: 88, PAD_DIMS: 89,
  SIZE: 96,
});

/// Ints per receptive-field tap: n, c, y, x, source_y, source_x, input_index, weight[4], weight_index.
export const TAP_INTS = 12;

/// Op numbers of bindings.cpp's run / outputInfo / receptiveField.
export const OpId = Object.freeze({ conv2d: 0, convTranspose2d: 1, maxPool2d: 2, avgPool2d: 3, pad: 4 });

/// convlens::PaddingMode and convlens::ConvPadding.
export const PaddingModeId = Object.freeze({ zeros: 0, constant: 0, reflect: 1, replicate: 2, circular: 3 });
export const ConvPaddingId = Object.freeze({ explicit: 0, valid: 1, same: 2 });
