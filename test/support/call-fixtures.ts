import type { CallWorkflowInput, TranscriptTurn } from '../../libs/calls/src';
import { newCallSid } from '../../libs/calls/src/call-sid';
import type { PrismaClient } from '../../libs/db/src/prisma';
import type { DemoTenant } from '../../prisma/seed/demo-data';

export async function tenantIdOf(db: PrismaClient, tenant: DemoTenant): Promise<string> {
  const row = await db.tenant.findUniqueOrThrow({ where: { slug: tenant.slug }, select: { id: true } });
  return row.id;
}

export function inboundCall(tenantId: string, tenant: Pick<DemoTenant, 'phoneNumber' | 'toolPacks'>, from: string, overrides: Partial<CallWorkflowInput> = {}): CallWorkflowInput {
  return {
    callSid: newCallSid(),
    tenantId,
    direction: 'inbound',
    from,
    to: tenant.phoneNumber,
    startedAt: new Date().toISOString(),
    toolPacks: tenant.toolPacks,
    ...overrides,
  };
}

export const turn = (role: TranscriptTurn['role'], text: string): TranscriptTurn => ({ role, text, at: new Date().toISOString() });
