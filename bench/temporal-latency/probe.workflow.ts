/**
 * Bench-only workflow, bundled by the benches and never registered in
 * workflows/: what Temporal itself costs an Update on a given server.
 */
import { condition, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { ProbeActivities } from './probe-activities';
import { finishSignal, localActivityUpdate, normalActivityUpdate, returnAtOnceUpdate } from './probe-messages';

const normal = proxyActivities<ProbeActivities>({ startToCloseTimeout: '10 seconds' });
const local = proxyLocalActivities<ProbeActivities>({ startToCloseTimeout: '10 seconds' });

export async function latencyProbeWorkflow(): Promise<void> {
  let finished = false;
  setHandler(returnAtOnceUpdate, () => undefined);
  setHandler(normalActivityUpdate, () => normal.noop());
  setHandler(localActivityUpdate, () => local.noop());
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
}
