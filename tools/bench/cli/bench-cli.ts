// cli.*: the tagdeploy CLI in generated Turborepo workspaces (whole process, node start-up
// included). cli.rollback.*: bench-rollback-cli.ts; cli.plan.turbo.large.*: bench-plan-cli.ts.
import type { Benchmark } from '../benchmark';
import { benchCliPlan, planFigureIds } from './bench-plan-cli';
import { benchCliRollback } from './bench-rollback-cli';

export const cliBenchmark: Benchmark = {
  idPrefix: 'cli.',
  async run(wants) {
    if (wants('cli.rollback.wall_s') || wants('cli.rollback.nx_wall_s')) await benchCliRollback(wants);
    if (planFigureIds.some(wants)) await benchCliPlan(wants);
  },
};
