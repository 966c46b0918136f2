import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { CallWorkflowInput } from '../../../../libs/calls/src';
import type { ApiEnv } from '../../../../libs/config/src/env';
import { signStreamToken } from '../../../../libs/stream-token/src/stream-token';
import { CallsClient } from '../../../../libs/temporal/src/calls-client';
import { ENV } from '../config/config.module';
import { agentlessCalls } from './agentless-calls.metric';
import { voiceAnswerSeconds } from './voice-answer.metric';
import { AnsweringTenantsService, type AnsweringTenant } from './answering-tenants.service';
import { publicUrl } from './public-url';
import { STREAM_ENDED_PATH, VOICEMAIL_PATH } from './twilio-paths';
import {
  apologizeAndRecordTwiml,
  dialTwiml,
  hangupTwiml,
  notInServiceTwiml,
  streamToAgentTwiml,
  voicemailThanksTwiml,
  withoutAgentTwiml,
} from './twiml';
import type { VoicemailWebhook, VoiceWebhook } from './twilio-webhook.schemas';

/** How long a caller waits on Temporal before a person (or voicemail) takes the call instead. */
export const CALL_START_TIMEOUT_MS = Symbol('CALL_START_TIMEOUT_MS');

/** Answers inbound calls: the AI agent when its workflow runs, a person or voicemail when it cannot. */
@Injectable()
export class VoiceService {
  private readonly log = new Logger(VoiceService.name);

  constructor(
    @Inject(ENV) private readonly env: ApiEnv,
    @Inject(CallsClient) private readonly calls: CallsClient,
    /** The client CallsClient talks through (TemporalModule builds one from the other). */
    @Inject(Client) private readonly temporal: Client,
    private readonly tenants: AnsweringTenantsService,
    @Inject(CALL_START_TIMEOUT_MS) private readonly callStartTimeoutMs: number,
  ) {}

  /** TwiML for Twilio's voice webhook; idempotent, since Twilio retries it. */
  async answer(call: VoiceWebhook): Promise<string> {
    const tenantLookup = voiceAnswerSeconds.startTimer({ phase: 'tenant' });
    const tenant = await this.tenants.forDialedNumber(call.To);
    tenantLookup();
    if (!tenant) {
      this.log.warn({ msg: 'call to a number not in service', to: call.To, callSid: call.CallSid });
      return notInServiceTwiml();
    }
    if (!tenant.aiEnabled) return this.answerWithAiOff(call, tenant);
    const workflowStart = voiceAnswerSeconds.startTimer({ phase: 'workflow_start' });
    try {
      await this.startCallWorkflow({
        callSid: call.CallSid,
        tenantId: tenant.tenantId,
        direction: 'inbound',
        from: call.From,
        to: call.To,
        startedAt: new Date().toISOString(),
        toolPacks: tenant.toolPacks,
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        this.log.log({ msg: 'webhook retried after the call ended; hanging up', callSid: call.CallSid });
        return hangupTwiml();
      }
      return this.answerWithoutAgent(call, tenant, error);
    } finally {
      workflowStart();
    }
    const twiml = voiceAnswerSeconds.startTimer({ phase: 'twiml' });
    try {
      return streamToAgentTwiml({
        url: this.env.MEDIA_STREAM_URL,
        token: signStreamToken({ callSid: call.CallSid, tenantId: tenant.tenantId, callerNumber: call.From }, this.env.STREAM_TOKEN_SECRET),
        tenantId: tenant.tenantId,
        callerNumber: call.From,
        afterStreamUrl: publicUrl(this.env.PUBLIC_URL, STREAM_ENDED_PATH),
      });
    } finally {
      twiml();
    }
  }

  /** The `<Record action>` target: nothing is stored yet beyond this log line. */
  acknowledgeVoicemail(voicemail: VoicemailWebhook): string {
    this.log.log({
      msg: 'voicemail recorded',
      callSid: voicemail.CallSid,
      from: voicemail.From,
      to: voicemail.To,
      recordingSid: voicemail.RecordingSid,
      recordingUrl: voicemail.RecordingUrl,
      recordingDurationSeconds: voicemail.RecordingDuration,
    });
    return voicemailThanksTwiml();
  }

  /**
   * Starts (or attaches to) the call's workflow within the time a caller can
   * wait. The gRPC deadline ends the SDK's retries too, so an abandoned start
   * does not go on retrying (and succeed) after the caller was handed to a
   * person; the timer answers on time even while the SDK backs off.
   */
  private startCallWorkflow(input: CallWorkflowInput): Promise<unknown> {
    const deadline = Date.now() + this.callStartTimeoutMs;
    return withTimeout(
      this.temporal.connection.withDeadline(deadline, () => this.calls.startOrAttach(input)),
      this.callStartTimeoutMs,
    );
  }

  /** The tenant switched its agent off: the business answers its own calls (voicemail when it has no number). */
  private answerWithAiOff(call: VoiceWebhook, tenant: AnsweringTenant): string {
    const humanNumber = tenant.primaryTransferNumber;
    this.log.log({ msg: 'AI switched off; the business answers', callSid: call.CallSid, tenantId: tenant.tenantId, answer: humanNumber ? 'dial' : 'voicemail' });
    return humanNumber ? dialTwiml(humanNumber) : apologizeAndRecordTwiml(publicUrl(this.env.PUBLIC_URL, VOICEMAIL_PATH));
  }

  private answerWithoutAgent(call: VoiceWebhook, tenant: AnsweringTenant, error: unknown): string {
    const humanNumber = tenant.primaryTransferNumber;
    const answer = humanNumber ? 'dial' : 'voicemail';
    this.log.error({
      msg: `call workflow could not be started; answering with ${answer}`,
      callSid: call.CallSid,
      tenantId: tenant.tenantId,
      error: error instanceof Error ? error.message : String(error),
    });
    agentlessCalls.inc({ answer });
    return withoutAgentTwiml(humanNumber, publicUrl(this.env.PUBLIC_URL, VOICEMAIL_PATH));
  }
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Temporal within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
