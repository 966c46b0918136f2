import { z } from 'zod';
import { CallListItem, fromBeforeTo } from '../calls/calls.schemas';
import { TenantQuery } from '../common/tenant-slug';

export const CallAnalyticsQuery = z
  .strictObject({
    ...TenantQuery,
    from: z.iso.datetime({ offset: true }).describe('Calls started at or after (ISO 8601)'),
    to: z.iso.datetime({ offset: true }).describe('Calls started before (ISO 8601)'),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine(fromBeforeTo, { path: ['to'], message: 'must be after from' })
  .refine((range) => new Date(range.to).getTime() - new Date(range.from).getTime() <= 366 * 86_400_000, {
    path: ['to'],
    message: 'at most 366 days after from',
  });
export type CallAnalyticsQuery = z.output<typeof CallAnalyticsQuery>;

/** One row per call in the range, oldest first. */
export const CallAnalyticsRow = CallListItem.extend({ intent: z.string().nullable(), sentiment: z.string().nullable(), toolCalls: z.number().int() });
export type CallAnalyticsRow = z.output<typeof CallAnalyticsRow>;

export const CallAnalytics = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  totals: z.object({
    calls: z.number().int(),
    byOutcome: z.record(z.string(), z.number().int()),
    costUsd: z.number(),
    averageLeadScore: z.number().nullable(),
  }),
  calls: z.array(CallAnalyticsRow),
});
export type CallAnalytics = z.output<typeof CallAnalytics>;
