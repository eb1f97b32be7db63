import { defineConfig } from 'vitest/config';

// Four suites: `unit` (pure code and adapters against real git and temp folders, seconds), `e2e`
// (the real nx CLI in temp copies of examples/shop, minutes), `e2e-turbo` (the tagdeploy CLI in
// temp copies of examples/turbo-shop) and `e2e-s3` (the release suite on S3). `npm test` runs all.
const e2e = { testTimeout: 240_000, hookTimeout: 600_000, fileParallelism: false };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'tools/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // The nx CLI in temp copies of examples/shop; e2e/hosts runs the same scenarios through both hosts.
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          exclude: ['e2e/s3/**', 'e2e/turbo/**'],
          globalSetup: ['e2e/support/global-setup.ts', 'e2e/support/global-setup-turbo.ts', 'e2e/support/global-setup-node-base.ts', 'e2e/support/global-setup-npm.ts'],
          ...e2e,
        },
      },
      {
        // The tagdeploy CLI in temp copies of examples/turbo-shop (Turborepo + pnpm).
        test: { name: 'e2e-turbo', include: ['e2e/turbo/**/*.test.ts'], globalSetup: ['e2e/support/global-setup-turbo.ts', 'e2e/support/global-setup-node-base.ts'], ...e2e },
      },
      {
        // The release and environments suites again, with the store in a real S3 server (s3rver behind our proxy).
        test: {
          name: 'e2e-s3',
          include: ['e2e/release-product*.test.ts', 'e2e/environments*.test.ts', 'e2e/s3/**/*.test.ts'],
          globalSetup: ['e2e/support/global-setup.ts', 'e2e/support/global-setup-s3.ts', 'e2e/support/global-setup-node-base.ts', 'e2e/support/global-setup-npm.ts'],
          ...e2e,
        },
      },
    ],
  },
});
