import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSchema, schemaFiles } from './write-json-schemas';

const root = join(__dirname, '..', '..');

/** Paths of the properties (at any depth, through unions, arrays and maps) that have no description. */
function undescribed(node: any, path = ''): string[] {
  if (!node || typeof node !== 'object') return [];
  const own = Object.entries<any>(node.properties ?? {}).flatMap(([key, value]) => [...(value.description ? [] : [`${path}.${key}`]), ...undescribed(value, `${path}.${key}`)]);
  const nested = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])].flatMap((branch: any) => undescribed(branch, path));
  const items = node.items ? undescribed(node.items, `${path}[]`) : [];
  const map = typeof node.additionalProperties === 'object' ? undescribed(node.additionalProperties, `${path}.*`) : [];
  return [...new Set([...own, ...nested, ...items, ...map])];
}

/** The option schemas of the generators and executors @tagdeploy/nx declares. */
const optionSchemas = [['generators.json', 'generators'], ['executors.json', 'executors']].flatMap(([file, key]) =>
  Object.values<{ schema: string }>(JSON.parse(readFileSync(join(root, 'packages/nx', file), 'utf8'))[key]).map((entry) => join('packages/nx', entry.schema.replace('./dist/', './src/'))),
);

describe('shipped JSON Schemas', () => {
  it.each(Object.entries(schemaFiles))('%s matches the zod schema (run "npm run schemas" after a change)', (file, make) => {
    expect(readFileSync(join(root, file), 'utf8')).toBe(renderSchema(make));
  });

  it.each([...Object.keys(schemaFiles), ...optionSchemas])('%s describes every field (editors and Nx Console show it)', (file) => {
    expect(undescribed(JSON.parse(readFileSync(join(root, file), 'utf8')))).toEqual([]);
  });
});
