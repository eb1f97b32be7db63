import { formatPrice } from '@shop/utils';

export function describe(product: string): string {
  return `lazy chunk: loaded (${product}, free shipping over ${formatPrice(5000)})`;
}
