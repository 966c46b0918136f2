import { ActivityFailure, proxyActivities, setCurrentDetails, sleep, type ActivityOptions } from '@temporalio/workflow';
import type { CallActivities } from '../activities';
import type { CloudSyncInput, CloudSyncResult, DeliveryAttempt } from '../libs/crm-sync/src/crm-sync';

/** Beyond the POST's own timeout: time to load the row and record the outcome. */
const BOOKKEEPING_MARGIN_MS = 15_000;

/**
 * `sync-<outboxId>`: delivers one outbox row to the tenant's CRM webhook,
 * signed per Standard Webhooks with the same `webhook-id` every time. The
 * schedule of waits (by default about 8 attempts over 27 hours) is durable
 * timers, so the pending retry is visible in the Temporal UI; a 2xx or a 410
 * Gone ends it.
 */
export async function cloudSyncWorkflow(input: CloudSyncInput): Promise<CloudSyncResult> {
  const total = input.retryScheduleMs.length;
  const options: ActivityOptions = {
    startToCloseTimeout: input.attemptTimeoutMs + BOOKKEEPING_MARGIN_MS,
    // Retries of one attempt are for our own trouble (the database); the receiver's failures are results.
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
  };
  const { deliverOutboxRow } = proxyActivities<CallActivities>(options);

  for (const [index, waitMs] of input.retryScheduleMs.entries()) {
    const attempt = index + 1;
    if (waitMs > 0) await sleep(waitMs, { summary: `wait before attempt ${attempt} of ${total}` });
    let result: DeliveryAttempt;
    try {
      result = await deliverOutboxRow.executeWithOptions({ ...options, summary: `POST to the CRM webhook, attempt ${attempt} of ${total}` }, [
        { outboxId: input.outboxId, finalAttempt: attempt === total, timeoutMs: input.attemptTimeoutMs },
      ]);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      result = { outcome: 'failed', error: error.cause?.message ?? error.message };
    }
    if (result.outcome !== 'failed') {
      setCurrentDetails(`${result.outcome} after ${attempt} attempt(s)`);
      return { outcome: result.outcome, attempts: attempt };
    }
    setCurrentDetails(`attempt ${attempt} of ${total} failed: ${result.error}`);
  }
  return { outcome: 'exhausted', attempts: total };
}
