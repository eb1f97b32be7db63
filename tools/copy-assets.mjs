// Copies the JSON files (executor and generator schemas) that tsc does not emit from src to dist.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [from, to] = process.argv.slice(2);
function copy(dir) {
  for (const name of readdirSync(join(from, dir))) {
    const rel = join(dir, name);
    if (statSync(join(from, rel)).isDirectory()) copy(rel);
    else if (name.endsWith('.json') || name.endsWith('.template')) cpSync(join(from, rel), join(to, rel));
  }
}
copy('');
