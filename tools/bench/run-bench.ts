// `npm run bench -- [prefix]`: runs every registered benchmark that has figures whose id starts
// with the prefix (no prefix: all of them). Add a benchmark by adding it to the registry below.
import { matchesPrefix, type Benchmark } from './benchmark';
import { planBenchmark } from './plan/bench-plan';
import { publishBenchmark } from './publish/bench-publish';
import { rollbackBenchmark } from './rollback/bench-rollback';
import { promoteBenchmark } from './promote/bench-promote';
import { cliBenchmark } from './cli/bench-cli';
import { pluginBenchmark } from './plugin/bench-plugin';
import { deployBenchmark } from './deploy/bench-deploy';
import { vsNxReleaseBenchmark } from './plan/bench-vs-nx-release';

const registry: Benchmark[] = [planBenchmark, vsNxReleaseBenchmark, publishBenchmark, rollbackBenchmark, promoteBenchmark, cliBenchmark, pluginBenchmark, deployBenchmark];

async function main(): Promise<void> {
  const prefix = process.argv[2] ?? '';
  const selected = registry.filter((benchmark) => matchesPrefix(benchmark.idPrefix, prefix));
  if (selected.length === 0) {
    const known = registry.map((benchmark) => benchmark.idPrefix).join(', ');
    throw new Error(`No benchmark has figures starting with "${prefix}". Known prefixes: ${known}.`);
  }
  for (const benchmark of selected) await benchmark.run((id) => id.startsWith(prefix));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
