// What a benchmark module exports to run-bench.ts, and the one line format every figure uses
// (README, "npm run bench"): `BENCH <id> <value> <unit> [target <op><number>]` on stdout.

export interface Benchmark {
  /** Every figure id this benchmark prints starts with this prefix (e.g. "plan."). */
  idPrefix: string;
  /** Runs the figures that `wants` accepts; prints them with `printFigure`. */
  run(wants: (figureId: string) => boolean): Promise<void>;
}

export interface Figure {
  id: string;
  value: number;
  unit: string;
  target?: string;
}

export function printFigure({ id, value, unit, target }: Figure): void {
  process.stdout.write(`BENCH ${id} ${formatValue(value)} ${unit}${target ? ` target ${target}` : ''}\n`);
}

/** True when a figure or group id is selected by the CLI prefix (either one may be the longer). */
export function matchesPrefix(id: string, prefix: string): boolean {
  return id.startsWith(prefix) || prefix.startsWith(id);
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
