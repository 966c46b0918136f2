import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowExecutionDescription } from '@temporalio/client';
import { mediaConnectedSignal, mediaDisconnectedSignal, transcriptTurnSignal, usageSignal } from '../../../../libs/calls/src/call-messages';
import { tokenUsage } from '../../../../libs/realtime/src/openai/token-usage';
import { CallsClient, type CallHandle } from '../../../../libs/temporal/src/calls-client';
import { TenantIdKey } from '../../../../libs/temporal/src/search-attributes';
import type { ToolResult } from '../../../../libs/tools/src';
import type { Principal } from '../auth/principal';
import { canAccessTenant } from '../auth/tenant-access';
import type { CallEventBody, RunToolBody } from './live-calls.schemas';

/**
 * What a client that talks to the model itself (the browser agent over
 * WebRTC) tells a live call: its tool calls, run as the same `runTool` Update
 * the media-edge sends, and its transcript, usage and hang-up, as the same
 * signals.
 */
@Injectable()
export class LiveCallsService {
  constructor(@Inject(CallsClient) private readonly calls: CallsClient) {}

  /** The tool's result; a 400 with the reason when the workflow refuses it (unknown tool, not enabled, bad arguments). */
  async runTool(principal: Principal, callSid: string, request: RunToolBody): Promise<ToolResult> {
    await this.liveCall(principal, callSid);
    try {
      return await this.calls.requestTool(callSid, request.toolCallId, request.name, request.args);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) throw new BadRequestException([error.cause?.message ?? error.message]);
      throw error;
    }
  }

  /** Numbered like the media-edge's signals, under one bridge id per call, so a retried event is applied once. */
  async report(principal: Principal, callSid: string, { seq, event }: CallEventBody): Promise<void> {
    const handle = await this.liveCall(principal, callSid);
    const origin = { bridgeId: `browser-${callSid}`, seq };
    const at = new Date().toISOString();
    switch (event.type) {
      case 'connected':
        return handle.signal(mediaConnectedSignal, { at, origin });
      case 'turn':
        return handle.signal(transcriptTurnSignal, { role: event.role, text: event.text, at, origin });
      case 'usage':
        return handle.signal(usageSignal, { ...tokenUsage(event.usage), origin });
      case 'ended':
        return handle.signal(mediaDisconnectedSignal, { at, reason: event.reason ?? 'caller_hung_up', origin });
    }
  }

  /**
   * The running call's workflow, read from Temporal (its TenantId search
   * attribute is set at start, before the call's row is written). Another
   * tenant's call is a 404 like one that does not exist; an ended one a 409.
   */
  private async liveCall(principal: Principal, callSid: string): Promise<CallHandle> {
    const handle = this.calls.handle(callSid);
    let description: WorkflowExecutionDescription;
    try {
      description = await handle.describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new NotFoundException(`No call ${callSid}`);
      throw error;
    }
    const tenantId = description.typedSearchAttributes.get(TenantIdKey);
    if (!tenantId || !canAccessTenant(principal, tenantId)) throw new NotFoundException(`No call ${callSid}`);
    if (description.status.name !== 'RUNNING') throw new ConflictException(`Call ${callSid} has ended`);
    return handle;
  }
}
