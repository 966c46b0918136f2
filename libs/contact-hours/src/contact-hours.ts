import { DateTime } from 'luxon';
import type { BusinessHours } from '../../agent-config/src/agent-config';
import { WEEKDAYS } from '../../agent-config/src/weekdays';
import type { ContactHours } from './contact-hours-schema';

/**
 * When a customer may be called or texted, on the tenant's local clock.
 * Pure functions of their inputs (luxon and Intl only), so workflows may use
 * them to decide how long a durable timer waits. The schema that reads a
 * tenant's setting is in contact-hours-schema.ts: workflow code evaluates
 * every module it imports once per workflow, and zod schemas are costly to build.
 */

/** A tenant may narrow its contact hours, never widen them past these. */
export const CONTACT_HOURS_LIMITS = { start: '08:00', end: '21:00' } as const;
export const DEFAULT_CONTACT_HOURS: ContactHours = { start: '09:00', end: '20:00' };
export type { ContactHours };

interface LocalInterval {
  open: string;
  close: string;
}

/** Far enough to cross any closed stretch of a week, holidays aside. */
const SEARCH_DAYS = 14;

/**
 * The first instant at or after `at` inside the contact hours; `at` itself
 * when it is inside. With business hours, the instant must lie in both (a
 * callback is returned while someone is there to take the answer). Undefined
 * when no such instant exists in the next two weeks (a tenant closed every day).
 */
export function nextContactInstant(at: Date, timeZone: string, hours: ContactHours, businessHours?: BusinessHours): Date | undefined {
  const start = DateTime.fromJSDate(at, { zone: timeZone });
  for (let offset = 0; offset < SEARCH_DAYS; offset++) {
    const day = start.startOf('day').plus({ days: offset });
    for (const interval of allowedIntervals(day, hours, businessHours)) {
      const open = atClock(day, interval.open);
      const close = atClock(day, interval.close);
      if (start < close) return (start > open ? start : open).toJSDate();
    }
  }
  return undefined;
}

/** Whether `at` lies inside the contact hours (and the business hours, when given). */
export function isContactAllowed(at: Date, timeZone: string, hours: ContactHours, businessHours?: BusinessHours): boolean {
  return nextContactInstant(at, timeZone, hours, businessHours)?.getTime() === at.getTime();
}

function allowedIntervals(day: DateTime, hours: ContactHours, businessHours?: BusinessHours): LocalInterval[] {
  const contact = { open: hours.start, close: hours.end };
  if (!businessHours) return [contact];
  const open = businessHours[WEEKDAYS[day.weekday - 1]] ?? [];
  return open
    .map((interval) => ({ open: later(interval.open, contact.open), close: earlier(interval.close, contact.close) }))
    .filter((interval) => interval.open < interval.close)
    .sort((a, b) => a.open.localeCompare(b.open));
}

/** `HH:mm` on that local day. Contact hours end by 21:00, so no interval reaches business hours' `24:00`. */
function atClock(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour, minute });
}

const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);
