// README's test section names the Debian packages that .ci/install-system-packages installs: one
// list, said twice, so a drift between them fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

it("names in README's test section exactly the Debian packages that .ci/install-system-packages installs", () => {
  const script = readFileSync(join(root, '.ci/install-system-packages'), 'utf8');
  const installed = /^apt_packages=\(([^)]*)\)$/m.exec(script)?.[1].split(/\s+/).filter(Boolean);
  const readme = readFileSync(join(root, 'README.md'), 'utf8').replace(/\n/g, ' ');
  const named = /these packages\s+first, unit tests included: `([^`]+)`/.exec(readme)?.[1].split(/\s+/).filter(Boolean);

  expect(installed?.length).toBeGreaterThan(0);
  expect(named?.sort()).toEqual(installed?.sort());
});
