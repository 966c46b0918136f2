import { DateTime } from 'luxon';
import { clockFromEnv } from '../../libs/config/src/env';

/** The clock the tests' workers, the seeded template and these helpers share: SWITCHBOARD_TODAY's. */
export const testClock = clockFromEnv();

/** Now on the test clock, in `timeZone`. */
export const nowIn = (timeZone: string): DateTime => DateTime.fromJSDate(testClock(), { zone: timeZone });

/** `time` as the local strings tools take: YYYY-MM-DDTHH:mm and YYYY-MM-DD. */
export const local = (time: DateTime): string => time.toFormat("yyyy-MM-dd'T'HH:mm");
export const localDate = (time: DateTime): string => time.toFormat('yyyy-MM-dd');

/** The first day with ISO `weekday` (1 Monday … 7 Sunday) at least `daysAhead` days after today, at `hour` local time. */
export function weekdayAhead(timeZone: string, daysAhead: number, weekday: number, hour: number): DateTime {
  const day = nowIn(timeZone).startOf('day').plus({ days: daysAhead });
  return day.plus({ days: (weekday - day.weekday + 7) % 7 }).set({ hour });
}

/** The first Monday-to-Friday day at least `daysAhead` days after today, at `hour` local time, as tools take it. */
export function workdayAhead(timeZone: string, daysAhead: number, hour: number): string {
  let day = nowIn(timeZone).startOf('day').plus({ days: daysAhead });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return local(day.set({ hour }));
}

/**
 * Monday `weeksAhead` weeks after the current week, at `hour` local time.
 * Seeded bookings stay within two weeks of today, so three or more weeks
 * ahead the calendar is empty.
 */
export const mondayInWeeks = (weeksAhead: number, hour: number) => (timeZone: string) =>
  nowIn(timeZone).startOf('week').plus({ weeks: weeksAhead }).set({ hour });
