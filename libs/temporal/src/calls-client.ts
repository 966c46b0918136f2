import {
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { callWorkflowId, type CallWorkflowInput } from '../../calls/src';
import type { ToolResult } from '../../tools/src';
import { runToolUpdate } from '../../calls/src/call-messages';
import type { callWorkflow } from '../../../workflows/call.workflow';
import { CallerNumberKey, CallSidKey, DirectionKey, TenantIdKey } from './search-attributes';
import { CALLS_TASK_QUEUE } from './task-queues';

export type CallHandle = WorkflowHandle<typeof callWorkflow>;

/** How the API, the media-edge and the demo talk to call workflows. */
export class CallsClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue = CALLS_TASK_QUEUE,
  ) {}

  /**
   * Starts `call-<CallSid>`, or attaches to it when it already runs: Twilio
   * retries its webhook, and a retry must never start a second call.
   */
  async startOrAttach(input: CallWorkflowInput): Promise<WorkflowHandleWithFirstExecutionRunId<typeof callWorkflow>> {
    return this.client.workflow.start<typeof callWorkflow>('callWorkflow', {
      taskQueue: this.taskQueue,
      workflowId: callWorkflowId(input.callSid),
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      // A CallSid is one call: after it ended, a late webhook must not start it again.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: TenantIdKey, value: input.tenantId },
        { key: CallSidKey, value: input.callSid },
        { key: CallerNumberKey, value: input.direction === 'inbound' ? input.from : input.to },
        { key: DirectionKey, value: input.direction },
      ],
      staticSummary: `${input.direction} call ${input.from} → ${input.to}`,
    });
  }

  handle(callSid: string): CallHandle {
    return this.client.workflow.getHandle(callWorkflowId(callSid));
  }

  /**
   * Runs a tool on the live call. The Realtime call id is the Update id, so a
   * retried request never runs the tool twice. A validator rejection comes
   * back as an error envelope the model can read and act on.
   */
  async runTool(callSid: string, toolCallId: string, name: string, args: unknown): Promise<ToolResult> {
    try {
      return await this.handle(callSid).executeUpdate(runToolUpdate, { args: [{ toolCallId, name, args }], updateId: toolCallId });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        return { ok: false, error: { code: 'rejected', message: error.cause?.message ?? error.message } };
      }
      throw error;
    }
  }
}
