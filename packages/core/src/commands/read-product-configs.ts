// Reads every product's tagdeploy.json. The product a command runs for must be valid (all its
// problems are reported at once); another product with a broken file is skipped with a warning,
// so that it cannot block an unrelated release.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProductConfig } from '../config/config-schema';
import { parseProductConfig } from '../config/parse-config';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { Reporter } from '../release/ports';
import type { Workspace } from '../workspace/workspace';

export function readProductConfigs(workspace: Workspace, current: string | undefined, reporter: Reporter): Record<string, ProductConfig> {
  const products: Record<string, ProductConfig> = {};
  for (const project of Object.values(workspace.projects)) {
    const file = project.root ? `${project.root}/tagdeploy.json` : 'tagdeploy.json';
    if (!existsSync(join(workspace.root, file))) continue;
    try {
      products[project.name] = parseProductConfig(readJson(join(workspace.root, file), file), file);
    } catch (error) {
      if (project.name === current) throw error;
      reporter.warn(`skipping ${project.name}: ${(error as Error).message}`);
    }
  }
  return products;
}

function readJson(path: string, display: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TagdeployError('INVALID_CONFIG', `${display} is not valid JSON (${(error as Error).message}). Fix the file.`);
  }
}
