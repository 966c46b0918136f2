import { ApplicationFailure } from '@temporalio/common';
import { Prisma, type PrismaClient } from '../../libs/db/src/prisma';
import type { CallContext, CallWorkflowInput, NumberedTurn, TokenUsage, TwilioCallStatus } from '../../libs/calls/src';
import { callWorkflowId } from '../../libs/calls/src';
import type { AnsweredBy } from '../../libs/outbound/src';
import { realtimeCostUsd } from '../../libs/pricing/src/pricing';

export type CallStartRecord = Pick<CallWorkflowInput, 'callSid' | 'tenantId' | 'direction' | 'from' | 'to' | 'startedAt'>;

export interface CallEndRecord {
  callSid: string;
  endedAt: string;
  twilioStatus?: TwilioCallStatus;
  answeredBy?: AnsweredBy;
  usage: TokenUsage;
}

const TURN_ROLES = { caller: 'CALLER', agent: 'AGENT', system: 'SYSTEM' } as const;

export function createCallRecordActivities(deps: { db: PrismaClient; realtimeModel: string }) {
  const { db } = deps;
  return {
    /**
     * Creates the Call row (idempotent) and returns what the workflow needs to
     * know of the tenant. An unknown tenant, or one without an agent config,
     * stays so: that failure is not retried.
     */
    async recordCallStarted(call: CallStartRecord): Promise<CallContext> {
      const tenant = await db.tenant.findUnique({ where: { id: call.tenantId }, include: { agentConfig: true } });
      if (!tenant?.agentConfig) throw ApplicationFailure.nonRetryable(`tenant ${call.tenantId} has no agent config`, 'AgentConfigMissing');
      await db.call.upsert({
        where: { callSid: call.callSid },
        update: {},
        create: {
          callSid: call.callSid,
          tenantId: call.tenantId,
          direction: call.direction === 'inbound' ? 'INBOUND' : 'OUTBOUND',
          fromNumber: call.from,
          toNumber: call.to,
          workflowId: callWorkflowId(call.callSid),
          startedAt: new Date(call.startedAt),
        },
      });
      return { tenantName: tenant.name, agentName: tenant.agentConfig.agentName };
    },

    /** Writes a batch of transcript turns; a retried batch writes nothing twice. */
    async persistTurns(batch: { callSid: string; turns: NumberedTurn[] }): Promise<void> {
      await db.callTurn.createMany({
        data: batch.turns.map((t) => ({ callSid: batch.callSid, seq: t.seq, role: TURN_ROLES[t.role], text: t.text, at: new Date(t.at) })),
        skipDuplicates: true,
      });
    },

    async recordCallEnded(end: CallEndRecord): Promise<void> {
      const { usage } = end;
      await db.call.update({
        where: { callSid: end.callSid },
        data: {
          endedAt: new Date(end.endedAt),
          status: end.twilioStatus ?? 'completed',
          answeredBy: end.answeredBy,
          inputTokens: usage.inputTextTokens + usage.inputAudioTokens,
          outputTokens: usage.outputTextTokens + usage.outputAudioTokens,
          costUsd: new Prisma.Decimal(realtimeCostUsd(deps.realtimeModel, usage).toFixed(5)),
        },
      });
    },
  };
}
