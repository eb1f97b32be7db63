// The router of npm products: an environment is the registry's dist-tag of the same name
// ("next", "latest"). Activating a release points the dist-tag at its version; the pointer and
// history stay in the store like a static product's, so deploy, promote, rollback, approval and
// history are the same. Reading the dist-tag back is how release-status sees a tag moved by hand.
import type { Router, RouterActivation, RouterTarget } from '../env/router-port';
import type { NpmRegistry } from '../npm/npm-registry';

export class DistTagRouter implements Router {
  readonly type = 'npm dist-tag';

  constructor(
    private readonly registry: NpmRegistry,
    private readonly packageName: string,
  ) {}

  async activate(target: RouterTarget): Promise<RouterActivation> {
    const tags = await this.registry.readDistTags(this.packageName);
    if (tags[target.env] !== target.version) await this.registry.addDistTag(this.packageName, target.version, target.env);
    return { status: 'switched', detail: `${this.packageName}@${target.env} is ${target.version} on ${this.registry.url}` };
  }

  async readLive(target: { env: string }): Promise<string | null> {
    return (await this.registry.readDistTags(this.packageName))[target.env] ?? null;
  }
}
