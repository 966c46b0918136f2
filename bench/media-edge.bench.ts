/**
 * `npm run bench:media -- --calls N --seconds S [--engine postgres]`: N simulated phone calls at
 * once through ONE media-edge process for S seconds. Reports, over exactly
 * the measured window, each frame's latency from the moment its sender sent
 * it to the moment the far end received it (the headline: event-loop waits
 * included), with the media-edge's own handler time and barge-in reaction
 * (its /metrics histograms) as details; the lag of the signals to the call
 * workflows, and over the whole run how many were never delivered; dropped
 * frames (counted per call on both sides of it), its CPU and peak RSS, and
 * how well the load generator kept its pace. The last line is `RESULT {…}`.
 * When the media-edge cannot take all N in time (a minute to connect, one
 * more to hear the greeting), the calls it did take are measured, and the
 * report says how many were left out.
 *
 * Around the media-edge (bench/media-edge/): a fresh PostgreSQL database, the
 * Temporal dev server (or with `--engine postgres` the production server on
 * PostgreSQL), the worker, the Realtime simulator's sessions in a
 * child process, and lean Twilio callers on one shared clock in this process.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../libs/logging/src/logger';
import { installTemporalRuntime } from '../libs/temporal/src/runtime';
import { startBenchStack } from './media-edge/bench-stack';
import { endCallWorkflows, hangUpLeftOut, startCallWorkflows, waitForWorker } from './media-edge/call-workflows';
import { CallerFleet } from './media-edge/caller-fleet';
import { parseBenchArgs, UsageError, type BenchArgs } from './media-edge/cli-args';
import { FRAME_MS, FRAMES_PER_CYCLE } from './media-edge/conversation-plan';
import { deprioritize, isolateMediaEdge, spreadOverAllCores } from './media-edge/cpu-placement';
import { countFramesOnceSettled } from './media-edge/frame-accounting';
import { measureWindow } from './media-edge/measured-window';
import { printReport } from './media-edge/report';
import { accountSignals } from './media-edge/signal-account';

/** Connections are spread over this long, so setting them up does not distort the measured window. */
const RAMP_MS = 2_000;
const ALL_UP_LIMIT_MS = 60_000;
/** After every call is up the greetings play out (~2 s of audio); then one conversation cycle, staggered starts included, before measuring. */
const GREETINGS_MS = 3_000;
const WARM_UP_MS = FRAMES_PER_CYCLE * FRAME_MS;
/** A slowed Temporal may still be delivering the calls' last events at the hang-up: time to drain them. */
const WORKFLOWS_END_LIMIT_MS = 300_000;

async function main(args: BenchArgs): Promise<void> {
  installTemporalRuntime(createLogger('temporal-sdk', 'warn'));
  const stack = await startBenchStack(args.engine, log);
  log('PostgreSQL, Temporal, worker, Realtime simulator and media-edge are up');
  let fleet: CallerFleet | undefined;
  try {
    const benchCalls = await startCallWorkflows(stack.calls, stack.tenantIds, args.calls, stack.streamTokenSecret);
    await Promise.race([waitForWorker(stack.calls, benchCalls[0].input.callSid), stack.worker.crashed]);
    log(`${args.calls} call workflows started; ramping up the streams over ${RAMP_MS / 1000} s`);
    fleet = await CallerFleet.connect(`${stack.mediaEdgeUrl.replace('http:', 'ws:')}/media`, benchCalls.map((call) => call.caller), RAMP_MS, ALL_UP_LIMIT_MS);
    const connected = fleet.size;
    const neverUp = await fleet.keepCallersUpWithin(ALL_UP_LIMIT_MS);
    const inFleet = fleet.callSids;
    const measuredCalls = benchCalls.filter((call) => inFleet.has(call.input.callSid));
    if (measuredCalls.length === 0) throw new Error(`no call came up within ${(2 * ALL_UP_LIMIT_MS) / 1000} s`);
    log(`${connected} of ${args.calls} streams connected within ${ALL_UP_LIMIT_MS / 1000} s; ${measuredCalls.length} of them heard their greeting within ${ALL_UP_LIMIT_MS / 1000} s more, and are measured`);
    await hangUpLeftOut(stack.calls, benchCalls.filter((call) => !inFleet.has(call.input.callSid)));

    // Setup is over (every stream's start queried its workflow): from here on the worker and Temporal only take signals.
    const deprioritizeInfrastructure = () => [stack.temporalPid, stack.worker.pid].forEach(deprioritize);
    deprioritizeInfrastructure();
    const placement = isolateMediaEdge(stack.mediaEdge.pid, [process.pid, stack.realtime.pid, stack.worker.pid, stack.temporalPid]);
    await sleep(GREETINGS_MS);
    fleet.beginConversations();
    await sleep(WARM_UP_MS);
    log(`all ${fleet.size} calls talking; measuring for ${args.seconds} s`);
    deprioritizeInfrastructure(); // threads started meanwhile
    const window = await measureWindow(stack, fleet, args.seconds);

    fleet.stopSending();
    log('callers stopped sending; counting frames once they settle');
    const { frames, countsSettled } = await countFramesOnceSettled(fleet, stack.realtime, measuredCalls);
    const droppedCalls = fleet.droppedCalls();
    fleet.hangUp();
    spreadOverAllCores([stack.temporalPid, stack.worker.pid]);
    log('hung up; waiting for the call workflows to end');
    const callSids = benchCalls.map((call) => call.input.callSid);
    const workflowsEnded = await endCallWorkflows(stack.temporalClient, stack.calls, callSids, WORKFLOWS_END_LIMIT_MS);
    const signals = await accountSignals(stack.mediaEdgeUrl);

    printReport({
      calls: { attempted: args.calls, connected, measured: measuredCalls.length, neverUp },
      seconds: args.seconds,
      engine: args.engine,
      window,
      frames,
      countsSettled,
      droppedCalls,
      placement,
      workflowsEnded,
      signals,
    });
  } finally {
    fleet?.hangUp();
    await stack.stop();
  }
}

const startedAt = performance.now();

function log(line: string): void {
  process.stderr.write(`[${((performance.now() - startedAt) / 1000).toFixed(1)} s] ${line}\n`);
}

let args: BenchArgs;
try {
  args = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exit(2);
}
main(args).catch((error) => {
  console.error(error);
  process.exit(1);
});
