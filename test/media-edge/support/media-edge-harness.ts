import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../libs/logging/src/logger';
import { OpenAIRealtime } from '../../../libs/realtime/src/openai/openai-realtime';
import type { EncryptionKey } from '../../../libs/encryption/src/key-ring';
import { signStreamToken } from '../../../libs/stream-token/src/stream-token';
import { startMediaEdge, type MediaEdge, type MediaEdgeOptions } from '../../../apps/media-edge/src/server';
import { KNOWN, AUTO_SHOP, type DemoTenant } from '../../../prisma/seed/demo-data';
import { playScript, RealtimeSimulator, type ConversationScript, type RealtimeSimulatorOptions, type SpeechTiming } from '../../../simulators/realtime';
import { inboundCall, tenantIdOf } from '../../support/call-fixtures';
import type { TestSwitchboard } from '../../support/switchboard-worker';
import { callParties, type CallWorkflowInput } from '../../../libs/calls/src';
import { TwilioStreamClient } from './twilio-stream-client';

export const STREAM_TOKEN_SECRET = 'media-edge-test-secret-0123456789';
export const REALTIME_MODEL = 'gpt-realtime';

/** A Realtime simulator with `script` and a media-edge bridging to it, on the test's Temporal worker. */
export interface EdgeHarness {
  sim: RealtimeSimulator;
  edge: MediaEdge;
  recordingsDir: string;
  /** Starts the call workflow (as the API does on the webhook) and returns what a stream needs. */
  newCall(tenant?: DemoTenant, overrides?: Partial<CallWorkflowInput>): Promise<TestCall>;
  /** A new call with a Twilio stream connected and started. */
  phoneCall(tenant?: DemoTenant): Promise<TestCall & { phone: TwilioStreamClient }>;
  /** The value of a counter or gauge (or a histogram's `_count` / `_sum`) with these labels; 0 when never set. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  /** A second media-edge like `edge`, on the same database, Temporal and Realtime API (closed with the harness). */
  anotherInstance(): Promise<MediaEdge>;
  /** Takes the Realtime API away: open sessions drop and new connections are refused. */
  stopRealtime(): Promise<void>;
  close(): Promise<void>;
}

export interface TestCall {
  input: CallWorkflowInput;
  tenantId: string;
  token: string;
}

export async function startEdgeHarness(
  sb: TestSwitchboard,
  script: ConversationScript,
  options: { timing?: Partial<SpeechTiming>; latency?: RealtimeSimulatorOptions['latency']; recordingKey?: EncryptionKey; metricsToken?: string } = {},
): Promise<EdgeHarness> {
  const sim = await RealtimeSimulator.start({ plan: playScript(script), timing: options.timing, latency: options.latency });
  const recordingsDir = mkdtempSync(path.join(tmpdir(), 'media-edge-recordings-'));
  const edgeOptions: MediaEdgeOptions = {
    port: 0,
    host: '127.0.0.1',
    calls: sb.calls,
    db: sb.db,
    realtime: new OpenAIRealtime({ url: sim.url, apiKey: sim.apiKey, model: REALTIME_MODEL }),
    streamTokenSecret: STREAM_TOKEN_SECRET,
    recordingsDir,
    recordingKey: options.recordingKey,
    metricsToken: options.metricsToken,
    logger: createLogger('media-edge', process.env.TEST_LOG_LEVEL ?? 'silent'),
  };
  const edge = await startMediaEdge(edgeOptions);
  const otherEdges: MediaEdge[] = [];
  const phones: TwilioStreamClient[] = [];
  let realtimeStopped = false;

  const newCall = async (tenant: DemoTenant = AUTO_SHOP, overrides: Partial<CallWorkflowInput> = {}): Promise<TestCall> => {
    const tenantId = await tenantIdOf(sb.db, tenant);
    const input = inboundCall(tenantId, tenant, KNOWN.autoShop.customer.phone, overrides);
    await sb.calls.startOrAttach(input);
    return { input, tenantId, token: signStreamToken({ callSid: input.callSid, tenantId, callerNumber: callParties(input).callerNumber }, STREAM_TOKEN_SECRET) };
  };

  return {
    sim,
    edge,
    recordingsDir,
    newCall,
    async phoneCall(tenant) {
      const call = await newCall(tenant);
      const phone = await TwilioStreamClient.connect(`${edge.url}/media`);
      phones.push(phone);
      await phone.start(call.input.callSid, call.token);
      return { ...call, phone };
    },
    async metric(name, labels = {}) {
      // A histogram's _count and _sum are values of the histogram itself.
      const family = edge.registry.getSingleMetric(name) ?? edge.registry.getSingleMetric(name.replace(/_(count|sum)$/, ''));
      const values = (await family?.get())?.values ?? [];
      const matching = values.find(
        (value) =>
          ((value as { metricName?: string }).metricName ?? name) === name &&
          Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted),
      );
      return matching?.value ?? 0;
    },
    async anotherInstance() {
      const other = await startMediaEdge(edgeOptions);
      otherEdges.push(other);
      return other;
    },
    async stopRealtime() {
      realtimeStopped = true;
      await sim.close();
    },
    async close() {
      for (const phone of phones) phone.close();
      await Promise.all([edge, ...otherEdges].map((instance) => instance.close()));
      if (!realtimeStopped) await sim.close();
    },
  };
}
