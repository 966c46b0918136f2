import { Injectable, NotFoundException } from '@nestjs/common';
import { readBusinessHours, readTransferNumbers, type AgentConfigUpdate } from '../../../../libs/agent-config/src/agent-config';
import type { Prisma } from '../../../../libs/db/src/prisma';
import { PrismaService } from '../database/prisma.service';
import type { AgentConfigView } from './agent-config.schemas';

const VIEW_FIELDS = {
  agentName: true,
  brand: true,
  greetingTemplate: true,
  voice: true,
  instructions: true,
  timeZone: true,
  businessHours: true,
  transferNumbers: true,
  toolPacks: true,
  slotMinutes: true,
  slotCapacity: true,
  crmWebhookUrl: true,
  recordingEnabled: true,
  aiEnabled: true,
  confirmWrites: true,
  updatedAt: true,
  tenant: { select: { slug: true, name: true, vertical: true, address: true } },
} satisfies Prisma.AgentConfigSelect;

type Row = Prisma.AgentConfigGetPayload<{ select: typeof VIEW_FIELDS }>;

/**
 * A tenant's agent configuration. Every change goes through `update`, the one
 * place to tell running processes (media-edge, worker) about it; today they
 * read the configuration afresh at each call.
 */
@Injectable()
export class AgentConfigService {
  constructor(private readonly db: PrismaService) {}

  async get(tenantId: string): Promise<AgentConfigView> {
    const row = await this.db.agentConfig.findUnique({ where: { tenantId }, select: VIEW_FIELDS });
    if (!row) throw new NotFoundException('This tenant has no agent configured');
    return view(tenantId, row);
  }

  async update(tenantId: string, change: AgentConfigUpdate): Promise<AgentConfigView> {
    const found = await this.db.agentConfig.findUnique({ where: { tenantId }, select: { tenantId: true } });
    if (!found) throw new NotFoundException('This tenant has no agent configured');
    const row = await this.db.agentConfig.update({ where: { tenantId }, data: change, select: VIEW_FIELDS });
    return view(tenantId, row);
  }
}

function view(tenantId: string, row: Row): AgentConfigView {
  return {
    ...row,
    businessHours: readBusinessHours(tenantId, row.businessHours),
    transferNumbers: readTransferNumbers(tenantId, row.transferNumbers),
    updatedAt: row.updatedAt.toISOString(),
  };
}
