// How commands are spelled under the tagdeploy CLI: `tagdeploy deploy checkout --env staging`.
import type { CommandName, CommandSpelling } from '@tagdeploy/core';

const verbs: Record<CommandName, string> = {
  release: 'release',
  abandon: 'abandon',
  verify: 'verify',
  prune: 'prune',
  deploy: 'deploy',
  promote: 'promote',
  rollback: 'rollback',
  status: 'status',
  serve: 'serve',
  'add-product': 'init',
};

export function cliSpelling(settingsFile: string): CommandSpelling {
  return {
    command: (name, product, flags) =>
      ['tagdeploy', verbs[name], product, ...Object.entries(flags).flatMap(([flag, value]) => (value === true ? [`--${flag}`] : [`--${flag}`, quote(value)]))].join(' '),
    settingsFile,
  };
}

/** A value as a shell would need it ("<version>" is a placeholder, left as it is). */
function quote(value: string): string {
  return /^[\w.@/:<>=+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
