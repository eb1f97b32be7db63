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

  it('resolves s3://bucket/prefix to the S3 store', () => {
    const store = resolveStore('s3://releases/tagdeploy/', '/work/shop');
    expect(store).toMatchObject({ url: 's3://releases/tagdeploy', concurrency: 16 });
  });

  it('takes the object form with an endpoint for S3-compatible servers, and reaches the S3 adapter on first use', async () => {
    const store = resolveStore({ url: 's3://releases', endpoint: 'http://127.0.0.1:9', region: 'eu-west-1', concurrency: 32 }, '/work/shop');
    expect(store).toMatchObject({ url: 's3://releases', concurrency: 32 });

    const error = await store.checkWritable().then(() => undefined, (failure: unknown) => failure as { code: string; message: string });

    expect(error?.code).toBe('STORE_UNAVAILABLE');
    expect(error?.message).toContain('bucket "releases"');
  });

  it.each(['s3://', 's3://Bad_Bucket/releases', 's3://releases/a//b'])('refuses the malformed S3 URL %j with INVALID_CONFIG and a valid example', (url) => {
    const error = errorOf(() => resolveStore(url, '/work/shop'));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toMatch(new RegExp(`^store "${url.replace(/[/.]/g, '\\$&')}" is not a valid S3 store URL: .*e\\.g\\. "store": "s3://my-releases/tagdeploy"\\.$`));
  });

  it('refuses the object form for anything but s3://', () => {
    const error = errorOf(() => resolveStore({ url: 'file:.tagdeploy/store' }, '/work/shop'));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('the object form is for S3');
  });

  it.each(['.tagdeploy/store', 'https://example.test/store', 'file:', 'file://host/share', 'gs://bucket'])('refuses %j with INVALID_CONFIG listing the valid forms', (url) => {
    const error = errorOf(() => resolveStore(url, '/work/shop'));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toBe(`store "${url}" is not a store URL. Use file:<folder> or s3://bucket/prefix.`);
  });
});
