// One source of truth for configuration: these zod schemas give the TypeScript types, the
// validation (every problem at once, each with its path) and the JSON Schemas shipped for editors.
import { z } from 'zod';
import { environmentsSchema } from '../env/environments-schema';
import { gitopsConfigSchema } from '../gitops/gitops-config';

export const bumpKinds = ['major', 'minor', 'patch'] as const;
export type BumpKind = (typeof bumpKinds)[number];

const commitTypes = z
  .object({
    breaking: z.enum(bumpKinds).default('major').describe('Bump for a breaking change (feat!: or a BREAKING CHANGE footer).'),
    feat: z.array(z.string()).default(['feat']).describe('Commit types that bump minor.'),
    patch: z.array(z.string()).default(['fix', 'perf']).describe('Commit types that bump patch.'),
    other: z
      .enum(['patch', 'none'])
      .default('none')
      .describe('What other commit types (chore, docs, refactor, ...) do: "patch" releases them, "none" does not.'),
    breakingBelowOne: z
      .enum(bumpKinds)
      .default('minor')
      .describe('Bump for a breaking change while the product is below 1.0.0.'),
  })
  .strict();

export const releaseOptionsShape = {
  tagPattern: z
    .string()
    .default('{product}@{version}')
    .describe('How a release tag is named. Must contain {product} and {version}.'),
  releaseBranch: z.string().default('main').describe('The only branch releases are made from (override with --allow-branch).'),
  store: z
    .union([
      z.string(),
      z
        .object({
          url: z.string().describe('s3://bucket/prefix (or file:<folder>).'),
          endpoint: z.string().optional().describe('Endpoint of an S3-compatible server, e.g. http://127.0.0.1:9000.'),
          region: z.string().optional(),
          forcePathStyle: z.boolean().optional().describe('Path-style addressing (default true with a custom endpoint).'),
          concurrency: z.number().int().min(1).max(1024).optional().describe('Parallel uploads (default 16 for S3, 8 for a folder).'),
        })
        .strict(),
    ])
    .default('file:.tagdeploy/store')
    .describe('Where release files, manifests and env pointers live: file:<folder> (relative to the workspace), s3://bucket/prefix, or an object with url and S3 settings. Credentials come from the AWS SDK default chain, never from here.'),
  commit: z
    .boolean()
    .default(false)
    .describe('Write the version to package.json and CHANGELOG.md and commit before tagging. Default: tag only.'),
  rootFiles: z
    .array(z.string())
    .default([])
    .describe('Files at the workspace level (outside every project) whose changes count for every product, as glob patterns ("tsconfig.base.json", "tools/build/**"). Lockfiles are not in it by default.'),
  commitTypes: commitTypes.default(() => commitTypes.parse({})).describe('How conventional commit types map to bumps.'),
};

export const targetNamesSchema = z
  .object({
    releaseProduct: z.string().default('release-product'),
    deploy: z.string().default('deploy'),
    promote: z.string().default('promote'),
    rollback: z.string().default('rollback'),
    releaseStatus: z.string().default('release-status'),
    serveRelease: z.string().default('serve-release'),
  })
  .strict();

export const pluginOptionsSchema = z
  .object({
    $schema: z.string().optional().describe('The JSON Schema of this file, for editors (tagdeploy.config.json).'),
    ...releaseOptionsShape,
    targetNames: targetNamesSchema.default(() => targetNamesSchema.parse({})).describe('Names of the inferred targets.'),
    registry: z
      .string()
      .default('oci:.tagdeploy/registry')
      .describe('Where container images go: oci:<folder> (an OCI image layout, the embedded default) or host[:port]/namespace. Credentials come from the docker config.'),
    gitops: gitopsConfigSchema.default(() => gitopsConfigSchema.parse({})),
    environments: environmentsSchema.default({}).describe('Environments products are deployed to, in promotion order.'),
  })
  .strict();

const productBase = {
  buildTarget: z.string().default('build').describe('The target that builds the product (an Nx target, or a package script under Turborepo and plain workspaces).'),
  tagPattern: releaseOptionsShape.tagPattern.unwrap().optional(),
  commit: z.boolean().optional(),
  rootFiles: z.array(z.string()).optional(),
  environments: z.array(z.string()).optional().describe('Limit the product to these environments.'),
};

export const productConfigSchema = z.discriminatedUnion('kind', [
  z
    .object({
      $schema: z.string().optional(),
      kind: z.literal('static'),
      ...productBase,
      outputPath: z.string().min(1).describe('Folder of the build output, relative to the workspace root.'),
    })
    .strict(),
  z
    .object({
      $schema: z.string().optional(),
      kind: z.literal('container'),
      ...productBase,
      image: z.string().min(1).describe('Image name in the registry.'),
      builder: z
        .enum(['docker', 'podman', 'buildah', 'embedded'])
        .default('embedded')
        .describe('"embedded" layers the build output on a base image without any daemon (like jib or ko); the others build the Dockerfile.'),
      outputPath: z.string().min(1).describe('Folder of the build output, relative to the workspace root (the image content, or the Docker build context).'),
      baseImage: z.string().optional().describe('embedded builder: base image, "oci:<layout folder>[:tag]" or "host/repo:tag"; absent = an empty (scratch) base.'),
      entrypoint: z.array(z.string()).optional().describe('embedded builder: the image entrypoint (default ["node", "/app/main.mjs"]).'),
      dockerfile: z.string().optional().describe('docker/podman/buildah: the Dockerfile, relative to the workspace (default <context>/Dockerfile).'),
      context: z.string().optional().describe('docker/podman/buildah: the build context, relative to the workspace (default outputPath).'),
      buildArgs: z.record(z.string(), z.string()).optional().describe('docker/podman/buildah: extra build arguments (VERSION is always passed), e.g. { "BASE": "oci:tools/base-image" }.'),
    })
    .strict(),
  z
    .object({
      $schema: z.string().optional(),
      kind: z.literal('npm'),
      ...productBase,
      outputPath: z.string().optional(),
    })
    .strict(),
]);

export type PluginOptions = z.output<typeof pluginOptionsSchema>;
export type PluginOptionsInput = z.input<typeof pluginOptionsSchema>;
export type ProductConfig = z.output<typeof productConfigSchema>;
export type CommitTypesConfig = z.output<typeof commitTypes>;
