import { DateTime } from 'luxon';
import { fail, ok, type ToolResult } from '../../libs/tools/src';
import { WEEKDAYS, type Weekday } from '../../libs/agent-config/src/agent-config';
import type { ToolContext } from './tool-context';

/** The local-time format every tool takes and returns: YYYY-MM-DDTHH:mm in the tenant's zone. */
const LOCAL_DATE_TIME = "yyyy-MM-dd'T'HH:mm";
const LOCAL_DATE = 'yyyy-MM-dd';

/** The tool's clock, in the tenant's zone. */
export function localNow(ctx: ToolContext): DateTime {
  return DateTime.fromJSDate(ctx.now, { zone: ctx.tenant.timeZone });
}

/**
 * Parses YYYY-MM-DDTHH:mm as wall-clock time in `zone`. Null for an impossible
 * date, and for a time skipped by a DST change (luxon would silently shift it).
 */
export function parseLocalDateTime(value: string, zone: string): DateTime | null {
  const parsed = DateTime.fromFormat(value, LOCAL_DATE_TIME, { zone });
  return parsed.isValid && parsed.toFormat(LOCAL_DATE_TIME) === value ? parsed : null;
}

/** A tool's local-time argument, when it is a real time still ahead of the clock. */
export function parseFutureLocalDateTime(value: string, ctx: ToolContext): ToolResult<DateTime> {
  const time = parseLocalDateTime(value, ctx.tenant.timeZone);
  if (!time) return fail('invalid_time', `${value} is not a valid local time.`);
  if (time <= localNow(ctx)) return fail('time_in_past', `${value} has already passed. Pick a later time.`);
  return ok(time);
}

/** Parses YYYY-MM-DD as the start of that day in `zone`; null for an impossible date. */
export function parseLocalDate(value: string, zone: string): DateTime | null {
  const parsed = DateTime.fromFormat(value, LOCAL_DATE, { zone });
  return parsed.isValid ? parsed.startOf('day') : null;
}

/** A tool's date argument, when it is a real date, today or later. */
export function parseUpcomingDate(value: string, ctx: ToolContext): ToolResult<DateTime> {
  const day = parseLocalDate(value, ctx.tenant.timeZone);
  if (!day) return fail('invalid_date', `${value} is not a valid date.`);
  if (day < localNow(ctx).startOf('day')) return fail('date_in_past', `${value} has already passed.`);
  return ok(day);
}

export const formatLocalDateTime = (time: DateTime): string => time.toFormat(LOCAL_DATE_TIME);
export const formatLocalDate = (time: DateTime): string => time.toFormat(LOCAL_DATE);
export const formatUtc = (time: DateTime): string => time.toUTC().toISO({ suppressMilliseconds: true }) ?? '';

/** A stored instant as the pair every tool returns: local wall-clock time and ISO UTC. */
export function localAndUtc(instant: Date, zone: string): { local: string; utc: string } {
  const time = DateTime.fromJSDate(instant, { zone });
  return { local: formatLocalDateTime(time), utc: formatUtc(time) };
}

export const weekdayOf = (day: DateTime): Weekday => WEEKDAYS[day.weekday - 1];
/** "Monday", whatever the machine's locale. */
export const weekdayName = (day: DateTime): string => day.toFormat('cccc', { locale: 'en-US' });

/** "HH:mm" on `day`, in day's zone; "24:00" is the next midnight. */
export function atTimeOfDay(day: DateTime, timeOfDay: string): DateTime {
  const [hour, minute] = timeOfDay.split(':').map(Number);
  if (hour === 24) return day.plus({ days: 1 }).startOf('day');
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

export const centsToDollars = (cents: number): number => cents / 100;
