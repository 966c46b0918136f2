import { z } from 'zod';
import { e164 } from '../../../../libs/tools/src/tool-spec';
import { PageQuery, pageOf } from '../common/cursor-page';
import { TenantQuery, TenantSlug } from '../common/tenant-slug';

export const ListCustomersQuery = z.strictObject({
  ...TenantQuery,
  phone: e164().optional(),
  q: z.string().trim().min(1).max(100).optional().describe('Part of the name, any case'),
  ...PageQuery,
});
export type ListCustomersQuery = z.output<typeof ListCustomersQuery>;

export const CustomerIdParam = z.string().regex(/^[a-z0-9]{10,40}$/, 'expected a customer id');
export const CustomerQuery = z.strictObject(TenantQuery);

const fields = {
  name: z.string().trim().min(1).max(120),
  phone: e164(),
  email: z.email().nullable(),
};

export const CreateCustomerBody = z.strictObject({ ...fields, email: fields.email.optional(), tenant: TenantSlug.optional() });
export type CreateCustomerBody = z.output<typeof CreateCustomerBody>;

export const UpdateCustomerBody = z
  .strictObject({ name: fields.name.optional(), phone: fields.phone.optional(), email: fields.email.optional() })
  .refine((change) => Object.keys(change).length > 0, 'nothing to change: send name, phone or email');
export type UpdateCustomerBody = z.output<typeof UpdateCustomerBody>;

export const CustomerView = z.object({ id: z.string(), name: z.string(), phone: z.string(), email: z.string().nullable(), createdAt: z.iso.datetime() });
export type CustomerView = z.output<typeof CustomerView>;

export const CustomerPage = pageOf(CustomerView);
