import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createPrismaClient, type PrismaClient } from '../../libs/db/src/prisma';
import { dropDatabase } from '../../libs/infra/src/database';
import { DEMO_TENANTS } from '../../prisma/seed/demo-data';
import { cloneForFile, publishedRun } from '../setup/run-databases';
import { testClock } from '../../simulators/fixtures/fixture-clock';
import { requiredEnv } from '../support/test-env';

const DAY_MS = 24 * 60 * 60 * 1000;
const PROBE = { slug: 'isolation-probe', name: 'Isolation Probe', vertical: 'AUTO_SHOP', address: 'nowhere' } as const;

describe("a test file's database", () => {
  let db: PrismaClient;
  beforeAll(() => {
    db = createPrismaClient(requiredEnv('DATABASE_URL'), 2);
  });
  afterAll(() => db.$disconnect());

  it('starts as the seeded template, its bookings around today on the test clock', async () => {
    expect(await db.tenant.count({ where: { slug: { in: DEMO_TENANTS.map((tenant) => tenant.slug) } } })).toBe(DEMO_TENANTS.length);
    const booked = await db.appointment.aggregate({ where: { status: 'BOOKED' }, _min: { startsAt: true }, _max: { startsAt: true } });
    const now = testClock().getTime();
    expect(booked._min.startsAt!.getTime()).toBeGreaterThan(now - DAY_MS);
    expect(booked._max.startsAt!.getTime()).toBeLessThan(now + 15 * DAY_MS);
  });

  it('keeps its writes to itself: a fresh copy of the template does not have them', async () => {
    await db.tenant.create({ data: PROBE });
    const fresh = await cloneForFile(publishedRun());
    const freshDb = createPrismaClient(fresh.url, 1);
    try {
      expect(await freshDb.tenant.count({ where: { slug: PROBE.slug } })).toBe(0);
    } finally {
      await freshDb.$disconnect();
      await dropDatabase(publishedRun().serverUrl, fresh.name);
    }
  });

  it('is the database of the processes the file starts', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', 'process.stdout.write(process.env.DATABASE_URL ?? "")']);
    expect(stdout).toBe(requiredEnv('DATABASE_URL'));
  });
});
