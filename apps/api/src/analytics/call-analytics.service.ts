import { Injectable } from '@nestjs/common';
import { CALL_LIST_FIELDS, callListItem } from '../calls/call-list-item';
import { PrismaService } from '../database/prisma.service';
import type { CallAnalytics, CallAnalyticsRow } from './analytics.schemas';

/** The export covers at most this many calls; narrow the range for more. */
export const MAX_EXPORTED_CALLS = 50_000;

@Injectable()
export class CallAnalyticsService {
  constructor(private readonly db: PrismaService) {}

  /** Every call started in [from, to), oldest first, with totals; `tenantId` undefined: every tenant (admin keys). */
  async report(tenantId: string | undefined, from: Date, to: Date): Promise<CallAnalytics> {
    const rows = await this.db.call.findMany({
      where: { ...(tenantId && { tenantId }), startedAt: { gte: from, lt: to } },
      orderBy: [{ startedAt: 'asc' }, { callSid: 'asc' }],
      take: MAX_EXPORTED_CALLS,
      select: { ...CALL_LIST_FIELDS, summary: { select: { intent: true, sentiment: true } }, _count: { select: { toolCalls: true } } },
    });
    const calls: CallAnalyticsRow[] = rows.map((row) => ({
      ...callListItem(row),
      intent: row.summary?.intent ?? null,
      sentiment: row.summary?.sentiment ?? null,
      toolCalls: row._count.toolCalls,
    }));
    return { from: from.toISOString(), to: to.toISOString(), totals: totalsOf(calls), calls };
  }
}

function totalsOf(calls: CallAnalyticsRow[]): CallAnalytics['totals'] {
  const byOutcome: Record<string, number> = {};
  for (const call of calls) {
    const outcome = call.outcome ?? 'unknown';
    byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
  }
  const scores = calls.flatMap((call) => (call.leadScore === null ? [] : [call.leadScore]));
  return {
    calls: calls.length,
    byOutcome,
    // Cents are exact in sums of up to 5 decimals each; round the float noise away.
    costUsd: Number(calls.reduce((sum, call) => sum + call.costUsd, 0).toFixed(5)),
    averageLeadScore: scores.length ? Number((scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(2)) : null,
  };
}
