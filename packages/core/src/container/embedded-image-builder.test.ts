import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeBaseImage } from './testing/oci-test-parts';
import { EmbeddedImageBuilder } from './embedded-image-builder';
import type { ImageBuildRequest } from './image-ports';
import { openLayout } from './open-layout';
import { failure } from './testing/image-registry-contract';
import { readImageBack } from './testing/read-layout-image';

const temps: string[] = [];
afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});
const aTempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tagdeploy-embedded-'));
  temps.push(dir);
  return dir;
};

/** A build output like payments-api's: main.mjs, a nested asset, an executable and a symlink. */
async function aBuildOutput(mainSource = 'console.log("payments-api")\n'): Promise<string> {
  const dir = await aTempDir();
  await writeFile(join(dir, 'main.mjs'), mainSource);
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'assets', 'b.txt'), 'b');
  await writeFile(join(dir, 'assets', 'a.txt'), 'a');
  await writeFile(join(dir, 'run.sh'), '#!/bin/sh\n');
  await chmod(join(dir, 'run.sh'), 0o750);
  await symlink('main.mjs', join(dir, 'index.mjs'));
  return dir;
}

async function aRequest(contextDir: string, overrides: Partial<ImageBuildRequest> = {}): Promise<ImageBuildRequest> {
  return {
    contextDir,
    buildArgs: { VERSION: '1.2.3' },
    labels: { 'org.opencontainers.image.version': '1.2.3', 'org.opencontainers.image.revision': 'abc123' },
    createdAt: new Date('2024-05-01T10:00:00Z'),
    layoutDir: join(await aTempDir(), 'image'),
    tag: '1.2.3',
    ...overrides,
  };
}

describe('EmbeddedImageBuilder', () => {
  it('puts the build output under /app as one layer: sorted, uid/gid 0, mtime 0, modes kept', async () => {
    const built = await new EmbeddedImageBuilder({ workspaceRoot: '/', baseImage: 'scratch' }).build(await aRequest(await aBuildOutput()));
    const { storage, repository } = openLayout(built.layoutDir);
    const image = await readImageBack(storage, repository, built.tag);
    expect(image.layers).toHaveLength(1);
    const entries = image.layers[0];
    expect(entries.map((e) => e.path)).toEqual(['app/', 'app/assets/', 'app/assets/a.txt', 'app/assets/b.txt', 'app/index.mjs', 'app/main.mjs', 'app/run.sh']);
    expect(entries.every((e) => e.uid === 0 && e.gid === 0 && e.mtime === 0)).toBe(true);
    expect(entries.find((e) => e.path === 'app/run.sh')?.mode).toBe(0o750);
    expect(entries.find((e) => e.path === 'app/index.mjs')).toMatchObject({ type: 'symlink', linkname: 'main.mjs' });
    expect(entries.find((e) => e.path === 'app/main.mjs')?.body.toString()).toBe('console.log("payments-api")\n');
  });

  it('writes the entrypoint, working dir, APP_VERSION and the labels into the config', async () => {
    const builder = new EmbeddedImageBuilder({ workspaceRoot: '/', baseImage: 'scratch', entrypoint: ['node', '/app/server.mjs'] });
    const built = await builder.build(await aRequest(await aBuildOutput()));
    const { config } = await readImageBack(openLayout(built.layoutDir).storage, 'image', built.tag);
    expect(config.config?.Entrypoint).toEqual(['node', '/app/server.mjs']);
    expect(config.config?.WorkingDir).toBe('/app');
    expect(config.config?.Env).toContain('APP_VERSION=1.2.3');
    expect(config.config?.Labels).toMatchObject({ 'org.opencontainers.image.version': '1.2.3', 'org.opencontainers.image.revision': 'abc123' });
    expect(config.created).toBe('2024-05-01T10:00:00.000Z');
    expect(config.os).toBe('linux');
  });

  it('defaults the entrypoint to node /app/main.mjs', async () => {
    const built = await new EmbeddedImageBuilder({ workspaceRoot: '/', baseImage: 'scratch' }).build(await aRequest(await aBuildOutput()));
    const { config } = await readImageBack(openLayout(built.layoutDir).storage, 'image', built.tag);
    expect(config.config?.Entrypoint).toEqual(['node', '/app/main.mjs']);
  });

  it('gives the same digest for the same output, version and time; another digest when a file changes', async () => {
    const builder = new EmbeddedImageBuilder({ workspaceRoot: '/', baseImage: 'scratch' });
    const first = await builder.build(await aRequest(await aBuildOutput()));
    const again = await builder.build(await aRequest(await aBuildOutput()));
    const changed = await builder.build(await aRequest(await aBuildOutput('console.log("v2")\n')));
    expect(again.digest).toBe(first.digest);
    expect(changed.digest).not.toBe(first.digest);
  });

  it('stacks the layer on a base image from an OCI layout and keeps its environment', async () => {
    const base = await makeBaseImage(join(await aTempDir(), 'busybox'));
    const builder = new EmbeddedImageBuilder({ workspaceRoot: '/', baseImage: base.reference });
    const built = await builder.build(await aRequest(await aBuildOutput()));
    const image = await readImageBack(openLayout(built.layoutDir).storage, 'image', built.tag);
    expect(image.layers).toHaveLength(2);
    expect(image.layers[0].map((e) => e.path)).toContain('bin/busybox');
    expect(image.config.config?.Env).toEqual(['PATH=/bin', 'APP_VERSION=1.2.3']);
    expect(image.config.rootfs.diff_ids).toHaveLength(2);
    const inspected = spawnSync('skopeo', ['inspect', '--config', `oci:${built.layoutDir}:${built.tag}`], { encoding: 'utf8' });
    expect(inspected.status, inspected.stderr).toBe(0);
  });

  it('names a base image that is not there', async () => {
    const builder = new EmbeddedImageBuilder({ workspaceRoot: await aTempDir(), baseImage: 'oci:images/node:20' });
    const error = await failure(builder.build(await aRequest(await aBuildOutput())));
    expect(error.code).toBe('IMAGE_BASE_NOT_FOUND');
    expect(error.message).toContain('oci:images/node:20');
    expect(error.message).toContain('baseImage');
  });
});
