// The plugin's "registry" option, parsed (pure): "oci:<folder>" is the embedded registry (image
// layouts in a folder relative to the workspace); anything else is host[:port][/namespace].
import { isAbsolute, join } from 'node:path';
import { containerError } from './container-error';

export type RegistryLocation =
  | { kind: 'layout'; root: string; display: string }
  | { kind: 'distribution'; host: string; namespace: string; display: string };

export function parseRegistryLocation(option: string, workspaceRoot: string): RegistryLocation {
  const value = option.trim();
  if (value.startsWith('oci:')) {
    const folder = value.slice('oci:'.length);
    if (!folder) throw invalid(option);
    return { kind: 'layout', root: isAbsolute(folder) ? folder : join(workspaceRoot, folder), display: value };
  }
  const withoutScheme = value.replace(/^(https?|docker):\/\//, '').replace(/\/+$/, '');
  const [host, ...path] = withoutScheme.split('/');
  if (!host || !/^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9a-fA-F:]+\](:\d+)?$/.test(host) || path.some((part) => !part)) throw invalid(option);
  return { kind: 'distribution', host, namespace: path.join('/').toLowerCase(), display: withoutScheme };
}

/** The repository an image goes to: "<namespace>/<image>" in a registry, "<image>" in a layout folder. */
export function repositoryFor(location: RegistryLocation, image: string): string {
  return location.kind === 'distribution' && location.namespace ? `${location.namespace}/${image}` : image;
}

/** How a user pulls it: "host/ns/image" or "oci:<folder>/image". */
export function pullNameFor(location: RegistryLocation, image: string): string {
  return location.kind === 'distribution' ? `${location.host}/${repositoryFor(location, image)}` : `${location.display.replace(/\/+$/, '')}/${image}`;
}

function invalid(option: string): Error {
  return containerError('INVALID_CONFIG', `The "registry" option "${option}" is neither oci:<folder> nor host[:port][/namespace]. Examples: "oci:.tagdeploy/registry", "registry.example.com/team", "127.0.0.1:5000".`);
}
