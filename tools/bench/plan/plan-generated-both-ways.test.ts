// The pathspec plan equals the whole-range plan on the generated monorepos of the plan
// benchmarks (the large and extra-large ones are checked by the benchmarks themselves): the
// product under test (released 10% into history), products never released, with and without
// root files on the allow-list.
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { generateMonorepo, nxLayout } from './generate-monorepo';
import { planGeneratedBothWays } from './plan-generated-both-ways';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

// app-1, app-8, app-15... carry an unsealed tag (the generator's other tags): planning refuses them both ways.
const products = ['app-0', 'app-2', 'app-3', 'app-5', 'app-9'];

describe('pathspec plan on generated monorepos', () => {
  it('small: 10 products on 20 libraries, 1,000 commits', async () => {
    const repo = await generateMonorepo({ products: 10, libs: 20, commits: 1_000 });
    root = repo.root;
    const reports = await planGeneratedBothWays(repo.root, products);
    expect(reports.every((report) => report.commits > 0)).toBe(true);
    expect(reports.some((report) => report.affected > 0)).toBe(true);
  });

  it('medium: 50 products on 150 libraries, 10,000 commits, root files on the allow-list', async () => {
    const layout = nxLayout({ releaseBranch: 'main', rootFiles: ['package.json', 'README.*'] });
    const repo = await generateMonorepo({ products: 50, libs: 150, commits: 10_000, seed: 7 }, { layout });
    root = repo.root;
    const reports = await planGeneratedBothWays(repo.root, ['app-0', 'app-3', 'app-49']);
    expect(reports.every((report) => report.commits > 0)).toBe(true);
  }, 120_000);
});
