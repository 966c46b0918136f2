import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { CallState } from '../../../../libs/calls/src';
import { CallsClient } from '../../../../libs/temporal/src/calls-client';
import { callStateQuery } from '../../../../libs/calls/src/call-messages';
import { PrismaService } from '../database/prisma.service';

@Injectable()
export class CallsService {
  constructor(
    private readonly db: PrismaService,
    @Inject(CallsClient) private readonly calls: CallsClient,
  ) {}

  /** A call as the business sees it: record, transcript, tools, summary; live state while it lasts. */
  async getCall(callSid: string) {
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
      direction: call.direction.toLowerCase(),
      from: call.fromNumber,
      to: call.toNumber,
      status: call.status,
      startedAt: call.startedAt,
      endedAt: call.endedAt,
      costUsd: call.costUsd.toNumber(),
      transcript: call.turns.map((t) => ({ ...t, role: t.role.toLowerCase() })),
      toolCalls: call.toolCalls,
      summary: call.summary,
      live,
    };
  }
}
