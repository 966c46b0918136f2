import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import {
  CALLBACK_WORKFLOW_TYPE,
  callbackScheduledUpdate,
  callbackStateQuery,
  callbackWorkflowId,
  cancelCallbackUpdate,
  rescheduleCallbackUpdate,
  type CallbackRequest,
  type CallbackState,
  type CallbackWorkflow,
} from '../../callbacks/src/callback-messages';
import { TenantIdKey } from './search-attributes';
import { CALLS_TASK_QUEUE } from './task-queues';

/** How the API talks to callback workflows. */
export class CallbacksClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue = CALLS_TASK_QUEUE,
  ) {}

  /**
   * Starts `callback-<id>` and answers once it is scheduled (Update-with-Start),
   * or attaches to the running one: a retried request creates nothing more,
   * also once the callback has finished (it then answers its final state).
   */
  async schedule(request: CallbackRequest): Promise<CallbackState> {
    const start = new WithStartWorkflowOperation<CallbackWorkflow>(CALLBACK_WORKFLOW_TYPE, {
      taskQueue: this.taskQueue,
      workflowId: callbackWorkflowId(request.callbackId),
      args: [request],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: TenantIdKey, value: request.tenantId }],
      staticSummary: `call ${request.phone} back`,
    });
    try {
      return await this.client.workflow.executeUpdateWithStart(callbackScheduledUpdate, { startWorkflowOperation: start });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return this.state(request.callbackId);
      throw error;
    }
  }

  state(callbackId: string): Promise<CallbackState> {
    return this.handle(callbackId).query(callbackStateQuery);
  }

  /** Throws WorkflowUpdateFailedError when the workflow refuses (bad time, already done). */
  reschedule(callbackId: string, requestedAt: string): Promise<CallbackState> {
    return this.handle(callbackId).executeUpdate(rescheduleCallbackUpdate, { args: [{ requestedAt }] });
  }

  cancel(callbackId: string, reason?: string): Promise<CallbackState> {
    return this.handle(callbackId).executeUpdate(cancelCallbackUpdate, { args: [{ reason }] });
  }

  handle(callbackId: string): WorkflowHandle<CallbackWorkflow> {
    return this.client.workflow.getHandle(callbackWorkflowId(callbackId));
  }
}
