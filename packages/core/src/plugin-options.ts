// @tagdeploy/core/plugin-options: the little that the Nx plugin's graph code needs (the workspace
// settings' schema, the target names' schema and the one error rendering), apart from the
// engine's index, so that validating the options loads zod and these schemas but no AWS SDK, no
// OCI client, no git adapter.
export { parsePluginOptions } from './config/parse-config';
export { targetNamesSchema, type PluginOptions, type PluginOptionsInput } from './config/config-schema';
export { renderError } from './commands/render-error';
export type { CommandName, CommandSpelling } from './commands/spelling';
