import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeBaseImage } from './make-base-image';

it('builds a busybox base image that umoci unpacks into a root filesystem with /bin/sh', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tagdeploy-base-test-'));
  try {
    const base = await makeBaseImage(join(dir, 'busybox'), 'v1');
    const unpacked = spawnSync('umoci', ['unpack', '--rootless', '--image', `${base.layoutDir}:v1`, join(dir, 'bundle')], { encoding: 'utf8' });
    expect(unpacked.error, 'umoci must be installed (apt-get install umoci)').toBeUndefined();
    expect(unpacked.status, unpacked.stderr).toBe(0);
    const sh = spawnSync(join(dir, 'bundle/rootfs/bin/sh'), ['-c', 'echo hello from busybox'], { encoding: 'utf8' });
    expect(sh.stdout).toBe('hello from busybox\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
