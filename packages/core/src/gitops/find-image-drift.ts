// How an env file differs from what tagdeploy wrote there (pure): against the sealed release of
// the version it names (another repository or digest, a version never released, no version at
// all after deployments), and against the image of tagdeploy's last deployment commit (an edit
// made outside tagdeploy). Only the image fields count: other edits of the file are GitOps as usual.
import type { GitopsEnvState } from './read-gitops-env-state';
import type { SealedImage } from './read-release-image';
import { formatImageRef } from './read-env-image';

export interface ImageDrift {
  /** The file disagrees with the sealed release (promote refuses such a source). */
  release: string | null;
  /** The image fields were set outside a tagdeploy deployment. */
  edit: string | null;
}

/** `sealed`: the sealed image of the version the file names (undefined when it names none). Null: no drift. */
export function findImageDrift(state: GitopsEnvState, sealed: SealedImage | undefined): ImageDrift | null {
  const last = state.history.at(-1);
  const image = state.image;
  if (!image?.tag) {
    if (!last || !state.exists) return null;
    const what = image === null ? `has no image entry for ${state.product}` : 'names no version';
    return { release: `${state.path} ${what}, but tagdeploy last set ${last.image ?? last.version} there`, edit: null };
  }
  const running = formatImageRef(image, state.product);
  const release = sealed === undefined ? null : releaseDrift(state, running, image.repository ?? image.name, image.digest, sealed);
  const edit = editDrift(state, running);
  return release || edit ? { release, edit } : null;
}

function releaseDrift(state: GitopsEnvState, running: string, repository: string | null, digest: string | null, sealed: SealedImage): string | null {
  if ('missing' in sealed) return `${state.path} names ${running}, but ${sealed.missing}`;
  if (repository === sealed.image.repository && digest === sealed.image.digest) return null;
  return `${state.path} names ${running}, but release.json of ${state.image?.tag} has ${sealed.image.repository}@${sealed.image.digest}`;
}

function editDrift(state: GitopsEnvState, running: string): string | null {
  const last = state.history.at(-1);
  if (last?.image === running || (last && last.image === null && last.version === state.image?.tag)) return null;
  const by = state.lastCommit ? ` (commit ${state.lastCommit.sha.slice(0, 7)} by ${state.lastCommit.authorName})` : '';
  return last ? `set outside tagdeploy${by}; tagdeploy last set ${last.image ?? last.version}` : `set outside tagdeploy${by}`;
}

/** One line for release-status. */
export const formatImageDrift = (drift: ImageDrift): string => [drift.release, drift.edit].filter(Boolean).join('; ');
