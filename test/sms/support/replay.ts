import { Worker } from '@temporalio/worker';
import type { TestSwitchboard } from '../../support/switchboard-worker';

/** Replays the latest run of each workflow on today's bundle; resolves to the failures (none when deterministic). */
export async function replayFailures(sb: TestSwitchboard, workflowIds: string[]): Promise<Array<{ workflowId: string; error: string }>> {
  const histories = await Promise.all(
    workflowIds.map(async (workflowId) => ({ workflowId, history: await sb.client.workflow.getHandle(workflowId).fetchHistory() })),
  );
  const failures = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! } }, histories)) {
    if (result.error) failures.push({ workflowId: result.workflowId, error: result.error.message });
  }
  return failures;
}
