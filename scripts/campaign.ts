/**
 * `npm run campaign -- --tenant <slug> --date <YYYY-MM-DD> [--start]`: a live
 * progress bar of the tenant's reminder campaign for that day, until its
 * newest run is done. With --start, the day is run now (as a backfill of the
 * tenant's schedule, created with its defaults if need be) when no run exists.
 */
import { Client, Connection } from '@temporalio/client';
import { Presets, SingleBar } from 'cli-progress';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { finishedCount, type CampaignProgress } from '../libs/campaigns/src/reminder-campaign';
import { ReminderSchedules, type CampaignTenant } from '../libs/campaigns/src/reminder-schedules';
import { clockFromEnv, loadEnv } from '../libs/config/src/env';
import { createPrismaClient } from '../libs/db/src/prisma';

const USAGE = 'usage: npm run campaign -- --tenant <slug> --date <YYYY-MM-DD> [--start]';
const REFRESH_MS = 500;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { tenant: { type: 'string' }, date: { type: 'string' }, start: { type: 'boolean' } } });
  if (!values.tenant || !values.date || !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new UsageError('pass --tenant <slug> and --date <YYYY-MM-DD>');
  const env = loadEnv();
  const db = createPrismaClient(env.DATABASE_URL, 1);
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  try {
    const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    const schedules = new ReminderSchedules({ client, db, databaseUrl: env.DATABASE_URL, taskQueue: env.TEMPORAL_TASK_QUEUE, clock: clockFromEnv() });
    const tenant = await campaignTenant(db, values.tenant);
    if (values.start && (await schedules.runs(tenant, values.date)).length === 0) {
      await schedules.ensure(tenant);
      await schedules.backfill(tenant, [values.date]);
    }
    await follow(schedules, tenant, values.date);
  } finally {
    await connection.close();
    await db.$disconnect();
  }
}

async function campaignTenant(db: ReturnType<typeof createPrismaClient>, slug: string): Promise<CampaignTenant> {
  const tenant = await db.tenant.findUnique({ where: { slug }, select: { id: true, slug: true, agentConfig: { select: { timeZone: true } } } });
  if (!tenant?.agentConfig) throw new Error(`No tenant ${slug} with an agent config`);
  return { id: tenant.id, slug: tenant.slug, timeZone: tenant.agentConfig.timeZone };
}

/** Redraws the bar from the newest run's progress query until it is done. */
async function follow(schedules: ReminderSchedules, tenant: CampaignTenant, date: string): Promise<void> {
  const bar = new SingleBar(
    { format: `${tenant.slug} ${date} [{bar}] {value}/{total} | human {human} voicemail {voicemail} no answer {noAnswer} failed {failed} skipped {skipped} | in flight {inFlight}` },
    Presets.shades_classic,
  );
  let progress: CampaignProgress | undefined;
  let waiting = false;
  try {
    for (;;) {
      progress = (await schedules.runs(tenant, date)).at(-1)?.progress;
      if (!progress) {
        if (!waiting) console.error(`No run of ${tenant.slug}'s reminders for ${date} yet: waiting for one (pass --start to run the day now).`);
        waiting = true;
      } else {
        const payload = {
          human: progress.answeredByHuman,
          voicemail: progress.voicemailLeft,
          noAnswer: progress.noAnswer + progress.busy,
          failed: progress.failed,
          skipped: Object.values(progress.skipped).reduce((sum, count) => sum + count, 0),
          inFlight: progress.inFlight,
        };
        if (!bar.isActive) bar.start(progress.total, 0, payload);
        bar.setTotal(progress.total);
        bar.update(finishedCount(progress), payload);
        if (progress.done) break;
      }
      await sleep(REFRESH_MS);
    }
  } finally {
    bar.stop();
  }
  console.log(JSON.stringify(progress));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`campaign: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof UsageError) console.error(USAGE);
  process.exit(error instanceof UsageError ? 2 : 1);
});
