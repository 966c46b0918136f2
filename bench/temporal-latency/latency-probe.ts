import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
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
   * `iterations` sequential Updates of each kind on one probe workflow, the
   * kinds in turn so that load drift on the machine hits them alike.
   * Latencies in ms, warm-up excluded.
   */
  measure(iterations: number, kinds: readonly ProbeKind[]): Promise<ProbeSamples>;
  /** Every probe workflow at once, each `iterations` sequential Updates of `kind`. */
  measureConcurrently(iterations: number, kind: ProbeKind): Promise<{ samples: number[]; perSecond: number }>;
  stop(): Promise<void>;
}

/** A worker for the probe workflow on its own task queue, and `workflows` running probes. */
export async function startLatencyProbe(connection: NativeConnection, client: Client, bundle: WorkflowBundle, workflows = 1): Promise<LatencyProbe> {
  const worker = await Worker.create({ connection, taskQueue: TASK_QUEUE, workflowBundle: bundle, activities: probeActivities });
  const running = worker.run();
  const handles = await Promise.all(
    Array.from({ length: workflows }, () =>
      client.workflow.start<typeof latencyProbeWorkflow>('latencyProbeWorkflow', { taskQueue: TASK_QUEUE, workflowId: `latency-probe-${randomUUID()}` }),
    ),
  );
  return {
    async measure(iterations, kinds) {
      const samples: ProbeSamples = Object.fromEntries(kinds.map((kind) => [kind, []]));
      for (let i = 0; i < WARM_UP + iterations; i++) {
        for (const kind of kinds) {
          const ms = await timeUpdate(handles[0], kind);
          if (i >= WARM_UP) samples[kind]?.push(ms);
        }
      }
      return samples;
    },
    async measureConcurrently(iterations, kind) {
      await Promise.all(handles.map((handle) => timeUpdate(handle, kind)));
      const started = process.hrtime.bigint();
      const perWorkflow = await Promise.all(
        handles.map(async (handle) => {
          const samples: number[] = [];
          for (let i = 0; i < iterations; i++) samples.push(await timeUpdate(handle, kind));
          return samples;
        }),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return { samples: perWorkflow.flat(), perSecond: (iterations * handles.length) / seconds };
    },
    async stop() {
      await Promise.all(handles.map((handle) => handle.signal(finishSignal)));
      await Promise.all(handles.map((handle) => handle.result()));
      worker.shutdown();
      await running;
    },
  };
}

function timeUpdate(handle: WorkflowHandle, kind: ProbeKind): Promise<number> {
  return elapsedMs(() => handle.executeUpdate(PROBE_UPDATES[kind]));
}

const SILENT = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} } as never;
