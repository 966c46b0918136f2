import { DateTime } from 'luxon';

/** When a tenant's reminders go out by default: 17:00 the day before, in its zone. */
export const DEFAULT_REMINDER_TIME = '17:00';

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Why a reminder time (HH:MM) is refused, or undefined. 01:00–03:00 is where
 * DST skips a clock time (the run would not happen) or repeats it (it would
 * happen twice), depending on the zone.
 */
export function reminderTimeProblem(time: string): string | undefined {
  const match = TIME.exec(time);
  if (!match) return 'expected a time HH:MM, e.g. 17:00';
  const hour = Number(match[1]);
  if (hour >= 1 && hour < 3) return 'times from 01:00 to 03:00 are refused: daylight saving time skips or repeats them';
  return undefined;
}

export function parseReminderTime(time: string): { hour: number; minute: number } {
  const problem = reminderTimeProblem(time);
  if (problem) throw new Error(`Reminder time "${time}": ${problem}`);
  const [hour, minute] = time.split(':').map(Number);
  return { hour, minute };
}

export const formatReminderTime = (hour: number, minute: number): string => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

/** The instant a day's reminders fire: `time` on the day before `date`, in `timeZone`. */
export function fireTimeFor(date: string, time: string, timeZone: string): DateTime {
  const day = DateTime.fromFormat(date, 'yyyy-MM-dd', { zone: timeZone });
  if (!day.isValid) throw new Error(`"${date}" is not a date written YYYY-MM-DD`);
  return day.minus({ days: 1 }).set(parseReminderTime(time));
}
