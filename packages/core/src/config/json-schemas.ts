// JSON Schemas for editors, generated from the zod schemas (the one source of truth).
// tools/write-json-schemas.ts writes them into the packages; a test checks they do not drift.
import { z } from 'zod';
import { pluginOptionsSchema, productConfigSchema } from './config-schema';

export function productConfigJsonSchema(): object {
  return { ...z.toJSONSchema(productConfigSchema, { io: 'input' }), title: 'tagdeploy.json: one product of a tagdeploy workspace' };
}

export function pluginOptionsJsonSchema(): object {
  return { ...z.toJSONSchema(pluginOptionsSchema, { io: 'input' }), title: 'tagdeploy workspace settings (tagdeploy.config.json, or the options of the @tagdeploy/nx plugin)' };
}
