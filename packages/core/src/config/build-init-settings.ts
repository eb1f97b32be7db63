// The workspace settings a new workspace starts with (pure): environments in promotion order,
// each promoted from the one before it; the last of two or more needs an approver.
import { TagdeployError } from '../errors/tagdeploy-error';
import type { EnvironmentConfigInput } from '../env/environments-schema';
import type { PluginOptionsInput } from './config-schema';

export function buildInitSettings(options: { store?: string; releaseBranch?: string; environments?: string }): PluginOptionsInput {
  const names = (options.environments ?? 'staging,production')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (new Set(names).size !== names.length) {
    throw new TagdeployError('INVALID_CONFIG', `--environments=${options.environments} names an environment twice: list each once, in promotion order (e.g. staging,production).`);
  }
  const environments: Record<string, EnvironmentConfigInput> = {};
  names.forEach((name, index) => {
    const last = index === names.length - 1 && names.length > 1;
    environments[name] = {
      ...(index > 0 ? { promoteFrom: names[index - 1] } : {}),
      ...(last ? { approval: 'required' as const } : {}),
      router: { type: 'local' },
    };
  });
  return { releaseBranch: options.releaseBranch ?? 'main', store: options.store ?? 'file:.tagdeploy/store', environments };
}
