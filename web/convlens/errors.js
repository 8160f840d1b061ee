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

/// Every code a ConvlensError may carry (index.d.ts's ErrorCode). The core's codes come from the wasm
/// module at load (readBoundary's codeNames); each must be one of these, which createApi checks.
export const ERROR_CODES = Object.freeze(['INVALID_ARGUMENT', 'INVALID_TYPE', 'UNKNOWN_OPTION', 'INVALID_SHAPE',
  'SHAPE_MISMATCH', 'OUTPUT_TOO_SMALL', 'TOO_LARGE', 'INTERNAL_ERROR']);

export function fail(code, message) {
  throw new ConvlensError(code, message);
}
