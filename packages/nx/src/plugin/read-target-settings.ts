// What the inferred targets need from the plugin options: the target names and the
// environments' names (the first one and the promoted one in descriptions). The options are validated by core's schema (bad options stop
// the graph with one rendered tagdeploy error line), but only when they change: the answer is
// kept in Nx's workspace data folder under a hash of the options and of the validator's build,
// so that an Nx command in a workspace whose settings did not change loads no zod and no engine.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PluginOptions, PluginOptionsInput } from '@tagdeploy/core/plugin-options';

export type TargetKey = keyof PluginOptions['targetNames'];

export interface TargetSettings {
  targetNames: Record<TargetKey, string>;
  /** The environments' names, in their order. */
  envs: string[];
  /** The environment named first (the usual deploy target in descriptions). */
  firstEnv: string;
  /** The first environment promoted into (from its promoteFrom). */
  promotedEnv: string;
  /** Every environment with a promoteFrom, in order (promote's configurations). */
  promotedEnvs: string[];
}

const validatorEntry = '@tagdeploy/core/plugin-options';
const cacheFile = 'tagdeploy-target-settings.json';

export function readTargetSettings(rawOptions: PluginOptionsInput | undefined, cacheDir: string): TargetSettings {
  const key = settingsKey(rawOptions);
  const file = join(cacheDir, cacheFile);
  const cached = readCached(file, key);
  if (cached) return cached;
  const settings = validateTargetSettings(rawOptions);
  writeCached(file, key, settings);
  return settings;
}

/** The options as given, and the builds of the validator and of this file: a new build or a new version re-validates. */
function settingsKey(rawOptions: PluginOptionsInput | undefined): string {
  const validator = require.resolve(validatorEntry);
  const hash = createHash('sha256').update(JSON.stringify(rawOptions ?? null));
  for (const file of [join(dirname(validator), 'dist', 'plugin-options.js'), __filename]) {
    const built = statSync(file);
    hash.update(`\0${file}\0${built.mtimeMs}\0${built.size}`);
  }
  return hash.digest('hex');
}

function readCached(file: string, key: string): TargetSettings | undefined {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown; settings?: TargetSettings };
    return entry.key === key ? entry.settings : undefined;
  } catch {
    return undefined; // absent or half-written by an older crash: validate again
  }
}

/** Written to a temp file and renamed, so that a reader never sees half of it. A cache that cannot be written is only slower. */
function writeCached(file: string, key: string, settings: TargetSettings): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, JSON.stringify({ key, settings }));
    renameSync(temp, file);
  } catch {
    // read-only workspace data folder: every run validates
  }
}

function validateTargetSettings(rawOptions: PluginOptionsInput | undefined): TargetSettings {
  // Loaded here, on a cache miss only: zod and the settings' schemas.
  const core = require(validatorEntry) as typeof import('@tagdeploy/core/plugin-options');
  let options: PluginOptions;
  try {
    options = core.parsePluginOptions(rawOptions);
  } catch (error) {
    // Nx shows the message as it is, so it is rendered here, in Nx's spelling.
    const { nxSpelling } = require('../adapters/nx-spelling') as typeof import('../adapters/nx-spelling');
    throw new Error(core.renderError(error, nxSpelling((rawOptions as { targetNames?: unknown } | undefined)?.targetNames)), { cause: error });
  }
  const envs = Object.keys(options.environments);
  return {
    targetNames: options.targetNames,
    envs,
    firstEnv: envs[0] ?? 'staging',
    promotedEnv: envs.find((env) => options.environments[env].promoteFrom) ?? 'production',
    promotedEnvs: envs.filter((env) => options.environments[env].promoteFrom),
  };
}
