// The plugin options the init generator writes (pure): environments in promotion order, each
// promoted from the one before it; the last of two or more needs an approver.
import { TagdeployError, type EnvironmentConfigInput, type PluginOptionsInput } from '@tagdeploy/core';

export function buildInitPluginOptions(options: { store?: string; releaseBranch?: string; environments?: string }): PluginOptionsInput {
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

/** What the written options mean, for the generator's output (nx.json cannot hold comments). */
export function describePluginOptions(options: PluginOptionsInput): string {
  const envs = Object.entries(options.environments ?? {}).map(([name, env]) => {
    const from = env.promoteFrom ? `promoted from ${env.promoteFrom}` : 'deployed directly';
    return `    ${name}: ${from}${env.approval === 'required' ? ', changes need an approver (--approve --approved-by in CI)' : ''}; router ${env.router?.type ?? 'local'} (serve it with "nx serve-release <product> --env=${name}")`;
  });
  return [
    'tagdeploy: registered @tagdeploy/nx in nx.json:',
    `  store: ${typeof options.store === 'string' ? options.store : options.store?.url} (release folders, env pointers and history; s3://bucket/prefix for a shared one)`,
    `  releaseBranch: ${options.releaseBranch} (releases are made only from this branch)`,
    `  environments (in promotion order):`,
    ...envs,
    '  Every option is described in @tagdeploy/nx/schemas/plugin-options.schema.json.',
    '  Next: "nx g @tagdeploy/nx:product <name> --kind=static|container", then "nx g @tagdeploy/nx:ci".',
  ].join('\n');
}
