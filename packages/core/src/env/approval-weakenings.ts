// How an env's local settings weaken its approval compared with the committed ones (pure): no
// longer required, no longer a distinct approver, or promoted from another env. A strengthening
// edit, an env that is not committed yet, and settings outside approval (the router) are fine.
import { environmentSchema, type EnvironmentConfig } from './environments-schema';

type ApprovalSettings = Pick<EnvironmentConfig, 'approval' | 'distinctApprover' | 'promoteFrom'>;

/** One line per weakening, e.g. 'approval is "none" (committed: "required")'; empty when none. */
export function approvalWeakenings(committed: unknown, local: ApprovalSettings): string[] {
  if (committed === undefined) return [];
  const before = readCommittedApproval(committed);
  const weakenings: string[] = [];
  if (before.approval === 'required' && local.approval !== 'required') weakenings.push(`approval is "${local.approval}" (committed: "required")`);
  else if (before.distinctApprover && !local.distinctApprover) weakenings.push('the approver may be the requester (committed: "distinctApprover": true)');
  if (before.promoteFrom !== undefined && local.promoteFrom !== before.promoteFrom) {
    weakenings.push(`${local.promoteFrom === undefined ? 'promoteFrom is removed' : `promoteFrom is "${local.promoteFrom}"`} (committed: "${before.promoteFrom}")`);
  }
  return weakenings;
}

/**
 * The committed env's approval settings. An entry that does not validate (it was committed broken)
 * is read as the schema reads the values it understands, erring to required: any approval value
 * but "none" or required: false counts as required, so a broken committed file never lowers the bar.
 */
function readCommittedApproval(committed: unknown): ApprovalSettings {
  const parsed = environmentSchema.safeParse(committed);
  if (parsed.success) return parsed.data;
  const raw = (typeof committed === 'object' && committed !== null ? committed : {}) as { approval?: unknown; promoteFrom?: unknown };
  const approval = raw.approval;
  const required = approval !== undefined && approval !== 'none' && !(isObject(approval) && approval.required === false);
  return {
    approval: required ? 'required' : 'none',
    distinctApprover: required && isObject(approval) && approval.distinctApprover === true,
    promoteFrom: typeof raw.promoteFrom === 'string' ? raw.promoteFrom : undefined,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
