// Adds the files of a product that are missing from the GitOps repo (base, env files, Argo CD
// Applications) in one commit; files that exist are never touched. Returns the tree to work on.
import type { GitOpsRepo, GitOpsTree } from './gitops-repo';
import { productDir } from './gitops-layout';
import { renderGitopsSkeleton, type GitopsSkeletonRequest } from './render-gitops-skeleton';

export async function writeGitopsSkeleton(repo: GitOpsRepo, tree: GitOpsTree, request: Omit<GitopsSkeletonRequest, 'branch'>): Promise<GitOpsTree> {
  const skeleton = renderGitopsSkeleton({ ...request, branch: repo.branch });
  const missingIn = async (current: GitOpsTree) => {
    const present = new Set(await current.list([productDir(request.product), 'argocd']));
    const missing = Object.entries(skeleton).filter(([path]) => !present.has(path));
    return missing.length ? Object.fromEntries(missing) : null;
  };
  if ((await missingIn(tree)) === null) return tree;
  await repo.commit({
    edit: missingIn,
    message: `add ${request.product} (${request.layout}: base, ${request.envs.join(', ')}, Argo CD Applications)`,
    trailers: [
      ['Action', 'scaffold'],
      ['Product', request.product],
    ],
  });
  return repo.fetch();
}
