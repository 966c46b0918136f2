import { Injectable, NotFoundException } from '@nestjs/common';
import type { Prisma } from '../../../../libs/db/src/prisma';
import { decodeCursor, toPage } from '../common/cursor-page';
import { PrismaService } from '../database/prisma.service';
import type { CustomerView, ListCustomersQuery, UpdateCustomerBody } from './customers.schemas';

const VIEW_FIELDS = { id: true, name: true, phone: true, email: true, createdAt: true } satisfies Prisma.CustomerSelect;
type Row = Prisma.CustomerGetPayload<{ select: typeof VIEW_FIELDS }>;
const view = (row: Row): CustomerView => ({ ...row, createdAt: row.createdAt.toISOString() });

/** A tenant's customers: plain data, edited directly (no side effects to run). */
@Injectable()
export class CustomersService {
  constructor(private readonly db: PrismaService) {}

  async list(tenantId: string, query: ListCustomersQuery) {
    const after = decodeCursor(query.cursor);
    const rows = await this.db.customer.findMany({
      where: {
        tenantId,
        ...(query.phone && { phone: query.phone }),
        ...(query.q && { name: { contains: literalLike(query.q), mode: 'insensitive' } }),
        ...(after && { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] }),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
      select: VIEW_FIELDS,
    });
    return toPage(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }), view);
  }

  /** Another tenant's customer is a 404, as if it did not exist. */
  async get(tenantId: string, id: string): Promise<CustomerView> {
    const row = await this.db.customer.findFirst({ where: { id, tenantId }, select: VIEW_FIELDS });
    if (!row) throw new NotFoundException(`No customer ${id}`);
    return view(row);
  }

  async create(tenantId: string, customer: { name: string; phone: string; email?: string | null }): Promise<CustomerView> {
    return view(await this.db.customer.create({ data: { ...customer, tenantId }, select: VIEW_FIELDS }));
  }

  async update(tenantId: string, id: string, change: UpdateCustomerBody): Promise<CustomerView> {
    const { count } = await this.db.customer.updateMany({ where: { id, tenantId }, data: change });
    if (count === 0) throw new NotFoundException(`No customer ${id}`);
    return this.get(tenantId, id);
  }
}

/** Prisma's `contains` passes `%`, `_` and `\` on to LIKE as they are: escaped, a search finds what it names and no more. */
function literalLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
