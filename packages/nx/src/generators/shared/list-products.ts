// The workspace's products as the Tree sees them: projects with a tagdeploy.json beside their
// project file, sorted by name.
import { getProjects, logger, type Tree } from '@nx/devkit';
import { parseProductConfig, type ProductConfig } from '@tagdeploy/core';

export interface TreeProduct {
  name: string;
  root: string;
  config: ProductConfig;
}

export function listProducts(tree: Tree): TreeProduct[] {
  const products: TreeProduct[] = [];
  for (const [name, project] of getProjects(tree)) {
    const file = `${project.root}/tagdeploy.json`.replace(/^\.\//, '');
    if (!tree.exists(file)) continue;
    try {
      products.push({ name, root: project.root, config: parseProductConfig(JSON.parse(tree.read(file, 'utf8') ?? ''), file) });
    } catch (error) {
      logger.warn(`tagdeploy: skipping ${name}: ${(error as Error).message}`);
    }
  }
  return products.sort((a, b) => a.name.localeCompare(b.name));
}
