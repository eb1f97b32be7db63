// The workspace's own nx: its bin script, run with our node, and the environment a nested nx needs.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TagdeployError } from '@tagdeploy/core';

export function resolveNxBin(root: string): string {
  let manifest: string;
  try {
    manifest = require.resolve('nx/package.json', { paths: [root] });
  } catch {
    throw new TagdeployError('NX_MISSING', `nx is not installed in ${root} (nx.json is there, node_modules/nx is not). Run your package manager's install there, then run tagdeploy again.`);
  }
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { nx: string } }).bin.nx;
  return join(dirname(manifest), bin);
}

/** A nested nx must not think it is the task that is running it, nor start a daemon. */
export function nxEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const inherited = Object.entries(env).filter(([key]) => !/^NX_(TASK_|TERMINAL_|STREAM_OUTPUT|PREFIX_OUTPUT|CLI_SET|LOAD_DOT_ENV|WORKSPACE_ROOT)/.test(key));
  return { ...Object.fromEntries(inherited), NX_DAEMON: 'false' };
}
