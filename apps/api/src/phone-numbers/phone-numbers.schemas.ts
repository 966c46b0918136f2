import { z } from 'zod';
import { e164 } from '../../../../libs/tools/src/tool-spec';
import { TenantQuery, TenantSlug } from '../common/tenant-slug';

export const ListPhoneNumbersQuery = z.strictObject(TenantQuery);

export const PhoneNumberParam = e164();

/** Assigning a Twilio number to a tenant is an operator's act: admin keys only. */
export const CreatePhoneNumberBody = z.strictObject({
  e164: e164(),
  tenant: TenantSlug,
  label: z.string().trim().min(1).max(60).default('main'),
});
export type CreatePhoneNumberBody = z.output<typeof CreatePhoneNumberBody>;

export const PhoneNumberView = z.object({ e164: z.string(), label: z.string(), tenant: z.string() });
export type PhoneNumberView = z.output<typeof PhoneNumberView>;
