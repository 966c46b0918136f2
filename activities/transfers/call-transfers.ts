import type { TransferNumbers } from '../../libs/agent-config/src/agent-config';
import type { PendingTransfer, TransferOutcome } from '../../libs/calls/src';
import type { Prisma } from '../../libs/db/src/prisma';
import { fail, ok, type ToolArgs, type ToolResult } from '../../libs/tools/src';

export type TransferQueue = ToolArgs<'transfer_to_human'>['queue'];

/** A transfer queue → its key in AgentConfig.transferNumbers. */
const TRANSFER_NUMBER_KEYS = { primary: 'primary', after_hours: 'afterHours', spanish: 'spanish' } as const satisfies Record<
  TransferQueue,
  keyof TransferNumbers
>;

/** The person who takes `queue`, else the primary number; undefined when the tenant has none. */
export function transferTarget(numbers: TransferNumbers, queue: TransferQueue): string | undefined {
  return numbers[TRANSFER_NUMBER_KEYS[queue]] ?? numbers.primary;
}

export interface TransferIntent {
  /** The tool-call id, or the hand-over id: the CallTransfer id. */
  transferId: string;
  tenantId: string;
  callSid?: string;
  queue: TransferQueue;
  reason: string;
  to: string;
}

/**
 * Records that the caller is to be transferred (CallTransfer, REQUESTED)
 * before anything is dialed. A repeated intent finds the same row.
 */
export async function recordTransferIntent(db: Prisma.TransactionClient, intent: TransferIntent): Promise<PendingTransfer> {
  const row = await db.callTransfer.upsert({
    where: { id: intent.transferId },
    update: {},
    create: {
      id: intent.transferId,
      tenantId: intent.tenantId,
      callSid: intent.callSid ?? null,
      queue: intent.queue,
      targetNumber: intent.to,
      reason: intent.reason,
      status: 'REQUESTED',
    },
  });
  return { transferId: row.id, to: row.targetNumber };
}

/** What the model is told about a transfer, at each step of it. */
export function transferResult(transfer: { queue: string; targetNumber: string }, outcome: TransferOutcome): ToolResult {
  if (outcome.status === 'FAILED') {
    const why = outcome.reason ? ` (${outcome.reason})` : '';
    return fail('transfer_failed', `The transfer did not go through${why}. Offer a callback instead.`);
  }
  return ok({ queue: transfer.queue, target_number: transfer.targetNumber, status: outcome.status.toLowerCase() });
}
