import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { Prisma } from '../../../../libs/db/src/prisma';
import { PrismaService } from '../database/prisma.service';
import type { PhoneNumberView } from './phone-numbers.schemas';

const VIEW_FIELDS = { e164: true, label: true, tenant: { select: { slug: true } } } satisfies Prisma.PhoneNumberSelect;
type Row = Prisma.PhoneNumberGetPayload<{ select: typeof VIEW_FIELDS }>;
const view = (row: Row): PhoneNumberView => ({ e164: row.e164, label: row.label, tenant: row.tenant.slug });

/** The numbers callers dial: each resolves its tenant on every inbound call. */
@Injectable()
export class PhoneNumbersService {
  constructor(private readonly db: PrismaService) {}

  async list(tenantId: string): Promise<PhoneNumberView[]> {
    const rows = await this.db.phoneNumber.findMany({ where: { tenantId }, select: VIEW_FIELDS, orderBy: { e164: 'asc' } });
    return rows.map(view);
  }

  async assign(tenantId: string, e164: string, label: string): Promise<PhoneNumberView> {
    try {
      return view(await this.db.phoneNumber.create({ data: { e164, label, tenantId }, select: VIEW_FIELDS }));
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ConflictException(`${e164} is already assigned`);
      throw error;
    }
  }

  async release(e164: string): Promise<PhoneNumberView> {
    const row = await this.db.phoneNumber.findUnique({ where: { e164 }, select: VIEW_FIELDS });
    if (!row) throw new NotFoundException(`No phone number ${e164}`);
    await this.db.phoneNumber.delete({ where: { e164 } });
    return view(row);
  }
}
