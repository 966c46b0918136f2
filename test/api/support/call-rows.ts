import { Prisma, type PrismaClient } from '../../../libs/db/src/prisma';
import { newCallSid } from '../../../libs/calls/src/call-sid';

export interface CallRow {
  tenantId: string;
  startedAt: Date;
  direction?: 'INBOUND' | 'OUTBOUND';
  from?: string;
  to?: string;
  outcome?: string;
  leadScore?: number;
  costUsd?: string;
  durationSeconds?: number;
}

/**
 * Finished calls as the call workflow records them, written straight to the
 * file's database: lists and exports are about many calls at chosen times,
 * which running that many workflows would only slow down.
 */
export async function insertCalls(db: PrismaClient, rows: CallRow[]): Promise<string[]> {
  const calls = rows.map((row) => {
    const callSid = newCallSid();
    return {
      callSid,
      tenantId: row.tenantId,
      direction: row.direction ?? 'INBOUND',
      fromNumber: row.from ?? '+15125550999',
      toNumber: row.to ?? '+15005550001',
      workflowId: `call-${callSid}`,
      status: 'completed',
      outcome: row.outcome ?? null,
      leadScore: row.leadScore ?? null,
      startedAt: row.startedAt,
      endedAt: new Date(row.startedAt.getTime() + (row.durationSeconds ?? 60) * 1000),
      costUsd: new Prisma.Decimal(row.costUsd ?? '0.01'),
    };
  });
  await db.call.createMany({ data: calls });
  return calls.map((call) => call.callSid);
}
