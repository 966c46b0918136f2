import { Prisma, type PrismaClient } from '../../libs/db/src/prisma';
import { callParties, CallSummarySchema, summaryFromRecord, type PostCallInput, type PostCallResult, type TurnRole } from '../../libs/calls/src';
import type { CallSummarizer } from './summarizer';

const ROLES: Record<string, TurnRole> = { CALLER: 'caller', AGENT: 'agent', SYSTEM: 'system' };

export function createSummaryActivities(deps: { db: PrismaClient; summarizer: CallSummarizer }) {
  const { db } = deps;
  return {
    /**
     * Summarizes a finished call from what PostgreSQL holds, stores the summary
     * and adds its cost to the call's. Runs once: a retry after success returns
     * the stored summary.
     */
    async summarizeCall(input: PostCallInput): Promise<PostCallResult> {
      const call = await db.call.findUniqueOrThrow({
        where: { callSid: input.callSid },
        include: {
          tenant: true,
          summary: true,
          turns: { orderBy: { seq: 'asc' } },
          toolCalls: { orderBy: { createdAt: 'asc' } },
        },
      });
      if (call.summary) return { summary: summaryFromRecord(call.summary), costUsd: call.costUsd.toNumber() };

      const direction = call.direction === 'INBOUND' ? 'inbound' : 'outbound';
      const output = await deps.summarizer.summarize({
        tenantName: call.tenant.name,
        vertical: call.tenant.vertical,
        direction,
        callerNumber: callParties({ direction, from: call.fromNumber, to: call.toNumber }).callerNumber,
        turns: call.turns.map((t) => ({ role: ROLES[t.role], text: t.text })),
        toolCalls: call.toolCalls.map((t) => ({ name: t.name, args: t.args, ok: t.ok, result: t.result })),
      });
      const summary = CallSummarySchema.parse(output.summary);
      const costUsd = call.costUsd.add(new Prisma.Decimal(output.costUsd.toFixed(5)));
      await db.$transaction([
        db.callSummary.create({
          data: {
            callSid: call.callSid,
            intent: summary.intent,
            outcome: summary.outcome,
            summary: summary.summary,
            leadScore: summary.lead_score,
            nextActions: summary.next_actions,
            sentiment: summary.sentiment,
            entities: summary.entities,
            model: output.model,
          },
        }),
        db.call.update({
          where: { callSid: call.callSid },
          data: {
            outcome: summary.outcome,
            leadScore: summary.lead_score,
            costUsd,
            inputTokens: { increment: output.inputTokens },
            outputTokens: { increment: output.outputTokens },
          },
        }),
      ]);
      return { summary, costUsd: costUsd.toNumber() };
    },
  };
}
