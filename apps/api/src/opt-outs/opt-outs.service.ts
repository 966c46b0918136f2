import { Injectable, NotFoundException } from '@nestjs/common';
import { addOptOut, removeOptOut, type OptOutChannel } from '../../../../activities/consent/do-not-contact';
import type { Principal } from '../auth/principal';
import { TenantAccess } from '../auth/tenant-access';
import { PrismaService } from '../database/prisma.service';
import type { AddOptOutBody, ListOptOutsQuery, RemoveOptOutQuery } from './opt-outs.schemas';

export interface OptOutView {
  phone: string;
  channel: OptOutChannel;
  source: string;
  createdAt: string;
}

/**
 * The tenant's one do-not-contact list, the same rows SMS keywords and the
 * opt_out tool write; every dial and text checks it at its attempt.
 */
@Injectable()
export class OptOutsService {
  constructor(
    private readonly db: PrismaService,
    private readonly tenants: TenantAccess,
  ) {}

  async list(principal: Principal, query: ListOptOutsQuery): Promise<{ data: OptOutView[] }> {
    const tenant = await this.tenants.target(principal, query.tenant);
    const rows = await this.db.optOut.findMany({
      where: { tenantId: tenant.id, ...(query.phone && { phone: query.phone }) },
      orderBy: [{ createdAt: 'desc' }, { phone: 'asc' }, { channel: 'asc' }],
      take: query.limit,
    });
    return { data: rows.map(viewOf) };
  }

  async add(principal: Principal, body: AddOptOutBody): Promise<{ data: OptOutView[]; alreadyOnList: boolean }> {
    const tenant = await this.tenants.target(principal, body.tenant);
    const added = await addOptOut(this.db, { tenantId: tenant.id, phone: body.phone, channel: body.channel, source: 'rest' });
    return { data: await this.entriesOf(tenant.id, body.phone), alreadyOnList: !added };
  }

  /** 404 when the number was not blocked on that channel; answers what still blocks it. */
  async remove(principal: Principal, phone: string, query: RemoveOptOutQuery): Promise<{ data: OptOutView[] }> {
    const tenant = await this.tenants.target(principal, query.tenant);
    const removed = await this.db.$transaction((tx) => removeOptOut(tx, tenant.id, phone, query.channel));
    if (!removed) throw new NotFoundException(`${phone} is not on the do-not-contact list for ${query.channel}`);
    return { data: await this.entriesOf(tenant.id, phone) };
  }

  private async entriesOf(tenantId: string, phone: string): Promise<OptOutView[]> {
    return (await this.db.optOut.findMany({ where: { tenantId, phone }, orderBy: { channel: 'asc' } })).map(viewOf);
  }
}

function viewOf(row: { phone: string; channel: string; source: string; createdAt: Date }): OptOutView {
  return { phone: row.phone, channel: row.channel as OptOutChannel, source: row.source, createdAt: row.createdAt.toISOString() };
}
