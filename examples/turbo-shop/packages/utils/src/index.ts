/** Formats an amount in cents as euros, e.g. 1999 -> "€19.99". */
export function formatPrice(cents: number): string {
  return `€${(cents / 100).toFixed(2)}`;
}

/** "1.2.3" -> "v1.2.3"; anything empty -> "dev". */
export function versionLabel(version: string | undefined): string {
  return version ? `v${version}` : 'dev';
}
