import type { Client } from '@temporalio/client';
import { ReminderSchedules } from '../../libs/campaigns/src/reminder-schedules';
import type { PrismaClient } from '../../libs/db/src/prisma';
import { DEMO_TENANTS } from './demo-data';

/** Each demo tenant's reminder campaign (`reminders-<slug>`, 17:00 the day before), created or left as it is: safe to repeat. */
export async function seedReminderSchedules(
  database: { db: PrismaClient; url: string },
  client: Client,
  taskQueue: string,
  tenants: Record<string, string>,
): Promise<void> {
  const schedules = new ReminderSchedules({ client, db: database.db, databaseUrl: database.url, taskQueue });
  for (const demo of DEMO_TENANTS) await schedules.ensure({ id: tenants[demo.slug], slug: demo.slug, timeZone: demo.timeZone });
}
