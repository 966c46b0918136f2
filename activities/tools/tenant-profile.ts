import { ApplicationFailure } from '@temporalio/common';
import { AgentConfigError, readBusinessHours, readTransferNumbers } from '../../libs/agent-config/src/agent-config';
import type { Prisma } from '../../libs/db/src/prisma';
import type { TenantProfile } from './tool-context';

/** A tenant's facts for its tools, and the packs it enabled. */
export type ToolTenant = TenantProfile & { toolPacks: string[] };

/** Where executeTool gets a tenant's profile: the database, or a cache in front of it (tenant-profile-cache.ts). */
export interface TenantProfiles {
  get(tenantId: string): Promise<ToolTenant>;
}

/** Every lookup from the database. */
export const uncachedTenantProfiles = (db: Prisma.TransactionClient): TenantProfiles => ({
  get: (tenantId) => loadTenantProfile(db, tenantId),
});

/** The tenant's facts for a tool. A tenant without a (valid) agent config is permanent trouble: never retried. */
export async function loadTenantProfile(db: Prisma.TransactionClient, tenantId: string): Promise<ToolTenant> {
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, include: { agentConfig: true } });
  if (!tenant?.agentConfig) throw ApplicationFailure.nonRetryable(`tenant ${tenantId} has no agent config`, 'AgentConfigMissing');
  const config = tenant.agentConfig;
  try {
    return {
      id: tenant.id,
      name: tenant.name,
      address: tenant.address,
      timeZone: config.timeZone,
      businessHours: readBusinessHours(tenantId, config.businessHours),
      transferNumbers: readTransferNumbers(tenantId, config.transferNumbers),
      slotMinutes: config.slotMinutes,
      slotCapacity: config.slotCapacity,
      toolPacks: config.toolPacks,
    };
  } catch (error) {
    if (error instanceof AgentConfigError) throw ApplicationFailure.nonRetryable(error.message, error.name);
    throw error;
  }
}
