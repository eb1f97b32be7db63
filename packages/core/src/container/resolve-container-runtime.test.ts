import { describe, expect, it } from 'vitest';
import { resolveContainerRuntime, type ContainerRuntimeInput } from './resolve-container-runtime';

const dockerfile = (text: string) => ({ path: 'services/api/Dockerfile', text });
const input = (config: Partial<ContainerRuntimeInput['config']>, file: string | null = null): ContainerRuntimeInput => ({
  product: 'api',
  config: { builder: 'embedded', ...config },
  configPath: 'services/api/tagdeploy.json',
  dockerfile: file === null ? null : dockerfile(file),
});
const failure = (run: () => unknown): { code: string; message: string } => {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a refusal');
};

describe('resolveContainerRuntime', () => {
  it('takes base image, port and user from the Dockerfile when tagdeploy.json is silent', () => {
    const runtime = resolveContainerRuntime(input({}, 'FROM node:20-slim\nENV PORT=3000\nUSER node\nEXPOSE 3000/tcp\nCMD ["node", "main.mjs"]\n'));
    expect(runtime).toEqual({ baseImage: 'docker.io/library/node:20-slim', port: 3000, healthPath: '/health', user: 'node' });
  });

  it('accepts the same image spelled two ways, and the final stage of a multi-stage build', () => {
    const file = 'FROM node:20 AS build\nRUN npm ci\nFROM --platform=linux/amd64 node:20-slim\nEXPOSE 8080\n';
    expect(resolveContainerRuntime(input({ baseImage: 'docker.io/library/node:20-slim', port: 8080, healthPath: '/ready' }, file))).toMatchObject({ port: 8080, healthPath: '/ready' });
  });

  it('resolves FROM ${BASE} from the build arguments, and leaves an unknown one to tagdeploy.json', () => {
    const file = 'ARG BASE\nFROM ${BASE}\nEXPOSE 3000\n';
    expect(resolveContainerRuntime(input({ buildArgs: { BASE: 'oci:tools/base:1' } }, file)).baseImage).toBe('oci:tools/base:1');
    expect(resolveContainerRuntime(input({ baseImage: 'scratch' }, file)).baseImage).toBe('scratch');
  });

  it('refuses a port in tagdeploy.json that the Dockerfile does not expose, naming both', () => {
    const error = failure(() => resolveContainerRuntime(input({ port: 8080 }, 'FROM node:20-slim\nEXPOSE 3000\n')));
    expect(error.code).toBe('IMAGE_RUNTIME_MISMATCH');
    expect(error.message).toBe(
      'api says two different things about how it runs: "port": 8080 in services/api/tagdeploy.json, but services/api/Dockerfile says EXPOSE 3000. Make them the same (tagdeploy.json and the Dockerfile describe one image); nothing was built or pushed.',
    );
  });

  it('refuses two different base images', () => {
    const error = failure(() => resolveContainerRuntime(input({ baseImage: 'node:22-slim' }, 'FROM node:20-slim\nEXPOSE 3000\n')));
    expect(error.message).toContain('"baseImage": "node:22-slim" in services/api/tagdeploy.json, but services/api/Dockerfile says FROM node:20-slim');
  });

  it('refuses an embedded build with no base image unless it says "scratch"', () => {
    const error = failure(() => resolveContainerRuntime(input({ port: 3000 })));
    expect(error.code).toBe('IMAGE_BASE_MISSING');
    expect(error.message).toContain('Set "baseImage" in services/api/tagdeploy.json (e.g. "docker.io/library/node:20-slim"), or "baseImage": "scratch"');
    expect(resolveContainerRuntime(input({ port: 3000, baseImage: 'scratch' })).baseImage).toBe('scratch');
    expect(resolveContainerRuntime(input({ port: 3000, builder: 'docker' })).baseImage).toBeUndefined();
  });

  it('refuses a product that names no port anywhere', () => {
    const error = failure(() => resolveContainerRuntime(input({ baseImage: 'scratch' }, 'FROM scratch\n')));
    expect(error.message).toBe('api does not say which port it listens on: set "port" in services/api/tagdeploy.json or EXPOSE it in services/api/Dockerfile. The Deployment, its probes and the Service use it.');
  });
});
