// nx g @tagdeploy/nx:ci [--provider=github|gitlab]: CI that releases and deploys only when a
// person starts it. Never overwrites a workflow; says what it kept.
import { formatFiles, logger, type Tree } from '@nx/devkit';
import { refuse } from '../shared/generator-error';
import { reportSkipped, writeNewFiles } from '../shared/write-new-files';
import { readCiFacts } from './ci-facts';
import { ciSettingsNeeded } from './render-github-credentials';
import { renderGithubWorkflows } from './render-github-workflows';
import { gitlabJobsPath, renderGitlabCi } from './render-gitlab-ci';

export const ciProviders = ['github', 'gitlab'] as const;

export interface CiGeneratorOptions {
  provider?: string;
  skipFormat?: boolean;
}

export async function ciGenerator(tree: Tree, options: CiGeneratorOptions): Promise<void> {
  const provider = options.provider ?? 'github';
  if (!(ciProviders as readonly string[]).includes(provider)) {
    refuse('INVALID_CONFIG', `"${provider}" is not a CI provider the ci generator knows: pass --provider=github (GitHub Actions) or --provider=gitlab (GitLab CI).`);
  }
  const facts = readCiFacts(tree);
  if (provider === 'github') {
    reportSkipped(writeNewFiles(tree, renderGithubWorkflows(facts)));
    logger.info('tagdeploy: add required reviewers to your production environment (Settings > Environments) so that deployments there wait for a person.');
    const settings = ciSettingsNeeded(facts.backends);
    if (settings.length > 0) {
      const lines = settings.map((setting) => `  ${setting.kind} ${setting.name}: ${setting.what}`);
      logger.info(['tagdeploy: before the first run, create these in Settings > Secrets and variables > Actions (the workflows read them; nothing secret is in the files):', ...lines].join('\n'));
    }
  } else {
    const { jobs, root } = renderGitlabCi(facts);
    const skipped = writeNewFiles(tree, [jobs, root]);
    reportSkipped(skipped);
    if (skipped.includes(root.path) && !(tree.read(root.path, 'utf8') ?? '').includes(gitlabJobsPath)) {
      logger.warn(`tagdeploy: your .gitlab-ci.yml was left alone: add "include: [{ local: ${gitlabJobsPath} }]" to it to get the manual jobs.`);
    }
    logger.info('tagdeploy: protect your production environment (Settings > CI/CD > Protected environments) so that deployments there need an approval.');
  }
  if (!options.skipFormat) await formatFiles(tree);
}

export default ciGenerator;
