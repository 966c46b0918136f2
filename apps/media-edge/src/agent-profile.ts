import type { PrismaClient } from '../../../libs/db/src/prisma';
import { callParties, type CallState } from '../../../libs/calls/src';
import type { OutboundPurpose } from '../../../libs/outbound/src';
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
  /** Calls we placed: what the agent calls about. */
  outbound?: OutboundBrief;
}

/** What an outbound agent says it calls about. */
export interface OutboundBrief {
  purpose: OutboundPurpose;
  appointment?: { id: string; service: string; customerName: string; startsAt: Date; timeZone: string };
  context?: string;
}

/**
 * Reads the tenant's agent config (read-only: only activities write) and the
 * call's parties from its workflow, so both legs get them the same way.
 */
export async function loadAgentProfile(db: PrismaClient, calls: CallsClient, callSid: string, tenantId: string): Promise<AgentProfile> {
  const [config, call] = await Promise.all([
    db.agentConfig.findUnique({
      where: { tenantId },
      select: { agentName: true, brand: true, greetingTemplate: true, voice: true, instructions: true, recordingEnabled: true, timeZone: true },
    }),
    calls.handle(callSid).query(callStateQuery),
  ]);
  if (!config) throw new Error(`tenant ${tenantId} has no agent config`);
  const outbound = call.outbound && (await outboundBrief(db, call, tenantId, config.timeZone));
  return {
    tenantId,
    agentName: config.agentName,
    brand: config.brand,
    greeting: config.greetingTemplate.replaceAll('{brand}', config.brand).replaceAll('{agent}', config.agentName),
    voice: config.voice,
    instructions: config.instructions,
    // The call's packs: an outbound call has the reminder tools on top of the tenant's.
    toolPacks: call.toolPacks,
    recordingEnabled: config.recordingEnabled,
    callerNumber: callParties(call).callerNumber,
    outbound,
  };
}

async function outboundBrief(db: PrismaClient, call: CallState, tenantId: string, timeZone: string): Promise<OutboundBrief> {
  const leg = call.outbound!;
  const appointment = leg.appointmentId
    ? await db.appointment.findFirst({ where: { id: leg.appointmentId, tenantId }, select: { id: true, serviceName: true, contactName: true, startsAt: true } })
    : null;
  return {
    purpose: leg.purpose,
    context: leg.context,
    appointment: appointment ? { id: appointment.id, service: appointment.serviceName, customerName: appointment.contactName, startsAt: appointment.startsAt, timeZone } : undefined,
  };
}
