// The workspace settings a new workspace starts with (pure): environments in promotion order,
// each promoted from the one before it; the last of two or more needs an approver. The options
// are checked with the settings schema, and a refusal names the option the user passed.
import { TagdeployError } from '../errors/tagdeploy-error';
import type { EnvironmentConfigInput } from '../env/environments-schema';
import { pluginOptionsSchema, type PluginOptionsInput } from './config-schema';

export interface InitSettingsOptions {
  store?: string;
  releaseBranch?: string;
  environments?: string;
}

const optionOf: Record<string, string> = { store: '--store', releaseBranch: '--release-branch', environments: '--environments' };

export function buildInitSettings(options: InitSettingsOptions): PluginOptionsInput {
  const names = (options.environments ?? 'staging,production')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) {
    throw new TagdeployError('INVALID_CONFIG', `--environments="${options.environments}" names no environment: list them in promotion order, e.g. --environments=staging,production. Nothing was written.`);
  }
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
  const settings = { releaseBranch: options.releaseBranch ?? 'main', store: options.store ?? 'file:.tagdeploy/store', environments };
  const checked = pluginOptionsSchema.safeParse(settings);
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => `${optionOf[String(issue.path[0])] ?? issue.path.join('.')}: ${issue.message}`);
    throw new TagdeployError('INVALID_CONFIG', `${problems.join('; ')}. Nothing was written: fix ${problems.length > 1 ? 'those options' : 'that option'} and run again.`);
  }
  return settings;
}
