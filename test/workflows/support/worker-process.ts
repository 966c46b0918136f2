import { AppProcess } from '../../../libs/infra/src/app-process';
import { requiredEnv } from '../../support/test-env';

/** `npm run worker` as a process of its own on the file's database and `taskQueue` (settings in `env` on top), so a test can SIGKILL it. */
export function startWorkerProcess(taskQueue: string, env: NodeJS.ProcessEnv = {}): AppProcess {
  return AppProcess.start('worker', 'apps/worker/src/main.ts', {
    ...process.env,
    DATABASE_URL: requiredEnv('DATABASE_URL'),
    TEMPORAL_ADDRESS: requiredEnv('TEMPORAL_ADDRESS'),
    WORKFLOW_BUNDLE_PATH: requiredEnv('WORKFLOW_BUNDLE_PATH'),
    TEMPORAL_TASK_QUEUE: taskQueue,
    SUMMARY_MODEL: 'local',
    OPENAI_API_KEY: '',
    LOG_LEVEL: 'warn',
    // Any free port: other workers (another test file, a running stack) may have the default.
    WORKER_METRICS_PORT: '0',
    ...env,
  });
}
