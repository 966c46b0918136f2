import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { PrismaService } from '../database/prisma.service';
import type { TenantList } from './tenants.schemas';

@Injectable()
export class TenantsService {
  constructor(private readonly db: PrismaService) {}

  /** Every tenant by name for an admin key; a tenant key's own tenant alone. */
  async list(principal: Principal): Promise<TenantList> {
    const rows = await this.db.tenant.findMany({
      where: principal.role === 'tenant' ? { id: principal.tenantId } : {},
      orderBy: [{ name: 'asc' }, { slug: 'asc' }],
      select: { slug: true, name: true, vertical: true, agentConfig: { select: { timeZone: true } } },
    });
    return {
      role: principal.role,
      data: rows.map(({ agentConfig, ...tenant }) => ({ ...tenant, timeZone: agentConfig?.timeZone ?? null })),
    };
  }
}
