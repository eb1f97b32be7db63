// The npm registry as the npm CLI sees it, for one registry URL: reachability, auth, what a
// version holds, publishing a tarball, and dist-tags. Every call names the registry explicitly
// (also for the package's scope, which npm would otherwise look up first), so a release never
// goes to another registry than the one it checked; auth stays in the user's npm config.
import { TagdeployError } from '../errors/tagdeploy-error';
import { runNpm, type NpmRun } from './run-npm';

const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED']);
const authCodes = new Set(['E401', 'ENEEDAUTH', 'EOTP']);

export interface NpmRegistryOptions {
  /** The registry URL, e.g. "https://registry.npmjs.org/". */
  url: string;
  /** Where npm runs (the workspace root: its .npmrc counts). */
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export class NpmRegistry {
  constructor(private readonly options: NpmRegistryOptions) {}

  get url(): string {
    return this.options.url;
  }

  /** Throws REGISTRY_UNAVAILABLE when the registry does not answer. */
  async checkReachable(product: string): Promise<void> {
    const run = await this.npm(['ping'], '');
    if (run.code !== 0) throw this.unavailable(product, run);
  }

  /** Throws REGISTRY_AUTH when the npm config holds no auth the registry takes; returns the user name. */
  async checkAuth(product: string, name: string): Promise<string> {
    const run = await this.npm(['whoami'], name);
    if (run.code === 0) return run.stdout.trim();
    if (run.errorCode && unreachableCodes.has(run.errorCode)) throw this.unavailable(product, run);
    throw new TagdeployError(
      'REGISTRY_AUTH',
      `${this.url} refused the npm auth of this machine for ${product} (${run.errorCode ?? 'no code'}: ${run.summary}). Log in with "npm login --registry=${this.url}" (or put a token for it in your npm config, e.g. NPM_TOKEN in CI) and run again; nothing was tagged or published.`,
    );
  }

  /** The integrity ("sha512-...") of name@version on the registry, or null when it has no such version. */
  async readIntegrity(name: string, version: string): Promise<string | null> {
    const run = await this.npm(['view', `${name}@${version}`, 'dist.integrity', '--json'], name);
    if (run.code !== 0) {
      if (run.errorCode === 'E404') return null;
      throw this.failed(`read ${name}@${version} from`, run);
    }
    const text = run.stdout.trim();
    // A version range that matches nothing prints nothing; a match prints the one string.
    return text ? (JSON.parse(text) as string) : null;
  }

  /** Publishes a tarball under a dist-tag; the caller decides what a refusal means. */
  async publish(tarball: string, name: string, flags: { tag: string; provenance: boolean }): Promise<NpmRun> {
    return this.npm(['publish', tarball, '--tag', flags.tag, '--ignore-scripts', ...(flags.provenance ? ['--provenance'] : [])], name);
  }

  /** Every dist-tag of the package (empty when the registry has no such package). */
  async readDistTags(name: string): Promise<Record<string, string>> {
    const run = await this.npm(['view', name, 'dist-tags', '--json'], name);
    if (run.code !== 0) {
      if (run.errorCode === 'E404') return {};
      throw this.failed(`read the dist-tags of ${name} from`, run);
    }
    const text = run.stdout.trim();
    return text ? (JSON.parse(text) as Record<string, string>) : {};
  }

  async addDistTag(name: string, version: string, tag: string): Promise<void> {
    const run = await this.npm(['dist-tag', 'add', `${name}@${version}`, tag], name);
    if (run.code !== 0) throw this.failed(`set dist-tag ${tag} of ${name} to ${version} on`, run);
  }

  private npm(args: string[], name: string): Promise<NpmRun> {
    const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : null;
    const registry = ['--registry', this.url, ...(scope ? [`--${scope}:registry=${this.url}`] : [])];
    // One quick retry instead of npm's default two after 10 s and more: a registry that does not answer is reported, not waited for.
    const retries = args[0] === 'publish' ? [] : ['--fetch-retries=1', '--fetch-retry-mintimeout=1000', '--fetch-retry-maxtimeout=3000'];
    return runNpm([...args, ...registry, ...retries], { cwd: this.options.cwd, env: this.options.env });
  }

  private unavailable(product: string, run: NpmRun): TagdeployError {
    return new TagdeployError(
      'REGISTRY_UNAVAILABLE',
      `The npm registry ${this.url} of ${product} did not answer (${run.errorCode ?? 'no code'}: ${run.summary}). Check "registry" in its tagdeploy.json or your npm config, and the network; nothing was tagged or published.`,
    );
  }

  private failed(what: string, run: NpmRun): TagdeployError {
    if (run.errorCode && unreachableCodes.has(run.errorCode)) return new TagdeployError('REGISTRY_UNAVAILABLE', `Could not ${what} ${this.url}: it did not answer (${run.errorCode}: ${run.summary}). Check the registry URL and the network, then run again.`);
    if (run.errorCode && authCodes.has(run.errorCode)) return new TagdeployError('REGISTRY_AUTH', `Could not ${what} ${this.url}: it refused the npm auth of this machine (${run.errorCode}: ${run.summary}). Log in with "npm login --registry=${this.url}" and run again.`);
    return new TagdeployError('REGISTRY_ERROR', `Could not ${what} ${this.url} (${run.errorCode ?? 'no code'}: ${run.summary}). Run again; if it keeps failing, check the registry.`);
  }
}
