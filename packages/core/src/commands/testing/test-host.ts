// A Host for command tests: a real workspace folder (usually a temp git repo), the settings as a
// user would write them, the CLI's spelling, and a builder that writes the product's output and
// records each build, so that a test can tell whether anything was built.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProductBuilder } from '../../release/ports';
import type { Workspace } from '../../workspace/workspace';
import type { Host } from '../host';
import { stderrReporter } from '../stderr-reporter';
import { testSpelling } from './cli-spelling';

export interface TestHost extends Host {
  /** The products built, in order. */
  builds: string[];
}

export function aTestHost(root: string, options: { settings?: unknown; projects: Workspace['projects']; outputs?: Record<string, string> }): TestHost {
  const builds: string[] = [];
  const builder: ProductBuilder = {
    async build({ product, version }) {
      builds.push(product);
      const folder = options.outputs?.[product];
      if (!folder) return;
      mkdirSync(join(root, folder), { recursive: true });
      writeFileSync(join(root, folder, 'index.html'), `<p>${product} ${version}</p>\n`);
    },
  };
  return {
    builds,
    workspace: { root, projects: options.projects },
    settings: options.settings,
    settingsAt: async () => options.settings,
    builder,
    spelling: testSpelling,
    reporter: (product) => stderrReporter(product, testSpelling),
    confirm: () => undefined,
    environment: {},
    clock: { now: () => new Date('2024-05-01T10:00:00Z') },
  };
}
