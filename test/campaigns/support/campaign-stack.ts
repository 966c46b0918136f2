import type { INestApplication } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { createApiApp } from '../../../apps/api/src/api-app';
import { ApiKeyStore } from '../../../apps/api/src/api-keys/api-key-store';
import type { CampaignRun } from '../../../libs/campaigns/src/reminder-schedules';
import type { FollowUpEnv } from '../../../libs/config/src/follow-up-env';
import type { PrismaClient } from '../../../libs/db/src/prisma';
import { freeLoopbackPort } from '../../../libs/infra/src/app-process';
import { createTwilioClient, TwilioTelephony } from '../../../libs/telephony/src/twilio-telephony';
import { TwilioRestSimulator } from '../../../simulators/twilio';
import { eventually } from '../../media-edge/support/eventually';
import { startTestSwitchboard, type TestSwitchboard } from '../../support/switchboard-worker';

/** Well inside the API's rate limit (300 requests a minute per key). */
const REST_POLL_MS = 250;

export const TWILIO = { accountSid: `AC${'7'.repeat(32)}`, authToken: 'campaign-test-auth-token' };

/** The API (campaign REST and Twilio's outbound webhooks) and the Twilio REST simulator it and the worker talk to. */
export interface CampaignStack {
  rest: TwilioRestSimulator;
  apiUrl: string;
  app: INestApplication;
  taskQueue: string;
  close(): Promise<void>;
}

/** Starts the simulator and the API on a task queue of the test's own; `worker` says where the worker runs. */
export async function startCampaignStack(): Promise<CampaignStack> {
  const rest = await TwilioRestSimulator.start(TWILIO);
  const apiUrl = `http://127.0.0.1:${await freeLoopbackPort()}`;
  const taskQueue = `campaign-${randomUUID()}`;
  // The API reads its settings once, at boot: Twilio signs for PUBLIC_URL, schedules start runs on our queue.
  Object.assign(process.env, { TWILIO_AUTH_TOKEN: TWILIO.authToken, PUBLIC_URL: apiUrl, TEMPORAL_TASK_QUEUE: taskQueue });
  const app = await createApiApp({ logger: false });
  await app.listen(new URL(apiUrl).port, '127.0.0.1');
  return {
    rest,
    apiUrl,
    app,
    taskQueue,
    async close() {
      await app.close();
      await rest.close();
    },
  };
}

/** A worker in this process, dialling through the simulator with the given allow-list (and any other follow-up settings). */
export function startCampaignWorker(stack: CampaignStack, allowList: string[], followUps: Partial<FollowUpEnv> = {}): Promise<TestSwitchboard> {
  return startTestSwitchboard({
    telephony: new TwilioTelephony(createTwilioClient({ ...TWILIO, apiBaseUrl: stack.rest.baseUrl })),
    taskQueue: stack.taskQueue,
    followUps: { PUBLIC_URL: stack.apiUrl, OUTBOUND_ALLOW_LIST: allowList.join(','), SMS_FOLLOW_UP_DELAY_SECONDS: 0, ...followUps },
  });
}

export async function tenantKey(db: PrismaClient, tenantId: string): Promise<string> {
  return (await new ApiKeyStore(db).create({ role: 'tenant', tenantId }, 'campaign test')).key;
}

/** A small REST client for one key. */
export function campaignApi(apiUrl: string, key: string) {
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  return {
    request,
    /**
     * The day's runs over REST once the schedule has started `count` runs and
     * each has finished (visibility, which the endpoint reads, lags a little).
     */
    async finishedRuns(client: Client, id: string, date: string, count: number, timeoutMs = 120_000): Promise<CampaignRun[]> {
      const schedule = client.schedule.getHandle(id);
      const actions = await eventually(`${count} run(s) started by ${id}`, async () => {
        const { recentActions } = (await schedule.describe()).info;
        return recentActions.length >= count && recentActions;
      }, timeoutMs, REST_POLL_MS);
      await Promise.all(actions.map((action) => client.workflow.getHandle(action.action.workflow.workflowId).result()));
      return eventually(`${count} finished run(s) of ${id} for ${date} over REST`, async () => {
        const { status, body } = await request('GET', `/v1/campaigns/${id}/runs/${date}`);
        const runs = status === 200 ? (body.runs as CampaignRun[]) : [];
        return runs.length >= count && runs.every((run) => run.progress.done) && runs;
      }, timeoutMs, REST_POLL_MS);
    },
  };
}
