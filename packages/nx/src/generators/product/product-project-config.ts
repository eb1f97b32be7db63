// The project.json and tagdeploy.json of a new product: a cached Vite build whose inputs include
// the version (a cached build of another version must never be published).
import type { ProjectConfiguration } from '@nx/devkit';
import { containerRuntime } from './container-product-files';
import type { ScaffoldKind } from './normalize-product-options';

export function productProjectConfig(kind: ScaffoldKind, root: string, sourceInput: string): ProjectConfiguration {
  const build = {
    executor: 'nx:run-commands',
    cache: true,
    options: { command: 'vite build', cwd: root },
    outputs: [`{workspaceRoot}/dist/${root}`],
    inputs: [sourceInput, `^${sourceInput}`, { env: 'TAGDEPLOY_VERSION' }],
  };
  const serve =
    kind === 'static'
      ? { executor: 'nx:run-commands', continuous: true, options: { command: 'vite', cwd: root } }
      : { executor: 'nx:run-commands', continuous: true, dependsOn: ['build'], options: { command: `node dist/${root}/main.mjs` } };
  return {
    root,
    projectType: 'application',
    sourceRoot: `${root}/src`,
    tags: [`tagdeploy:${kind}`],
    targets: { build, serve },
  };
}

/** `runtime`: a new container product's base image, port and health path (an existing project's come from its Dockerfile). */
export function productConfigFile(kind: ScaffoldKind, name: string, root: string, build: { buildTarget: string; outputPath: string }, runtime?: typeof containerRuntime): Record<string, unknown> {
  const up = root === '.' || root === '' ? '' : '../'.repeat(root.split('/').length);
  const schema = `${up}node_modules/@tagdeploy/core/schemas/tagdeploy.schema.json`;
  const common = { $schema: schema, kind, buildTarget: build.buildTarget, outputPath: build.outputPath };
  return kind === 'container' ? { ...common, image: name.toLowerCase(), ...runtime } : common;
}
