// Publish: uploads a release's files under <product>/releases/<version>/ with create-only writes.
// Safe to run again: files already there with the same sha256 count as published.
import { readFile } from 'node:fs/promises';
import type { ObjectStore } from '../store/object-store';
import type { ManifestFile } from './release-manifest';
import type { Reporter } from './ports';
import { crashPoint } from './crash-point';

export interface LocalFile extends ManifestFile {
  absPath: string;
}

export interface PublishResult {
  created: number;
  existing: number;
}

const concurrency = 8;

export async function publishReleaseFiles(
  store: ObjectStore,
  prefix: string,
  files: readonly LocalFile[],
  reporter: Reporter,
): Promise<PublishResult> {
  const result: PublishResult = { created: 0, existing: 0 };
  const meter = reporter.progress(`uploading to ${store.url}`, { files: files.length, bytes: files.reduce((sum, file) => sum + file.size, 0) });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++];
      const body = await readFile(file.absPath);
      const outcome = await store.create(prefix + file.path, body, {
        contentType: file.contentType,
        cacheControl: file.cacheControl,
        sha256: file.sha256,
      });
      result[outcome === 'created' ? 'created' : 'existing']++;
      meter.advance(file.size);
      crashPoint('publish', result.created + result.existing);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  meter.done();
  reporter.info(`published ${files.length} files to ${store.url}/${prefix} (${result.created} new, ${result.existing} already there)`);
  return result;
}
