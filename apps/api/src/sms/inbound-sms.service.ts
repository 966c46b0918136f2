import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { ApiEnv } from '../../../../libs/config/src/env';
import { inboundSmsWorkflowId, type InboundSms, type InboundSmsReply } from '../../../../libs/sms/src/sms-messages';
import { CallerNumberKey } from '../../../../libs/temporal/src/search-attributes';
import { ENV } from '../config/config.module';
import { replyTwiml } from './messaging-twiml';
import type { InboundSmsWebhook } from './sms-webhook.schemas';

type InboundSmsWorkflow = (sms: InboundSms) => Promise<InboundSmsReply>;

/** Twilio waits 15 s for the answer; past this the request fails, and the workflow still records the text. */
const REPLY_DEADLINE_MS = 10_000;

/**
 * Answers Twilio's incoming-message webhook. The API writes nothing itself:
 * it runs `sms-in-<MessageSid>`, whose activity stores the text and applies
 * its keyword, and answers with the reply it returns. Twilio retries a
 * webhook it got no answer to; the same id attaches to the running workflow.
 */
@Injectable()
export class InboundSmsService {
  private readonly log = new Logger(InboundSmsService.name);

  constructor(
    @Inject(Client) private readonly temporal: Client,
    @Inject(ENV) private readonly env: ApiEnv,
  ) {}

  async answer(webhook: InboundSmsWebhook): Promise<string> {
    const sms: InboundSms = {
      messageSid: webhook.MessageSid,
      from: webhook.From,
      to: webhook.To,
      body: webhook.Body,
      optOutType: webhook.OptOutType,
      receivedAt: new Date().toISOString(),
    };
    const result = await this.temporal.connection.withDeadline(Date.now() + REPLY_DEADLINE_MS, () =>
      this.temporal.workflow.execute<InboundSmsWorkflow>('inboundSmsWorkflow', {
        taskQueue: this.env.TEMPORAL_TASK_QUEUE,
        workflowId: inboundSmsWorkflowId(sms.messageSid),
        args: [sms],
        workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: [{ key: CallerNumberKey, value: sms.from }],
        staticSummary: `text from ${sms.from} to ${sms.to}`,
      }),
    );
    this.log.log({ msg: 'inbound text handled', messageSid: sms.messageSid, action: result.action, replied: result.reply !== undefined });
    return replyTwiml(result.reply);
  }
}
