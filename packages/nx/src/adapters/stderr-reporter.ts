// Progress for humans on stderr, prefixed with the product, so that stdout stays for results.
import { createProgressMeter, type Reporter } from '@tagdeploy/core';

export function stderrReporter(product: string): Reporter {
  return {
    info: (message) => process.stderr.write(`[${product}] ${message}\n`),
    warn: (message) => process.stderr.write(`[${product}] warning: ${message}\n`),
    progress: (label, totals) =>
      createProgressMeter({ label: `[${product}] ${label}`, totalFiles: totals.files, totalBytes: totals.bytes, sink: process.stderr }),
  };
}
