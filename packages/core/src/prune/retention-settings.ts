// The `retention` setting of a product's tagdeploy.json: what release-prune keeps by default.
import { z } from 'zod';

const durationPattern = /^(\d+)(d|h)$/;

/** "90d" or "12h" in milliseconds; undefined when it is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const match = durationPattern.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * (match[2] === 'd' ? 86_400_000 : 3_600_000);
}

export const retentionSchema = z
  .object({
    keep: z.number().int().min(1).default(10).describe('The newest sealed releases always kept, whatever their age (default 10).'),
    olderThan: z
      .string()
      .refine((value) => parseDuration(value) !== undefined, 'must be a number of days or hours, e.g. "90d" or "12h"')
      .optional()
      .describe('Only releases built longer ago than this may be deleted, e.g. "90d". Absent: age does not protect a release.'),
    rollbackWindow: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe("The last N distinct versions in each env's history are kept, so that a rollback can return to them (default 3, the live one included)."),
  })
  .strict()
  .describe('What release-prune keeps. It never deletes what an env runs, what is in an env\'s rollback window or a promotion source, nor any tag.');

export type RetentionSettings = z.output<typeof retentionSchema>;
