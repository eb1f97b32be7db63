/** A cart line: what the shop's frontends and other teams' services send to checkout. */
export interface CartLine {
  sku: string;
  quantity: number;
  /** Unit price in cents. */
  unitPrice: number;
}

/** The total of a cart in cents. */
export function cartTotal(lines: readonly CartLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
}
