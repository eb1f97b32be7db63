import { execFileSync } from 'node:child_process';
import { logger, type Tree } from '@nx/devkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { aWorkspace, changesOf, quietGenerators, readText } from '../testing/workspace-tree';
import { ciGenerator } from './generator';

beforeEach(quietGenerators);
afterEach(() => vi.restoreAllMocks());

/** A workspace with two products (one static, one container) and staging -> production. */
function aWorkspaceWithProducts(options?: Parameters<typeof aWorkspace>[0]): Tree {
  const tree = aWorkspace(options);
  const product = (root: string, name: string, config: object) => {
    tree.write(`${root}/project.json`, JSON.stringify({ name, root }));
    tree.write(`${root}/tagdeploy.json`, JSON.stringify(config));
  };
  product('apps/web', 'web', { kind: 'static', outputPath: 'dist/apps/web' });
  product('services/api', 'api', { kind: 'container', image: 'api', outputPath: 'dist/services/api' });
  tree.write('libs/ui/project.json', JSON.stringify({ name: 'ui', root: 'libs/ui' }));
  return tree;
}

const workflow = (tree: Tree, name: string): any => parse(readText(tree, `.github/workflows/${name}.yml`));

/** Structure every tagdeploy workflow must have: started by hand only, full history and tags, the Nx cache. */
function expectManualWorkflowWithHistory(doc: any): void {
  expect(Object.keys(doc.on)).toEqual(['workflow_dispatch']);
  for (const job of Object.values<any>(doc.jobs)) {
    const checkout = job.steps.find((step: any) => String(step.uses).startsWith('actions/checkout@'));
    expect(checkout.with).toEqual({ 'fetch-depth': 0, 'fetch-tags': true });
    expect(job.steps.find((step: any) => String(step.uses).startsWith('actions/cache@'))?.with.path).toBe('.nx/cache');
  }
}

