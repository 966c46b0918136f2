import type { PendingTransfer, TransferOutcome, TransferStatus } from '../../libs/calls/src';
import type { Prisma, PrismaClient } from '../../libs/db/src/prisma';
import { TelephonyRejection, type Telephony } from '../../libs/telephony/src/telephony';
import type { ToolResult } from '../../libs/tools/src';
import { loadTenantProfile } from '../tools/tenant-profile';
import { recordTransferIntent, transferResult, transferTarget } from './call-transfers';

export interface RedirectInput extends PendingTransfer {
  callSid: string;
  /** The caller ID the person sees: the business's number on this call. */
  callerId: string;
  announcement?: string;
}

/**
 * A call transfer in three steps, each its own activity, so the phone
 * network is never called inside a database transaction: the intent is
 * recorded (by the transfer_to_human tool, or `recordHandOverIntent`), the
 * call is redirected, the outcome is recorded.
 */
export function createTransferActivities(deps: { db: PrismaClient; telephony?: Telephony }) {
  const { db, telephony } = deps;
  return {
    /** The intent of a hand-over to the tenant's primary number; null when the tenant has none. */
    async recordHandOverIntent(input: { transferId: string; tenantId: string; callSid: string; reason: string }): Promise<PendingTransfer | null> {
      return db.$transaction(async (tx) => {
        const tenant = await loadTenantProfile(tx, input.tenantId);
        const to = transferTarget(tenant.transferNumbers, 'primary');
        return to ? recordTransferIntent(tx, { ...input, queue: 'primary', to }) : null;
      });
    },

    /**
     * Redirects the live call to `<Dial>` the person (the media stream then
     * ends and the caller hears ringing). Once per transfer: a transfer whose
     * outcome is recorded is not dialed again. Without telephony the transfer
     * stays only recorded. A rejection by the phone network is an outcome;
     * other errors are retried, so a dial whose answer was lost may repeat.
     */
    async redirectCallToPerson(input: RedirectInput): Promise<TransferOutcome> {
      const recorded = await db.callTransfer.findUniqueOrThrow({ where: { id: input.transferId }, select: { status: true } });
      if (recorded.status !== 'REQUESTED') return { status: recorded.status as TransferStatus };
      if (!telephony) return { status: 'REQUESTED' };
      try {
        await telephony.transferCall(input.callSid, { to: input.to, callerId: input.callerId, announcement: input.announcement });
        return { status: 'DIALING' };
      } catch (error) {
        if (error instanceof TelephonyRejection) return { status: 'FAILED', reason: error.message };
        throw error;
      }
    },

    /**
     * Stores the outcome on the CallTransfer and, for a tool's transfer, the
     * tool call's final result; returns that result (what the model is told).
     */
    async recordTransferOutcome(input: { transferId: string; outcome: TransferOutcome; toolCallId?: string }): Promise<ToolResult> {
      return db.$transaction(async (tx) => {
        const transfer = await tx.callTransfer.update({ where: { id: input.transferId }, data: { status: input.outcome.status } });
        const result = transferResult(transfer, input.outcome);
        if (input.toolCallId) {
          await tx.toolCall.update({ where: { id: input.toolCallId }, data: { ok: result.ok, result: result as unknown as Prisma.InputJsonValue } });
        }
        return result;
      });
    },
  };
}
