// A product's build target must not be one of tagdeploy's own targets: "release-product" building
// "deploy" would run a deployment (or tagdeploy itself, recursively) instead of the build. Target
// names are one namespace per workspace, whichever host runs it, so the check holds for all.
import { TagdeployError } from '../errors/tagdeploy-error';
import { settingsFile } from '../commands/spelling';
import type { PluginOptions, ProductConfig } from './config-schema';

/** The targetNames key whose name the build target uses, if any. */
export function collidingTargetName(buildTarget: string, targetNames: PluginOptions['targetNames']): string | undefined {
  return Object.entries(targetNames).find(([, name]) => name === buildTarget)?.[0];
}

/** Throws INVALID_CONFIG when the product would build one of tagdeploy's own targets. */
export function checkBuildTarget(product: string, config: ProductConfig, settings: PluginOptions, file: string): void {
  const key = collidingTargetName(config.buildTarget, settings.targetNames);
  if (key === undefined) return;
  throw new TagdeployError(
    'INVALID_CONFIG',
    `${file}: buildTarget "${config.buildTarget}" of ${product} is also tagdeploy's ${key} target (targetNames.${key} in ${settingsFile}), so a release would run that instead of the build. Nothing was built or tagged: point "buildTarget" at the target that builds ${product}, or rename targetNames.${key}.`,
  );
}
