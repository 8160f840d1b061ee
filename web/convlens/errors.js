/**
 * The one error type of convlens. `code` is stable and machine-readable; `message` follows PyTorch's
 * wording and names the argument and its value; `argument` is that argument's PyTorch name
 * (snake_case: 'stride', 'kernel_size' …), undefined when no single argument is at fault.
 */
export class ConvlensError extends Error {
  constructor(code, message, argument) {
    super(message);
    this.name = 'ConvlensError';
    this.code = code;
    this.argument = typeof argument === 'string' && argument !== '' ? argument : undefined;
  }
}

/// Every code a ConvlensError may carry (index.d.ts's ErrorCode). The core's codes come from the wasm
/// module at load (readBoundary's codeNames); each must be one of these, which createApi checks.
export const ERROR_CODES = Object.freeze(['INVALID_ARGUMENT', 'INVALID_TYPE', 'UNKNOWN_OPTION', 'INVALID_SHAPE',
  'SHAPE_MISMATCH', 'OUTPUT_TOO_SMALL', 'TOO_LARGE', 'INTERNAL_ERROR', 'LOAD_FAILED', 'FREED']);

/**
 * Throws a ConvlensError; `argument` as in ConvlensError (PyTorch's name, or undefined).
 * @param {import('./index.d.ts').ErrorCode} code
 * @param {string} message
 * @param {string} [argument]
 * @returns {never}
 */
export function fail(code, message, argument) {
  throw new ConvlensError(code, message, argument);
}
