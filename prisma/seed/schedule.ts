import type { DateTime } from 'luxon';
import type { BusinessHours, Weekday } from '../../activities/tools/tool-context';

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface SlotRules {
  timeZone: string;
  businessHours: BusinessHours;
  slotMinutes: number;
}

/** Slot starts on the local day of `day`, in order; none on a closed day. */
export function slotsOfDay(day: DateTime, rules: SlotRules): DateTime[] {
  const midnight = day.setZone(rules.timeZone).startOf('day');
  const intervals = rules.businessHours[WEEKDAYS[midnight.weekday - 1]] ?? [];
  return intervals.flatMap(({ open, close }) => {
    const starts: DateTime[] = [];
    for (let minute = minutesOf(open); minute + rules.slotMinutes <= minutesOf(close); minute += rules.slotMinutes) {
      starts.push(midnight.set({ hour: Math.floor(minute / 60), minute: minute % 60 }));
    }
    return starts;
  });
}

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

/** Tests and the scripted demo book these hours on the next business day. */
const RESERVED_HOURS = [10, 14];
const RESERVED_SEARCH_DAYS = 14;

/**
 * The slots seeded bookings must leave free: 10:00 and 14:00 on every day
 * from tomorrow up to the first one open at both. On a Friday that covers
 * Saturday 10:00 as well as Monday, whichever day a caller counts as "next".
 */
export function reservedSlots(now: DateTime, rules: SlotRules): DateTime[] {
  const today = now.setZone(rules.timeZone).startOf('day');
  const reserved: DateTime[] = [];
  for (let offset = 1; offset <= RESERVED_SEARCH_DAYS; offset++) {
    const hits = slotsOfDay(today.plus({ days: offset }), rules).filter(
      (slot) => slot.minute === 0 && RESERVED_HOURS.includes(slot.hour),
    );
    reserved.push(...hits);
    if (hits.length === RESERVED_HOURS.length) break;
  }
  return reserved;
}

/**
 * `days` whole days from the local date of `now`, at `hour` local time, moved
 * off a weekend: ahead to Monday for a future day, back to Friday otherwise.
 */
export function workdayAt(now: DateTime, timeZone: string, days: number, hour: number): DateTime {
  const day = now.setZone(timeZone).startOf('day').plus({ days });
  if (day.weekday <= 5) return day.set({ hour });
  const toWorkday = days > 0 ? 8 - day.weekday : 5 - day.weekday;
  return day.plus({ days: toWorkday }).set({ hour });
}
