import { z } from 'zod';
import { e164 } from '../../../../libs/tools/src/tool-spec';
import { TenantSlug } from '../common/tenant-slug';

const Instant = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time with a zone, e.g. 2026-12-03T15:30:00-06:00' });

export const CreateCallbackBody = z.strictObject({
  phone: e164(),
  reason: z.string().trim().min(3).max(500),
  /** When the customer would like the call; absent is as soon as business and contact hours allow. */
  requestedAt: Instant.optional(),
  notes: z.string().trim().max(2000).optional(),
  name: z.string().trim().min(1).max(120).optional(),
  /** Admin keys name the tenant; a tenant key may name only its own. */
  tenant: TenantSlug.optional(),
});
export type CreateCallbackBody = z.output<typeof CreateCallbackBody>;

export const RescheduleCallbackBody = z.strictObject({ requestedAt: Instant });
export type RescheduleCallbackBody = z.output<typeof RescheduleCallbackBody>;

export const CancelCallbackQuery = z.strictObject({ reason: z.string().trim().min(1).max(200).optional() });

export const CALLBACK_STATUSES = ['waiting', 'scheduled', 'completed', 'failed', 'cancelled'] as const;

export const ListCallbacksQuery = z.strictObject({
  tenant: TenantSlug.optional(),
  status: z.enum(CALLBACK_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListCallbacksQuery = z.output<typeof ListCallbacksQuery>;

export const CallbackIdParam = z.string().regex(/^cb_[0-9a-z]{1,40}$|^c[0-9a-z]{20,30}$/, 'expected a callback id');
