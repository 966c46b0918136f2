import type { Prisma } from '../../../../libs/db/src/prisma';
import type { CallListItem } from './calls.schemas';

/** What a call's line in a list (and in the analytics export) is read from. */
export const CALL_LIST_FIELDS = {
  callSid: true,
  direction: true,
  fromNumber: true,
  toNumber: true,
  status: true,
  outcome: true,
  leadScore: true,
  startedAt: true,
  endedAt: true,
  costUsd: true,
  tenant: { select: { slug: true } },
} satisfies Prisma.CallSelect;

export type CallListRow = Prisma.CallGetPayload<{ select: typeof CALL_LIST_FIELDS }>;

export function callListItem(row: CallListRow): CallListItem {
  return {
    callSid: row.callSid,
    tenant: row.tenant.slug,
    direction: row.direction === 'INBOUND' ? 'inbound' : 'outbound',
    from: row.fromNumber,
    to: row.toNumber,
    status: row.status,
    outcome: row.outcome,
    leadScore: row.leadScore,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    durationSeconds: row.endedAt ? Math.round((row.endedAt.getTime() - row.startedAt.getTime()) / 1000) : null,
    costUsd: row.costUsd.toNumber(),
  };
}
