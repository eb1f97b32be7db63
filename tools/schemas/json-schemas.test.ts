import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSchema, schemaFiles } from './write-json-schemas';

describe('shipped JSON Schemas', () => {
  it.each(Object.entries(schemaFiles))('%s matches the zod schema (run "npm run schemas" after a change)', (file, make) => {
    expect(readFileSync(join(__dirname, '..', '..', file), 'utf8')).toBe(renderSchema(make));
  });
});
