import { execFileSync } from 'node:child_process';
import { logger, type Tree } from '@nx/devkit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import type { PluginOptionsInput } from '@tagdeploy/core';
import { validateWorkflow } from '@action-validator/core';
import { aWorkspace, changesOf, quietGenerators, readText, stagingAndProduction } from '../testing/workspace-tree';
import { ciGenerator } from './generator';

beforeEach(quietGenerators);
afterEach(() => vi.restoreAllMocks());

/** Settings whose store, registry and GitOps repo outlive a CI runner. */
const sharedBackends: PluginOptionsInput = { store: 's3://releases/shop', registry: 'ghcr.io/team', gitops: { repo: 'git@github.com:team/gitops.git' } };

/** A workspace with two products (one static, one container) and staging -> production, on shared backends unless told otherwise. */
function aWorkspaceWithProducts(options: PluginOptionsInput = stagingAndProduction, backends: PluginOptionsInput = sharedBackends): Tree {
  const tree = aWorkspace({ ...options, ...backends });
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

    expect(workflow(tree, name).jobs[job].permissions).toEqual({ contents: 'read', actions: 'read', 'id-token': 'write' });
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

/** The GitHub workflows a workspace gets, checked by action-validator (GitHub's workflow schema, compiled to wasm). */
async function expectValidWorkflows(tree: Tree): Promise<void> {
  await ciGenerator(tree, { provider: 'github' });
  const files = tree.children('.github/workflows');
  expect(files.length).toBeGreaterThanOrEqual(3);
  for (const file of files) {
    expect({ file, errors: validateWorkflow(readText(tree, `.github/workflows/${file}`)).errors }).toEqual({ file, errors: [] });
  }
}

const stepUsing = (doc: any, job: string, action: string) => doc.jobs[job].steps.find((step: any) => String(step.uses).startsWith(`${action}@`));

describe('ci generator: shared backends and credentials', () => {
  it('passes action-validator for the default settings (S3 store, a registry login, GitOps over ssh)', async () => {
    await expectValidWorkflows(aWorkspaceWithProducts());
  });

  it.each<[string, PluginOptionsInput]>([
    ['ECR and GitOps over https', { store: { url: 's3://releases/shop', region: 'eu-west-1' }, registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team', gitops: { repo: 'https://github.com/team/gitops.git' } }],
    ['a git daemon GitOps repo and a registry with a port', { store: 's3://releases/shop', registry: 'registry.example.com:5000/team', gitops: { repo: 'git://git.example.com/gitops.git' } }],
  ])('passes action-validator with %s', async (_, backends) => {
    await expectValidWorkflows(aWorkspaceWithProducts(stagingAndProduction, backends));
  });

  it('passes action-validator in a pnpm workspace with a CloudFront router and no promoted env', async () => {
    const tree = aWorkspaceWithProducts({ environments: { live: { router: { type: 'cloudfront-kvs', kvsArn: 'arn:aws:cloudfront::123456789012:key-value-store/abc' } } } });
    tree.write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
    await expectValidWorkflows(tree);
  });

  it('finds errors in a broken workflow (the validator is real)', () => {
    expect(validateWorkflow('name: x\non:\n  workflow_dispatch:\njobs:\n  a:\n    runs_on: ubuntu-latest\n    steps: []\n').errors).not.toEqual([]);
  });

  it.each(['release', 'deploy', 'rollback'])('%s assumes the AWS role through OIDC, from repository variables the user fills', async (name) => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'github' });
    const doc = workflow(tree, name);
    const job = Object.keys(doc.jobs)[0];
    expect(stepUsing(doc, job, 'aws-actions/configure-aws-credentials').with).toEqual({ 'role-to-assume': '${{ vars.TAGDEPLOY_AWS_ROLE_ARN }}', 'aws-region': '${{ vars.AWS_REGION }}' });
    expect(doc.jobs[job].permissions?.['id-token'] ?? doc.permissions['id-token']).toBe('write');
  });

  it("takes the AWS region from the store's settings when they name one", async () => {
    const tree = aWorkspaceWithProducts(stagingAndProduction, { ...sharedBackends, store: { url: 's3://releases/shop', region: 'eu-west-1' } });
    await ciGenerator(tree, { provider: 'github' });
    expect(stepUsing(workflow(tree, 'deploy'), 'deploy', 'aws-actions/configure-aws-credentials').with['aws-region']).toBe('eu-west-1');
  });

  it('logs in to the registry in every job, with a username variable and a password secret', async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'github' });
    for (const [name, job] of [['release', 'release'], ['deploy', 'deploy'], ['promote', 'promote'], ['rollback', 'rollback']]) {
      expect(stepUsing(workflow(tree, name), job, 'docker/login-action').with).toEqual({
        registry: 'ghcr.io',
        username: '${{ vars.TAGDEPLOY_REGISTRY_USERNAME }}',
        password: '${{ secrets.TAGDEPLOY_REGISTRY_PASSWORD }}',
      });
    }
  });

  it('logs in to ECR with the AWS role', async () => {
    const tree = aWorkspaceWithProducts(stagingAndProduction, { ...sharedBackends, registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team' });
    await ciGenerator(tree, { provider: 'github' });
    const doc = workflow(tree, 'release');
    expect(stepUsing(doc, 'release', 'aws-actions/amazon-ecr-login')).toBeDefined();
    expect(stepUsing(doc, 'release', 'docker/login-action')).toBeUndefined();
  });

  it('gives only deployments the GitOps deploy key (a release writes no GitOps commit)', async () => {
    const tree = aWorkspaceWithProducts();
    await ciGenerator(tree, { provider: 'github' });
    expect(stepUsing(workflow(tree, 'deploy'), 'deploy', 'webfactory/ssh-agent').with).toEqual({ 'ssh-private-key': '${{ secrets.TAGDEPLOY_GITOPS_SSH_KEY }}' });
    expect(stepUsing(workflow(tree, 'release'), 'release', 'webfactory/ssh-agent')).toBeUndefined();
  });

  it('pushes to an https GitOps repo with a token secret, never written into the script', async () => {
    const tree = aWorkspaceWithProducts(stagingAndProduction, { ...sharedBackends, gitops: { repo: 'https://github.com/team/gitops.git' } });
    await ciGenerator(tree, { provider: 'github' });
    const step = workflow(tree, 'promote').jobs.promote.steps.find((s: any) => s.name === 'GitOps repo credentials');
    expect(step.env).toEqual({ GITOPS_TOKEN: '${{ secrets.TAGDEPLOY_GITOPS_TOKEN }}' });
    expect(step.run).not.toContain('${{');
  });

  it('needs no registry or GitOps credentials without container products', async () => {
    const tree = aWorkspace({ ...stagingAndProduction, store: 's3://releases/shop' });
    tree.write('apps/web/project.json', JSON.stringify({ name: 'web', root: 'apps/web' }));
    tree.write('apps/web/tagdeploy.json', JSON.stringify({ kind: 'static', outputPath: 'dist/apps/web' }));
    await ciGenerator(tree, { provider: 'github' });
    const text = readText(tree, '.github/workflows/deploy.yml');
    expect(text).toContain('aws-actions/configure-aws-credentials@v4');
    expect(text).not.toContain('docker/login-action');
    expect(text).not.toContain('ssh-agent');
  });

  it('names in its output every variable and secret the workflows read', async () => {
    const tree = aWorkspaceWithProducts();
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    await ciGenerator(tree, { provider: 'github' });
    const said = info.mock.calls.map((call) => String(call[0])).join('\n');
    for (const name of ['TAGDEPLOY_AWS_ROLE_ARN', 'AWS_REGION', 'TAGDEPLOY_REGISTRY_USERNAME', 'TAGDEPLOY_REGISTRY_PASSWORD', 'TAGDEPLOY_GITOPS_SSH_KEY']) expect(said).toContain(name);
  });

  it.each(['github', 'gitlab'])('refuses (%s) while the store, registry and GitOps repo are on this machine, naming each setting and what to set, and writes nothing', async (provider) => {
    const tree = aWorkspaceWithProducts(stagingAndProduction, {});
    const before = changesOf(tree);
    const refusal = ciGenerator(tree, { provider });
    await expect(refusal).rejects.toThrow(/CI runners are thrown away after each job/);
    const message = await refusal.catch((error: Error) => error.message);
    expect(message).toContain('"store" is "file:.tagdeploy/store" (set it to s3://bucket/prefix');
    expect(message).toContain('"registry" is "oci:.tagdeploy/registry" (set it to host/namespace of a real registry');
    expect(message).toContain('"gitops.repo" is "file:.tagdeploy/gitops.git" (set it to the git URL of your GitOps repo');
    expect(changesOf(tree)).toEqual(before);
  });

  it('names only the store for a workspace without container products', async () => {
    const tree = aWorkspace(stagingAndProduction);
    tree.write('apps/web/project.json', JSON.stringify({ name: 'web', root: 'apps/web' }));
    tree.write('apps/web/tagdeploy.json', JSON.stringify({ kind: 'static', outputPath: 'dist/apps/web' }));
    const message = await ciGenerator(tree, { provider: 'github' }).catch((error: Error) => error.message);
    expect(message).toContain('"store" is "file:.tagdeploy/store"');
    expect(message).not.toContain('registry');
    expect(message).not.toContain('gitops');
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
