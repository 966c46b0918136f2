import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { newCallSid } from '../../../../libs/calls/src/call-sid';
import type { ApiEnv } from '../../../../libs/config/src/env';
import { greetingText } from '../../../../libs/greetings/src/greeting-text';
import { greetingInstructions, inboundInstructions } from '../../../../libs/realtime/src/agent-instructions';
import { signStreamToken } from '../../../../libs/stream-token/src/stream-token';
import { CallsClient } from '../../../../libs/temporal/src/calls-client';
import { realtimeToolDefinitions, toolsToConfirm } from '../../../../libs/tools/src';
import { ENV } from '../config/config.module';
import { PrismaService } from '../database/prisma.service';
import type { BrowserSessionView } from './browser-agent.schemas';
import { RealtimeClientSecrets } from './realtime-client-secrets';

/** Null without OPENAI_API_KEY: the browser then talks through the media-edge. */
export const REALTIME_CLIENT_SECRETS = Symbol('REALTIME_CLIENT_SECRETS');

/**
 * Starts a browser conversation: workflow `call-<callSid>` like any inbound
 * call (transcript, tools, summary, cost), and what the page needs to talk in
 * it: an OpenAI Realtime client secret for WebRTC, or, in local mode, the
 * media-edge's /browser socket and a stream token.
 */
@Injectable()
export class BrowserSessionService {
  constructor(
    private readonly db: PrismaService,
    @Inject(CallsClient) private readonly calls: CallsClient,
    @Inject(ENV) private readonly env: ApiEnv,
    @Inject(REALTIME_CLIENT_SECRETS) private readonly secrets: RealtimeClientSecrets | null,
  ) {}

  /** `phone`: the user's number, when known (a session link's); the call's caller number. */
  async start(tenantId: string, phone: string | null): Promise<BrowserSessionView> {
    const [config, line] = await Promise.all([
      this.db.agentConfig.findUnique({
        where: { tenantId },
        select: { agentName: true, brand: true, greetingTemplate: true, voice: true, instructions: true, toolPacks: true, confirmWrites: true, aiEnabled: true },
      }),
      this.db.phoneNumber.findFirst({ where: { tenantId }, orderBy: { e164: 'asc' }, select: { e164: true } }),
    ]);
    if (!config) throw new NotFoundException('This tenant has no agent configured');
    // As on the phone, where the business then answers its own calls.
    if (!config.aiEnabled) throw new ConflictException('The AI agent is switched off for this tenant (aiEnabled is false)');
    const callSid = newCallSid();
    const callerNumber = phone ?? '';
    // The connection first: a secret OpenAI refuses leaves no call workflow behind.
    const connection = this.secrets
      ? await this.secrets.mint(
          { instructions: inboundInstructions(config, phone ?? undefined), voice: config.voice, tools: realtimeToolDefinitions(config.toolPacks) },
          greetingInstructions(greetingText(config)),
        )
      : ({ type: 'media-edge', url: this.env.BROWSER_STREAM_URL, token: signStreamToken({ callSid, tenantId, callerNumber }, this.env.STREAM_TOKEN_SECRET) } as const);
    await this.calls.startOrAttach({
      callSid,
      tenantId,
      direction: 'inbound',
      from: callerNumber,
      // The business's line: what the call is to, as if the user had dialed it.
      to: line?.e164 ?? '',
      startedAt: new Date().toISOString(),
      toolPacks: config.toolPacks,
    });
    return {
      callSid,
      agent: { name: config.agentName, brand: config.brand },
      confirmTools: toolsToConfirm(config.toolPacks, config.confirmWrites),
      connection,
    };
  }
}
