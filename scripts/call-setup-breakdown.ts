import { MetricsSnapshot } from '../bench/media-edge/metrics-scrape';
import type { PhoneSimulator } from '../simulators/twilio';
import type { CallTimeline, PhoneCall } from '../simulators/twilio/phone/phone-call';
import type { LocalStack } from './local-stack';

/** Where the time from the voice webhook to the caller's first agent audio went, in ms. */
export interface CallSetupBreakdown {
  /** Webhook sent → TwiML back, less the workflow start and the TwiML itself: transport, signature check, tenant lookup. */
  webhook: number;
  workflowStart: number;
  twiml: number;
  /** TwiML back → `start` sent on the open stream (Twilio's connect time, simulated). */
  streamStart: number;
  tokenCheck: number;
  /** Token accepted → agent profile in hand. */
  config: number;
  /** Profile in hand → first agent audio sent by the media-edge. */
  firstFrameSent: number;
  /** The rest, until the caller has the first audio: socket hops. */
  delivery: number;
  /** Webhook sent → first agent audio received. */
  total: number;
}

export const BREAKDOWN_COLUMNS: ReadonlyArray<[keyof CallSetupBreakdown, string]> = [
  ['webhook', 'webhook'],
  ['workflowStart', 'workflow start'],
  ['twiml', 'TwiML'],
  ['streamStart', 'stream start'],
  ['tokenCheck', 'token check'],
  ['config', 'config'],
  ['firstFrameSent', 'first frame sent'],
  ['delivery', 'delivery'],
  ['total', 'total'],
];

/**
 * The API's and the media-edge's setup histograms, scraped before and after
 * one call: with calls placed one at a time, the difference of their sums is
 * that call's phases.
 */
export class CallSetupProbe {
  private constructor(
    private readonly apiUrl: string,
    private readonly mediaEdgeUrl: string,
    private readonly api: MetricsSnapshot,
    private readonly edge: MetricsSnapshot,
  ) {}

  static async before(apiUrl: string, mediaEdgeUrl: string): Promise<CallSetupProbe> {
    const [api, edge] = await Promise.all([MetricsSnapshot.scrape(apiUrl), MetricsSnapshot.scrape(mediaEdgeUrl)]);
    return new CallSetupProbe(apiUrl, mediaEdgeUrl, api, edge);
  }

  /** Once the caller has heard the first agent audio. */
  async after(timeline: CallTimeline): Promise<CallSetupBreakdown> {
    if (timeline.firstAgentAudioAt === undefined) throw new Error('no agent audio reached the caller yet');
    const [api, edge] = await Promise.all([MetricsSnapshot.scrape(this.apiUrl), MetricsSnapshot.scrape(this.mediaEdgeUrl)]);
    const apiPhase = (phase: string) => phaseMs(this.api, api, 'switchboard_voice_answer_seconds', phase);
    const edgePhase = (phase: string) => phaseMs(this.edge, edge, 'media_edge_stream_setup_seconds', phase);
    const workflowStart = apiPhase('workflow_start');
    const twiml = apiPhase('twiml');
    const tokenCheck = edgePhase('token_check');
    const config = edgePhase('config');
    const firstFrameSent = edgePhase('first_frame');
    return {
      webhook: timeline.twimlAt - timeline.dialedAt - workflowStart - twiml,
      workflowStart,
      twiml,
      streamStart: timeline.startSentAt - timeline.twimlAt,
      tokenCheck,
      config,
      firstFrameSent,
      delivery: timeline.firstAgentAudioAt - timeline.startSentAt - tokenCheck - config - firstFrameSent,
      total: timeline.firstAgentAudioAt - timeline.dialedAt,
    };
  }
}

/**
 * Dials `to` on the local stack from `from` through the signed webhook and
 * waits for the first agent audio; the stack must take no other call meanwhile.
 */
export async function dialAndTimeGreeting(
  stack: LocalStack,
  phone: PhoneSimulator,
  call: { from: string; to: string; streamConnectDelayMs?: number },
): Promise<{ call: PhoneCall; setup: CallSetupBreakdown }> {
  const probe = await CallSetupProbe.before(stack.apiUrl, stack.mediaEdgeUrl);
  const connected = await phone.dialIntoStream({
    apiBaseUrl: stack.apiUrl,
    publicUrl: stack.apiUrl,
    accountSid: stack.twilio.accountSid,
    authToken: stack.twilio.authToken,
    rest: stack.twilio.rest,
    ...call,
  });
  await connected.waitForAgentAudio();
  return { call: connected, setup: await probe.after(connected.timeline) };
}

function phaseMs(before: MetricsSnapshot, after: MetricsSnapshot, histogram: string, phase: string): number {
  const sum = (snapshot: MetricsSnapshot) => snapshot.value(`${histogram}_sum`, { phase });
  return (sum(after) - sum(before)) * 1000;
}

/** One line per call: each phase in ms. */
export function formatBreakdown(breakdown: CallSetupBreakdown): string {
  return BREAKDOWN_COLUMNS.map(([key, label]) => `${label} ${breakdown[key].toFixed(1)}`).join(' | ');
}
