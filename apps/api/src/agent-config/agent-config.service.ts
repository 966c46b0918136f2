import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { readBusinessHours, readTransferNumbers, type AgentConfigUpdate } from '../../../../libs/agent-config/src/agent-config';
import type { ApiEnv } from '../../../../libs/config/src/env';
import type { Prisma } from '../../../../libs/db/src/prisma';
import { requestGreetingRender } from '../../../../libs/greetings/src/greeting-renders';
import { ENV } from '../config/config.module';
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

/** What the cached greeting audio is rendered from. */
const GREETING_FIELDS = ['agentName', 'brand', 'greetingTemplate', 'voice'] as const;

/**
 * A tenant's agent configuration. Every change goes through `update`, the one
 * place to tell running processes about it: the worker's tenant profile cache
 * hears it from PostgreSQL (NOTIFY), and a change to what the greeting says
 * asks `render-greeting-<tenant>` for new audio.
 */
@Injectable()
export class AgentConfigService {
  private readonly log = new Logger(AgentConfigService.name);

  constructor(
    private readonly db: PrismaService,
    @Inject(Client) private readonly temporal: Client,
    @Inject(ENV) private readonly env: ApiEnv,
  ) {}

  async get(tenantId: string): Promise<AgentConfigView> {
    const row = await this.db.agentConfig.findUnique({ where: { tenantId }, select: VIEW_FIELDS });
    if (!row) throw new NotFoundException('This tenant has no agent configured');
    return view(tenantId, row);
  }

  async update(tenantId: string, change: AgentConfigUpdate): Promise<AgentConfigView> {
    const found = await this.db.agentConfig.findUnique({ where: { tenantId }, select: { tenantId: true } });
    if (!found) throw new NotFoundException('This tenant has no agent configured');
    const row = await this.db.agentConfig.update({ where: { tenantId }, data: change, select: VIEW_FIELDS });
    if (GREETING_FIELDS.some((field) => change[field] !== undefined)) await this.renderGreeting(tenantId);
    return view(tenantId, row);
  }

  /**
   * The change is saved either way: until new audio is cached, calls hear the
   * model speak the greeting (cached audio is kept per text and voice, so the
   * old recording is never played for the new words).
   */
  private async renderGreeting(tenantId: string): Promise<void> {
    try {
      await requestGreetingRender(this.temporal, tenantId, this.env.TEMPORAL_TASK_QUEUE);
    } catch (error) {
      this.log.warn({ msg: 'greeting render not requested; calls hear the model speak it until one is', tenantId, error: (error as Error).message });
    }
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
