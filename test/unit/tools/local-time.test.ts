import { atTimeOfDay, localAndUtc, parseLocalDate, parseLocalDateTime } from '../../../activities/tools/local-time';

const CHICAGO = 'America/Chicago';

describe('local times tools take', () => {
  it('reads YYYY-MM-DDTHH:mm as wall-clock time in the business’s zone', () => {
    expect(parseLocalDateTime('2027-03-15T09:00', CHICAGO)?.toUTC().toISO()).toBe('2027-03-15T14:00:00.000Z');
    expect(parseLocalDateTime('2027-03-12T09:00', CHICAGO)?.toUTC().toISO()).toBe('2027-03-12T15:00:00.000Z');
  });

  it('refuses a time the spring DST change skips instead of shifting it', () => {
    expect(parseLocalDateTime('2027-03-14T02:30', CHICAGO)).toBeNull();
    expect(parseLocalDateTime('2027-03-14T03:00', CHICAGO)).not.toBeNull();
  });

  it('refuses impossible dates and other formats', () => {
    for (const value of ['2027-02-29T10:00', '2027-13-01T10:00', '2027-03-15 09:00', '2027-03-15T9:00']) {
      expect(parseLocalDateTime(value, CHICAGO)).toBeNull();
    }
    expect(parseLocalDate('2028-02-29', CHICAGO)?.toISO()).toBe('2028-02-29T00:00:00.000-06:00');
    expect(parseLocalDate('2027-02-29', CHICAGO)).toBeNull();
  });

  it('treats 24:00 as the next midnight, also on the 25-hour day of the autumn DST change', () => {
    const fallBack = parseLocalDate('2027-11-07', CHICAGO)!;
    const end = atTimeOfDay(fallBack, '24:00');
    expect(end.toISO()).toBe('2027-11-08T00:00:00.000-06:00');
    expect(end.diff(fallBack, 'hours').hours).toBe(25);
  });

  it('returns a stored instant as local time and UTC', () => {
    expect(localAndUtc(new Date('2027-11-07T07:30:00Z'), CHICAGO)).toEqual({ local: '2027-11-07T01:30', utc: '2027-11-07T07:30:00Z' });
  });
});
