// Parses a pointer or history entry read from the store; a broken one is an error naming the key.
import { z } from 'zod';
import { TagdeployError } from '../errors/tagdeploy-error';
import type { EnvPointer } from './env-state';

const envPointerSchema = z.object({
  product: z.string(),
  env: z.string(),
  version: z.string().min(1),
  previousVersion: z.string().nullable(),
  seq: z.number().int().positive(),
  action: z.enum(['deploy', 'promote', 'rollback']),
  deployedAt: z.string(),
  deployedBy: z.string(),
  approvedBy: z.string().nullable(),
  reason: z.string().nullable(),
});

export function parseEnvPointer(body: Buffer, where: string): EnvPointer {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw invalid(where, `not JSON (${(error as Error).message})`);
  }
  const result = envPointerSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw invalid(where, problems.join('; '));
  }
  return result.data;
}

function invalid(where: string, detail: string): TagdeployError {
  return new TagdeployError(
    'ENV_STATE_INVALID',
    `${where} is not a valid env record: ${detail}. It was changed by hand or by another tool: restore it from the env's history folder, or fix it by hand.`,
  );
}
