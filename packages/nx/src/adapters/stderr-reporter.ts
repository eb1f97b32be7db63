// Progress for humans on stderr, prefixed with the product, so that stdout stays for results.
import { createProgressMeter, renderMessage, type CommandSpelling, type Reporter } from '@tagdeploy/core';

export function stderrReporter(product: string, spelling: CommandSpelling): Reporter {
  return {
    info: (message) => process.stderr.write(`[${product}] ${renderMessage(message, spelling)}\n`),
    warn: (message) => process.stderr.write(`[${product}] warning: ${renderMessage(message, spelling)}\n`),
    progress: (label, totals) =>
      createProgressMeter({ label: `[${product}] ${label}`, totalFiles: totals.files, totalBytes: totals.bytes, sink: process.stderr }),
  };
}
