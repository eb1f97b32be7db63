// What the status page shows, read once: every product's status with each env's history (through
// the env backend of its kind, as `status --history` reads it), and every sealed release of it
// with its changelog section, so the page can show the changelog between any two versions.
import { readStatus, type ProductStatus } from '../commands/read-status';
import type { Host } from '../commands/host';
import { listProducts, loadProductContext } from '../commands/load-product-context';
import { mapWithConcurrency } from '../env/map-with-concurrency';
import { readReleaseCatalog } from '../env/read-release-catalog';
import { readReleaseManifest } from '../env/read-release-manifest';

export interface PageRelease {
  version: string;
  tag: string;
  commit: string;
  builtAt: string;
  /** The release's changelog section (markdown), as sealed in its release.json. */
  changelog: string;
}

export interface PageProduct {
  product: string;
  kind: string;
  /** The envs in promotion order, each with its history (newest first). */
  status: ProductStatus;
  /** Sealed releases, oldest first. */
  releases: PageRelease[];
}

export interface StatusPageFacts {
  /** ISO time the page was made. */
  generatedAt: string;
  /** Every env of the workspace, in declared order: the columns. */
  envs: string[];
  products: PageProduct[];
}

export async function readStatusPageFacts(host: Host): Promise<StatusPageFacts> {
  const names = listProducts(host);
  const products = await mapWithConcurrency(names, 2, (product) => readPageProduct(host, product));
  const envs = [...new Set(products.flatMap((entry) => entry.status.envs.map((row) => row.env)))];
  return { generatedAt: host.clock.now().toISOString(), envs, products };
}

async function readPageProduct(host: Host, product: string): Promise<PageProduct> {
  const context = loadProductContext(host, product);
  const { result: status } = await readStatus({ product, history: true }, host);
  const { sealed } = await readReleaseCatalog(context.store, product);
  const manifests = await mapWithConcurrency(sealed, 4, (version) => readReleaseManifest(context.store, product, version).catch(() => undefined));
  const releases = manifests.flatMap((manifest) => (manifest ? [{ version: manifest.version, tag: manifest.tag, commit: manifest.commit, builtAt: manifest.builtAt, changelog: manifest.changelog }] : []));
  return { product, kind: context.config.kind, status, releases };
}
