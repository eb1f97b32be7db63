// The credentials steps of a GitHub Actions job, for the backends the settings name. Nothing
// secret is written: each step reads repository variables and secrets the user creates (named in
// the step's comment and in the generator's output). Credentials never go into nx.json.
import type { CiBackends } from './ci-backends';

export type JobKind = 'release' | 'deployment';

/** A variable or secret the user must create for the generated steps. */
export interface CiSetting {
  name: string;
  kind: 'variable' | 'secret';
  what: string;
}

export function ciSettingsNeeded(backends: CiBackends): CiSetting[] {
  const settings: CiSetting[] = [];
  if (backends.aws) {
    settings.push({ name: 'TAGDEPLOY_AWS_ROLE_ARN', kind: 'variable', what: "an IAM role that trusts GitHub's OIDC provider for this repository, allowed on the store's bucket (and CloudFront, ECR where used)" });
    if (!backends.aws.region) settings.push({ name: 'AWS_REGION', kind: 'variable', what: "the bucket's AWS region" });
  }
  if (backends.registry && !backends.registry.ecr) {
    settings.push({ name: 'TAGDEPLOY_REGISTRY_USERNAME', kind: 'variable', what: `a user that may push to ${backends.registry.host}` });
    settings.push({ name: 'TAGDEPLOY_REGISTRY_PASSWORD', kind: 'secret', what: `its password or token for ${backends.registry.host}` });
  }
  if (backends.gitops?.kind === 'https') settings.push({ name: 'TAGDEPLOY_GITOPS_TOKEN', kind: 'secret', what: `a token that may push to the GitOps repo on ${backends.gitops.host}` });
  if (backends.gitops?.kind === 'ssh') settings.push({ name: 'TAGDEPLOY_GITOPS_SSH_KEY', kind: 'secret', what: 'the private half of a deploy key with write access to the GitOps repo' });
  return settings;
}

/** Whether the job needs an OIDC token (AWS role through configure-aws-credentials). */
export const needsIdToken = (backends: CiBackends): boolean => backends.aws !== null;

/** The steps, after checkout and install, that give a job of this kind the credentials its backends need. */
export function renderCredentialSteps(backends: CiBackends, job: JobKind): string {
  const steps: string[] = [];
  if (backends.aws) {
    const region = backends.aws.region ?? '${{ vars.AWS_REGION }}';
    steps.push(`      # AWS through GitHub's OIDC provider (no stored keys): create the repository variable
      # TAGDEPLOY_AWS_ROLE_ARN${backends.aws.region ? '' : ' and AWS_REGION'} (Settings > Secrets and variables > Actions > Variables).
      - name: AWS credentials
        uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: \${{ vars.TAGDEPLOY_AWS_ROLE_ARN }}
          aws-region: ${region}
`);
  }
  if (backends.registry?.ecr) {
    steps.push(`      # The registry is ECR: log in with the AWS role above (it writes the docker config tagdeploy reads).
      - name: Registry login
        uses: aws-actions/amazon-ecr-login@v2
`);
  } else if (backends.registry) {
    steps.push(`      # Log in to ${backends.registry.host} (tagdeploy reads the docker config this writes): create the
      # variable TAGDEPLOY_REGISTRY_USERNAME and the secret TAGDEPLOY_REGISTRY_PASSWORD.
      - name: Registry login
        uses: docker/login-action@v3
        with:
          registry: ${backends.registry.host}
          username: \${{ vars.TAGDEPLOY_REGISTRY_USERNAME }}
          password: \${{ secrets.TAGDEPLOY_REGISTRY_PASSWORD }}
`);
  }
  // Only deployments write to the GitOps repo; a release pushes its tag to this repository.
  if (job === 'deployment' && backends.gitops?.kind === 'https') {
    steps.push(`      # Push to the GitOps repo on ${backends.gitops.host} over https: create the secret TAGDEPLOY_GITOPS_TOKEN.
      - name: GitOps repo credentials
        env:
          GITOPS_TOKEN: \${{ secrets.TAGDEPLOY_GITOPS_TOKEN }}
        run: git config --global url."https://x-access-token:$GITOPS_TOKEN@${backends.gitops.host}/".insteadOf "https://${backends.gitops.host}/"
`);
  }
  if (job === 'deployment' && backends.gitops?.kind === 'ssh') {
    steps.push(`      # Push to the GitOps repo over ssh: create the secret TAGDEPLOY_GITOPS_SSH_KEY (a deploy key with write access).
      - name: GitOps repo credentials
        uses: webfactory/ssh-agent@v0.9.0
        with:
          ssh-private-key: \${{ secrets.TAGDEPLOY_GITOPS_SSH_KEY }}
`);
  }
  return steps.join('');
}
