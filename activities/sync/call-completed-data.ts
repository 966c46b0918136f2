import type { CallSummary } from '../../libs/calls/src';
import type { CallCompletedData } from '../../libs/crm-sync/src/crm-sync';
import type { Prisma } from '../../libs/db/src/prisma';

type CallWithRecords = Prisma.CallGetPayload<{ include: { turns: true; toolCalls: true } }>;

const ROLES = { CALLER: 'caller', AGENT: 'agent', SYSTEM: 'system' } as const;

/** What the CRM receives about a finished call, from its rows and its new summary. */
export function callCompletedData(call: CallWithRecords, summary: CallSummary, costUsd: number): CallCompletedData {
  return {
    callSid: call.callSid,
    direction: call.direction === 'INBOUND' ? 'inbound' : 'outbound',
    from: call.fromNumber,
    to: call.toNumber,
    startedAt: call.startedAt.toISOString(),
    endedAt: call.endedAt?.toISOString() ?? null,
    status: call.status,
    outcome: summary.outcome,
    leadScore: summary.lead_score,
    costUsd,
    summary,
    turns: call.turns.map((t) => ({ seq: t.seq, role: ROLES[t.role], text: t.text, at: t.at.toISOString() })),
    toolCalls: call.toolCalls.map((t) => ({ id: t.id, name: t.name, args: t.args, ok: t.ok, result: t.result, at: t.createdAt.toISOString() })),
  };
}
