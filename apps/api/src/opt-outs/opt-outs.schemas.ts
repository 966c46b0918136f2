import { z } from 'zod';
import { e164 } from '../../../../libs/tools/src/tool-spec';
import { TenantSlug } from '../common/tenant-slug';

const Channel = z.enum(['sms', 'voice', 'all']);

export const AddOptOutBody = z.strictObject({ phone: e164(), channel: Channel.default('all'), tenant: TenantSlug.optional() });
export type AddOptOutBody = z.output<typeof AddOptOutBody>;

export const ListOptOutsQuery = z.strictObject({
  tenant: TenantSlug.optional(),
  phone: e164().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListOptOutsQuery = z.output<typeof ListOptOutsQuery>;

export const OptOutPhoneParam = e164();

export const RemoveOptOutQuery = z.strictObject({ channel: Channel.default('all'), tenant: TenantSlug.optional() });
export type RemoveOptOutQuery = z.output<typeof RemoveOptOutQuery>;
