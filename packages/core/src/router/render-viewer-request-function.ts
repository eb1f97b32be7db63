// The source of the viewer-request CloudFront Function for one env, ready to publish
// (runtime cloudfront-js-2.0, with the env's key value store associated).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { routerError } from './router-error';

export const viewerRequestFunctionPath = join(__dirname, 'cloudfront-function', 'viewer-request.js');
const placeholder = '__TAGDEPLOY_KVS_KEY__';

/** The function source with its KVS key filled in (default key: `<product>/<env>`, as CloudFrontKvsRouter writes). */
export function renderViewerRequestFunction(kvsKey: string): string {
  if (!/^[\x20-\x7e]+$/.test(kvsKey) || /['\\]/.test(kvsKey)) {
    throw routerError('INVALID_CONFIG', `"${kvsKey}" cannot be a key value store key here: use printable ASCII without quotes or backslashes.`);
  }
  const source = readFileSync(viewerRequestFunctionPath, 'utf8');
  return source.replace(`'${placeholder}'`, `'${kvsKey}'`);
}
