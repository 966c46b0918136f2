import type { PrismaClient } from '../../../libs/db/src/prisma';
import { callParties } from '../../../libs/calls/src';
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
  recordingEnabled: boolean;
  /** The other party: the caller on inbound calls, the callee on outbound ones. */
  callerNumber: string;
}

/**
 * Reads the tenant's agent config (read-only: only activities write) and the
 * call's parties from its workflow, so both legs get them the same way.
 */
export async function loadAgentProfile(db: PrismaClient, calls: CallsClient, callSid: string, tenantId: string): Promise<AgentProfile> {
  const [config, call] = await Promise.all([
    db.agentConfig.findUnique({
      where: { tenantId },
      select: { agentName: true, brand: true, greetingTemplate: true, voice: true, instructions: true, toolPacks: true, recordingEnabled: true },
    }),
    calls.handle(callSid).query(callStateQuery),
  ]);
  if (!config) throw new Error(`tenant ${tenantId} has no agent config`);
  return {
    tenantId,
    agentName: config.agentName,
    brand: config.brand,
    greeting: config.greetingTemplate.replaceAll('{brand}', config.brand).replaceAll('{agent}', config.agentName),
    voice: config.voice,
    instructions: config.instructions,
    toolPacks: config.toolPacks,
    recordingEnabled: config.recordingEnabled,
    callerNumber: callParties(call).callerNumber,
  };
}
