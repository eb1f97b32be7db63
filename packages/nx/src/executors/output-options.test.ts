// Every target that prints JSON with --json can also write it to --outputFile: through Nx, stdout
// carries Nx's own lines around the task's output, so the file is what a script reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const nxRoot = join(__dirname, '..', '..');
const executors = JSON.parse(readFileSync(join(nxRoot, 'executors.json'), 'utf8')).executors as Record<string, { schema: string }>;
const optionsOf = (name: string) => JSON.parse(readFileSync(join(nxRoot, executors[name].schema.replace('./dist/', './src/')), 'utf8')).properties as Record<string, { type: string }>;
const withJson = Object.keys(executors).filter((name) => 'json' in optionsOf(name));

describe('executor output options', () => {
  it('covers the targets that print results', () => {
    expect(withJson).toEqual(expect.arrayContaining(['release-product', 'deploy', 'promote', 'rollback', 'release-status']));
  });

  it.each(withJson)('%s takes --outputFile beside --json', (name) => {
    expect(optionsOf(name).outputFile?.type).toBe('string');
  });
});
