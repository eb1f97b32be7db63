// Release prefixes as the CDN routers write them: `<product>/releases/<version>`, relative to the
// origin (KVS value) or under the store prefix (origin path).

/** `checkout/releases/0.2.0/` or `/checkout/releases/0.2.0` → `checkout/releases/0.2.0`. */
export const trimSlashes = (path: string): string => path.replace(/^\/+|\/+$/g, '');

/** The version a release prefix names, or the raw value when it is not one of ours (shown as drift). */
export function versionOfReleasePrefix(prefix: string): string {
  const match = /(?:^|\/)releases\/([^/]+)\/?$/.exec(prefix);
  return match ? match[1] : prefix;
}
