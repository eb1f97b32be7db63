import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDockerCredentials } from './read-docker-credentials';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function aDockerConfig(config: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tagdeploy-docker-config-'));
  dirs.push(dir);
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

describe('readDockerCredentials', () => {
  it('decodes auths[host].auth (base64 user:password, the password may hold colons)', async () => {
    const dir = await aDockerConfig({ auths: { 'registry.example.com': { auth: Buffer.from('ci:pa:ss').toString('base64') } } });
    const lookup = await readDockerCredentials('registry.example.com', { DOCKER_CONFIG: dir });
    expect(lookup.credentials).toEqual({ username: 'ci', password: 'pa:ss' });
    expect(lookup.source).toBe(`${join(dir, 'config.json')} (auths["registry.example.com"])`);
  });

  it('finds entries written with a scheme, as older docker versions do', async () => {
    const dir = await aDockerConfig({ auths: { 'https://registry.example.com': { username: 'u', password: 'p' } } });
    expect((await readDockerCredentials('registry.example.com', { DOCKER_CONFIG: dir })).credentials).toEqual({ username: 'u', password: 'p' });
  });

  it('asks a credential helper named in credHelpers', async () => {
    const dir = await aDockerConfig({ credHelpers: { 'registry.example.com': 'tagdeploytest' } });
    const helper = join(dir, 'docker-credential-tagdeploytest');
    await writeFile(helper, '#!/bin/sh\nread host\necho "{\\"Username\\":\\"helper-user\\",\\"Secret\\":\\"for-$host\\"}"\n');
    await chmod(helper, 0o755);
    const lookup = await readDockerCredentials('registry.example.com', { DOCKER_CONFIG: dir, PATH: `${dir}:${process.env.PATH}` });
    expect(lookup.credentials).toEqual({ username: 'helper-user', password: 'for-registry.example.com' });
    expect(lookup.source).toContain('docker-credential-tagdeploytest');
  });

  it('says where it looked when there is nothing', async () => {
    const dir = await aDockerConfig({ auths: {} });
    const lookup = await readDockerCredentials('registry.example.com', { DOCKER_CONFIG: dir });
    expect(lookup.credentials).toBeUndefined();
    expect(lookup.source).toBe(`${join(dir, 'config.json')} (no entry for registry.example.com)`);
    expect((await readDockerCredentials('x', { DOCKER_CONFIG: join(dir, 'absent') })).source).toContain('(absent)');
  });
});
