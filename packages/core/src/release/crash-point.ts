// A fault-injection point for end-to-end tests of resumability: with
// TAGDEPLOY_CRASH_AT=<step>:<count> the process kills itself (SIGKILL, no cleanup, like a lost
// CI runner) when <step> reaches <count>. Unset, it does nothing.

export function crashPoint(step: string, count: number): void {
  const spec = process.env.TAGDEPLOY_CRASH_AT;
  if (spec && spec === `${step}:${count}`) process.kill(process.pid, 'SIGKILL');
}
