import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { STREAM_LOST } from '../../../../libs/calls/src';
import { callStateQuery, mediaDisconnectedSignal } from '../../../../libs/calls/src/call-messages';
import type { ApiEnv } from '../../../../libs/config/src/env';
import { CallsClient } from '../../../../libs/temporal/src/calls-client';
import { ENV } from '../config/config.module';
import { AnsweringTenantsService } from './answering-tenants.service';
import { lostStreams } from './lost-streams.metric';
import { publicUrl } from './public-url';
import { VOICEMAIL_PATH } from './twilio-paths';
import { hangupTwiml, withoutAgentTwiml } from './twiml';
import type { StreamEndedWebhook } from './twilio-webhook.schemas';
/** How long each of Twilio's waits on Temporal lasts (the query, the signal) before the caller gets a person anyway. */
const TEMPORAL_DEADLINE_MS = 3_000;

/**
 * What a call does once its media stream has ended (Twilio asks on
 * `<Connect action>`): after the agent's `end_call`, it hangs up. Otherwise
 * the stream was lost (the media-edge died, or closed it without an agent):
 * the call's workflow is told, so it records the loss and wraps up, and a
 * person takes the caller, or voicemail when the business has no number.
 */
@Injectable()
export class StreamEndedService {
  private readonly log = new Logger(StreamEndedService.name);

  constructor(
    @Inject(ENV) private readonly env: ApiEnv,
    @Inject(CallsClient) private readonly calls: CallsClient,
    /** The client CallsClient talks through (TemporalModule builds one from the other). */
    @Inject(Client) private readonly temporal: Client,
    private readonly tenants: AnsweringTenantsService,
  ) {}

  async answer(call: StreamEndedWebhook): Promise<string> {
    if (await this.agentEndedCall(call.CallSid)) return hangupTwiml();
    await this.reportLoss(call.CallSid);
    const ourNumber = call.Direction === 'inbound' ? call.To : call.From;
    const humanNumber = (await this.tenants.forDialedNumber(ourNumber))?.primaryTransferNumber;
    const answer = humanNumber ? 'dial' : 'voicemail';
    this.log.warn({ msg: `media stream lost before the agent hung up; answering with ${answer}`, callSid: call.CallSid });
    lostStreams.inc({ answer });
    return withoutAgentTwiml(humanNumber, publicUrl(this.env.PUBLIC_URL, VOICEMAIL_PATH));
  }

  /** Whether the agent hung up (a successful `end_call`); when the workflow does not say, the caller is better off with a person. */
  private async agentEndedCall(callSid: string): Promise<boolean> {
    try {
      const state = await this.withinDeadline(() => this.calls.handle(callSid).query(callStateQuery));
      return state.toolCalls.some((toolCall) => toolCall.name === 'end_call' && toolCall.ok);
    } catch (error) {
      this.log.error({ msg: 'could not learn how the call ended; treating the stream as lost', callSid, error: String(error) });
      return false;
    }
  }

  /** The gRPC deadline ends the SDK's own retries too, so nothing goes on after Twilio has its answer. */
  private withinDeadline<T>(request: () => Promise<T>): Promise<T> {
    return this.temporal.connection.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, request);
  }

  private async reportLoss(callSid: string): Promise<void> {
    try {
      await this.withinDeadline(() => this.calls.handle(callSid).signal(mediaDisconnectedSignal, { at: new Date().toISOString(), reason: STREAM_LOST }));
    } catch (error) {
      // A closed workflow has wrapped up already; the caller must get their TwiML either way.
      if (!(error instanceof WorkflowNotFoundError)) this.log.error({ msg: 'could not tell the call workflow its stream was lost', callSid, error: String(error) });
    }
  }
}
