import { DateTime } from 'luxon';
import { AUTO_SHOP, REAL_ESTATE } from '../../../prisma/seed/demo-data';
import { reservedSlots, slotsOfDay, workdayAt, type SlotRules } from '../../../prisma/seed/schedule';

const rulesOf = (tenant: typeof AUTO_SHOP): SlotRules => ({ timeZone: tenant.timeZone, businessHours: tenant.businessHours, slotMinutes: tenant.slotMinutes });
const SHOP = rulesOf(AUTO_SHOP);
const REALTY = rulesOf(REAL_ESTATE);
const on = (date: string, zone: string) => DateTime.fromISO(date, { zone });
const localTimes = (slots: DateTime[]) => slots.map((slot) => slot.toFormat("ccc yyyy-MM-dd'T'HH:mm"));

describe('slotsOfDay', () => {
  it('cuts the opening hours into whole slots, none on a closed day', () => {
    expect(localTimes(slotsOfDay(on('2027-03-12', SHOP.timeZone), SHOP))).toEqual(
      [8, 9, 10, 11, 12, 13, 14, 15, 16].map((hour) => `Fri 2027-03-12T${String(hour).padStart(2, '0')}:00`),
    );
    expect(localTimes(slotsOfDay(on('2027-03-13', SHOP.timeZone), SHOP))).toEqual(['Sat 2027-03-13T09:00', 'Sat 2027-03-13T10:00', 'Sat 2027-03-13T11:00', 'Sat 2027-03-13T12:00']);
    expect(slotsOfDay(on('2027-03-14', SHOP.timeZone), SHOP)).toEqual([]);
  });

  it('keeps local opening hours across the spring DST change', () => {
    const sunday = slotsOfDay(on('2027-03-14', REALTY.timeZone), REALTY);
    expect(localTimes(sunday)).toEqual(['12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30'].map((t) => `Sun 2027-03-14T${t}`));
    expect(sunday[0].toUTC().toISO()).toBe('2027-03-14T18:00:00.000Z');
    expect(slotsOfDay(on('2027-03-13', REALTY.timeZone), REALTY)[0].toUTC().toISO()).toBe('2027-03-13T17:00:00.000Z');
  });

  it('takes the day in the tenant’s zone, whatever zone the instant comes in', () => {
    const lateFridayInChicagoAsUtc = DateTime.fromISO('2027-03-13T05:30:00Z', { zone: 'utc' });
    expect(localTimes(slotsOfDay(lateFridayInChicagoAsUtc, SHOP))[0]).toBe('Fri 2027-03-12T08:00');
  });
});

describe('reservedSlots', () => {
  it('keeps 10:00 and 14:00 free from tomorrow to the first day open at both: on a Friday, Saturday 10:00 and Monday', () => {
    const fridayNoonUtc = DateTime.fromISO('2027-03-12T12:00:00Z');
    expect(localTimes(reservedSlots(fridayNoonUtc, SHOP).map((slot) => slot.setZone(SHOP.timeZone)))).toEqual([
      'Sat 2027-03-13T10:00',
      'Mon 2027-03-15T10:00',
      'Mon 2027-03-15T14:00',
    ]);
  });

  it('is just tomorrow in the middle of the week', () => {
    const tuesday = DateTime.fromISO('2028-02-29T12:00:00Z');
    expect(localTimes(reservedSlots(tuesday, SHOP).map((slot) => slot.setZone(SHOP.timeZone)))).toEqual(['Wed 2028-03-01T10:00', 'Wed 2028-03-01T14:00']);
  });
});

describe('workdayAt', () => {
  const sunday = DateTime.fromISO('2027-11-07T12:00:00Z');

  it('moves a future weekend day ahead to Monday, a past one back to Friday', () => {
    expect(localTimes([workdayAt(sunday, SHOP.timeZone, 6, 7)])).toEqual(['Mon 2027-11-15T07:00']);
    expect(localTimes([workdayAt(sunday, SHOP.timeZone, -1, 7)])).toEqual(['Fri 2027-11-05T07:00']);
    expect(localTimes([workdayAt(sunday, SHOP.timeZone, 3, 7)])).toEqual(['Wed 2027-11-10T07:00']);
  });
});
