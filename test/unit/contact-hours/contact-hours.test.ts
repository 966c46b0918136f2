import { DateTime } from 'luxon';
import { DEFAULT_CONTACT_HOURS, isContactAllowed, nextContactInstant } from '../../../libs/contact-hours/src/contact-hours';
import { ContactHoursSchema, readContactHours } from '../../../libs/contact-hours/src/contact-hours-schema';

const ZONE = 'America/Chicago';
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();
const asLocal = (date: Date | undefined) => (date ? DateTime.fromJSDate(date, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm") : undefined);
const next = (iso: string, businessHours?: Parameters<typeof nextContactInstant>[3]) =>
  asLocal(nextContactInstant(local(iso), ZONE, DEFAULT_CONTACT_HOURS, businessHours));

describe('contact hours', () => {
  it('lets an instant inside the window pass unchanged', () => {
    expect(next('2027-03-10T12:34')).toBe('2027-03-10T12:34');
    expect(isContactAllowed(local('2027-03-10T09:00'), ZONE, DEFAULT_CONTACT_HOURS)).toBe(true);
  });

  it('waits for the morning, and past the evening until the next morning', () => {
    expect(next('2027-03-10T06:15')).toBe('2027-03-10T09:00');
    expect(next('2027-03-10T20:00')).toBe('2027-03-11T09:00');
    expect(next('2027-03-10T23:59')).toBe('2027-03-11T09:00');
    expect(isContactAllowed(local('2027-03-10T20:00'), ZONE, DEFAULT_CONTACT_HOURS)).toBe(false);
  });

  it('keeps local clock times across daylight-saving changes', () => {
    // 2027-03-14 and 2027-11-07 are the US switch days.
    expect(next('2027-03-13T22:00')).toBe('2027-03-14T09:00');
    expect(next('2027-11-06T22:00')).toBe('2027-11-07T09:00');
    const hoursApart = (nextContactInstant(local('2027-03-13T22:00'), ZONE, DEFAULT_CONTACT_HOURS)!.getTime() - local('2027-03-13T22:00').getTime()) / 3_600_000;
    expect(hoursApart).toBe(10);
  });

  it('with business hours, also waits until the business is open', () => {
    const businessHours = { mon: [{ open: '08:00', close: '12:00' }, { open: '13:00', close: '17:00' }], sat: [{ open: '10:00', close: '24:00' }] };
    // 2027-03-12 is a Friday: closed, so Saturday 10:00.
    expect(next('2027-03-12T10:00', businessHours)).toBe('2027-03-13T10:00');
    // Saturday runs to midnight, the contact window ends at 20:00; Sunday is closed: Monday 09:00.
    expect(next('2027-03-13T20:30', businessHours)).toBe('2027-03-15T09:00');
    expect(next('2027-03-15T12:30', businessHours)).toBe('2027-03-15T13:00');
  });

  it('says so when the business never opens', () => {
    expect(next('2027-03-10T10:00', {})).toBeUndefined();
  });

  it.each([
    [{ start: '07:00', end: '20:00' }, 'within 08:00–21:00'],
    [{ start: '09:00', end: '22:00' }, 'within 08:00–21:00'],
    [{ start: '18:00', end: '10:00' }, 'start must be before end'],
    [{ start: '9am', end: '20:00' }, 'expected a time as HH:mm'],
  ])('refuses contact hours %p', (hours, message) => {
    const parsed = ContactHoursSchema.safeParse(hours);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message).join('; ')).toContain(message);
  });

  it("reads a tenant's stored contact hours: none is the default window, a widened one is a configuration fault", () => {
    expect(readContactHours('t1', null)).toEqual(DEFAULT_CONTACT_HOURS);
    expect(readContactHours('t1', { start: '08:30', end: '18:00' })).toEqual({ start: '08:30', end: '18:00' });
    expect(() => readContactHours('t1', { start: '07:00', end: '20:00' })).toThrow('tenant t1: AgentConfig.contactHours is invalid (contact hours must lie within 08:00–21:00)');
  });
});
