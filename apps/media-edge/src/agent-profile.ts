import { z } from 'zod';
import type { PrismaClient } from '../../../libs/db/src/prisma';
import type { CallsClient } from '../../../libs/temporal/src/calls-client';
import { callStateQuery } from '../../../libs/calls/src/call-messages';

/** Everything the bridge needs to know about the agent and the call, loaded once when the stream starts. */
export interface AgentProfile {
  tenantId: string;
  agentName: string;
  brand: string;
  /** The greeting template with {brand} and {agent} filled in. */
  greeting: string;
  voice: string;
  instructions: string;
  toolPacks: string[];
  /** Where a person answers when the agent cannot go on. */
  primaryTransferNumber?: string;
  recordingEnabled: boolean;
  /** The other party: the caller on inbound calls, the callee on outbound ones. */
  callerNumber: string;
  /** The business's own number on this call (caller ID for a transfer). */
  businessNumber: string;
}

const transferNumbersSchema = z.object({ primary: z.string().optional() }).catch({});

/**
 * Reads the tenant's agent config (read-only: only activities write) and the
 * call's parties from its workflow, so both legs get them the same way.
 */
export async function loadAgentProfile(db: PrismaClient, calls: CallsClient, callSid: string, tenantId: string): Promise<AgentProfile> {
  const [config, call] = await Promise.all([
    db.agentConfig.findUnique({
      where: { tenantId },
      select: {
        agentName: true,
        brand: true,
        greetingTemplate: true,
        voice: true,
        instructions: true,
        toolPacks: true,
        transferNumbers: true,
        recordingEnabled: true,
      },
    }),
    calls.handle(callSid).query(callStateQuery),
  ]);
  if (!config) throw new Error(`tenant ${tenantId} has no agent config`);
  const inbound = call.direction === 'inbound';
  return {
    tenantId,
    agentName: config.agentName,
    brand: config.brand,
    greeting: config.greetingTemplate.replaceAll('{brand}', config.brand).replaceAll('{agent}', config.agentName),
    voice: config.voice,
    instructions: config.instructions,
    toolPacks: config.toolPacks,
    primaryTransferNumber: transferNumbersSchema.parse(config.transferNumbers).primary,
    recordingEnabled: config.recordingEnabled,
    callerNumber: inbound ? call.from : call.to,
    businessNumber: inbound ? call.to : call.from,
  };
}
