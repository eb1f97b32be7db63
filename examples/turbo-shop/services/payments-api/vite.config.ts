import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { shopConfig } from '../../tools/vite.shared.mjs';

const base = shopConfig({ projectRoot: 'services/payments-api' });

// A Node service: one self-contained ESM file (`utils` bundled, node:* left external),
// plus the Dockerfile, so the output folder is a complete docker build context.
export default defineConfig({
  ...base,
  ssr: { noExternal: true },
  build: {
    ...base.build,
    ssr: 'src/main.ts',
    target: 'node20',
    rollupOptions: { output: { entryFileNames: 'main.mjs' } },
  },
  plugins: [
    {
      name: 'shop:dockerfile',
      generateBundle() {
        this.emitFile({ type: 'asset', fileName: 'Dockerfile', source: readFileSync(new URL('./Dockerfile', import.meta.url)) });
      },
    },
  ],
});
