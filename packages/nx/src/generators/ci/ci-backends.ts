// Which shared services the generated CI talks to, and which settings still point at this machine.
// A CI runner is thrown away after each job: a release in a file: store, an image in an oci: folder
// or a commit to a file: GitOps repo is gone before the deploy job of the next run starts.
import type { PluginOptions } from '@tagdeploy/core';

export interface CiBackends {
  /** AWS credentials are needed (S3 store, CloudFront routers); the region when the settings name it. */
  aws: { region?: string } | null;
  /** Container products: the registry host to log in to (ECR through AWS, any other with a username and password). */
  registry: { host: string; ecr: boolean } | null;
  /** Container products: how the jobs push to the GitOps repo. */
  gitops: { kind: 'https'; host: string } | { kind: 'ssh' } | { kind: 'git-daemon' } | null;
}

/** One setting that points at this machine: where it is, what it says, what to set instead. */
export interface LocalSetting {
  path: string;
  value: string;
  fix: string;
}

const ecrHost = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

export function resolveCiBackends(options: PluginOptions, hasContainers: boolean): { backends: CiBackends; local: LocalSetting[] } {
  const local: LocalSetting[] = [];
  const store = typeof options.store === 'string' ? { url: options.store } : options.store;
  if (!store.url.startsWith('s3://')) local.push({ path: 'store', value: store.url, fix: 's3://bucket/prefix (an S3 bucket the jobs reach with AWS credentials)' });
  const cloudfront = Object.values(options.environments).some((env) => env.router.type !== 'local');

  let registry: CiBackends['registry'] = null;
  let gitops: CiBackends['gitops'] = null;
  if (hasContainers) {
    if (options.registry.startsWith('oci:')) local.push({ path: 'registry', value: options.registry, fix: 'host/namespace of a real registry (e.g. ghcr.io/team or <account>.dkr.ecr.<region>.amazonaws.com)' });
    else {
      const host = options.registry.replace(/^(https?|docker):\/\//, '').split('/')[0];
      registry = { host, ecr: ecrHost.test(host.replace(/:\d+$/, '')) };
    }
    gitops = remoteGitKind(options.gitops.repo);
    if (!gitops) local.push({ path: 'gitops.repo', value: options.gitops.repo, fix: 'the git URL of your GitOps repo (e.g. git@github.com:team/gitops.git or https://github.com/team/gitops.git)' });
  }
  const aws = store.url.startsWith('s3://') || cloudfront || registry?.ecr ? { region: 'region' in store ? store.region : undefined } : null;
  return { backends: { aws, registry, gitops }, local };
}

/** https://, ssh (ssh://, scp-like user@host:path) and git:// URLs reach a shared repo; file:, file:// and paths do not. */
function remoteGitKind(url: string): CiBackends['gitops'] {
  const https = /^https?:\/\/(?:[^@/]+@)?([^/:]+)/.exec(url);
  if (https) return { kind: 'https', host: https[1] };
  if (/^(ssh|git\+ssh):\/\//.test(url) || /^[\w.-]+@[\w.-]+:/.test(url)) return { kind: 'ssh' };
  if (url.startsWith('git://')) return { kind: 'git-daemon' };
  return null;
}
