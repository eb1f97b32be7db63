// The files of a new container product: a small Node HTTP service whose /health reports the
// version it was built as, bundled by Vite into one file, and a Dockerfile (OCI labels, non-root
// user) that the build copies beside it, so the output folder is a complete build context.
// The GitOps repo's base and env overlays are not written here: the release flow creates them in
// the GitOps repo on first use (apps/<product>/base, apps/<product>/envs/<env>).
import { offsetFromRoot } from '@nx/devkit';
import type { NewFile } from '../shared/write-new-files';

/** What the new service runs on and listens on: written into both the Dockerfile and tagdeploy.json. */
export const containerRuntime = { baseImage: 'node:20-slim', port: 3000, healthPath: '/health' } as const;

export function containerProductFiles(name: string, root: string): NewFile[] {
  const up = offsetFromRoot(root);
  return [
    { path: `${root}/src/main.ts`, content: mainTs(name) },
    { path: `${root}/Dockerfile`, content: dockerfile(name, root) },
    { path: `${root}/vite.config.ts`, content: viteConfig(up, root) },
    { path: `${root}/tsconfig.json`, content: tsconfig },
  ];
}

const mainTs = (name: string) => `import { createServer } from 'node:http';

// APP_VERSION is set by the image (ARG VERSION); the version it was built as is the fallback.
const version = process.env.APP_VERSION || import.meta.env.TAGDEPLOY_VERSION;
const port = Number(process.env.PORT || ${containerRuntime.port});

const server = createServer((req, res) => {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '${containerRuntime.healthPath}') return send(200, { status: 'ok', product: '${name}', version });
  if (url.pathname === '/') return send(200, { product: '${name}', version });
  send(404, { error: 'not found' });
});

server.listen(port, () => console.log(\`${name} \${version} listening on :\${port}\`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
`;

const dockerfile = (name: string, root: string) => `# Build context: the build output folder dist/${root} (the build copies this Dockerfile there):
#   docker build --build-arg VERSION=1.2.3 --build-arg REVISION=$(git rev-parse HEAD) dist/${root}
# The same base and port as "baseImage" and "port" in tagdeploy.json (tagdeploy refuses a difference).
FROM ${containerRuntime.baseImage}
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="${name}" \\
      org.opencontainers.image.description="${name}: a Node HTTP service released with tagdeploy" \\
      org.opencontainers.image.version="\${VERSION}" \\
      org.opencontainers.image.revision="\${REVISION}" \\
      org.opencontainers.image.created="\${CREATED}" \\
      org.opencontainers.image.source="\${SOURCE}"
ENV NODE_ENV=production APP_VERSION=\${VERSION} PORT=${containerRuntime.port}
WORKDIR /app
COPY --chown=node:node main.mjs ./
# The node image's unprivileged user: the service never runs as root.
USER node
EXPOSE ${containerRuntime.port}
HEALTHCHECK CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "main.mjs"]
`;

const viteConfig = (up: string, root: string) => `import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// "nx release-product" builds with TAGDEPLOY_VERSION set; other builds are 0.0.0-dev.
process.env.TAGDEPLOY_VERSION ||= '0.0.0-dev';

// One self-contained ESM file (node:* left external) plus the Dockerfile: the output folder is a
// complete container build context.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  envPrefix: ['VITE_', 'TAGDEPLOY_'],
  build: {
    ssr: 'src/main.ts',
    target: 'node20',
    outDir: fileURLToPath(new URL('${up}dist/${root}', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: { output: { entryFileNames: 'main.mjs' } },
  },
  plugins: [
    {
      name: 'tagdeploy:dockerfile',
      generateBundle() {
        this.emitFile({ type: 'asset', fileName: 'Dockerfile', source: readFileSync(new URL('./Dockerfile', import.meta.url)) });
      },
    },
  ],
});
`;

const tsconfig = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2022'],
      types: ['node', 'vite/client'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
    include: ['src/**/*.ts'],
  },
  null,
  2,
)}\n`;
