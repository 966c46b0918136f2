import { CALL_COMPLETED, type CloudSyncInput, type CrmWebhookBody, type DeliveryAttempt } from '../../libs/crm-sync/src/crm-sync';
import type { PrismaClient } from '../../libs/db/src/prisma';
import { isSigningSecret, postSignedWebhook } from './signed-webhook-post';

export interface CloudSyncSettings {
  retryScheduleMs: number[];
  attemptTimeoutMs: number;
}

export interface DeliveryRequest {
  outboxId: string;
  /** The last attempt of the schedule: a failure marks the row FAILED for good. */
  finalAttempt: boolean;
  timeoutMs: number;
}

const GONE = 'HTTP 410 Gone: the receiver wants no more deliveries';

export function createCloudSyncActivities(deps: { db: PrismaClient; settings: CloudSyncSettings; clock?: () => Date }) {
  const { db } = deps;
  const now = () => deps.clock?.() ?? new Date();

  return {
    /** The sync a finished call needs: its outbox row, written with the summary; null for a tenant without a CRM webhook. */
    async planCloudSync(input: { callSid: string; tenantId: string }): Promise<CloudSyncInput | null> {
      const row = await db.syncOutbox.findUnique({ where: { sourceKey: `${CALL_COMPLETED}:${input.callSid}` }, select: { id: true, status: true } });
      if (!row || row.status !== 'PENDING') return null;
      return { tenantId: input.tenantId, outboxId: row.id, retryScheduleMs: deps.settings.retryScheduleMs, attemptTimeoutMs: deps.settings.attemptTimeoutMs };
    },

    /**
     * One signed POST of an outbox row to the tenant's CRM webhook. The
     * outcome is a result, not an exception: the workflow owns the retry
     * schedule. The row's id is the `webhook-id`, so every attempt carries
     * the same one. A row already delivered is not posted again.
     */
    async deliverOutboxRow(request: DeliveryRequest): Promise<DeliveryAttempt> {
      const row = await db.syncOutbox.findUniqueOrThrow({
        where: { id: request.outboxId },
        include: { tenant: { select: { agentConfig: { select: { crmWebhookUrl: true, crmWebhookSecret: true } } } } },
      });
      if (row.status === 'SENT') return { outcome: 'delivered' };
      if (row.status === 'FAILED') return { outcome: 'failed', error: row.lastError ?? 'failed earlier' };
      const url = row.tenant.agentConfig?.crmWebhookUrl;
      const secret = row.tenant.agentConfig?.crmWebhookSecret;
      if (!url || !secret || !isSigningSecret(secret)) {
        await db.syncOutbox.update({ where: { id: row.id }, data: { status: 'FAILED', lastError: 'no CRM webhook URL or valid whsec_ secret configured' } });
        return { outcome: 'not_configured' };
      }

      const body: CrmWebhookBody = { type: row.kind, timestamp: row.createdAt.toISOString(), data: row.payload };
      // Signed with the wall clock, never the business clock (SWITCHBOARD_TODAY): receivers check the timestamp against theirs.
      const result = await postSignedWebhook({ url, secret, id: row.id, body: JSON.stringify(body), timeoutMs: request.timeoutMs, now: new Date() });
      const attempts = { increment: 1 };
      if ('status' in result && result.status >= 200 && result.status < 300) {
        await db.syncOutbox.update({ where: { id: row.id }, data: { status: 'SENT', sentAt: now(), attempts, lastError: null } });
        return { outcome: 'delivered' };
      }
      if ('status' in result && result.status === 410) {
        await db.syncOutbox.update({ where: { id: row.id }, data: { status: 'FAILED', attempts, lastError: GONE } });
        return { outcome: 'gone' };
      }
      const error = 'status' in result ? `HTTP ${result.status}` : result.error;
      await db.syncOutbox.update({ where: { id: row.id }, data: { status: request.finalAttempt ? 'FAILED' : 'PENDING', attempts, lastError: error } });
      return { outcome: 'failed', error };
    },
  };
}
