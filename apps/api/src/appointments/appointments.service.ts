import { Injectable, NotFoundException } from '@nestjs/common';
import type { Prisma } from '../../../../libs/db/src/prisma';
import { decodeCursor, toPage } from '../common/cursor-page';
import { PrismaService } from '../database/prisma.service';
import type { AppointmentView, ListAppointmentsQuery } from './appointments.schemas';

const VIEW_FIELDS = {
  id: true,
  customerId: true,
  contactName: true,
  contactPhone: true,
  serviceName: true,
  startsAt: true,
  endsAt: true,
  status: true,
  notes: true,
} satisfies Prisma.AppointmentSelect;
type Row = Prisma.AppointmentGetPayload<{ select: typeof VIEW_FIELDS }>;
const view = (row: Row): AppointmentView => ({ ...row, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString() });

/** Read-only: bookings change through the tools of a call's workflow, which also texts and syncs them. */
@Injectable()
export class AppointmentsService {
  constructor(private readonly db: PrismaService) {}

  /** Soonest first. */
  async list(tenantId: string, query: ListAppointmentsQuery) {
    const after = decodeCursor(query.cursor);
    const rows = await this.db.appointment.findMany({
      where: {
        tenantId,
        ...((query.from || query.to) && { startsAt: { ...(query.from && { gte: new Date(query.from) }), ...(query.to && { lt: new Date(query.to) }) } }),
        ...(query.status && { status: query.status }),
        ...(query.phone && { contactPhone: query.phone }),
        ...(after && { AND: [{ OR: [{ startsAt: { gt: after.at } }, { startsAt: after.at, id: { gt: after.id } }] }] }),
      },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take: query.limit + 1,
      select: VIEW_FIELDS,
    });
    return toPage(rows, query.limit, (row) => ({ at: row.startsAt, id: row.id }), view);
  }

  /** Another tenant's appointment is a 404, as if it did not exist. */
  async get(tenantId: string, id: string): Promise<AppointmentView> {
    const row = await this.db.appointment.findFirst({ where: { id, tenantId }, select: VIEW_FIELDS });
    if (!row) throw new NotFoundException(`No appointment ${id}`);
    return view(row);
  }
}
