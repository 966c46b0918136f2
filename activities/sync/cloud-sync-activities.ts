import type { Logger } from 'pino';
import { CALL_COMPLETED, type CloudSyncInput, type CrmWebhookBody, type DeliveryAttempt } from '../../libs/crm-sync/src/crm-sync';
import { openWebhookSecret } from '../../libs/crm-sync/src/webhook-secret';
import type { PrismaClient } from '../../libs/db/src/prisma';
import type { EncryptionKeyRing } from '../../libs/encryption/src/key-ring';
import { isSealedSecret, SealedSecretRefusedError } from '../../libs/encryption/src/sealed-secret';
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
const NOT_CONFIGURED = 'no CRM webhook URL or valid whsec_ secret configured';

export interface CloudSyncDeps {
  db: PrismaClient;
  settings: CloudSyncSettings;
  /** DATA_ENCRYPTION_KEY and DATA_PREVIOUS_KEYS: they open the sealed signing secrets; without them none opens. */
  dataKeys: EncryptionKeyRing | undefined;
  /** Where a secret still stored in plain text is reported, once per tenant. */
  log: Pick<Logger, 'warn'>;
  clock?: () => Date;
}

export function createCloudSyncActivities(deps: CloudSyncDeps) {
  const { db } = deps;
  const now = () => deps.clock?.() ?? new Date();
  const plaintextReported = new Set<string>();

  /** The row fails for good, saying why: nothing can be delivered until the tenant's webhook is set up again. */
  async function notConfigured(outboxId: string, reason: string): Promise<DeliveryAttempt> {
    await db.syncOutbox.update({ where: { id: outboxId }, data: { status: 'FAILED', lastError: reason } });
    return { outcome: 'not_configured' };
  }

  /** The secret to sign with, or why there is none: a reason that never holds the secret. */
  function signingSecretOf(stored: string | null | undefined, tenantId: string): { secret: string } | { refused: string } {
    if (!stored) return { refused: NOT_CONFIGURED };
    if (isSealedSecret(stored)) return openSealed(stored, tenantId);
    if (!isSigningSecret(stored)) return { refused: NOT_CONFIGURED };
    // Stored before secrets were sealed: it still signs, so an upgrade breaks no tenant's deliveries.
    if (!plaintextReported.has(tenantId)) {
      plaintextReported.add(tenantId);
      deps.log.warn({ tenantId }, "this tenant's CRM webhook signing secret is stored in plain text: seal it with `npm run crm-webhook -- --encrypt-existing`");
    }
    return { secret: stored };
  }

  function openSealed(sealed: string, tenantId: string): { secret: string } | { refused: string } {
    if (!deps.dataKeys) return { refused: 'the CRM webhook signing secret is sealed, and the worker has no DATA_ENCRYPTION_KEY to open it' };
    let secret: string;
    try {
      secret = openWebhookSecret(sealed, tenantId, deps.dataKeys);
    } catch (error) {
      if (error instanceof SealedSecretRefusedError) return { refused: `the CRM webhook signing secret does not open: ${error.message}` };
      throw error;
    }
    return isSigningSecret(secret) ? { secret } : { refused: NOT_CONFIGURED };
  }

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
      if (!url) return notConfigured(row.id, NOT_CONFIGURED);
      const signing = signingSecretOf(row.tenant.agentConfig?.crmWebhookSecret, row.tenantId);
      if ('refused' in signing) return notConfigured(row.id, signing.refused);
      const { secret } = signing;

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
