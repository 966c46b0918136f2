import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import OpenAI from 'openai';
import type { Logger } from 'pino';
import { createActivities } from '../../../activities';
import type { TenantProfiles } from '../../../activities/tools/tenant-profile';
import type { Clock } from '../../../libs/clock/src/clock';
import type { DataKeysEnv, Env } from '../../../libs/config/src/env';
import type { FollowUpEnv } from '../../../libs/config/src/follow-up-env';
import type { PrismaClient } from '../../../libs/db/src/prisma';
import { dataKeyRingFrom } from '../../../libs/encryption/src/sealed-secret';
import { createLogger } from '../../../libs/logging/src/logger';
import type { SpeechSynthesis } from '../../../libs/speech/src/speech-synthesis';
import type { Telephony } from '../../../libs/telephony/src/telephony';
import { CALLS_TASK_QUEUE, dialTaskQueue } from '../../../libs/temporal/src/task-queues';
import { activityMetrics } from './activity-metrics.interceptor';
import { callsPerSecondFrom, followUpSettingsFrom } from './follow-up-settings';
import type { WorkerMetrics } from './worker-metrics';

export interface SwitchboardWorkerDeps {
  /** The follow-up settings (allow-list, SMS delay, CRM retries…) take their defaults when absent; without the data keys no sealed CRM webhook secret opens. */
  env: Pick<Env, 'TEMPORAL_NAMESPACE' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'SUMMARY_MODEL' | 'REALTIME_MODEL'> &
    Partial<FollowUpEnv> &
    Partial<Pick<DataKeysEnv, 'DATA_ENCRYPTION_KEY' | 'DATA_PREVIOUS_KEYS'>>;
  connection: NativeConnection;
  db: PrismaClient;
  /** Where the tools read tenant profiles: a started TenantProfileCache on `db`'s database. */
  tenantProfiles: TenantProfiles;
  telephony?: Telephony;
  /** Renders the cached greetings (`render-greeting-<tenant>`); without it every greeting is spoken by the model. */
  speech?: SpeechSynthesis;
  /** A prebuilt bundle (tests, production images); else workflows/ is bundled at start. */
  workflowBundlePath?: string;
  taskQueue?: string;
  /** What the tools take as now; the real clock when omitted. */
  clock?: Clock;
  /** Where activity, tool, call-outcome, SMS and CRM-sync figures are counted; none when omitted. */
  metrics?: WorkerMetrics;
  /** Where activities warn (a CRM webhook secret in plain text); a `worker` logger at LOG_LEVEL when omitted. */
  log?: Pick<Logger, 'warn'>;
}

/**
 * The Temporal workers of one worker process: every workflow and activity
 * on the calls queue, and, with telephony, the account's dials on a queue of
 * their own that the Temporal server paces (TWILIO_CALLS_PER_SECOND).
 */
export class SwitchboardWorker {
  constructor(
    readonly calls: Worker,
    readonly dials: Worker | undefined,
  ) {}

  get taskQueue(): string {
    return this.calls.options.taskQueue;
  }

  get dialTaskQueue(): string | undefined {
    return this.dials?.options.taskQueue;
  }

  /** Polls until shutdown; when one worker fails, the other is shut down too and the failure rethrown. */
  async run(): Promise<void> {
    const runs = [this.calls, this.dials].filter((worker) => worker !== undefined).map((worker) =>
      worker.run().catch((error: unknown) => {
        this.shutdown();
        throw error;
      }),
    );
    await Promise.all(runs);
  }

  /** Both drain their in-flight tasks; run() resolves once they have. */
  shutdown(): void {
    for (const worker of [this.calls, this.dials]) {
      if (worker?.getState() === 'RUNNING') worker.shutdown();
    }
  }
}

/** The workers with every workflow and real activities, ready to `run()`. */
export async function createSwitchboardWorker(deps: SwitchboardWorkerDeps): Promise<SwitchboardWorker> {
  const openai = deps.env.OPENAI_API_KEY
    ? new OpenAI({ apiKey: deps.env.OPENAI_API_KEY, baseURL: deps.env.OPENAI_BASE_URL })
    : undefined;
  const workflows: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = deps.workflowBundlePath
    ? { workflowBundle: { codePath: deps.workflowBundlePath } }
    : { workflowsPath: require.resolve('../../../workflows') };
  const taskQueue = deps.taskQueue ?? CALLS_TASK_QUEUE;
  const dialQueue = deps.telephony && dialTaskQueue(taskQueue, deps.telephony.account);
  const followUps = followUpSettingsFrom(deps.env);
  const activities = createActivities({
    db: deps.db,
    tenantProfiles: deps.tenantProfiles,
    openai,
    telephony: deps.telephony,
    speech: deps.speech,
    summaryModel: deps.env.SUMMARY_MODEL,
    realtimeModel: deps.env.REALTIME_MODEL,
    clock: deps.clock,
    followUps: { ...followUps, outbound: { ...followUps.outbound, dialTaskQueue: dialQueue } },
    dataKeys: dataKeyRingFrom(deps.env),
    log: deps.log ?? createLogger('worker'),
  });
  const common = {
    connection: deps.connection,
    namespace: deps.env.TEMPORAL_NAMESPACE,
    ...(deps.metrics && { interceptors: { activity: [activityMetrics(deps.metrics)] } }),
  };
  // The calls queue keeps the dial activity too: a dial scheduled before the dial queue existed still runs.
  const calls = await Worker.create({ ...common, taskQueue, ...workflows, activities });
  if (!dialQueue) return new SwitchboardWorker(calls, undefined);
  const callsPerSecond = callsPerSecondFrom(deps.env);
  const dials = await Worker.create({
    ...common,
    taskQueue: dialQueue,
    activities: { dialOutboundCall: activities.dialOutboundCall },
    // Enforced by the server across every worker of the queue (the last poller's value wins: set it alike on all).
    // With one task-queue partition (our server config), a rate up to 1 spaces dials at least 1/rate apart;
    // a higher one allows bursts of ceil(rate). More partitions share the rate and keep only the average.
    ...(callsPerSecond > 0 && { maxTaskQueueActivitiesPerSecond: callsPerSecond }),
  });
  return new SwitchboardWorker(calls, dials);
}
