import { z } from 'zod';
import { TenantQuery } from '../common/tenant-slug';

export const ListLiveCallsQuery = z.strictObject({
  ...TenantQuery,
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListLiveCallsQuery = z.output<typeof ListLiveCallsQuery>;

/** A call whose workflow is running, as Temporal visibility (search attributes and memo) shows it. */
export const LiveCall = z.object({
  callSid: z.string(),
  workflowId: z.string(),
  tenant: z.string().describe('Tenant slug'),
  tenantName: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  /** The other party: the caller on inbound calls, the number called on outbound ones. */
  caller: z.string(),
  startedAt: z.iso.datetime(),
  durationSeconds: z.number().int(),
  lastTool: z.string().nullable(),
  toolCalls: z.number().int(),
  temporalUiUrl: z.string().nullable(),
});
export type LiveCall = z.output<typeof LiveCall>;

export const LiveCallList = z.object({ data: z.array(LiveCall) });
export type LiveCallList = z.output<typeof LiveCallList>;
