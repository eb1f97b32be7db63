// The marker of a prune in progress: written before the seal is removed, removed last, so that a
// killed prune leaves a folder a rerun recognizes and finishes (and nobody mistakes for a release
// in progress, or for a sealed release with files missing).
import { releasePrefix } from '../release/release-manifest';

export const pruneMarkerKey = (product: string, version: string): string => `${releasePrefix(product, version)}pruning.json`;
