import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { ApiEnv } from '../../../../libs/config/src/env';
import { isFinalCallStatus } from '../../../../libs/calls/src/call-status';
import { answeredBySignal, outboundCallStatusSignal, outboundLegQuery } from '../../../../libs/outbound/src/outbound-messages';
import { signStreamToken } from '../../../../libs/stream-token/src/stream-token';
import { CallsClient } from '../../../../libs/temporal/src/calls-client';
import { ENV } from '../config/config.module';
import { AnsweringTenantsService } from '../twilio/answering-tenants.service';
import { CallStatusService } from '../twilio/call-status.service';
import { publicUrl } from '../twilio/public-url';
import { STREAM_ENDED_PATH } from '../twilio/twilio-paths';
import { hangupTwiml, streamToAgentTwiml } from '../twilio/twiml';
import type { AmdCallback, OutboundAnswer, OutboundStatus } from './outbound-webhook.schemas';

/** Tools every outbound agent has on top of the tenant's packs. */
const OUTBOUND_TOOL_PACKS = ['reminders'];

/**
 * The calls the outbound workflow placed: the answered call becomes
 * `call-<CallSid>` (Direction outbound) on the same bridge as inbound calls;
 * statuses and AMD verdicts go to the outbound workflow and the live call.
 */
@Injectable()
export class OutboundWebhooksService {
  private readonly log = new Logger(OutboundWebhooksService.name);

  constructor(
    @Inject(ENV) private readonly env: ApiEnv,
    @Inject(Client) private readonly temporal: Client,
    @Inject(CallsClient) private readonly calls: CallsClient,
    private readonly tenants: AnsweringTenantsService,
    private readonly callStatus: CallStatusService,
  ) {}

  /** TwiML for the picked-up call: the agent, told what the call is about. Idempotent (Twilio retries). */
  async answer(workflowId: string, call: OutboundAnswer): Promise<string> {
    const tenant = await this.tenants.forDialedNumber(call.From);
    const leg = await this.temporal.workflow.getHandle(workflowId).query(outboundLegQuery).catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    });
    if (!tenant || !leg || leg.tenantId !== tenant.tenantId) {
      this.log.warn({ msg: 'answered outbound call without a running outbound workflow for its number; hanging up', workflowId, callSid: call.CallSid, from: call.From });
      return hangupTwiml();
    }
    try {
      await this.calls.startOrAttach({
        callSid: call.CallSid,
        tenantId: tenant.tenantId,
        direction: 'outbound',
        from: call.From,
        to: call.To,
        startedAt: new Date().toISOString(),
        toolPacks: [...new Set([...tenant.toolPacks, ...OUTBOUND_TOOL_PACKS])],
        outbound: leg,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      this.log.log({ msg: 'answer webhook retried after the call ended; hanging up', workflowId, callSid: call.CallSid });
      return hangupTwiml();
    }
    return streamToAgentTwiml({
      url: this.env.MEDIA_STREAM_URL,
      token: signStreamToken({ callSid: call.CallSid, tenantId: tenant.tenantId, callerNumber: call.To, outbound: true }, this.env.STREAM_TOKEN_SECRET),
      tenantId: tenant.tenantId,
      callerNumber: call.To,
      afterStreamUrl: publicUrl(this.env.PUBLIC_URL, STREAM_ENDED_PATH),
    });
  }

  /** The outbound workflow hears only what it acts on (a final status, an AMD verdict); the live call hears every status. */
  async forwardStatus(workflowId: string, callback: OutboundStatus): Promise<void> {
    const at = callback.Timestamp ? new Date(callback.Timestamp) : new Date();
    if (isFinalCallStatus(callback.CallStatus) || callback.AnsweredBy) {
      await this.signalOutbound(workflowId, (handle) =>
        handle.signal(outboundCallStatusSignal, { callSid: callback.CallSid, status: callback.CallStatus, at: at.toISOString(), answeredBy: callback.AnsweredBy }),
      );
    }
    await this.callStatus.forward(callback);
  }

  async forwardVerdict(workflowId: string, callback: AmdCallback): Promise<void> {
    const report = {
      callSid: callback.CallSid,
      answeredBy: callback.AnsweredBy,
      machineDetectionDurationMs: callback.MachineDetectionDuration,
      at: new Date().toISOString(),
    };
    await this.signalOutbound(workflowId, (handle) => handle.signal(answeredBySignal, report));
    await this.calls
      .handle(callback.CallSid)
      .signal(answeredBySignal, report)
      .catch((error: unknown) => {
        // Not answered by the API yet, or over: the outbound workflow has the verdict either way.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      });
  }

  private async signalOutbound(workflowId: string, send: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<void>): Promise<void> {
    try {
      await send(this.temporal.workflow.getHandle(workflowId));
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      this.log.log({ msg: 'outbound callback for a workflow no longer running', workflowId });
    }
  }
}
