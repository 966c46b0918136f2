/**
 * `npm run bench:ttfa -- --calls 50`: time to first agent audio. The local
 * stack (worker, API and media-edge as processes, as `npm run stack` runs
 * them) takes N sequential calls per latency profile: each is the signed voice
 * webhook, then the Media Streams caller of simulators/twilio/phone, until
 * the caller has the greeting's first frame. Every call prints its breakdown;
 * the figures are per profile. `zero`: the simulators answer at once, so all
 * of it is ours (overhead). `realistic`: the services we do not run take the
 * time bench/ttfa/latency-profiles.ts states. The first call of all is the
 * first after a cold start, reported on its own; the zero profile's
 * percentiles are of the calls after it.
 */
import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { dropDatabase, ensureDatabase, LOCAL_POSTGRES_URL } from '../libs/infra/src/database';
import { genericAgent } from '../simulators/realtime';
import { PhoneSimulator } from '../simulators/twilio';
import { AUTO_SHOP } from '../prisma/seed/demo-data';
import { freeLocalPorts } from '../scripts/local-ports';
import { startLocalStack, type LocalStack } from '../scripts/local-stack';
import { dialAndTimeGreeting, formatBreakdown, type CallSetupBreakdown } from '../scripts/call-setup-breakdown';
import { parseTtfaArgs, type TtfaArgs } from './ttfa/cli-args';
import { ZERO_PROFILE, type LatencyProfile } from './ttfa/latency-profiles';
import { percentile, round } from './stats';

const CALLER = '+15555550999';
const SILENT_LOGGER = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} } as never;

async function main(): Promise<void> {
  const args = parseTtfaArgs(process.argv.slice(2));
  const serverUrl = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL;
  const databaseName = `switchboard_bench_ttfa_${Date.now()}`;
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'bench-ttfa-'));
  try {
    // Bundled here, with no boot deadline, unless a prebuilt bundle is given: the stack's worker then starts at once.
    process.env.WORKFLOW_BUNDLE_PATH ??= await writeWorkflowBundle(path.join(scratch, 'workflows.js'));
    process.env.DATABASE_URL = await ensureDatabase(serverUrl, databaseName);
    await measure(args, path.join(scratch, 'temporal.sqlite'));
  } finally {
    await dropDatabase(serverUrl, databaseName);
    await rm(scratch, { recursive: true, force: true });
  }
}

async function measure(args: TtfaArgs, temporalDbFile: string): Promise<void> {
  const ports = await freeLocalPorts();
  const stack = await startLocalStack({
    plan: genericAgent,
    ports,
    temporalDbFile,
    logLevel: 'warn',
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const temporal = new Client({ connection });
  try {
    const zero = await placeCalls(stack, temporal, ZERO_PROFILE, args.calls);
    const realistic = await placeCalls(stack, temporal, args.realistic, args.calls);
    // The cold call has its own figure (first_call_ms); the percentiles are of the warm ones.
    const overheads = zero.answered.filter((call) => call !== zero.firstCall).map((call) => call.total);
    const result = {
      calls: args.calls,
      overhead_p50_ms: percentile(overheads, 50),
      overhead_p99_ms: percentile(overheads, 99),
      first_call_ms: zero.firstCall ? round(zero.firstCall.total) : null,
      realistic_p50_ms: percentile(realistic.answered.map((call) => call.total), 50),
      realistic_p99_ms: percentile(realistic.answered.map((call) => call.total), 99),
      unanswered_calls: zero.unanswered + realistic.unanswered,
      realistic_profile: args.realistic,
      load_average: os.loadavg().map((load) => round(load)),
    };
    console.log(`zero: overhead p50 ${result.overhead_p50_ms} ms, p99 ${result.overhead_p99_ms} ms; first call after the cold start ${result.first_call_ms} ms`);
    console.log(`realistic: p50 ${result.realistic_p50_ms} ms, p99 ${result.realistic_p99_ms} ms`);
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    await connection.close();
    await stack.stop();
  }
}

async function writeWorkflowBundle(file: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: SILENT_LOGGER });
  await writeFile(file, code);
  return file;
}

/**
 * `count` calls one after the other, each hung up once its first agent audio
 * arrived. A call the agent did not answer (e.g. the API gave up on Temporal
 * and dialed a person) is printed and counted, and has no breakdown.
 */
async function placeCalls(stack: LocalStack, temporal: Client, profile: LatencyProfile, count: number): Promise<ProfileRun> {
  stack.realtime.latency = { connectMs: profile.realtimeConnectMs, sessionUpdatedMs: profile.sessionUpdatedMs };
  stack.realtime.timing = { ...stack.realtime.timing, firstAudioMs: profile.firstAudioMs };
  console.log(`profile ${profile.name}: ${JSON.stringify(profile)}`);
  const phone = new PhoneSimulator();
  const run: ProfileRun = { answered: [], unanswered: 0 };
  for (let i = 0; i < count; i++) {
    let answered: Awaited<ReturnType<typeof dialAndTimeGreeting>>;
    try {
      answered = await dialAndTimeGreeting(stack, phone, { from: CALLER, to: AUTO_SHOP.phoneNumber, streamConnectDelayMs: profile.streamConnectMs });
    } catch (error) {
      run.unanswered++;
      console.log(`${profile.name} #${i + 1}: not answered by the agent: ${(error as Error).message.slice(0, 200)}`);
      continue;
    }
    if (i === 0) run.firstCall = answered.setup;
    run.answered.push(answered.setup);
    console.log(`${profile.name} #${i + 1}: ${formatBreakdown(answered.setup)}`);
    await answered.call.hangUp();
    await untilAfterCallWorkDone(temporal);
  }
  return run;
}

const AFTER_CALL_WORK_TIMEOUT_MS = 15_000;

/**
 * Sequential calls, each set up alone: the previous call's workflow and its
 * after-call work (summary, follow-ups) finish first, so a call's figures are
 * its own setup, not the last call's teardown. Concurrency is bench:media's.
 */
async function untilAfterCallWorkDone(temporal: Client): Promise<void> {
  const deadline = Date.now() + AFTER_CALL_WORK_TIMEOUT_MS;
  while ((await temporal.workflow.count('ExecutionStatus="Running"')).count > 0) {
    if (Date.now() > deadline) {
      console.log(`after-call work still running after ${AFTER_CALL_WORK_TIMEOUT_MS} ms; placing the next call anyway`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface ProfileRun {
  answered: CallSetupBreakdown[];
  unanswered: number;
  /** The profile's first call, if the agent answered it. */
  firstCall?: CallSetupBreakdown;
}

main().then(
  // The Temporal SDK's runtime keeps the process alive; the stack's apps end with it.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
