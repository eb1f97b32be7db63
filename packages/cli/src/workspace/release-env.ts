// What every builder hands the build: the release it is building, as TAGDEPLOY_* variables.
import type { ProductBuilder } from '@tagdeploy/core';

export type BuildRequest = Parameters<ProductBuilder['build']>[0];

export function releaseEnv(request: BuildRequest): Record<string, string> {
  return { TAGDEPLOY_VERSION: request.version, TAGDEPLOY_TAG: request.tag, TAGDEPLOY_COMMIT: request.commit };
}
