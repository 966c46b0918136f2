import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { smsStatusSignal } from '../../../../libs/sms/src/sms-messages';
import type { SmsStatusCallback } from './sms-webhook.schemas';

/** Forwards Twilio's message status callbacks to the workflow that sent the message, which records them. */
@Injectable()
export class SmsStatusService {
  private readonly log = new Logger(SmsStatusService.name);

  constructor(@Inject(Client) private readonly temporal: Client) {}

  async forward(workflowId: string, callback: SmsStatusCallback): Promise<void> {
    try {
      await this.temporal.workflow.getHandle(workflowId).signal(smsStatusSignal, {
        messageSid: callback.MessageSid,
        status: callback.MessageStatus,
        errorCode: callback.ErrorCode,
        at: new Date().toISOString(),
      });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // The sender has finished (a late callback): nothing to tell, and Twilio must not retry forever.
      this.log.log({ msg: 'message status for a workflow no longer running', workflowId, messageSid: callback.MessageSid, status: callback.MessageStatus });
    }
  }
}
