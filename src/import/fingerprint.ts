/** Observation fingerprints: with the deal id, the key that makes a re-import a no-op. */
import crypto from "node:crypto";

/** One-shot hashing (Node ≥ 20.12), else the streaming API. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: "base64url") => string })
  .hash;

/**
 * A 96-bit digest of an observation's canonical body. It only has to tell apart the observations of one
 * deal (the unique key is deal + fingerprint); SHA-1 runs natively, faster than a hash loop in JavaScript. A body
 * given as bytes is its UTF-8 text.
 */
export function fingerprintOf(body: string | Uint8Array): string {
  const digest = oneShot
    ? oneShot("sha1", body, "base64url")
    : crypto.createHash("sha1").update(body).digest("base64url");
  return digest.slice(0, 16);
}
