// Validates configuration and turns every problem into one TagdeployError that lists them all
// (the tag pattern, paths and store URLs included: the schemas check them).
import type { z } from 'zod';
import { TagdeployError } from '../errors/tagdeploy-error';
import {
  pluginOptionsSchema,
  productConfigSchema,
  type PluginOptions,
  type ProductConfig,
} from './config-schema';
import { settingsFile } from '../commands/spelling';

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  // zod runs length checks on a value of the wrong type too ([] as a string: "must not be empty"):
  // where a value has the wrong type, that is its one problem.
  const wrongType = new Set(issues.filter((issue) => issue.code === 'invalid_type').map((issue) => issue.path.join('\u0000')));
  const meaningful = issues.filter((issue) => issue.code === 'invalid_type' || !wrongType.has(issue.path.join('\u0000')));
  return meaningful.map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: string, fix: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = formatIssues(result.error.issues);
    throw new TagdeployError(
      'INVALID_CONFIG',
      `${where} has ${problems.length} problem${problems.length > 1 ? 's' : ''}: ${problems.join('; ')}. ${fix}`,
    );
  }
  return result.data;
}

export function parsePluginOptions(value: unknown): PluginOptions {
  return parseWith(
    pluginOptionsSchema,
    value ?? {},
    `The workspace settings in ${settingsFile}`,
    `Fix them in ${settingsFile} (the schema is @tagdeploy/core/schemas/settings.schema.json).`,
  );
}

export function parseProductConfig(value: unknown, file: string): ProductConfig {
  return parseWith(
    productConfigSchema,
    value,
    file,
    `Fix ${file} (the schema is @tagdeploy/core/schemas/tagdeploy.schema.json).`,
  );
}
