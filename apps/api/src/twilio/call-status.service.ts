import { Inject, Injectable, Logger } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { CallsClient } from '../../../../libs/temporal/src/calls-client';
import { callStatusSignal } from '../../../../libs/calls/src/call-messages';
import type { StatusCallback } from './twilio-webhook.schemas';

/** Forwards Twilio's call status callbacks to the call's workflow. */
@Injectable()
export class CallStatusService {
  private readonly log = new Logger(CallStatusService.name);

  constructor(@Inject(CallsClient) private readonly calls: CallsClient) {}

  async forward(callback: StatusCallback): Promise<void> {
    const at = callback.Timestamp ? new Date(callback.Timestamp) : new Date();
    try {
      await this.calls.handle(callback.CallSid).signal(callStatusSignal, {
        status: callback.CallStatus,
        at: at.toISOString(),
        durationSeconds: callback.CallDuration,
      });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // Unknown or already closed: nothing to tell, and Twilio must not retry forever.
      this.log.log({
        msg: 'status callback for a call with no running workflow',
        callSid: callback.CallSid,
        status: callback.CallStatus,
        sequenceNumber: callback.SequenceNumber,
      });
    }
  }
}
