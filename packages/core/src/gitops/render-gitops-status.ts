// The release-status text of a container product: the same table as a static product's (so both
// kinds line up side by side), then the image each env runs, by digest, and the GitOps commit.
import { renderReleaseStatus } from '../env/render-release-status';
import type { GitopsReleaseStatus } from './read-gitops-status';

export function renderGitopsStatus(status: GitopsReleaseStatus): string {
  const table = renderReleaseStatus(status);
  const width = Math.max(...status.envs.map((row) => row.env.length));
  const lines = status.envs.map((row) => {
    const what = !row.envFile ? `no ${row.path} in the GitOps repo` : (row.image ?? '—');
    const commit = row.envFile && row.gitopsCommit ? `  (gitops ${row.gitopsCommit.slice(0, 7)})` : '';
    return `    ${row.env.padEnd(width)}  ${what}${commit}`;
  });
  const [head, ...rest] = table.trimEnd().split('\n');
  const tableRows = rest.findIndex((line) => line === '');
  const body = tableRows === -1 ? rest : rest.slice(0, tableRows);
  const history = tableRows === -1 ? [] : rest.slice(tableRows);
  return `${[head, ...body, '', `  images (${status.repo})`, ...lines, ...history].join('\n')}\n`;
}
