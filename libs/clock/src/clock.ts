import { DateTime } from 'luxon';

/** Where Switchboard reads the current instant from: tools, the seed, the local simulators, the tests. */
export type Clock = () => Date;

export const realClock: Clock = () => new Date();

const TODAY_FORMAT = 'yyyy-MM-dd';

/** A "today" setting as a UTC date; null unless it is a real calendar date written YYYY-MM-DD. */
export function parseToday(value: string): DateTime | null {
  const day = DateTime.fromFormat(value, TODAY_FORMAT, { zone: 'utc' });
  return day.isValid && day.toFormat(TODAY_FORMAT) === value ? day : null;
}

/**
 * The real clock, or, given `today`, one that read noon UTC on that date when
 * this process started and has run at real speed since. Noon UTC falls on the
 * same calendar date from UTC−11 to UTC+11, so every tenant's local "today" is
 * `today` too.
 */
export function clockFor(today?: string): Clock {
  if (today === undefined) return realClock;
  const day = parseToday(today);
  if (!day) throw new Error(`"${today}" is not a date written YYYY-MM-DD`);
  const offsetMs = day.set({ hour: 12 }).toMillis() - performance.timeOrigin;
  return () => new Date(Date.now() + offsetMs);
}

/**
 * How many calendar days `clock` is ahead of the real date on the local clock
 * of `timeZone` (negative when behind). Maps a real instant to the clock's day
 * and back by whole local days, as a schedule firing at a local time needs.
 */
export function localDaysAhead(clock: Clock, timeZone: string): number {
  const day = (at: Date) => DateTime.fromJSDate(at, { zone: timeZone }).startOf('day');
  return Math.round(day(clock()).diff(day(new Date()), 'days').days);
}
