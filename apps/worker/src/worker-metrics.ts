import { Counter, Histogram, Registry } from 'prom-client';

/** Everything the worker exports on `GET /metrics`, in a registry of its own. */
export class WorkerMetrics {
  readonly registry = new Registry();

  readonly activitySeconds = new Histogram({
    name: 'switchboard_worker_activity_seconds',
    help: 'Activity executions on this worker, by activity type and result (completed, failed: thrown, to be retried or failed for good)',
    labelNames: ['activity', 'result'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly toolSeconds = new Histogram({
    name: 'switchboard_tool_seconds',
    help: 'Tool executions (the runTool activity) by tool and ok (false: a business outcome such as slot_taken, or an error)',
    labelNames: ['tool', 'ok'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly callsSummarized = new Counter({
    name: 'switchboard_calls_total',
    help: 'Calls summarized after they ended, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly smsFailures = new Counter({
    name: 'switchboard_sms_failures_total',
    help: 'Texts not sent: refused by Twilio (rejected), refused by a contact check (not_sent), or the send failed (error, retried)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly crmSyncFailures = new Counter({
    name: 'switchboard_crm_sync_failures_total',
    help: 'CRM webhook deliveries that failed (they are retried with backoff)',
    registers: [this.registry],
  });
}
