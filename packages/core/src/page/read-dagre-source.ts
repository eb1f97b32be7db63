// The graph layout library the plan graph runs in the page: @dagrejs/dagre's browser build (MIT,
// graphlib bundled), inlined so the page stays one file with no network. Its license header is kept
// in front of the code, as the MIT license asks.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let source: string | undefined;

export function readDagreSource(): string {
  if (source === undefined) {
    // The package exports only its entry points: find the dist folder through its package.json.
    const dist = join(dirname(require.resolve('@dagrejs/dagre/package.json')), 'dist');
    const license = readFileSync(join(dist, 'dagre.min.js.LEGAL.txt'), 'utf8').trim();
    const code = readFileSync(join(dist, 'dagre.min.js'), 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
    source = `${license}\n${code}`;
  }
  return source;
}
