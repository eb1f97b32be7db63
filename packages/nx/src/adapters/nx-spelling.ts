// How commands are spelled under Nx: the inferred target names (configurable in the plugin
// options) and --flag=value, as a user types them.
import { targetNamesSchema, type CommandName, type CommandSpelling } from '@tagdeploy/core/plugin-options';

type TargetNames = ReturnType<typeof targetNamesSchema.parse>;

export function nxSpelling(rawTargetNames: unknown): CommandSpelling {
  const parsed = targetNamesSchema.safeParse(rawTargetNames ?? {});
  const names: TargetNames = parsed.success ? parsed.data : targetNamesSchema.parse({});
  const target: Record<Exclude<CommandName, 'add-product'>, string> = {
    release: names.releaseProduct,
    abandon: names.abandonRelease,
    verify: names.releaseVerify,
    prune: names.releasePrune,
    deploy: names.deploy,
    promote: names.promote,
    rollback: names.rollback,
    status: names.releaseStatus,
    serve: names.serveRelease,
  };
  return {
    command: (name, product, flags) => {
      const args = Object.entries(flags).map(([flag, value]) => (value === true ? `--${flag}` : `--${flag}=${value}`));
      const head = name === 'add-product' ? `nx g @tagdeploy/nx:product ${product}` : `nx ${target[name]} ${product}`;
      return [head, ...args].join(' ');
    },
    settingsFile: 'nx.json (the @tagdeploy/nx plugin options)',
  };
}
