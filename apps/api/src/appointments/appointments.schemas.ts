import { z } from 'zod';
import { e164 } from '../../../../libs/tools/src/tool-spec';
import { PageQuery, pageOf } from '../common/cursor-page';
import { TenantQuery } from '../common/tenant-slug';

const STATUSES = ['BOOKED', 'CANCELLED', 'COMPLETED', 'NO_SHOW'] as const;

export const ListAppointmentsQuery = z
  .strictObject({
    ...TenantQuery,
    from: z.iso.datetime({ offset: true }).optional().describe('Starts at or after (ISO 8601)'),
    to: z.iso.datetime({ offset: true }).optional().describe('Starts before (ISO 8601)'),
    status: z.enum(STATUSES).optional(),
    phone: e164().optional(),
    ...PageQuery,
  })
  .refine((query) => !query.from || !query.to || query.from < query.to, { path: ['to'], message: 'must be after from' });
export type ListAppointmentsQuery = z.output<typeof ListAppointmentsQuery>;

export const AppointmentIdParam = z.string().regex(/^[a-z0-9]{10,40}$/, 'expected an appointment id');
export const AppointmentQuery = z.strictObject(TenantQuery);

export const AppointmentView = z.object({
  id: z.string(),
  customerId: z.string().nullable(),
  contactName: z.string(),
  contactPhone: z.string(),
  serviceName: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  status: z.enum(STATUSES),
  notes: z.string().nullable(),
});
export type AppointmentView = z.output<typeof AppointmentView>;

export const AppointmentPage = pageOf(AppointmentView);
