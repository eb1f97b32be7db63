// One source of truth for configuration: these zod schemas give the TypeScript types, the
// validation (every problem at once, each with its path) and the JSON Schemas shipped for editors.
import { parseS3Url } from '../store/s3-url';
import { z } from 'zod';
import { environmentsSchema } from '../env/environments-schema';
import { gitopsConfigSchema } from '../gitops/gitops-config';
import { signingSchema } from '../provenance/signing-settings';
import { retentionSchema } from '../prune/retention-settings';
import { redactSecrets } from '../report/redact-secrets';
import { refNameProblem, tagPatternProblems } from './tag-pattern-problems';
import { workspacePathProblem } from './workspace-path';

/** A string that means something: not empty, not only whitespace. */
const text = () => z.string().min(1, { message: 'must not be empty', abort: true }).refine((value) => value.trim() !== '', 'must not be only whitespace');

/** A path relative to the workspace root that stays inside it (the root itself only when allowed). */
const workspacePath = (options: { allowRoot?: boolean } = {}) =>
  text().superRefine((value, ctx) => {
    const problem = workspacePathProblem(value, options);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const fromProblems = (problems: (value: string) => string[]) => (value: string, ctx: z.RefinementCtx) => {
  for (const message of problems(value)) ctx.addIssue({ code: 'custom', message });
};

/** Why a store URL is not one tagdeploy can use (s3:// for the object form). */
function storeUrlProblems(url: string, s3Only = false): string[] {
  if (url.startsWith('s3://')) {
    // The S3 adapter's own rules (bucket name, prefix characters), so that the reason is precise.
    try {
      parseS3Url(url);
      return [];
    } catch (error) {
      return [redactSecrets((error as Error).message).replace(/\.$/, '')];
    }
  }
  if (!s3Only && url.startsWith('file:') && url.slice('file:'.length).trim() !== '' && (!url.startsWith('file://') || url.startsWith('file:///'))) return [];
  const shown = redactSecrets(url);
  return [s3Only ? `"${shown}" is not an S3 URL: the object form is for S3 (s3://bucket/prefix, with "endpoint" for an S3-compatible server); for a folder use the string "file:<folder>"` : `"${shown}" is not a store tagdeploy can use: use file:<folder> (relative to the workspace) or s3://bucket/prefix (an S3-compatible server goes in "endpoint" of the object form)`];
}

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

/** The conventional-changelog presets tagdeploy ships (a preset is code, so it comes with the tool). */
export const changelogPresets = ['conventionalcommits'] as const;

/** One entry of `changelog.types`: the same shape as in release-please and semantic-release. */
const changelogType = z
  .object({
    type: text().describe('A commit type, as "feat" in "feat(ui): add Button". A revert\'s type is "revert".'),
    section: text().optional().describe('The changelog heading its commits go under.'),
    hidden: z.boolean().optional().describe('true: its commits are left out of the changelog (their breaking-change notes still show).'),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.hidden !== true && entry.section === undefined) {
      ctx.addIssue({ code: 'custom', path: ['section'], message: `"${entry.type}" is shown in the changelog, so it needs a section (or "hidden": true)` });
    }
  });

const changelogTypes = z.array(changelogType).superRefine((entries, ctx) => {
  const first = new Map<string, number>();
  entries.forEach((entry, index) => {
    const taken = first.get(entry.type);
    if (taken !== undefined) ctx.addIssue({ code: 'custom', path: [index, 'type'], message: `"${entry.type}" is listed twice (also types.${taken}): list each type once` });
    else first.set(entry.type, index);
  });
});

const changelogPreset = z.enum(changelogPresets, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a preset tagdeploy ships: use one of ${changelogPresets.map((name) => `"${name}"`).join(', ')}`,
});

/** The sections of the hand-written renderer this replaced, so that changelogs read as before. */
export const defaultChangelogTypes = [
  { type: 'feat', section: 'Features' },
  { type: 'fix', section: 'Bug fixes' },
  { type: 'perf', section: 'Performance' },
  { type: 'revert', section: 'Reverts' },
];

const changelogOptionsDescription = 'How the changelog (release.json, the tag message, CHANGELOG.md) is written, by a conventional-changelog preset. Bumps are decided by commitTypes.';
const presetDescription = 'The conventional-changelog preset that parses commits and writes the changelog.';
const typesDescription = 'Changelog sections by commit type: { type, section, hidden }. A counted commit whose type is not listed goes under "Other changes".';

const changelogOptions = z
  .object({
    preset: changelogPreset.default('conventionalcommits').describe(presetDescription),
    types: changelogTypes.default(() => defaultChangelogTypes.map((entry) => ({ ...entry }))).describe(typesDescription),
  })
  .strict();

/** A product's own changelog settings: each one given replaces the workspace's. */
const productChangelogOptions = z
  .object({ preset: changelogPreset.optional().describe(presetDescription), types: changelogTypes.optional().describe(typesDescription) })
  .strict()
  .describe(`${changelogOptionsDescription} Each setting given here replaces the workspace's.`);

export const releaseOptionsShape = {
  tagPattern: text()
    .superRefine(fromProblems(tagPatternProblems))
    .default('{product}@{version}')
    .describe('How a release tag is named. Must contain {product} and {version}.'),
  releaseBranch: text()
    .superRefine(fromProblems((branch) => { const why = refNameProblem(branch); return why ? [`"${branch}" is not a branch name git accepts (${why})`] : []; }))
    .default('main').describe('The only branch releases are made from (override with --allow-branch).'),
  store: z
    .union([
      // Not text(): an aborted check inside a union would only say "Invalid input".
      z.string().superRefine(fromProblems((url) => storeUrlProblems(url))),
      z
        .object({
          url: text().superRefine(fromProblems((url) => storeUrlProblems(url, true))).describe('s3://bucket/prefix.'),
          endpoint: text()
            .superRefine(fromProblems((url) => (/^https?:\/\/[^/\s]/.test(url) ? [] : [`"${redactSecrets(url)}" is not an http:// or https:// endpoint`])))
            .optional()
            .describe('Endpoint of an S3-compatible server, e.g. http://127.0.0.1:9000.'),
          region: text().optional().describe('AWS region of the bucket (default: the AWS SDK default chain, e.g. AWS_REGION).'),
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
    .array(text())
    .default([])
    .describe('Files at the workspace level (outside every project) whose changes count for every product, as glob patterns ("tsconfig.base.json", "tools/build/**"). Lockfiles are not in it by default.'),
  commitTypes: commitTypes.default(() => commitTypes.parse({})).describe('How conventional commit types map to bumps.'),
  changelog: changelogOptions.default(() => changelogOptions.parse({})).describe(changelogOptionsDescription),
};

export const targetNamesSchema = z
  .object({
    releaseProduct: text().default('release-product').describe('Target that releases a product (tag, build once, publish, seal).'),
    abandonRelease: text().default('abandon-release').describe('Target that gives up a claimed release that can never be sealed.'),
    releasePrune: text().default('release-prune').describe('Target that deletes old releases that no env runs or may roll back to.'),
    releaseVerify: text().default('release-verify').describe('Target that checks releases against their signed provenance (signature, every byte, image digest, tag).'),
    deploy: text().default('deploy').describe('Target that points an env at a sealed release.'),
    promote: text().default('promote').describe("Target that gives an env exactly what its promoteFrom env runs."),
    rollback: text().default('rollback').describe('Target that switches an env back to a release it ran before.'),
    releaseStatus: text().default('release-status').describe('Target that shows what is live where.'),
    serveRelease: text().default('serve-release').describe('Target that serves an env locally (the local router).'),
  })
  .strict()
  .superRefine((names, ctx) => {
    const first = new Map<string, string>();
    for (const [key, name] of Object.entries(names)) {
      const taken = first.get(name);
      if (taken) ctx.addIssue({ code: 'custom', path: [key], message: `"${name}" is also the name of targetNames.${taken}: every tagdeploy target needs its own name` });
      else first.set(name, key);
    }
  });

export const pluginOptionsSchema = z
  .object({
    $schema: z.string().optional().describe('The JSON Schema of this file, for editors (tagdeploy.config.json).'),
    ...releaseOptionsShape,
    targetNames: targetNamesSchema.default(() => targetNamesSchema.parse({})).describe('Names of the inferred targets.'),
    registry: text()
      .default('oci:.tagdeploy/registry')
      .describe('Where container images go: oci:<folder> (an OCI image layout, the embedded default) or host[:port]/namespace. Credentials come from the docker config.'),
    gitops: gitopsConfigSchema.default(() => gitopsConfigSchema.parse({})),
    environments: environmentsSchema.prefault({}).describe('Environments products are deployed to, in promotion order.'),
    signing: signingSchema.optional(),
  })
  .strict();

const productBase = {
  buildTarget: text().default('build').describe('The target that builds the product (an Nx target, or a package script under Turborepo and plain workspaces).'),
  tagPattern: releaseOptionsShape.tagPattern
    .unwrap()
    .optional()
    .describe("How this product's release tags are named, overriding the workspace's tagPattern. Must contain {product} and {version}."),
  commit: z
    .boolean()
    .optional()
    .describe("true: write the version to this product's package.json and CHANGELOG.md and commit before tagging; overrides the workspace's commit (default: tag only)."),
  rootFiles: z
    .array(text())
    .optional()
    .describe("Workspace-level files (glob patterns) whose changes count for this product, replacing the workspace's rootFiles."),
  changelog: productChangelogOptions.optional(),
  environments: z.array(text()).optional().describe('Limit the product to these environments.'),
  retention: retentionSchema.optional(),
};

const productSchemaRef = z.string().optional().describe('The JSON Schema of this file, for editors (@tagdeploy/core/schemas/tagdeploy.schema.json).');

export const productConfigSchema = z.discriminatedUnion('kind', [
  z
    .object({
      $schema: productSchemaRef,
      kind: z.literal('static').describe('What the product ships: "static" files for a CDN, a "container" image, or an "npm" package.'),
      ...productBase,
      outputPath: workspacePath().describe('Folder of the build output, relative to the workspace root (inside the workspace).'),
    })
    .strict(),
  z
    .object({
      $schema: productSchemaRef,
      kind: z.literal('container').describe('What the product ships: "static" files for a CDN, a "container" image, or an "npm" package.'),
      ...productBase,
      image: text().describe('Image name in the registry.'),
      builder: z
        .enum(['docker', 'podman', 'buildah', 'embedded'])
        .default('embedded')
        .describe('"embedded" layers the build output on a base image without any daemon (like jib or ko); the others build the Dockerfile.'),
      outputPath: workspacePath().describe('Folder of the build output, relative to the workspace root, inside it (the image content, or the Docker build context).'),
      baseImage: text()
        .optional()
        .describe('The base image: "host/repo:tag" (e.g. "docker.io/library/node:20-slim", pinned with @sha256:... if you like), "oci:<layout folder>[:tag]", or "scratch" for an empty base on purpose. Default: the Dockerfile\'s FROM. The embedded builder refuses a product with neither; when both are given they must name the same image.'),
      port: z
        .number()
        .int()
        .min(1)
        .max(65535)
        .optional()
        .describe('The port the service listens on: PORT in the image, the Deployment\'s containerPort and probes, the Service\'s targetPort, serve-release. Default: the Dockerfile\'s EXPOSE; when both are given they must agree.'),
      healthPath: text()
        .refine((path) => path.startsWith('/'), 'must start with "/"')
        .optional()
        .describe('The HTTP path the readiness and liveness probes ask (default "/health").'),
      entrypoint: z.array(text()).min(1, 'must name the program to run').optional().describe('embedded builder: the image entrypoint (default ["node", "/app/main.mjs"]).'),
      dockerfile: workspacePath().optional().describe('docker/podman/buildah: the Dockerfile, relative to the workspace, inside it (default <context>/Dockerfile).'),
      context: workspacePath({ allowRoot: true }).optional().describe('docker/podman/buildah: the build context, relative to the workspace, inside it (default outputPath).'),
      buildArgs: z.record(text(), z.string()).optional().describe('docker/podman/buildah: extra build arguments (VERSION is always passed), e.g. { "BASE": "oci:tools/base-image" }.'),
    })
    .strict(),
  z
    .object({
      $schema: productSchemaRef,
      kind: z.literal('npm').describe('What the product ships: "static" files for a CDN, a "container" image, or an "npm" package.'),
      ...productBase,
      outputPath: workspacePath().optional().describe('Not used to publish: the package is packed from the product folder (its package.json "files"). Kept for builds that name it.'),
      registry: text()
        .superRefine(fromProblems((url) => (/^https?:\/\/[^/\s]/.test(url) ? [] : [`"${redactSecrets(url)}" is not an http:// or https:// registry URL`])))
        .optional()
        .describe('The npm registry to publish to (default: publishConfig.registry of the package, else your npm configuration). Auth always comes from your npm configuration.'),
      provenance: z.boolean().optional().describe('Publish with npm --provenance where the CI can sign it (GitHub Actions with id-token: write, GitLab CI with SIGSTORE_ID_TOKEN).'),
    })
    .strict(),
]);

export type PluginOptions = z.output<typeof pluginOptionsSchema>;
export type PluginOptionsInput = z.input<typeof pluginOptionsSchema>;
export type ProductConfig = z.output<typeof productConfigSchema>;
export type CommitTypesConfig = z.output<typeof commitTypes>;
export type ChangelogOptions = z.output<typeof changelogOptions>;
export type ChangelogPreset = ChangelogOptions['preset'];
export type ChangelogType = ChangelogOptions['types'][number];
