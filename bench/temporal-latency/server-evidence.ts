import { MetricsSnapshot } from '../media-edge/metrics-scrape';

/**
 * What the dev server itself reports (its Prometheus metrics, namespace
 * `default`) between two scrapes: whether each latency setting took effect.
 */
export interface ServerEvidence {
  /** Mean wait of a new activity or workflow task to be read from the transfer queue (what transferProcessorMaxPollRPS caps). */
  transferLoadMs: number;
  /** Activity tasks dispatched through the transfer queue and matching. */
  activitiesViaMatching: number;
  /** Activity tasks handed to the worker in the workflow task's response. */
  activitiesEager: number;
  /** Polls and tasks forwarded between task-queue partitions. */
  forwarded: number;
}

const NAMESPACE = { namespace: 'default' };
const ACTIVITY_TRANSFER = { ...NAMESPACE, task_type: 'TransferActiveTaskActivity' };
const WORKFLOW_TASK_TRANSFER = { ...NAMESPACE, task_type: 'TransferActiveTaskWorkflowTask' };

export class ServerCounters {
  private constructor(private readonly snapshot: MetricsSnapshot) {}

  static async scrape(metricsUrl: string): Promise<ServerCounters> {
    return new ServerCounters(await MetricsSnapshot.scrape(metricsUrl));
  }

  /** The evidence for what happened since `earlier`. */
  since(earlier: ServerCounters): ServerEvidence {
    const delta = (name: string, labels: Record<string, string>) => this.snapshot.value(name, labels) - earlier.snapshot.value(name, labels);
    const loadSeconds = delta('task_latency_load_sum', ACTIVITY_TRANSFER) + delta('task_latency_load_sum', WORKFLOW_TASK_TRANSFER);
    const loaded = delta('task_latency_load_count', ACTIVITY_TRANSFER) + delta('task_latency_load_count', WORKFLOW_TASK_TRANSFER);
    return {
      transferLoadMs: loaded > 0 ? (loadSeconds * 1000) / loaded : NaN,
      activitiesViaMatching: delta('task_latency_load_count', ACTIVITY_TRANSFER),
      activitiesEager: delta('activity_eager_execution', NAMESPACE),
      forwarded: delta('forwarded_per_tl', NAMESPACE),
    };
  }
}
