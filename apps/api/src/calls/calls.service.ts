import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  summaryFromRecord,
  type CallDirection,
  type CallState,
  type CallView,
  type TurnRole,
  type TwilioCallStatus,
} from '../../../../libs/calls/src';
import { CallsClient } from '../../../../libs/temporal/src/calls-client';
import { callStateQuery } from '../../../../libs/calls/src/call-messages';
import type { ToolResult } from '../../../../libs/tools/src';
import { PrismaService } from '../database/prisma.service';

@Injectable()
export class CallsService {
  constructor(
    private readonly db: PrismaService,
    @Inject(CallsClient) private readonly calls: CallsClient,
  ) {}

  async getCall(callSid: string): Promise<CallView> {
    const call = await this.db.call.findUnique({
      where: { callSid },
      include: {
        turns: { orderBy: { seq: 'asc' }, select: { seq: true, role: true, text: true, at: true } },
        toolCalls: { orderBy: { createdAt: 'asc' }, select: { id: true, name: true, args: true, ok: true, result: true, durationMs: true } },
        summary: true,
      },
    });
    if (!call) throw new NotFoundException(`No call ${callSid}`);
    const live: CallState | null = call.endedAt ? null : await this.calls.handle(callSid).query(callStateQuery).catch(() => null);
    return {
      callSid: call.callSid,
      workflowId: call.workflowId,
      direction: call.direction.toLowerCase() as CallDirection,
      from: call.fromNumber,
      to: call.toNumber,
      // Only the call's workflow writes it, from Twilio's statuses.
      status: call.status as TwilioCallStatus,
      startedAt: call.startedAt.toISOString(),
      endedAt: call.endedAt?.toISOString() ?? null,
      costUsd: call.costUsd.toNumber(),
      transcript: call.turns.map((t) => ({ seq: t.seq, role: t.role.toLowerCase() as TurnRole, text: t.text, at: t.at.toISOString() })),
      toolCalls: call.toolCalls.map((t) => ({ ...t, result: t.result as unknown as ToolResult })),
      summary: call.summary && { ...summaryFromRecord(call.summary), model: call.summary.model },
      live,
    };
  }
}
