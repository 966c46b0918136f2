import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { callbackWorkflowId, type CallbackRequest } from '../libs/callbacks/src/callback-messages';
import { CallSidKey, TenantIdKey } from '../libs/temporal/src/search-attributes';
import { callbackWorkflow } from './callback.workflow';

/**
 * Starts the callback the request_callback tool recorded, after the tool's
 * transaction committed. The id is the callback's, so a retried tool call
 * (whose recorded execution names the same callback) starts nothing more,
 * even once the first callback has finished.
 */
export async function startRequestedCallback(request: CallbackRequest): Promise<void> {
  try {
    await startChild(callbackWorkflow, {
      workflowId: callbackWorkflowId(request.callbackId),
      args: [request],
      // The callback is owed whatever becomes of the call's run.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: TenantIdKey, value: request.tenantId },
        ...(request.callSid ? [{ key: CallSidKey, value: request.callSid }] : []),
      ],
      staticSummary: `call ${request.phone} back`,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
