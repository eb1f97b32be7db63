import { describe, expect, it } from 'vitest';
import { isTagdeployError } from '../errors/tagdeploy-error';
import { FileStore } from './file-store';
import { resolveStore } from './resolve-store';

function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isTagdeployError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected an error');
}

describe('resolveStore', () => {
  it('resolves file:<relative folder> against the workspace root and keeps the URL for display', () => {
    const store = resolveStore('file:.tagdeploy/store', '/work/shop');
    expect(store).toBeInstanceOf(FileStore);
    expect((store as FileStore).rootDir).toBe('/work/shop/.tagdeploy/store');
    expect(store.url).toBe('file:.tagdeploy/store');
  });

  it('takes file:<absolute folder> and file:///<absolute folder> as they are', () => {
    expect((resolveStore('file:/srv/releases', '/work/shop') as FileStore).rootDir).toBe('/srv/releases');
    expect((resolveStore('file:///srv/releases/', '/work/shop') as FileStore).rootDir).toBe('/srv/releases');
  });

  it('says s3:// is not available yet and what to use instead', () => {
    const error = errorOf(() => resolveStore('s3://bucket/prefix', '/work/shop'));
    expect(error.code).toBe('NOT_IMPLEMENTED');
    expect(error.message).toMatch(/^The s3:\/\/ store is not available yet .*Use file:<folder>/);
  });

  it.each(['.tagdeploy/store', 'https://example.test/store', 'file:', 'file://host/share', 'gs://bucket'])('refuses %j with INVALID_CONFIG listing the valid forms', (url) => {
    const error = errorOf(() => resolveStore(url, '/work/shop'));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toBe(`store "${url}" is not a store URL. Use file:<folder> or s3://bucket/prefix.`);
  });
});
