import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import OpenAI from 'openai';
import { createActivities } from '../../../activities';
import type { TenantProfiles } from '../../../activities/tools/tenant-profile';
import type { Clock } from '../../../libs/clock/src/clock';
import type { Env } from '../../../libs/config/src/env';
import type { FollowUpEnv } from '../../../libs/config/src/follow-up-env';
import type { PrismaClient } from '../../../libs/db/src/prisma';
import type { SpeechSynthesis } from '../../../libs/speech/src/speech-synthesis';
import type { Telephony } from '../../../libs/telephony/src/telephony';
import { CALLS_TASK_QUEUE } from '../../../libs/temporal/src/task-queues';
import { activityMetrics } from './activity-metrics.interceptor';
import { followUpSettingsFrom } from './follow-up-settings';
import type { WorkerMetrics } from './worker-metrics';

export interface SwitchboardWorkerDeps {
  /** The follow-up settings (allow-list, SMS delay, CRM retries…) take their defaults when absent. */
  env: Pick<Env, 'TEMPORAL_NAMESPACE' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'SUMMARY_MODEL' | 'REALTIME_MODEL'> & Partial<FollowUpEnv>;
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
}

/** The worker with every workflow and real activities, ready to `run()`. */
export async function createSwitchboardWorker(deps: SwitchboardWorkerDeps): Promise<Worker> {
  const openai = deps.env.OPENAI_API_KEY
    ? new OpenAI({ apiKey: deps.env.OPENAI_API_KEY, baseURL: deps.env.OPENAI_BASE_URL })
    : undefined;
  const workflows: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = deps.workflowBundlePath
    ? { workflowBundle: { codePath: deps.workflowBundlePath } }
    : { workflowsPath: require.resolve('../../../workflows') };
  return Worker.create({
    connection: deps.connection,
    namespace: deps.env.TEMPORAL_NAMESPACE,
    taskQueue: deps.taskQueue ?? CALLS_TASK_QUEUE,
    ...workflows,
    ...(deps.metrics && { interceptors: { activity: [activityMetrics(deps.metrics)] } }),
    activities: createActivities({
      db: deps.db,
      tenantProfiles: deps.tenantProfiles,
      openai,
      telephony: deps.telephony,
      speech: deps.speech,
      summaryModel: deps.env.SUMMARY_MODEL,
      realtimeModel: deps.env.REALTIME_MODEL,
      clock: deps.clock,
      followUps: followUpSettingsFrom(deps.env),
    }),
  });
}
