import type { Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import type { CallActivities } from '../../../activities';
import type { WorkerMetrics } from './worker-metrics';

type Activity = keyof CallActivities;
type ResultOf<A extends Activity> = Awaited<ReturnType<CallActivities[A]>>;

/**
 * Measures every activity at the worker's edge, so the activities stay free
 * of metrics code. An activity that completed but whose completion Temporal
 * lost runs again and is counted again: the counts are at least once.
 */
export function activityMetrics(metrics: WorkerMetrics): ActivityInterceptorsFactory {
  return (context) => ({ inbound: new ActivityMetricsInterceptor(metrics, context) });
}

class ActivityMetricsInterceptor implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly metrics: WorkerMetrics,
    private readonly context: Context,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const activity = this.context.info.activityType as Activity;
    const stopTimer = this.metrics.activitySeconds.startTimer({ activity });
    const toolTimer = activity === 'executeToolCall' ? this.metrics.toolSeconds.startTimer({ tool: toolName(input) }) : undefined;
    try {
      const result = await next(input);
      stopTimer({ result: 'completed' });
      toolTimer?.({ ok: String((result as ResultOf<'executeToolCall'>).ok) });
      this.observe(activity, result);
      return result;
    } catch (error) {
      stopTimer({ result: 'failed' });
      toolTimer?.({ ok: 'false' });
      if (activity === 'sendQueuedSms') this.metrics.smsFailures.inc({ reason: 'error' });
      if (activity === 'deliverOutboxRow') this.metrics.crmSyncFailures.inc();
      throw error;
    }
  }

  private observe(activity: Activity, result: unknown): void {
    if (activity === 'summarizeCall') this.metrics.callsSummarized.inc({ outcome: (result as ResultOf<'summarizeCall'>).summary.outcome });
    if (activity === 'sendQueuedSms') {
      const sent = result as ResultOf<'sendQueuedSms'>;
      if (sent.outcome !== 'sent') this.metrics.smsFailures.inc({ reason: sent.outcome });
    }
    if (activity === 'deliverOutboxRow' && (result as ResultOf<'deliverOutboxRow'>).outcome === 'failed') this.metrics.crmSyncFailures.inc();
  }
}

function toolName(input: ActivityExecuteInput): string {
  const [call] = input.args as Parameters<CallActivities['executeToolCall']>;
  return call?.name ?? 'unknown';
}
