import type { PrismaClient } from '../../../libs/db/src/prisma';
import { callStateQuery } from '../../../libs/calls/src/call-messages';
import type { OutboundPurpose } from '../../../libs/outbound/src';
import type { CallsClient } from '../../../libs/temporal/src/calls-client';
import { realtimeToolDefinitions } from '../../../libs/tools/src';
import type { AgentProfile } from './agent-profiles';

/** What an outbound agent says it calls about. */
export interface OutboundBrief {
  purpose: OutboundPurpose;
  appointment?: { id: string; service: string; customerName: string; startsAt: Date; timeZone: string };
  context?: string;
}

/**
 * The tenant's agent on a call we placed: told what it calls about, with the
 * call's tool packs (the reminder tools on top of the tenant's). Read from
 * the call's workflow; the agent stays silent until AMD answers anyway, so
 * this query is not on the path of a greeting the callee waits for.
 */
export async function outboundProfile(db: PrismaClient, calls: CallsClient, callSid: string, profile: AgentProfile): Promise<AgentProfile> {
  const call = await calls.handle(callSid).query(callStateQuery);
  const leg = call.outbound;
  if (!leg) return profile;
  const appointment = leg.appointmentId
    ? await db.appointment.findFirst({
        where: { id: leg.appointmentId, tenantId: profile.tenantId },
        select: { id: true, serviceName: true, contactName: true, startsAt: true },
      })
    : null;
  return {
    ...profile,
    tools: realtimeToolDefinitions(call.toolPacks),
    outbound: {
      purpose: leg.purpose,
      context: leg.context,
      appointment: appointment
        ? { id: appointment.id, service: appointment.serviceName, customerName: appointment.contactName, startsAt: appointment.startsAt, timeZone: profile.timeZone }
        : undefined,
    },
  };
}
