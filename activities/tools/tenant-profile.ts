import { ApplicationFailure } from '@temporalio/common';
import { AgentConfigError, readBusinessHours, readTransferNumbers } from '../../libs/agent-config/src/agent-config';
import type { Prisma } from '../../libs/db/src/prisma';
import type { TenantProfile } from './tool-context';

/** The tenant's facts for a tool. A tenant without a (valid) agent config is permanent trouble: never retried. */
export async function loadTenantProfile(db: Prisma.TransactionClient, tenantId: string): Promise<TenantProfile & { toolPacks: string[] }> {
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
