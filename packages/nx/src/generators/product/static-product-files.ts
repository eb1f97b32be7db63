// The files of a new static product: a Vite app whose assets live under /r/<version>/ (so an open
// tab keeps loading its own release after a switch) and whose page shows the version it was built as.
import { offsetFromRoot } from '@nx/devkit';
import type { NewFile } from '../shared/write-new-files';

export function staticProductFiles(name: string, root: string): NewFile[] {
  const up = offsetFromRoot(root);
  return [
    { path: `${root}/index.html`, content: indexHtml(name) },
    { path: `${root}/src/main.ts`, content: mainTs },
    { path: `${root}/vite.config.ts`, content: viteConfig(up, root) },
    { path: `${root}/tsconfig.json`, content: tsconfig },
  ];
}

const indexHtml = (name: string) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <meta name="tagdeploy-product" content="${name}" />
    <meta name="tagdeploy-version" content="%TAGDEPLOY_VERSION%" />
    <title>${name} v%TAGDEPLOY_VERSION%</title>
  </head>
  <body>
    <h1>${name}</h1>
    <p id="version">v%TAGDEPLOY_VERSION%</p>
    <p id="loaded"></p>
    <script type="module" src="/src/main.ts"></script>
  </body>
</html>
`;

const mainTs = `// The version is fixed at build time: "nx release-product" builds with TAGDEPLOY_VERSION set.
const version: string = import.meta.env.TAGDEPLOY_VERSION;

document.querySelector<HTMLParagraphElement>('#loaded')!.textContent = \`script of v\${version} loaded\`;
`;

const viteConfig = (up: string, root: string) => `import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// "nx release-product" builds with TAGDEPLOY_VERSION set; other builds are 0.0.0-dev. Vite reads
// process.env after loading this file, so %TAGDEPLOY_VERSION% in index.html gets this value.
const version = (process.env.TAGDEPLOY_VERSION ||= '0.0.0-dev');

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Assets live under /r/<version>/: the router serves every sealed release there, so the page of
  // version X keeps loading X's files after the environment switches to Y.
  base: \`/r/\${version}/\`,
  envPrefix: ['VITE_', 'TAGDEPLOY_'],
  build: {
    outDir: fileURLToPath(new URL('${up}dist/${root}', import.meta.url)),
    emptyOutDir: true,
  },
});
`;

// Standalone (no tsconfig.base.json needed): editors get the types of import.meta.env.
const tsconfig = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2022', 'DOM'],
      types: ['vite/client'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
    include: ['src/**/*.ts'],
  },
  null,
  2,
)}\n`;
