import { Inject, Injectable, NotFoundException, StreamableFile } from '@nestjs/common';
import { summaryFromRecord, type CallState, type CallView, type TurnRole, type TwilioCallStatus } from '../../../../libs/calls/src';
import { callStateQuery } from '../../../../libs/calls/src/call-messages';
import type { ApiEnv } from '../../../../libs/config/src/env';
import type { Prisma } from '../../../../libs/db/src/prisma';
import { CallsClient } from '../../../../libs/temporal/src/calls-client';
import { workflowUiUrl } from '../../../../libs/temporal/src/temporal-ui';
import type { ToolResult } from '../../../../libs/tools/src';
import type { Principal } from '../auth/principal';
import { canAccessTenant } from '../auth/tenant-access';
import { decodeCursor, toPage } from '../common/cursor-page';
import { ENV } from '../config/config.module';
import { PrismaService } from '../database/prisma.service';
import { CALL_LIST_FIELDS, callListItem } from './call-list-item';
import { CallRecordings } from './call-recordings';
import type { ListCallsQuery } from './calls.schemas';

@Injectable()
export class CallsService {
  constructor(
    private readonly db: PrismaService,
    @Inject(CallsClient) private readonly calls: CallsClient,
    @Inject(ENV) private readonly env: ApiEnv,
    private readonly recordings: CallRecordings,
  ) {}

  /** Newest first; `tenantId` undefined lists every tenant's (admin keys). */
  async list(tenantId: string | undefined, query: ListCallsQuery) {
    const after = decodeCursor(query.cursor);
    const where: Prisma.CallWhereInput = {
      ...(tenantId && { tenantId }),
      ...((query.from || query.to) && { startedAt: { ...(query.from && { gte: new Date(query.from) }), ...(query.to && { lt: new Date(query.to) }) } }),
      ...(query.direction && { direction: query.direction === 'inbound' ? 'INBOUND' : 'OUTBOUND' }),
      ...(query.outcome && { outcome: query.outcome }),
      ...(query.caller && { OR: [{ direction: 'INBOUND', fromNumber: query.caller }, { direction: 'OUTBOUND', toNumber: query.caller }] }),
      ...(after && { AND: [{ OR: [{ startedAt: { lt: after.at } }, { startedAt: after.at, callSid: { lt: after.id } }] }] }),
    };
    const rows = await this.db.call.findMany({ where, orderBy: [{ startedAt: 'desc' }, { callSid: 'desc' }], take: query.limit + 1, select: CALL_LIST_FIELDS });
    return toPage(rows, query.limit, (row) => ({ at: row.startedAt, id: row.callSid }), callListItem);
  }

  /** Another tenant's call is a 404, word for word like a call that does not exist: a key cannot probe CallSids. */
  async getCall(principal: Principal, callSid: string): Promise<CallView> {
    const call = await this.db.call.findUnique({
      where: { callSid },
      include: {
        tenant: { select: { slug: true } },
        turns: { orderBy: { seq: 'asc' }, select: { seq: true, role: true, text: true, at: true } },
        toolCalls: { orderBy: { createdAt: 'asc' }, select: { id: true, name: true, args: true, ok: true, result: true, durationMs: true } },
        summary: true,
      },
    });
    if (!call || !canAccessTenant(principal, call.tenantId)) throw new NotFoundException(`No call ${callSid}`);
    const live: CallState | null = call.endedAt ? null : await this.calls.handle(callSid).query(callStateQuery).catch(() => null);
    const { direction, from, to, startedAt, endedAt, costUsd, outcome, leadScore } = callListItem(call);
    return {
      callSid: call.callSid,
      tenant: call.tenant.slug,
      workflowId: call.workflowId,
      temporalUiUrl: this.env.TEMPORAL_UI_URL ? workflowUiUrl(this.env.TEMPORAL_UI_URL, this.env.TEMPORAL_NAMESPACE, call.workflowId) : null,
      recordingUrl: call.endedAt && this.recordings.has(callSid) ? `/v1/calls/${callSid}/recording` : null,
      direction,
      from,
      to,
      // Only the call's workflow writes it, from Twilio's statuses.
      status: call.status as TwilioCallStatus,
      startedAt,
      endedAt,
      outcome,
      leadScore,
      costUsd,
      transcript: call.turns.map((t) => ({ seq: t.seq, role: t.role.toLowerCase() as TurnRole, text: t.text, at: t.at.toISOString() })),
      toolCalls: call.toolCalls.map((t) => ({ ...t, result: t.result as unknown as ToolResult })),
      summary: call.summary && { ...summaryFromRecord(call.summary), model: call.summary.model },
      live,
    };
  }

  /**
   * The call's recording, to its tenant (or an admin) alone, once the call has
   * ended: until then the media-edge is still writing it.
   */
  async getRecording(principal: Principal, callSid: string): Promise<StreamableFile> {
    const call = await this.db.call.findUnique({ where: { callSid }, select: { tenantId: true, endedAt: true } });
    if (!call || !canAccessTenant(principal, call.tenantId)) throw new NotFoundException(`No call ${callSid}`);
    const recording = call.endedAt ? await this.recordings.open(callSid) : null;
    if (!recording) throw new NotFoundException(`Call ${callSid} has no recording`);
    return recording;
  }
}
