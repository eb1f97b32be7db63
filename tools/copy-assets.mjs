// Copies what tsc does not emit from src to dist: JSON (executor and generator schemas), file
// templates, and plain .js sources that must ship as they are (the CloudFront Function).
import { cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [from, to] = process.argv.slice(2);
const isAsset = (name) => ['.json', '.template', '.js', '.mjs'].some((ending) => name.endsWith(ending));
function copy(dir) {
  for (const name of readdirSync(join(from, dir))) {
    const rel = join(dir, name);
    if (statSync(join(from, rel)).isDirectory()) copy(rel);
    else if (isAsset(name)) {
      mkdirSync(dirname(join(to, rel)), { recursive: true });
      cpSync(join(from, rel), join(to, rel));
    }
  }
}
copy('');
