import { DateTime } from 'luxon';
import { clockFor, localDaysAhead, realClock } from '../../../libs/clock/src/clock';
import { clockFromEnv, ConfigError, loadEnv, WorkerEnvSchema } from '../../../libs/config/src/env';

const TENANT_ZONES = ['America/Los_Angeles', 'America/Chicago', 'America/New_York', 'Pacific/Honolulu', 'Europe/Berlin', 'Asia/Tokyo'];
const WORKER_ENV = { DATABASE_URL: 'postgresql://127.0.0.1:5432/switchboard' };

describe('clockFor', () => {
  it('is the real clock when no date is set', () => {
    expect(clockFor()).toBe(realClock);
  });

  it.each(['2026-12-01', '2027-03-14', '2027-11-07', '2028-02-29'])('makes %s today in every tenant time zone', (today) => {
    const clock = clockFor(today);
    for (const zone of TENANT_ZONES) expect(DateTime.fromJSDate(clock(), { zone }).toISODate()).toBe(today);
  });

  it('keeps running from there', () => {
    const clock = clockFor('2027-03-14');
    const first = clock().getTime();
    expect(clock().getTime()).toBeGreaterThanOrEqual(first);
  });

  it.each(['2027-02-29', '2027-3-14', '14.03.2027', '2027-03-14T10:00', ''])('refuses %p', (today) => {
    expect(() => clockFor(today)).toThrow('is not a date written YYYY-MM-DD');
  });
});

describe('localDaysAhead', () => {
  it('counts whole local days between the real date and the clock, in every zone', () => {
    const realToday = DateTime.now();
    for (const zone of [...TENANT_ZONES, 'Etc/GMT-11', 'Etc/GMT+11']) {
      const today = realToday.setZone(zone);
      // Across the US and EU daylight-saving changes of 2027 and a leap day.
      for (const target of ['2027-03-14', '2027-11-07', '2028-02-29']) {
        const expected = Math.round(DateTime.fromISO(target, { zone }).diff(today.startOf('day'), 'days').days);
        expect(localDaysAhead(clockFor(target), zone)).toBe(expected);
      }
      expect(localDaysAhead(realClock, zone)).toBe(0);
    }
  });
});

describe('SWITCHBOARD_TODAY', () => {
  it('reaches the worker through its env schema', () => {
    expect(loadEnv({ ...WORKER_ENV, SWITCHBOARD_TODAY: '2027-11-07' }, WorkerEnvSchema).SWITCHBOARD_TODAY).toBe('2027-11-07');
    expect(loadEnv(WORKER_ENV, WorkerEnvSchema).SWITCHBOARD_TODAY).toBeUndefined();
  });

  it('is refused with a reason when it is not a real date', () => {
    expect(() => loadEnv({ ...WORKER_ENV, SWITCHBOARD_TODAY: '2027-02-30' }, WorkerEnvSchema)).toThrow(
      /SWITCHBOARD_TODAY: expected a real date written YYYY-MM-DD/,
    );
  });

  it('is refused in production, by the worker and by everything else that reads the clock', () => {
    const production = { ...WORKER_ENV, NODE_ENV: 'production', SWITCHBOARD_TODAY: '2027-03-14' };
    expect(() => loadEnv(production, WorkerEnvSchema)).toThrow(/SWITCHBOARD_TODAY: must not be set when NODE_ENV=production/);
    expect(() => clockFromEnv(production)).toThrow(ConfigError);
    expect(clockFromEnv({ NODE_ENV: 'production' })).toBe(realClock);
  });

  it('sets the clock the seed, the simulators and the tests read; empty means unset', () => {
    expect(DateTime.fromJSDate(clockFromEnv({ SWITCHBOARD_TODAY: '2028-02-29' })(), { zone: 'America/New_York' }).toISODate()).toBe('2028-02-29');
    expect(clockFromEnv({ SWITCHBOARD_TODAY: '' })).toBe(realClock);
  });
});
