import type { Prisma } from '../../libs/db/src/prisma';
import type { BusinessHours, TenantProfile } from './tool-context';

export async function loadTenantProfile(db: Prisma.TransactionClient, tenantId: string): Promise<TenantProfile & { toolPacks: string[] }> {
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, include: { agentConfig: true } });
  if (!tenant?.agentConfig) throw new Error(`tenant ${tenantId} has no agent config`);
  const config = tenant.agentConfig;
  return {
    id: tenant.id,
    name: tenant.name,
    address: tenant.address,
    timeZone: config.timeZone,
    businessHours: config.businessHours as BusinessHours,
    transferNumbers: config.transferNumbers as TenantProfile['transferNumbers'],
    slotMinutes: config.slotMinutes,
    slotCapacity: config.slotCapacity,
    toolPacks: config.toolPacks,
  };
}
