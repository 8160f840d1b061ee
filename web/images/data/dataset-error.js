// The one error type of the dataset readers: a stable `code` the UI can branch on, the file at fault,
// and a message that names the file and says what is wrong with it ("test_batch.bin: 798 979 bytes is
// not a whole number of 3 073-byte records"). Pure (no DOM).

/** Codes of DatasetError, stable across releases. */
export const DATASET_ERROR_CODES = Object.freeze({
  /** The file ends before its own header or records say it should. */
  TRUNCATED: 'DATASET_TRUNCATED',
  /** The file is not in the format it was read as (bad magic, wrong opcode, wrong key, …). */
  FORMAT: 'DATASET_FORMAT',
  /** Header counts beyond the readers' limits (guards allocation against foreign or hostile files). */
  TOO_LARGE: 'DATASET_TOO_LARGE',
  /** A file the format needs is not among the files given (e.g. no test_batch for split 'test'). */
  MISSING: 'DATASET_MISSING',
  /** Files given, but none in a format the readers know. */
  UNKNOWN: 'DATASET_UNKNOWN',
});

/** An error about one dataset file: `code` (DATASET_ERROR_CODES), `file` (its name), message "file: what". */
export class DatasetError extends Error {
  constructor(code, file, what) {
    super(file ? `${file}: ${what}` : what);
    this.name = 'DatasetError';
    this.code = code;
    this.file = file ?? '';
  }
}

/// Formats an integer with thin groups of three digits ("798 979"), as the messages show sizes.
export function groupDigits(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/// Throws DATASET_TOO_LARGE unless `bytes` ≤ `limit`; `what` names the quantity in the message.
export function checkLimit(file, what, bytes, limit) {
  if (!(bytes <= limit)) {
    throw new DatasetError(DATASET_ERROR_CODES.TOO_LARGE, file,
      `${what} would need ${groupDigits(bytes)} bytes, more than the limit of ${groupDigits(limit)}`);
  }
}

/** Upper bound on one dataset's pixel bytes (the CIFAR train split is 153 600 000). */
export const MAX_PIXEL_BYTES = 512 * 1024 * 1024;