describe('ci generator: GitHub Actions', () => {
  it('writes release, deploy, promote and rollback workflows that parse as YAML', async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'github' });
    expect(tree.children('.github/workflows').sort()).toEqual(['deploy.yml', 'promote.yml', 'release.yml', 'rollback.yml']);
    for (const name of ['release', 'deploy', 'promote', 'rollback']) expect(workflow(tree, name).name).toBe(name);
  });

  it('starts every workflow by hand only, with full history, tags and the Nx cache', async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, {});
    for (const name of ['release', 'deploy', 'promote', 'rollback']) expectManualWorkflowWithHistory(workflow(tree, name));
  });

  it("offers the workspace's products (not its libraries) as the release choice, with an optional bump", async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'github' });
    const inputs = workflow(tree, 'release').on.workflow_dispatch.inputs;
    expect(inputs.product).toMatchObject({ type: 'choice', required: true, options: ['api', 'web'] });
    expect(inputs.bump).toMatchObject({ type: 'choice', required: false, default: 'auto', options: ['auto', 'patch', 'minor', 'major'] });
  });

  it('passes product and bump to release-product through env variables, never inside the script', async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'github' });
    const step = workflow(tree, 'release').jobs.release.steps.find((s: any) => s.name === 'Release');
    expect(step.env).toMatchObject({ PRODUCT: '${{ inputs.product }}', BUMP: '${{ inputs.bump }}' });
    expect(step.run).not.toContain('${{');
    expect(step.run).toContain('npx nx release-product "$@"');
  });

  it('runs deploy in the GitHub environment of the chosen env', async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'github' });
    const doc = workflow(tree, 'deploy');
    expect(doc.on.workflow_dispatch.inputs).toMatchObject({
      product: { type: 'choice', options: ['api', 'web'] },
      env: { type: 'choice', options: ['staging', 'production'] },
      version: { type: 'string', required: false },
    });
    expect(doc.jobs.deploy.environment).toBe('${{ inputs.env }}');
    expect(doc.jobs.deploy.steps.at(-1).run).toContain('--approve');
  });

  it.each([
    ['deploy', 'deploy', 'env'],
    ['promote', 'promote', 'to'],
    ['rollback', 'rollback', 'env'],
  ])("%s records the environment's reviewer from the run's approvals as approver, and the person who started it as requester", async (name, job, envInput) => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'github' });
    const steps = workflow(tree, name).jobs[job].steps;
    const lookup = steps.at(-2);

    expect(workflow(tree, name).jobs[job].permissions).toEqual({ contents: 'read', actions: 'read' });
    expect(lookup).toMatchObject({ id: 'approval', env: { GH_TOKEN: '${{ github.token }}', ENV_NAME: `\${{ inputs.${envInput} }}` } });
    expect(lookup.run).toContain('gh api "repos/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID/approvals"');
    expect(lookup.run).not.toContain('${{');
    expect(steps.at(-1).env).toMatchObject({ TAGDEPLOY_ACTOR: '${{ github.triggering_actor }}', TAGDEPLOY_APPROVER: '${{ steps.approval.outputs.approver }}' });
    const text = readText(tree, `.github/workflows/${name}.yml`);
    expect(text).not.toContain('github.actor }}');
    expect(text).toContain("The reviewer who approved is recorded as the approver (read from the run's\n    # approvals), and the person who started the run as the requester");
  });

  it("picks the newest approval of the job's own environment from the approvals API answer (run through jq)", async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'github' });
    const filter = /--jq '([^']+)'/.exec(workflow(tree, 'promote').jobs.promote.steps.at(-2).run)?.[1] ?? '';
    const approval = (login: string, state: string, ...envs: string[]) => ({ state, comment: '', environments: envs.map((env) => ({ name: env })), user: { login } });
    const approver = (answer: object[], env = 'production') =>
      execFileSync('jq', ['-r', filter], { input: JSON.stringify(answer), env: { ...process.env, ENV_NAME: env }, encoding: 'utf8' }).trim();

    expect(approver([approval('carol', 'approved', 'production')])).toBe('carol');
    expect(approver([approval('dave', 'approved', 'staging'), approval('carol', 'approved', 'staging', 'production'), approval('erin', 'rejected', 'production')])).toBe('carol');
    expect(approver([approval('carol', 'approved', 'production'), approval('frank', 'approved', 'production')])).toBe('frank');
    expect(approver([approval('dave', 'approved', 'staging')])).toBe('');
    expect(approver([])).toBe('');
  });

  it('says which environments refuse self-approval, and to turn on "Prevent self-review" there', async () => {
    const tree = aWorkspaceWithProducts({
      ...aWorkspaceOptions(),
      environments: { staging: {}, production: { promoteFrom: 'staging', approval: { required: true, distinctApprover: true } } },
    });
    await ciGenerator(tree, { provider: 'github' });
    expect(readText(tree, '.github/workflows/deploy.yml')).toContain('    # production refuses a requester who approves their own run: turn on "Prevent self-review" there too.');
  });

  it('asks rollback for a reason and runs it in the chosen environment', async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'github' });
    const doc = workflow(tree, 'rollback');
    expect(doc.on.workflow_dispatch.inputs.reason).toMatchObject({ type: 'string', required: true });
    expect(doc.jobs.rollback.environment).toBe('${{ inputs.env }}');
    expect(doc.jobs.rollback.steps.at(-1).run).toContain('--reason="$REASON" --approve');
  });

  it('offers only promoted envs to promote', async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'github' });
    const doc = workflow(tree, 'promote');
    expect(doc.on.workflow_dispatch.inputs.to.options).toEqual(['production']);
    expect(doc.jobs.promote.environment).toBe('${{ inputs.to }}');
  });

  it('writes no promote workflow when no env is promoted from another', async () => {
    const tree = aWorkspaceWithProducts({ environments: { live: {} } });
    await ciGenerator(tree, { provider: 'github' });
    expect(tree.exists('.github/workflows/promote.yml')).toBe(false);
  });

  it('uses the target names configured in the plugin options', async () => {
    const tree = aWorkspaceWithProducts({ ...aWorkspaceOptions(), targetNames: { deploy: 'td-deploy' } });
    await ciGenerator(tree, { provider: 'github' });
    expect(workflow(tree, 'deploy').jobs.deploy.steps.at(-1).run).toContain('npx nx td-deploy "$@"');
  });

  it('installs with pnpm in a pnpm workspace', async () => {
    const tree = aWorkspaceWithProducts();
    tree.write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
    await ciGenerator(tree, { provider: 'github' });
    const steps = workflow(tree, 'release').jobs.release.steps;
    expect(steps.map((step: any) => step.run ?? step.uses)).toContain('pnpm install --frozen-lockfile');
    expect(steps.at(-1).run).toContain('pnpm exec nx release-product');
  });

  it('never overwrites an existing workflow, and says so', async () => {
    const tree = aWorkspaceWithProducts();
    tree.write('.github/workflows/release.yml', 'name: mine\n');
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    await ciGenerator(tree, { provider: 'github' });
    expect(readText(tree, '.github/workflows/release.yml')).toBe('name: mine\n');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('.github/workflows/release.yml'));
  });

  it('changes nothing on a second run', async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'github' });
    const after = changesOf(tree);
    vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    await ciGenerator(tree, { provider: 'github' });
    expect(changesOf(tree)).toEqual(after);
  });
});

