import {
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import {
  CALL_WORKFLOW_TYPE,
  callParties,
  callWorkflowId,
  handOverId,
  type CallWorkflow,
  type CallWorkflowInput,
  type HandOverRequest,
  type SpeakPermission,
  type TransferOutcome,
} from '../../calls/src';
import type { ToolResult } from '../../tools/src';
import { handOverToPersonUpdate, mayAgentSpeakUpdate, runToolUpdate } from '../../calls/src/call-messages';
import { CallerNumberKey, CallSidKey, DirectionKey, TenantIdKey } from './search-attributes';
import { CALLS_TASK_QUEUE } from './task-queues';

export type CallHandle = WorkflowHandle<CallWorkflow>;

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
  async startOrAttach(input: CallWorkflowInput): Promise<WorkflowHandleWithFirstExecutionRunId<CallWorkflow>> {
    return this.client.workflow.start<CallWorkflow>(CALL_WORKFLOW_TYPE, {
      taskQueue: this.taskQueue,
      workflowId: callWorkflowId(input.callSid),
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      // A CallSid is one call: after it ended, a late webhook must not start it again.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: TenantIdKey, value: input.tenantId },
        { key: CallSidKey, value: input.callSid },
        { key: CallerNumberKey, value: callParties(input).callerNumber },
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
      return await this.requestTool(callSid, toolCallId, name, args);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        return { ok: false, error: { code: 'rejected', message: error.cause?.message ?? error.message } };
      }
      throw error;
    }
  }

  /** `runTool`, for clients that answer a rejection themselves: it throws WorkflowUpdateFailedError (unknown tool, bad arguments). */
  requestTool(callSid: string, toolCallId: string, name: string, args: unknown): Promise<ToolResult> {
    return this.handle(callSid).executeUpdate(runToolUpdate, { args: [{ toolCallId, name, args }], updateId: toolCallId });
  }

  /** Resolves when the agent may talk (outbound calls wait for AMD, or its grace period). */
  mayAgentSpeak(callSid: string): Promise<SpeakPermission> {
    return this.handle(callSid).executeUpdate(mayAgentSpeakUpdate);
  }

  /**
   * Hands the caller to the tenant's primary number (once per call: a retried
   * request gets the first one's outcome). Throws WorkflowUpdateFailedError
   * when the workflow refuses, e.g. because the caller is already with a person.
   */
  async handOverToPerson(callSid: string, request: Omit<HandOverRequest, 'handOverId'>): Promise<TransferOutcome> {
    const id = handOverId(callSid);
    return this.handle(callSid).executeUpdate(handOverToPersonUpdate, { args: [{ ...request, handOverId: id }], updateId: id });
  }
}
