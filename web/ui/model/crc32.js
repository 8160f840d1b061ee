// CRC-32 in its reflected, table-driven form, for the byte writers: the ZIP export and PNG chunks use
// IEEE's polynomial, TensorBoard's TFRecord framing Castagnoli's (CRC-32C). Pure (no DOM).

/** A reflected CRC-32 over `poly` (the reversed polynomial): bytes → unsigned 32-bit CRC. */
function reflectedCrc32(poly) {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return (bytes) => {
    let c = 0xffffffff;
    for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
}

/** CRC-32 (IEEE 802.3), as ZIP and PNG use. */
export const crc32 = reflectedCrc32(0xedb88320);

/** CRC-32C (Castagnoli), as TFRecord uses. */
export const crc32c = reflectedCrc32(0x82f63b78);
