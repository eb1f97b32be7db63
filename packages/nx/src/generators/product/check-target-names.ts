// Before anything is written: tagdeploy's inferred targets (their names are targetNames in
// nx.json) must not collide with the product's own targets.
import { collidingTargetName, type PluginOptions } from '@tagdeploy/core';
import { refuse } from '../shared/generator-error';

/**
 * tagdeploy's inferred targets must not share a name with the product's build target (a release
 * would run that instead of the build) nor with a target the project already has (Nx would merge
 * the two, and one of them would silently stop working).
 */
export function checkTargetNames(name: string, buildTarget: string, targets: Record<string, { executor?: string }>, targetNames: PluginOptions['targetNames']): void {
  const building = collidingTargetName(buildTarget, targetNames);
  if (building) {
    refuse('INVALID_CONFIG', `The build target "${buildTarget}" of ${name} is also tagdeploy's ${building} target (targetNames.${building} in nx.json), so a release would run that instead of the build. Nothing was written: pass --buildTarget=<the target that builds ${name}>, or rename targetNames.${building}.`);
  }
  const taken = Object.entries(targets).flatMap(([target, config]) => {
    const key = config.executor?.startsWith('@tagdeploy/nx:') ? undefined : collidingTargetName(target, targetNames);
    return key ? [`"${target}" target (targetNames.${key})`] : [];
  });
  if (taken.length) {
    refuse('INVALID_CONFIG', `The ${taken.join(', ')} of ${name} would share its name with one of tagdeploy's targets, and Nx would merge the two. Nothing was written: rename that target, or give tagdeploy's target another name under targetNames in nx.json.`);
  }
}
