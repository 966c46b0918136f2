import type { CallbackRequest, CallbackSource } from '../../libs/callbacks/src/callback-messages';
import type { Prisma } from '../../libs/db/src/prisma';

type Callback = Prisma.CallbackModel;

/** What starts the callback's workflow, from its row. */
export function callbackRequestOf(row: Callback): CallbackRequest {
  return {
    callbackId: row.id,
    tenantId: row.tenantId,
    phone: row.phone,
    name: row.name ?? undefined,
    reason: row.reason,
    notes: row.notes ?? undefined,
    requestedAt: row.requestedFor?.toISOString(),
    callSid: row.callSid ?? undefined,
    source: sourceOf(row),
  };
}

/** The callback a tool call recorded, while no workflow has scheduled it yet (a retried tool must still start it). */
export async function findPendingCallback(db: Prisma.TransactionClient, toolCallId: string): Promise<CallbackRequest | undefined> {
  const row = await db.callback.findUnique({ where: { sourceKey: toolCallId } });
  return row?.status === 'PENDING' ? callbackRequestOf(row) : undefined;
}

/** Rows a REST request wrote are keyed `rest:<id>`; the tool's by the tool-call id. */
const sourceOf = (row: Callback): CallbackSource => (row.sourceKey.startsWith('rest:') ? 'rest' : 'call');
