// Reads and checks a release.json; undefined when the release is not sealed.
import { z } from 'zod';
import { TagdeployError } from '../errors/tagdeploy-error';
import { manifestKey, type ReleaseManifest } from '../release/release-manifest';
import type { ObjectStore } from '../store/object-store';
import { command } from '../commands/spelling';

const manifestSchema: z.ZodType<ReleaseManifest> = z.object({
  schemaVersion: z.literal(1),
  product: z.string(),
  kind: z.enum(['static', 'container', 'npm']),
  version: z.string(),
  tag: z.string(),
  commit: z.string(),
  builtAt: z.string(),
  tool: z.object({ name: z.literal('@tagdeploy/core'), version: z.string() }),
  changelog: z.string(),
  files: z.array(
    z.object({ path: z.string(), size: z.number(), sha256: z.string(), contentType: z.string(), cacheControl: z.string().optional() }),
  ),
  image: z.object({ repository: z.string(), reference: z.string(), digest: z.string() }).optional(),
  package: z.object({ name: z.string(), registry: z.string(), tarball: z.string(), integrity: z.string(), shasum: z.string() }).optional(),
});

export async function readReleaseManifest(store: ObjectStore, product: string, version: string): Promise<ReleaseManifest | undefined> {
  const key = manifestKey(product, version);
  const object = await store.get(key);
  if (!object) return undefined;
  const where = `${store.url}/${key}`;
  let json: unknown;
  try {
    json = JSON.parse(object.body.toString('utf8'));
  } catch (error) {
    throw corrupt(where, product, `it is not JSON (${(error as Error).message})`);
  }
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    throw corrupt(where, product, result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; '));
  }
  if (result.data.product !== product || result.data.version !== version) {
    throw corrupt(where, product, `it describes ${result.data.product} ${result.data.version}`);
  }
  return result.data;
}

function corrupt(where: string, product: string, detail: string): TagdeployError {
  return new TagdeployError('RELEASE_CORRUPT', `${where} is not a valid release manifest: ${detail}. Seal the release again with "${command('release', product)}" from its tag, or deploy another release.`);
}
