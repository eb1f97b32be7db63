// Checks the product generator's options against the Tree before anything is written, so that a
// refused run leaves the tree unchanged. Pure reads of the Tree; every refusal says what to pass.
import { getProjects, normalizePath, type ProjectConfiguration, type Tree } from '@nx/devkit';
import { refuse } from '../shared/generator-error';

export const productKinds = ['static', 'container'] as const;
export type ScaffoldKind = (typeof productKinds)[number];

export interface ProductGeneratorOptions {
  name?: string;
  kind?: string;
  directory?: string;
  project?: string;
  buildTarget?: string;
  outputPath?: string;
  skipFormat?: boolean;
}

export type NormalizedProductOptions =
  | { mode: 'existing'; name: string; kind: ScaffoldKind; project: ProjectConfiguration; buildTarget?: string; outputPath?: string }
  | { mode: 'new'; name: string; kind: ScaffoldKind; root: string; rerun: boolean };

const namePattern = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;

export function normalizeProductOptions(tree: Tree, options: ProductGeneratorOptions): NormalizedProductOptions {
  const kind = parseKind(options.kind);
  const projects = getProjects(tree);
  if (options.project !== undefined) {
    const project = projects.get(options.project);
    if (!project) {
      const known = [...projects.keys()].sort();
      refuse('NOT_A_PRODUCT', `No project named "${options.project}" in this workspace. Pass --project=<name> of an existing project${known.length ? ` (one of: ${known.join(', ')})` : ''}, or leave --project out to scaffold a new product.`);
    }
    if (options.name !== undefined && options.name !== options.project) {
      refuse('INVALID_CONFIG', `With --project the product is the project itself: leave the name out or pass "${options.project}" (got "${options.name}").`);
    }
    return { mode: 'existing', name: options.project, kind, project, buildTarget: options.buildTarget, outputPath: options.outputPath };
  }
  const name = parseName(options.name);
  const root = parseDirectory(options.directory ?? `${kind === 'static' ? 'apps' : 'services'}/${name}`);
  const existing = projects.get(name);
  const rerun = existing !== undefined && normalizePath(existing.root) === root;
  if (existing && !rerun) {
    refuse('INVALID_CONFIG', `A project named "${name}" already exists at ${existing.root}. To make it deployable run "nx g @tagdeploy/nx:product --project=${name} --kind=${kind}", or pick another name.`);
  }
  if (!rerun && tree.exists(root)) {
    refuse('INVALID_CONFIG', `The folder ${root} already exists. Pass --directory=<a new folder>, or --project=<name> to make an existing project deployable.`);
  }
  return { mode: 'new', name, kind, root, rerun };
}

function parseKind(kind: string | undefined): ScaffoldKind {
  if (kind !== undefined && (productKinds as readonly string[]).includes(kind)) return kind as ScaffoldKind;
  return refuse('INVALID_CONFIG', `${kind === undefined ? 'No kind given' : `"${kind}" is not a kind the product generator knows`}: pass --kind=static (files for a CDN) or --kind=container (an OCI image).`);
}

function parseName(name: string | undefined): string {
  if (name !== undefined && namePattern.test(name)) return name;
  return refuse('INVALID_CONFIG', `${name === undefined ? 'No product name given' : `"${name}" is not a valid project name`}: use lowercase letters, digits, ".", "_" and "-", starting and ending with a letter or digit (e.g. "checkout" or "payments-api").`);
}

function parseDirectory(directory: string): string {
  const root = normalizePath(directory).replace(/^\.\//, '').replace(/\/+$/, '');
  if (root === '' || root.startsWith('/') || /^[A-Za-z]:/.test(root) || root.split('/').includes('..')) {
    refuse('INVALID_CONFIG', `--directory=${directory} must be a folder inside the workspace, relative to its root (e.g. apps/checkout).`);
  }
  return root;
}
