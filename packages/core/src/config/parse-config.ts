// Validates configuration and turns every problem into one TagdeployError that lists them all.
import type { z } from 'zod';
import { TagdeployError } from '../errors/tagdeploy-error';
import {
  pluginOptionsSchema,
  productConfigSchema,
  type PluginOptions,
  type ProductConfig,
} from './config-schema';
import { parseTagPattern } from '../plan/tag-pattern';
import { settingsFile } from '../commands/spelling';

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
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
  const options = parseWith(
    pluginOptionsSchema,
    value ?? {},
    `The workspace settings in ${settingsFile}`,
    `Fix them in ${settingsFile} (the schema is @tagdeploy/core/schemas/settings.schema.json).`,
  );
  parseTagPattern(options.tagPattern);
  return options;
}

export function parseProductConfig(value: unknown, file: string): ProductConfig {
  const config = parseWith(
    productConfigSchema,
    value,
    file,
    `Fix ${file} (the schema is @tagdeploy/core/schemas/tagdeploy.schema.json).`,
  );
  if (config.tagPattern) parseTagPattern(config.tagPattern);
  return config;
}
