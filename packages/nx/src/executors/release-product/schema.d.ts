import type { ReleaseProductRequest } from '@tagdeploy/core';

/** The target's options (schema.json): the command's request for this project, and where the result goes. */
export interface ReleaseProductOptions extends Omit<ReleaseProductRequest, 'product'> {
  json?: boolean;
  outputFile?: string;
  /** An npm product: release the npm products its package depends on first. */
  withDependencies?: boolean;
}
