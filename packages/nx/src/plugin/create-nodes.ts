// createNodes: every project with a tagdeploy.json beside its project file gets the inferred
// tagdeploy targets. The file's content is validated by the executor (all problems at once), so
// that one bad product never breaks the project graph of the whole workspace.
import { dirname } from 'node:path';
import type { CreateNodesV2, TargetConfiguration } from '@nx/devkit';
import { parsePluginOptions, type PluginOptionsInput } from '@tagdeploy/core';

export const productFileGlob = '**/tagdeploy.json';

export const createNodes: CreateNodesV2<PluginOptionsInput> = [
  productFileGlob,
  (files, rawOptions) => {
    const options = parsePluginOptions(rawOptions);
    return files.map((file) => {
      const root = dirname(file);
      const name = root.split('/').pop() ?? root;
      return [file, { projects: { [root]: { root, targets: inferTargets(name, options.targetNames) } } }] as const;
    });
  },
];

function inferTargets(product: string, names: { releaseProduct: string }): Record<string, TargetConfiguration> {
  return {
    [names.releaseProduct]: {
      executor: '@tagdeploy/nx:release-product',
      cache: false,
      options: {},
      metadata: {
        technologies: ['tagdeploy'],
        description: `Release ${product}: plan the next version from conventional commits (its own and its dependencies'), tag it, build it once and publish it as a frozen release. Try "nx ${names.releaseProduct} ${product} --dry-run".`,
      },
    },
  };
}
