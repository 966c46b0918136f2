/**
 * `npm run bench:campaign -- --appointments N [--concurrency C] [--engine postgres]`: one reminder
 * campaign over N booked appointments, end to end: the campaign workflow, one
 * outboundCallWorkflow per appointment (dial, status and AMD callbacks through
 * the API, voicemail drop, redial), the live call and post-call workflows of
 * the humans. Pacing is off (the run's and the account's): it measures the engine. Callees are mixed 60 %
 * human, 25 % voicemail, 10 % no answer, 5 % busy (each of those answered by
 * a human on the one redial). The worker is a process of its own (its RSS is
 * read from /proc); the Temporal dev server (or with `--engine postgres` the
 * production server on PostgreSQL) runs the fast dynamic config.
 * Where the time goes: the CPU of the Temporal server, the worker and this
 * process (the API and the simulators), and of the whole machine (PostgreSQL
 * and anything else running), each in % of one core over the run, and the
 * CPU time each process spent per reminder.
 */
import 'reflect-metadata';
import { Client } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createApiApp } from '../apps/api/src/api-app';
import { REMINDER_CAMPAIGN_WORKFLOW_TYPE, reminderScheduleId, type CampaignProgress, type ReminderCampaignInput } from '../libs/campaigns/src/reminder-campaign';
import { campaignProgressQuery } from '../libs/campaigns/src/campaign-messages';
import { createPrismaClient } from '../libs/db/src/prisma';
import { AppProcess, freeLoopbackPort } from '../libs/infra/src/app-process';
import { dropDatabase, ensureDatabase, LOCAL_POSTGRES_URL, migrateDatabase } from '../libs/infra/src/database';
import { engineFromArg } from '../libs/infra/src/temporal-engine-arg';
import { startLocalTemporal } from '../libs/infra/src/temporal-server';
import { createLogger } from '../libs/logging/src/logger';
import { installTemporalRuntime } from '../libs/temporal/src/runtime';
import { TwilioRestSimulator } from '../simulators/twilio';
import { createCampaignTenant, seedCampaignDay } from '../simulators/fixtures/campaign-day';
import { SIMULATED_TWILIO } from '../scripts/simulated-twilio-account';
import { round } from './stats';
import { scriptMixedCallees } from './campaign/callee-mix';
import { waitForPollers } from './campaign/worker-ready';
import { temporalServerPid } from './media-edge/cpu-placement';
import { MachineCpuSampler, ProcessUsageSampler } from './media-edge/proc-stats';

