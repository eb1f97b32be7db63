// An image whose entrypoint program is not inside it would be pushed, deployed and crash in every
// pod. Checked on the image's own files before anything is pushed.
import { containerError } from './container-error';
import { findProgram, type ImageFileTree } from './image-file-tree';
import type { ImageConfig } from './oci-types';

export interface EntrypointContext {
  /** "payments-api 0.2.0" or "the base image docker.io/library/node:20-slim plus the build output". */
  image: string;
  /** What to change, e.g. 'set "baseImage" in services/api/tagdeploy.json to an image that has it'. */
  fix: string;
}

export function checkImageEntrypoint(tree: ImageFileTree, config: ImageConfig, context: EntrypointContext): void {
  const command = [...(config.config?.Entrypoint ?? []), ...(config.config?.Cmd ?? [])];
  const program = command[0];
  if (!program) throw containerError('IMAGE_ENTRYPOINT_MISSING', `${context.image} has no entrypoint or command: a pod would not start. ${context.fix}; nothing was pushed.`);
  const found = findProgram(tree, program, { env: config.config?.Env ?? [], workingDir: config.config?.WorkingDir });
  if (found) return;
  const where = program.includes('/') ? `no executable file ${program}` : `no executable "${program}" on its PATH`;
  throw containerError('IMAGE_ENTRYPOINT_MISSING', `${context.image} has ${where}, so its entrypoint ${JSON.stringify(command)} cannot start. ${context.fix}; nothing was pushed.`);
}
