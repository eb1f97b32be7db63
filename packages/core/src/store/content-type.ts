// File name → Content-Type for the files of a static release. Text types say utf-8 so that
// browsers and CDNs never guess the charset.
import { extname } from 'node:path';

const utf8 = '; charset=utf-8';

const contentTypes: Record<string, string> = {
  '.html': `text/html${utf8}`,
  '.htm': `text/html${utf8}`,
  '.js': `text/javascript${utf8}`,
  '.mjs': `text/javascript${utf8}`,
  '.cjs': `text/javascript${utf8}`,
  '.css': `text/css${utf8}`,
  '.json': `application/json${utf8}`,
  '.map': `application/json${utf8}`,
  '.webmanifest': `application/manifest+json${utf8}`,
  '.txt': `text/plain${utf8}`,
  '.xml': `application/xml${utf8}`,
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export const defaultContentType = 'application/octet-stream';

/** The Content-Type for a file name or path (by extension, case-insensitive). */
export function contentTypeFor(fileName: string): string {
  return contentTypes[extname(fileName).toLowerCase()] ?? defaultContentType;
}
