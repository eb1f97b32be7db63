import { formatPrice } from 'utils';

export function describe(product: string, version: string): string {
  return `lazy chunk: loaded (${product} v${version}, free shipping over ${formatPrice(5000)})`;
}
