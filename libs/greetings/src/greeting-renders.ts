import type { Client } from '@temporalio/client';
import { CALLS_TASK_QUEUE } from '../../temporal/src/task-queues';
import {
  agentConfigChangedSignal,
  RENDER_GREETING_WORKFLOW_TYPE,
  renderGreetingWorkflowId,
  type RenderGreetingWorkflow,
} from './render-greeting-messages';

/**
 * Renders the tenant's greeting audio again from its current agent config:
 * call it after seeding and whenever the config changes. Starts
 * `render-greeting-<tenant>`, or, while one runs, tells it to render once more
 * when it is done, so the last change always wins.
 */
export async function requestGreetingRender(client: Client, tenantId: string, taskQueue = CALLS_TASK_QUEUE): Promise<string> {
  const handle = await client.workflow.signalWithStart<RenderGreetingWorkflow, []>(RENDER_GREETING_WORKFLOW_TYPE, {
    workflowId: renderGreetingWorkflowId(tenantId),
    taskQueue,
    args: [{ tenantId }],
    signal: agentConfigChangedSignal,
    signalArgs: [],
    staticSummary: `render the greeting audio of tenant ${tenantId}`,
  });
  return handle.workflowId;
}
