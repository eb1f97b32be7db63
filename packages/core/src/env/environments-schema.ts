// The `environments` plugin option: named targets, their promotion path, approval and router.
// The schema checks each env alone; environmentProblems() checks them together (promoteFrom
// names a declared env, no promotion cycle) and the schema runs it too, so pluginOptionsSchema
// reports every problem at once with its path.
import { z } from 'zod';

export const envNamePattern = /^[a-z0-9][a-z0-9._-]*$/i;

export const routerSchema = z
  .discriminatedUnion('type', [
    z
      .object({ type: z.literal('local').describe('The serve-release server reads the env pointer on each request.') })
      .strict(),
    z
      .object({
        type: z.literal('cloudfront-kvs').describe('A CloudFront Function maps the env to the release prefix through a KeyValueStore.'),
        kvsArn: z.string().min(1).describe('ARN of the CloudFront KeyValueStore.'),
        key: z.string().min(1).optional().describe('Key that holds the live version (default: "<product>/<env>").'),
      })
      .strict(),
    z
      .object({
        type: z.literal('cloudfront-origin').describe("The distribution's origin path points at the release prefix; switches invalidate the cache."),
        distributionId: z.string().min(1).describe('Id of the CloudFront distribution.'),
        originId: z.string().min(1).optional().describe('Id of the origin to repoint (default: the only origin).'),
      })
      .strict(),
  ])
  .describe('What makes the env pointer take effect for users.');

const approvalSchema = z
  .union([
    z.enum(['required', 'none']),
    z
      .object({
        required: z.boolean().default(true).describe('Changes need an approver (default true).'),
        distinctApprover: z
          .boolean()
          .default(false)
          .describe('Four eyes: the approver must be someone other than the person who asks for the change (their own "yes" or --approved-by does not count).'),
      })
      .strict(),
  ])
  .default('none')
  .describe(
    '"required": changes need an approver (a confirmation in a terminal, or --approve --approved-by in CI). { "required": true, "distinctApprover": true }: the approver must also differ from the requester.',
  );

type ApprovalInput = z.output<typeof approvalSchema>;

/** The approval rules of an env, from either shape of its "approval" setting. */
export function approvalPolicy(approval: ApprovalInput): { approval: 'required' | 'none'; distinctApprover: boolean } {
  if (typeof approval === 'string') return { approval, distinctApprover: false };
  return { approval: approval.required ? 'required' : 'none', distinctApprover: approval.required && approval.distinctApprover };
}

export const environmentSchema = z
  .object({
    promoteFrom: z
      .string()
      .min(1)
      .optional()
      .describe('The environment this one is promoted from: "promote" takes exactly the release it runs.'),
    approval: approvalSchema,
    router: routerSchema.default({ type: 'local' }),
    requireSignature: z
      .boolean()
      .default(false)
      .describe('Deploy, promote and rollback refuse a release whose signed provenance is missing or does not verify (signature, release.json, every stored byte, the image digest) with the workspace signing.publicKey.'),
  })
  .strict()
  .superRefine((env, ctx) => {
    const approval = env.approval;
    if (typeof approval === 'object' && !approval.required && approval.distinctApprover) {
      ctx.addIssue({ code: 'custom', path: ['approval', 'distinctApprover'], message: 'a distinct approver needs approval: set "required": true, or drop "distinctApprover"' });
    }
  })
  // One shape for the engine: approval required or not, and whether the approver must differ from the requester.
  .transform(({ approval, ...env }) => ({ ...env, ...approvalPolicy(approval) }))
  .describe('One environment.');


export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type EnvironmentConfigInput = z.input<typeof environmentSchema>;
export type RouterConfig = z.output<typeof routerSchema>;
export type EnvironmentsConfig = Record<string, EnvironmentConfig>;

export interface EnvironmentProblem {
  /** Path inside the environments option, e.g. ["production", "promoteFrom"]. */
  path: string[];
  message: string;
}

type PromotionGraph = Record<string, { promoteFrom?: string }>;

/**
 * Problems across environments: bad names, unknown promoteFrom, promoting from itself, promotion
 * cycles. Takes input that may be invalid in other ways (it looks only at names and promoteFrom).
 */
export function environmentProblems(environments: Record<string, unknown>): EnvironmentProblem[] {
  const graph: PromotionGraph = Object.fromEntries(
    Object.entries(environments).map(([name, env]) => {
      const from = (env as { promoteFrom?: unknown } | null)?.promoteFrom;
      return [name, typeof from === 'string' ? { promoteFrom: from } : {}];
    }),
  );
  const names = Object.keys(graph);
  const problems: EnvironmentProblem[] = names
    .filter((name) => !envNamePattern.test(name))
    .map((name) => ({ path: [name], message: `"${name}" is not a valid environment name: use letters, digits, ".", "_" and "-", starting with a letter or digit` }));
  for (const [name, env] of Object.entries(graph)) {
    const from = env.promoteFrom;
    if (from === undefined) continue;
    if (from === name) problems.push({ path: [name, 'promoteFrom'], message: `"${name}" cannot be promoted from itself` });
    else if (!Object.hasOwn(graph, from)) {
      problems.push({ path: [name, 'promoteFrom'], message: `"${from}" is not a declared environment (declared: ${names.join(', ')})` });
    }
  }
  for (const cycle of promotionCycles(graph)) {
    problems.push({ path: [cycle[0], 'promoteFrom'], message: `promotion cycle: ${[...cycle, cycle[0]].join(' <- ')}` });
  }
  return problems;
}

/** Each cycle of length >= 2 once, starting at its alphabetically first env. */
function promotionCycles(environments: PromotionGraph): string[][] {
  const cycles = new Map<string, string[]>();
  for (const start of Object.keys(environments)) {
    const seen: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && Object.hasOwn(environments, current) && !seen.includes(current)) {
      seen.push(current);
      current = environments[current].promoteFrom;
    }
    if (current === undefined || !seen.includes(current)) continue;
    const loop = seen.slice(seen.indexOf(current));
    if (loop.length < 2) continue; // promoting from itself is reported on its own
    const first = [...loop].sort()[0];
    const rotated = [...loop.slice(loop.indexOf(first)), ...loop.slice(0, loop.indexOf(first))];
    cycles.set(rotated.join('\0'), rotated);
  }
  return [...cycles.values()];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const environmentsSchema = z
  .record(z.string(), environmentSchema)
  .superRefine(
    (environments, ctx) => {
      for (const problem of environmentProblems(environments)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    },
    // Also when an env has other problems, so that every problem is reported at once.
    { when: (payload) => isPlainObject(payload.value) },
  )
  .describe('Environments a product can be deployed to, by name (e.g. staging, production), with their promotion path, approval and router.');
