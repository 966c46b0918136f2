import { z } from 'zod';
import { e164 } from '../../../../libs/tools/src/tool-spec';
import { PageQuery, pageOf } from '../common/cursor-page';
import { TenantQuery } from '../common/tenant-slug';

export const CallSidParam = z.string().regex(/^CA[0-9a-f]{32}$/, 'expected a CallSid: CA followed by 32 hex digits');

const DIRECTIONS = ['inbound', 'outbound'] as const;

/** `from`–`to` on the call's start: ISO 8601 times, `to` exclusive. */
export const timeRange = {
  from: z.iso.datetime({ offset: true }).optional().describe('Started at or after (ISO 8601)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Started before (ISO 8601)'),
};
export const fromBeforeTo = (range: { from?: string; to?: string }) => !range.from || !range.to || new Date(range.from) < new Date(range.to);

export const ListCallsQuery = z
  .strictObject({
    ...TenantQuery,
    ...timeRange,
    direction: z.enum(DIRECTIONS).optional(),
    outcome: z.string().regex(/^[a-z_]{1,40}$/, 'expected an outcome such as appointment_booked').optional(),
    caller: e164().optional().describe("The caller's number (inbound) or the number called (outbound)"),
    ...PageQuery,
  })
  .refine(fromBeforeTo, { path: ['to'], message: 'must be after from' });
export type ListCallsQuery = z.output<typeof ListCallsQuery>;

export const CallListItem = z.object({
  callSid: z.string(),
  tenant: z.string(),
  direction: z.enum(DIRECTIONS),
  from: z.string(),
  to: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
  leadScore: z.number().int().nullable(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  durationSeconds: z.number().int().nullable(),
  costUsd: z.number(),
});
export type CallListItem = z.output<typeof CallListItem>;

export const CallPage = pageOf(CallListItem);
