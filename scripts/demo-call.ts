/**
 * The call of `npm run demo` (scripts/demo.ts starts this file): the local
 * stack (PostgreSQL or PGlite, Temporal with its UI, the Twilio and OpenAI
 * Realtime simulators, worker, api, media-edge), then Maria dials the auto
 * shop: the signed webhook starts `call-<CallSid>`, her speech streams through
 * Media Streams to the Realtime simulator, the tools run as workflow Updates,
 * she interrupts the agent once, presses a key and hangs up; the post-call
 * workflow summarizes.
 *
 * The story of the call goes to file descriptor $DEMO_STORY_FD (the terminal);
 * stdout and stderr carry what the processes log: this one, the apps (relayed
 * by the stack) and the Temporal dev server, which inherits them.
 */
import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isatty } from 'node:tty';
import { installTemporalRuntime } from '../libs/temporal/src/runtime';
import { createLogger } from '../libs/logging/src/logger';
import { CallsClient } from '../libs/temporal/src/calls-client';
import { dialAndTimeGreeting, formatBreakdown } from './call-setup-breakdown';
import { workflowUiUrl } from '../libs/temporal/src/temporal-ui';
import type { LocalStack } from './local-stack';
import { startLocalStack } from './local-stack';
import { autoShopConversation } from '../simulators/scripts/demo-conversations';
import { demoPlan } from '../simulators/scripts/demo-plan';
import { waitForReplies } from '../simulators/scripts/play-conversation';
import { PhoneSimulator, synthesizeSpeech } from '../simulators/twilio';

interface CallView {
  transcript: Array<{ role: string; text: string }>;
  toolCalls: Array<{ name: string; args: unknown; ok: boolean; result: unknown }>;
  summary: unknown;
  costUsd: number;
}

const STORY_FD = Number(process.env.DEMO_STORY_FD ?? 1);

let runningStack: LocalStack | undefined;
let stopping: Promise<void> | undefined;
/** Stops the stack once, however many paths ask for it (the call's end, a signal, the launcher gone). */
const stopStack = (): Promise<void> => (stopping ??= runningStack?.stop() ?? Promise.resolve());

async function main(): Promise<void> {
  installTemporalRuntime(createLogger('temporal-sdk', 'warn'));
  const conversation = autoShopConversation();
  step('Starting the local stack');
  const stack = (runningStack = await startLocalStack({ plan: demoPlan([() => conversation]), log: routeStackLine }));
  try {
    await placeCall(stack, conversation);
  } finally {
    if (isatty(STORY_FD) && !process.env.CI) {
      step('Everything stays up so you can look around in the Temporal UI. Ctrl-C to stop.');
      await new Promise((resolve) => process.once('SIGINT', resolve));
    }
    await stopStack();
  }
}

/** The apps' output (`[api] …`, relayed by the stack) is process logs; the stack's own progress lines are part of the story. */
function routeStackLine(line: string): void {
  if (/^\[[\w-]+\] /.test(line)) process.stdout.write(`${line}\n`);
  else note(line);
}

// Asked to stop, or scripts/demo.ts is gone (killed, its terminal closed): stop everything this process started.
for (const reason of ['SIGTERM', 'disconnect'] as const) {
  process.once(reason, () => void stopStack().finally(() => process.exit(1)));
}

async function placeCall(stack: LocalStack, conversation: ReturnType<typeof autoShopConversation>): Promise<void> {
  const lines = conversation.callerLines;
  const speech = await Promise.all(lines.map((line) => synthesizeSpeech(line)));
  const phone = new PhoneSimulator();
  step(`${conversation.tenant.name}: ${conversation.callerNumber} dials ${conversation.tenant.phoneNumber}`);
  const { call, setup } = await dialAndTimeGreeting(stack, phone, { from: conversation.callerNumber, to: conversation.tenant.phoneNumber });
  await call.waitForAgentSilence();

  note('caller: ' + lines[0]);
  await call.speak(speech[0]);
  // Let the agent get a sentence into its long answer, then talk over it.
  await call.waitUntil(() => stack.realtime.sessions.some((s) => s.responses.some((r) => r.speechText?.startsWith('Thanks Maria'))));
  const playedBefore = call.playedMs;
  await call.waitUntil(() => call.playedMs >= playedBefore + 1500);
  const cleared = new Promise<number>((resolve) => call.once('clear', () => resolve(performance.now())));
  const bargedInAt = performance.now();
  note('caller (interrupting): ' + lines[1]);
  const interruption = call.speak(speech[1]);
  const bargeInMs = (await cleared) - bargedInAt;
  await interruption;

  // Replies so far: account lookup, availability, the interrupted offer; then booking + confirmation.
  await waitForReplies(stack.realtime, call, 5);
  note('caller presses 1');
  call.pressKey('1');
  await waitForReplies(stack.realtime, call, 6);
  note('caller: ' + lines[2]);
  await call.speak(speech[2]);
  await waitForReplies(stack.realtime, call, 7);
  await call.hangUp();

  step('Call ended; waiting for the post-call workflow');
  const temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  const result = await new CallsClient(temporal).handle(call.callSid).result();
  await temporal.connection.close();
  const view = (await (
    await fetch(`${stack.apiUrl}/v1/calls/${call.callSid}`, { headers: { authorization: `Bearer ${stack.adminApiKey}` } })
  ).json()) as CallView;

  step('Transcript');
  for (const turn of view.transcript) tell(`  ${turn.role === 'caller' ? '👤 caller' : '🤖 agent '}  ${turn.text}`);
  step('Tool calls (workflow Updates)');
  for (const tool of view.toolCalls) tell(`  🔧 ${tool.name}(${JSON.stringify(tool.args)}) → ${JSON.stringify(tool.result)}`);
  step('Summary (post-call workflow)');
  tell(JSON.stringify(result.summary, null, 2).replace(/^/gm, '  '));
  step('Timings');
  note(`time to first agent audio (webhook → caller hears the greeting): ${Math.round(setup.total)} ms`);
  note(`  where it went (ms): ${formatBreakdown(setup)}`);
  note(`barge-in reaction (caller starts talking → agent audio cleared): ${Math.round(bargeInMs)} ms`);
  const edgeBargeIn = await mediaEdgeBargeInMs(stack);
  if (edgeBargeIn !== undefined) note(`barge-in inside the media-edge (speech_started → clear sent): ${edgeBargeIn.toFixed(2)} ms`);
  note(`${view.transcript.length} turns, ${view.toolCalls.length} tool calls, cost $${view.costUsd.toFixed(4)}`);
  step('Temporal UI');
  // The demo runs the dev server, whose UI is always there.
  note(workflowUiUrl(stack.temporalUiUrl!, 'default', `call-${call.callSid}`));
}

/** The media-edge's own measure, from its Prometheus histogram. */
async function mediaEdgeBargeInMs(stack: LocalStack): Promise<number | undefined> {
  const metrics = await (await fetch(`${stack.mediaEdgeUrl}/metrics`)).text();
  const sum = Number(metrics.match(/^media_edge_barge_in_seconds_sum(?:\{[^}]*\})? (\S+)$/m)?.[1]);
  const count = Number(metrics.match(/^media_edge_barge_in_seconds_count(?:\{[^}]*\})? (\S+)$/m)?.[1]);
  return count > 0 ? (sum / count) * 1000 : undefined;
}

const tell = (text: string) => writeSync(STORY_FD, `${text}\n`);
const step = (text: string) => tell(`\n▶ ${text}`);
const note = (text: string) => tell(`  ${text}`);

main().then(
  () => process.exit(0),
  (error: unknown) => {
    tell(`\n✖ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
