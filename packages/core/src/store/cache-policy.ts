// Cache-Control for the files of a static release. A file whose name carries a content hash
// never changes under that name, so it is cached for a year; anything else (HTML above all, and
// names we are not sure about) is revalidated on every request, so that switching an env's
// release takes effect at once.
import { basename } from 'node:path';

export const immutableCacheControl = 'public, max-age=31536000, immutable';
export const revalidateCacheControl = 'no-cache';

// webpack/Parcel/Angular/Next: `name.3f9a1c2b.css`, `main-3f9a1c2b5e.js`: 8-64 hex digits.
const hexHash = /[.-]([0-9a-f]{8,64})(\.[A-Za-z0-9]+)+$/;
// Rollup/Vite: `index-B4xk2_9a.js`: 8 characters of base64url after a dash.
const rollupHash = /-([A-Za-z0-9_-]{8})(\.[A-Za-z0-9]+)+$/;

/**
 * True when a file name looks content-hashed. A false "yes" would pin a changing file in
 * browsers for a year, so plain words never count: a hash must contain a digit, or (for the
 * base64 form) mix upper and lower case with a "_"/"-" or at least three capitals.
 */
export function isContentHashed(fileName: string): boolean {
  const name = basename(fileName);
  const hex = hexHash.exec(name);
  if (hex && /[0-9]/.test(hex[1])) return true;
  const rollup = rollupHash.exec(name);
  if (!rollup) return false;
  const token = rollup[1];
  if (/[0-9]/.test(token)) return true;
  const capitals = token.replace(/[^A-Z]/g, '').length;
  const mixedCase = capitals > 0 && /[a-z]/.test(token);
  return mixedCase && (/[_-]/.test(token) || capitals >= 3);
}

/** The Cache-Control of a release file: immutable for hashed assets, revalidate for the rest. */
export function cachePolicyFor(fileName: string): string {
  if (/\.html?$/i.test(fileName)) return revalidateCacheControl;
  return isContentHashed(fileName) ? immutableCacheControl : revalidateCacheControl;
}
