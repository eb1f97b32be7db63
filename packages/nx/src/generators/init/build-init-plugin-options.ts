// What the init generator writes, described for its output (nx.json cannot hold comments).
import type { PluginOptionsInput } from '@tagdeploy/core';

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
