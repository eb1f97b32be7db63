// @tagdeploy/nx: the Nx plugin. Nx loads createNodes from here; executors and generators are
// declared in executors.json and generators.json.
export { createNodes, createNodes as createNodesV2 } from './plugin/create-nodes';
export const name = '@tagdeploy/nx';
