// Publish: uploads a release's files under <product>/releases/<version>/ with create-only writes.
// Safe to run again: files already there with the same sha256 count as published. A file whose
// bytes equal a file of the previous release is copied inside the store instead of uploaded.
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
  /** Of the created ones, how many were copied from the previous release inside the store. */
  copied: number;
  existing: number;
}

/** Below this size an upload costs about what a server-side copy does, so copying gains nothing. */
export const copyMinBytes = 64 * 1024;

export interface PublishInput {
  store: ObjectStore;
  prefix: string;
  files: readonly LocalFile[];
  reporter: Reporter;
  /** Keys of the previous release's files by sha256, for server-side copies. */
  previousBySha?: ReadonlyMap<string, string>;
}

export async function publishReleaseFiles({ store, prefix, files, reporter, previousBySha }: PublishInput): Promise<PublishResult> {
  const result: PublishResult = { created: 0, copied: 0, existing: 0 };
  const meter = reporter.progress(`uploading to ${store.url}`, { files: files.length, bytes: files.reduce((sum, file) => sum + file.size, 0) });
  const publishOne = async (file: LocalFile): Promise<void> => {
    const meta = { contentType: file.contentType, cacheControl: file.cacheControl, sha256: file.sha256 };
    const source = file.size >= copyMinBytes ? previousBySha?.get(file.sha256) : undefined;
    const outcome = source
      ? await store.copy(source, prefix + file.path, meta)
      : await store.create(prefix + file.path, await readFile(file.absPath), meta);
    if (outcome === 'created') {
      result.created++;
      if (source) result.copied++;
    } else result.existing++;
    meter.advance(file.size);
    crashPoint('publish', result.created + result.existing);
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) await publishOne(files[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(store.concurrency, files.length) }, worker));
  meter.done();
  const copied = result.copied ? `, ${result.copied} copied from the previous release` : '';
  reporter.info(`published ${files.length} files to ${store.url}/${prefix} (${result.created} new${copied}, ${result.existing} already there)`);
  return result;
}
