import { Injectable, Logger } from '@nestjs/common';
import { AgentConfigError, readTransferNumbers } from '../../../../libs/agent-config/src/agent-config';
import { PrismaService } from '../database/prisma.service';

/** The tenant that answers a dialed number, with what an inbound call needs to know about it. */
export interface AnsweringTenant {
  tenantId: string;
  toolPacks: string[];
  /** The tenant's AI switch: off, the business's own number takes every call. */
  aiEnabled: boolean;
  /** The person to dial when the agent cannot take the call; absent: voicemail. */
  primaryTransferNumber?: string;
}

@Injectable()
export class AnsweringTenantsService {
  private readonly log = new Logger(AnsweringTenantsService.name);

  constructor(private readonly db: PrismaService) {}

  /** Null when nobody answers the number: unknown, or its tenant has no agent configured. */
  async forDialedNumber(e164: string): Promise<AnsweringTenant | null> {
    const number = await this.db.phoneNumber.findUnique({
      where: { e164 },
      select: { tenantId: true, tenant: { select: { agentConfig: { select: { toolPacks: true, transferNumbers: true, aiEnabled: true } } } } },
    });
    if (!number) return null;
    const config = number.tenant.agentConfig;
    if (!config) {
      this.log.warn({ msg: 'dialed number belongs to a tenant without an agent config', to: e164, tenantId: number.tenantId });
      return null;
    }
    return {
      tenantId: number.tenantId,
      toolPacks: config.toolPacks,
      aiEnabled: config.aiEnabled,
      primaryTransferNumber: this.primaryNumber(number.tenantId, config.transferNumbers),
    };
  }

  /** A broken transferNumbers must not keep the call from being answered: without a number it goes to voicemail. */
  private primaryNumber(tenantId: string, transferNumbers: unknown): string | undefined {
    try {
      return readTransferNumbers(tenantId, transferNumbers).primary;
    } catch (error) {
      if (!(error instanceof AgentConfigError)) throw error;
      this.log.warn({ msg: 'agent config has unreadable transferNumbers; no one to dial', tenantId, error: error.message });
      return undefined;
    }
  }
}