describe('ci generator: GitLab CI', () => {
  const jobsOf = (tree: Tree) => parse(readText(tree, '.gitlab/tagdeploy.gitlab-ci.yml'));
  const jobNames = (doc: any) => Object.keys(doc).filter((key) => key.startsWith('tagdeploy-'));

  it('writes manual jobs that run only in a pipeline started by hand', async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'gitlab' });
    const doc = jobsOf(tree);
    expect(jobNames(doc)).toEqual(['tagdeploy-release', 'tagdeploy-deploy', 'tagdeploy-promote', 'tagdeploy-rollback']);
    for (const job of jobNames(doc)) {
      expect(doc[job].rules).toHaveLength(1);
      expect(doc[job].rules[0]).toMatchObject({ if: expect.stringMatching(/^\$CI_PIPELINE_SOURCE == "web" && /), when: 'manual' });
    }
  });

  it('runs deploy, promote and rollback in the GitLab environment of the chosen env (protected environments gate it)', async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'gitlab' });
    const doc = jobsOf(tree);
    for (const job of ['tagdeploy-deploy', 'tagdeploy-promote', 'tagdeploy-rollback']) {
      expect(doc[job].environment).toEqual({ name: '$TAGDEPLOY_ENV' });
      expect(doc[job].variables).toEqual({ TAGDEPLOY_APPROVER: '$GITLAB_USER_LOGIN' });
      expect(doc[job].script.join('\n')).toContain('--approve');
    }
    expect(doc['tagdeploy-release'].environment).toBeUndefined();
  });

  it('offers products and envs as pipeline variables, with full history and tags', async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'gitlab' });
    const doc = jobsOf(tree);
    expect(doc.variables.TAGDEPLOY_PRODUCT.options).toEqual(['api', 'web']);
    expect(doc.variables.TAGDEPLOY_ENV.options).toEqual(['staging', 'production']);
    expect(doc['.tagdeploy'].variables).toEqual({ GIT_DEPTH: '0', GIT_FETCH_EXTRA_FLAGS: '--tags' });
    expect(doc['.tagdeploy'].cache[0].paths).toEqual(['.nx/cache']);
  });

  it('includes the jobs from a new .gitlab-ci.yml', async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'gitlab' });
    expect(parse(readText(tree, '.gitlab-ci.yml'))).toEqual({ include: [{ local: '.gitlab/tagdeploy.gitlab-ci.yml' }] });
  });

  it('leaves an existing .gitlab-ci.yml alone and says how to include the jobs', async () => {
    const tree = aWorkspaceWithProducts();
    tree.write('.gitlab-ci.yml', 'test:\n  script: npm test\n');
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    await ciGenerator(tree, { provider: 'gitlab' });
    expect(readText(tree, '.gitlab-ci.yml')).toBe('test:\n  script: npm test\n');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('include: [{ local: .gitlab/tagdeploy.gitlab-ci.yml }]'));
  });

  it('changes nothing on a second run', async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'gitlab' });
    const after = changesOf(tree);
    vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    await ciGenerator(tree, { provider: 'gitlab' });
    expect(changesOf(tree)).toEqual(after);
  });
});

describe('ci generator: refusals leave the tree unchanged', () => {
  it('refuses an unknown provider, naming the known ones', async () => {
    const tree = aWorkspaceWithProducts();
    const before = changesOf(tree);
    await expect(ciGenerator(tree, { provider: 'jenkins' })).rejects.toThrow(/"jenkins" is not a CI provider .*--provider=github .*--provider=gitlab/);
    expect(changesOf(tree)).toEqual(before);
  });

  it('refuses a workspace without products, saying how to add one', async () => {
    const tree = aWorkspace();
    const before = changesOf(tree);
    await expect(ciGenerator(tree, { provider: 'github' })).rejects.toThrow(/no products yet.*nx g @tagdeploy\/nx:product/);
    expect(changesOf(tree)).toEqual(before);
  });

  it('refuses a workspace without environments', async () => {
    const tree = aWorkspaceWithProducts({});
    const before = changesOf(tree);
    await expect(ciGenerator(tree, { provider: 'github' })).rejects.toThrow(/No environments are declared/);
    expect(changesOf(tree)).toEqual(before);
  });
});

function aWorkspaceOptions() {
  return { environments: { staging: {}, production: { promoteFrom: 'staging', approval: 'required' as const } } };
}
