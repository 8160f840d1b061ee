/**
 * The one error type of convlens. `code` is stable and machine-readable; `message` follows PyTorch's
 * wording and names the argument and its value.
 */
export class ConvlensError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'ConvlensError';
    this.code = code;
  }
}

/// convlens::Code numbers (cpp/convlens.hpp) → string codes.
export const CORE_CODES = ['OK', 'INVALID_ARGUMENT', 'INVALID_SHAPE', 'SHAPE_MISMATCH', 'OUTPUT_TOO_SMALL', 'TOO_LARGE'];

export function fail(code, message) {
  throw new ConvlensError(code, message);
}
