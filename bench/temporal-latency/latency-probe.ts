import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, Worker, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import { elapsedMs } from '../stats';
import { probeActivities } from './probe-activities';
import { finishSignal, localActivityUpdate, normalActivityUpdate, returnAtOnceUpdate } from './probe-messages';
import type { latencyProbeWorkflow } from './probe.workflow';

export const PROBE_UPDATES = {
  immediate: returnAtOnceUpdate,
  activity: normalActivityUpdate,
  local_activity: localActivityUpdate,
} as const;
export type ProbeKind = keyof typeof PROBE_UPDATES;
export type ProbeSamples = Partial<Record<ProbeKind, number[]>>;

const TASK_QUEUE = 'latency-probe';
const WARM_UP = 5;

export function bundleProbeWorkflow(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath: require.resolve('./probe.workflow'), logger: SILENT });
}

export interface LatencyProbe {
  /**
   * `iterations` sequential Updates of each kind, in turn, so that load drift
   * on the machine hits every kind alike. Latencies in ms, warm-up excluded.
   */
  measure(iterations: number, kinds: readonly ProbeKind[]): Promise<ProbeSamples>;
  stop(): Promise<void>;
}

/** A worker for the probe workflow on its own task queue, and one running probe. */
export async function startLatencyProbe(connection: NativeConnection, client: Client, bundle: WorkflowBundle): Promise<LatencyProbe> {
  const worker = await Worker.create({ connection, taskQueue: TASK_QUEUE, workflowBundle: bundle, activities: probeActivities });
  const running = worker.run();
  const handle = await client.workflow.start<typeof latencyProbeWorkflow>('latencyProbeWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: `latency-probe-${randomUUID()}`,
  });
  return {
    async measure(iterations, kinds) {
      const samples: ProbeSamples = Object.fromEntries(kinds.map((kind) => [kind, []]));
      for (let i = 0; i < WARM_UP + iterations; i++) {
        for (const kind of kinds) {
          const ms = await elapsedMs(() => handle.executeUpdate(PROBE_UPDATES[kind]));
          if (i >= WARM_UP) samples[kind]?.push(ms);
        }
      }
      return samples;
    },
    async stop() {
      await handle.signal(finishSignal);
      await handle.result();
      worker.shutdown();
      await running;
    },
  };
}

const SILENT = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} } as never;
