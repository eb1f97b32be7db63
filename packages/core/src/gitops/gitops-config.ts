// The `gitops` plugin option: where container products keep their env state. One schema gives
// the type, the validation and the JSON Schema.
import { z } from 'zod';

export const defaultGitopsRepo = 'file:.tagdeploy/gitops.git';

export const gitopsLayouts = ['kustomize', 'helm'] as const;
export type GitopsLayout = (typeof gitopsLayouts)[number];

export const gitopsConfigSchema = z
  .object({
    repo: z
      .string()
      .min(1)
      .default(defaultGitopsRepo)
      .describe('Any git URL (ssh, https, git://, a path), or file:<folder> relative to the workspace: a local bare repo created on first use. Credentials come from git\'s own configuration, never from here.'),
    layout: z
      .enum(gitopsLayouts)
      .default('kustomize')
      .describe('"kustomize": apps/<product>/envs/<env>/kustomization.yaml with an images entry; "helm": apps/<product>/envs/<env>/values.yaml with image.repository/tag/digest.'),
    branch: z.string().min(1).default('main').describe('The branch Argo CD syncs.'),
    scaffold: z
      .boolean()
      .optional()
      .describe('Add the missing apps/<product> base and env files and argocd/ Applications on first use (default: only for a file: repo).'),
    argocdRepoURL: z
      .string()
      .min(1)
      .optional()
      .describe('The URL Argo CD clones the repo from, when it differs from "repo" (always needed for a file: repo).'),
  })
  .strict()
  .describe('The GitOps repo of container products.');

export type GitopsConfig = z.output<typeof gitopsConfigSchema>;
export type GitopsConfigInput = z.input<typeof gitopsConfigSchema>;
