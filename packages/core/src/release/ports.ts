// Small ports the release flow needs besides Git and ObjectStore.
import type { ProgressMeter } from '../report/progress-meter';

/** Builds one product once, for one version, and leaves its output in the product's outputPath. */
export interface ProductBuilder {
  /**
   * Runs the product's build target with TAGDEPLOY_VERSION, TAGDEPLOY_TAG and TAGDEPLOY_COMMIT
   * set, never from a cache filled for another version. Throws BUILD_FAILED on failure.
   * `checkout`: build in this checkout of the repository (its workspace root) instead of the
   * workspace itself; a rebuild of a release builds its tag there (see rebuild-release.ts).
   */
  build(request: { product: string; target: string; version: string; tag: string; commit: string; checkout?: string }): Promise<void>;
}

/** Human progress, on stderr. Results go to stdout through the caller, never through here. */
export interface Reporter {
  info(message: string): void;
  warn(message: string): void;
  /** A progress meter for a transfer of known size (a bar on a terminal, periodic lines in logs). */
  progress(label: string, totals: { files: number; bytes: number }): ProgressMeter;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const silentReporter: Reporter = {
  info: () => undefined,
  warn: () => undefined,
  progress: () => ({ advance: () => undefined, done: () => undefined }),
};
