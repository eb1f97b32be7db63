// Writes the JSON Schemas shipped for editors from the zod schemas in @tagdeploy/core.
// Run by `npm run build`; json-schemas.test.ts fails when a committed schema is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pluginOptionsJsonSchema, productConfigJsonSchema } from '../../packages/core/src/config/json-schemas';

export const schemaFiles = {
  'packages/core/schemas/tagdeploy.schema.json': productConfigJsonSchema,
  'packages/core/schemas/settings.schema.json': pluginOptionsJsonSchema,
  'packages/nx/schemas/plugin-options.schema.json': pluginOptionsJsonSchema,
};

export const renderSchema = (make: () => object): string => `${JSON.stringify(make(), null, 2)}\n`;

if (require.main === module) {
  const root = join(__dirname, '..', '..');
  for (const [file, make] of Object.entries(schemaFiles)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), renderSchema(make));
  }
}