const REFRESH_MS = 2_000;
/** Every simulated callback comes from 127.0.0.1, as a whole Twilio account's would not: a campaign's thousands of them are not a flood. */
const UNLIMITED_WEBHOOKS = String(Number.MAX_SAFE_INTEGER);
const USAGE = 'usage: npm run bench:campaign -- --appointments N [--concurrency C] [--engine dev|postgres]';

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { appointments: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '200' }, engine: { type: 'string' } } });
  const engine = engineFromArg(values.engine, USAGE);
  const appointments = Number(values.appointments);
  const concurrency = Number(values.concurrency);
  installTemporalRuntime(createLogger('temporal-sdk', 'warn'));

  const serverUrl = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL;
  const databaseName = `switchboard_bench_campaign_${Date.now()}`;
  const databaseUrl = await ensureDatabase(serverUrl, databaseName);
  await migrateDatabase(databaseUrl);
  const db = createPrismaClient(databaseUrl, 5);
  const temporal = await startLocalTemporal({ engine });
  const rest = await TwilioRestSimulator.start(SIMULATED_TWILIO);
  const apiPort = await freeLoopbackPort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const taskQueue = `bench-campaign-${randomUUID()}`;
  const settings = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue, PUBLIC_URL: apiUrl, TWILIO_AUTH_TOKEN: SIMULATED_TWILIO.authToken, LOG_LEVEL: 'warn', STREAM_TOKEN_SECRET: randomBytes(24).toString('hex'), PUBLIC_RATE_LIMIT: UNLIMITED_WEBHOOKS };
  Object.assign(process.env, settings);
  const api = await createApiApp({ logger: false, abortOnError: false });
  await api.listen(apiPort, '127.0.0.1');
  // Production mode lifts the allow-list (every callee here is simulated); it holds N numbers, more than an environment variable can.
  const worker = AppProcess.start('worker', 'apps/worker/src/main.ts', {
    ...process.env,
    ...settings,
    NODE_ENV: 'production',
    // Required in production; no tenant here has a sealed secret to open, and nothing scrapes the worker.
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    METRICS_TOKEN: randomBytes(16).toString('hex'),
    TWILIO_ACCOUNT_SID: SIMULATED_TWILIO.accountSid,
    TWILIO_API_BASE_URL: rest.baseUrl,
    SMS_FOLLOW_UP_DELAY_SECONDS: '0',
    // The account's dials unpaced too: the engine is measured, not Twilio's calls-per-second.
    TWILIO_CALLS_PER_SECOND: '0',
    // Any free port: other workers (another test file, a running stack) may have the default.
    WORKER_METRICS_PORT: '0',
  });
  try {
    const tenant = await createCampaignTenant(db);
    const day = await seedCampaignDay(db, tenant, appointments);
    const mix = scriptMixedCallees(rest, day.eligible);
    await db.campaign.create({ data: { id: reminderScheduleId(tenant.slug), tenantId: tenant.id, name: 'bench', schedule: '0 17 * * *' } });
    console.log(`seeded ${appointments} appointments for ${day.date} (${tenant.timeZone}); callees ${JSON.stringify(mix.counts)}`);

    const client = new Client({ connection: temporal.env.connection });
    const input: ReminderCampaignInput = {
      tenantId: tenant.id,
      campaignId: reminderScheduleId(tenant.slug),
      date: day.date,
      concurrency,
      dialsPerSecond: 0,
      pageSize: 500,
      redial: { extraAttempts: 1, intervalMs: 1_000 },
    };
    await waitForPollers(client, taskQueue);
    const usage = { temporal: new ProcessUsageSampler(temporalServerPid(engine)), worker: new ProcessUsageSampler(worker.pid), api_and_simulators: new ProcessUsageSampler(process.pid) };
    const machine = new MachineCpuSampler();
    const started = performance.now();
    const handle = await client.workflow.start(REMINDER_CAMPAIGN_WORKFLOW_TYPE, { taskQueue, workflowId: `bench-campaign-${day.date}-${randomUUID()}`, args: [input] });
    // One progress query at a time, and none left running at teardown (a closed connection would throw from its retry timer).
    let asking: Promise<void> | undefined;
    const ticker = setInterval(() => {
      asking ??= handle.query(campaignProgressQuery).then(
        (progress) => console.log(`${round((performance.now() - started) / 1000, 1)} s: ${progress.started - progress.inFlight}/${progress.total} done, ${progress.inFlight} in flight, ${rest.calls.length} dials`),
        () => undefined,
      ).finally(() => (asking = undefined));
    }, REFRESH_MS);
    const progress = (await handle.result()) as CampaignProgress;
    clearInterval(ticker);
    const wallS = (performance.now() - started) / 1000;
    const cpu = Object.entries(usage).map(([name, sampler]) => [name, sampler.stop().cpuPct] as const);
    const cpuPct = Object.fromEntries(cpu.map(([name, pct]) => [name, round(pct, 0)]));
    // CPU time per reminder, whatever else the machine ran meanwhile: what 10,000 of them cost.
    const cpuMsPerAppointment = Object.fromEntries(cpu.map(([name, pct]) => [name, round((pct / 100) * wallS * 1000 / appointments, 0)]));
    const machineCpuPct = round(machine.stop(), 0);
    await asking;

    const dials = new Map<string, number>();
    for (const call of rest.calls) dials.set(call.to, (dials.get(call.to) ?? 0) + 1);
    // A duplicate is a dial beyond the redial policy, or one no attempt row accounts for (each row is one idempotent dial).
    const maxDials = 1 + (input.redial?.extraAttempts ?? 0);
    const recordedDials = await db.reminderAttempt.count({ where: { tenantId: tenant.id, dialedAt: { not: null } } });
    const duplicates = day.eligible.reduce((sum, phone) => sum + Math.max((dials.get(phone) ?? 0) - maxDials, 0), 0) + Math.max(rest.calls.length - recordedDials, 0);
    const missing = day.eligible.filter((phone) => !dials.has(phone)).length;
    const rssMb = peakRssMb(worker.pid);
    // Twilio hangs up when the answer webhook fails: a sign of an engine too slow to answer its query in time.
    const failedAnswers = rest.callbacksSent.filter((record) => record.purpose === 'call-twiml' && !(record.response && record.response.status < 300)).length;
    console.log(`progress ${JSON.stringify(progress)}`);
    console.log(`${appointments} reminders in ${round(wallS, 1)} s (${round(appointments / wallS, 1)} calls/s), ${rest.calls.length} dials, ${duplicates} duplicate, ${missing} missing; worker peak RSS ${rssMb} MB`);
    console.log(`CPU (% of one core): ${JSON.stringify(cpuPct)}, whole machine ${machineCpuPct} of ${cpus().length * 100}; CPU ms per reminder ${JSON.stringify(cpuMsPerAppointment)}; ${mix.voicemail.recordings.length} voicemails recorded, ${failedAnswers} answered calls hung up on a failed TwiML request`);
    console.log(
      `RESULT ${JSON.stringify({ bench: 'campaign', engine, appointments, concurrency, wall_s: round(wallS, 1), workflows_per_s: round(appointments / wallS, 1), dials: rest.calls.length, duplicates, missing, worker_rss_mb: rssMb, cpu_pct: cpuPct, cpu_ms_per_appointment: cpuMsPerAppointment, machine_cpu_pct: machineCpuPct })}`,
    );
  } finally {
    await worker.stop();
    await api.close();
    await rest.close();
    await temporal.stop();
    await db.$disconnect();
    await dropDatabase(serverUrl, databaseName);
  }
}

/** The process's peak resident set (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmHWM:'));
  return line ? round(Number(line.replace(/\D+/g, '')) / 1024, 0) : NaN;
}

main().then(
  // The API's Temporal client may still be retrying a progress query it was asked for before teardown.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
