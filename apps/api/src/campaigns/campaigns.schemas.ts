import { z } from 'zod';
import { reminderTimeProblem } from '../../../../libs/campaigns/src/reminder-time';

const TenantSlug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a tenant slug, e.g. rivera-auto');
const LocalDate = z.iso.date('expected a date YYYY-MM-DD');

const ReminderTime = z.string().superRefine((value, ctx) => {
  const problem = reminderTimeProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const Settings = {
  /** HH:MM the day before the appointments, in the tenant's zone. */
  time: ReminderTime.optional(),
  /** Reminder calls at once for the tenant. */
  concurrency: z.number().int().min(1).max(1000).optional(),
  /** New calls per second; 0 turns pacing off. */
  dialsPerSecond: z.number().min(0).max(100).optional(),
};

export const CreateCampaignBody = z.strictObject({ tenant: TenantSlug.optional(), ...Settings, paused: z.boolean().optional() });
export type CreateCampaignBody = z.output<typeof CreateCampaignBody>;

export const UpdateCampaignBody = z
  .strictObject(Settings)
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'give at least one of time, concurrency, dialsPerSecond');
export type UpdateCampaignBody = z.output<typeof UpdateCampaignBody>;

export const PauseCampaignBody = z.strictObject({ note: z.string().trim().min(1).max(200).optional() });

const MAX_BACKFILL_DAYS = 31;
export const BackfillCampaignBody = z
  .strictObject({ from: LocalDate, to: LocalDate })
  .refine((body) => body.from <= body.to, { path: ['to'], message: 'must not be before from' })
  .refine((body) => daysBetween(body.from, body.to) < MAX_BACKFILL_DAYS, { path: ['to'], message: `at most ${MAX_BACKFILL_DAYS} days at once` });

export const ListCampaignsQuery = z.strictObject({ tenant: TenantSlug.optional() });

/** `reminders-<tenant slug>`. */
export const CampaignIdParam = z.string().regex(/^reminders-[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a campaign id, e.g. reminders-rivera-auto');
export const RunDateParam = LocalDate;

export const RecentRunsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(50).default(10) });

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** Each day from `from` to `to`, inclusive. */
export function datesFrom(from: string, to: string): string[] {
  return Array.from({ length: daysBetween(from, to) + 1 }, (_, index) => new Date(Date.parse(from) + index * 86_400_000).toISOString().slice(0, 10));
}
