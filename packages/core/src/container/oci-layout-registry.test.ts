import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OciLayoutRegistry } from './oci-layout-registry';
import { anImage, pushUntagged } from './testing/image-builders';
import { describeImageRegistryContract, failure } from './testing/image-registry-contract';

const aLayoutRoot = () => mkdtemp(join(tmpdir(), 'tagdeploy-layout-'));
const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});
/** A layout registry in a temp folder that is removed after the test. */
async function aLayoutRegistry(): Promise<{ root: string; registry: OciLayoutRegistry }> {
  const root = await aLayoutRoot();
  roots.push(root);
  return { root, registry: new OciLayoutRegistry(root) };
}

describeImageRegistryContract('OciLayoutRegistry (a folder)', async () => {
  const root = await aLayoutRoot();
  return { storage: new OciLayoutRegistry(root), cleanup: () => rm(root, { recursive: true, force: true }) };
});

describe('OciLayoutRegistry', () => {
  it('writes a layout that skopeo reads as oci:<root>/<repository>:<tag>', async () => {
    const { root, registry } = await aLayoutRegistry();
    const image = anImage('skopeo');
    await pushUntagged(registry, 'shop/api', image);
    await registry.putTag('shop/api', image.digest, '1.2.3');
    const inspected = spawnSync('skopeo', ['inspect', '--raw', `oci:${join(root, 'shop/api')}:1.2.3`], { encoding: 'utf8' });
    expect(inspected.error, 'skopeo must be installed (apt-get install skopeo)').toBeUndefined();
    expect(inspected.stdout).toBe(image.manifest.bytes.toString('utf8'));
  });

  it('tags concurrently without losing one (index.json is changed under a lock)', async () => {
    const { registry } = await aLayoutRegistry();
    const image = anImage('parallel');
    await pushUntagged(registry, 'app', image);
    const tags = Array.from({ length: 12 }, (_, i) => `1.0.${i}`);
    await Promise.all(tags.map((tag) => registry.putTag('app', image.digest, tag)));
    for (const tag of tags) expect(await registry.resolveDigest('app', tag)).toBe(image.digest);
  });

  it('refuses a damaged index.json and does not rewrite it', async () => {
    const { root, registry } = await aLayoutRegistry();
    const image = anImage('damaged');
    await pushUntagged(registry, 'app', image);
    await writeFile(join(root, 'app', 'index.json'), '{ not json');
    const error = await failure(registry.putTag('app', image.digest, '1.0.0'));
    expect(error.code).toBe('IMAGE_INVALID');
    expect(error.message).toContain('index.json');
    expect(await readFile(join(root, 'app', 'index.json'), 'utf8')).toBe('{ not json');
  });
});
