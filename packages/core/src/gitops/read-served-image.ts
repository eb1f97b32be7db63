// What an env of a container product runs, for the local router: the image its GitOps file pins
// (repository, tag, digest) and the registry that holds it. null: the env runs nothing yet.
import type { ImageToRun } from '../container/image-runner';
import type { RegistryAccessOptions } from '../container/resolve-image-registry';
import type { GitopsLayout } from './gitops-config';
import { envFilePath } from './gitops-layout';
import type { GitOpsRepo } from './gitops-repo';
import { locateReleaseImage } from './locate-release-image';
import { formatImageRef, readEnvImage } from './read-env-image';

export async function readServedImage(
  repo: GitOpsRepo,
  ref: { layout: GitopsLayout; product: string; env: string; workspaceRoot: string; access?: RegistryAccessOptions },
): Promise<(ImageToRun & { version: string }) | null> {
  const path = envFilePath(ref.layout, ref.product, ref.env);
  const text = await (await repo.fetch()).read(path);
  if (text === null) return null;
  const image = readEnvImage(text, { layout: ref.layout, path, product: ref.product, repository: null });
  if (!image?.digest || !image.repository) return null;
  const located = locateReleaseImage(image.repository, ref.workspaceRoot, ref.access);
  const version = image.tag ?? image.digest;
  return { storage: located.registry, repository: located.repository, digest: image.digest, version, what: `${ref.product} ${version} (${formatImageRef(image)})` };
}
