// A Node base image for tests and the demo, since nothing can be pulled here: this machine's own
// node binary and the shared libraries `ldd` says it loads (Debian's), an /etc/passwd with the
// "node" user (uid 1000) that node:20-slim has too, and /tmp. Written as an OCI image layout with
// our own layer writer; pushImageToRegistry() puts it where a registry mirror serves it.
import { execFileSync } from 'node:child_process';
import { readFile, realpath } from 'node:fs/promises';
import { copyImage } from '../../packages/core/src/container/copy-image';
import { DistributionRegistry } from '../../packages/core/src/container/distribution-registry';
import { openLayout } from '../../packages/core/src/container/open-layout';
import type { TarEntry } from '../../packages/core/src/container/tar-writer';
import { writeLayoutImage, type BaseImageLayout } from './write-layout-image';

const NODE = '/usr/bin/node';

export async function makeNodeBaseImage(layoutDir: string, tag = '20-slim'): Promise<BaseImageLayout> {
  const node = await realpath(NODE).catch(() => {
    throw new Error(`${NODE} is missing: the Node base image for tests is made from this machine's node (apt-get install nodejs)`);
  });
  const libraries = execFileSync('ldd', [node], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /(\/\S+)\s+\(0x/.exec(line)?.[1])
    .filter((path): path is string => Boolean(path));
  const files = new Map<string, TarEntry>();
  const addDirs = (path: string) => {
    const parts = path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (dir && !files.has(dir)) files.set(dir, { path: dir, type: 'dir', mode: 0o755 });
    }
  };
  const add = (entry: TarEntry) => {
    addDirs(entry.path);
    files.set(entry.path, entry);
  };
  add({ path: 'usr/local/bin/node', type: 'file', mode: 0o755, body: await readFile(node) });
  // Each library at the path the loader asks for (ldd prints the names node was linked with).
  for (const library of libraries) add({ path: library.slice(1), type: 'file', mode: 0o755, body: await readFile(library) });
  add({ path: 'etc/passwd', type: 'file', mode: 0o644, body: Buffer.from('root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n') });
  add({ path: 'etc/group', type: 'file', mode: 0o644, body: Buffer.from('root:x:0:\nnode:x:1000:\n') });
  add({ path: 'home/node', type: 'dir', mode: 0o755 });
  add({ path: 'tmp', type: 'dir', mode: 0o1777 });
  const entries = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return writeLayoutImage(layoutDir, tag, {
    entries,
    runtime: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `NODE_VERSION=${process.versions.node}`], Cmd: ['node'] },
    createdBy: 'tools/oci/make-node-base-image.ts: node and its shared libraries from this machine',
  });
}

/** Copies a layout's image into a registry repository under `tag` (e.g. library/node:20-slim on a mirror). */
export async function pushImageToRegistry(image: BaseImageLayout, host: string, repository: string, tag = image.tag): Promise<string> {
  const registry = new DistributionRegistry({ host });
  await copyImage(openLayout(image.layoutDir), { storage: registry, repository }, image.digest);
  await registry.putTag(repository, image.digest, tag);
  return `${host}/${repository}:${tag}`;
}
