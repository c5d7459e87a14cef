/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(bytes: Uint8Array | Buffer): boolean {
  return bytes.length > 100 && Buffer.from(bytes).subarray(0, 8).equals(PNG_SIGNATURE);
}
