import { TenantProfileCache, TENANT_PROFILE_LISTENER } from '../../activities/tools/tenant-profile-cache';
import { createPrismaClient, type PrismaClient } from '../../libs/db/src/prisma';
import { callStatusSignal } from '../../libs/calls/src/call-messages';
import { AUTO_SHOP, KNOWN } from '../../prisma/seed/demo-data';
import { eventually } from '../media-edge/support/eventually';
import { inboundCall, tenantIdOf } from '../support/call-fixtures';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { requiredEnv } from '../support/test-env';
import { okData } from './tool-harness';

// The changes come through a client of their own, as from another process (the API, an admin's SQL).
let admin: PrismaClient;
let tenantId: string;
beforeAll(async () => {
  admin = createPrismaClient(requiredEnv('DATABASE_URL'), 2);
  tenantId = await tenantIdOf(admin, AUTO_SHOP);
});
afterAll(() => admin.$disconnect());

const setAddress = (address: string) => admin.tenant.update({ where: { id: tenantId }, data: { address } });

describe('tool calls on a live call', () => {
  let sb: TestSwitchboard;
  beforeAll(async () => {
    sb = await startTestSwitchboard();
  });
  afterAll(() => sb.shutdown());

  it('see a change to the business and to its agent config in the next tool call', async () => {
    const input = inboundCall(tenantId, AUTO_SHOP, KNOWN.autoShop.customer.phone);
    const handle = await sb.calls.startOrAttach(input);
    const location = async (id: string) => okData<{ address: string }>(await sb.calls.runTool(input.callSid, id, 'get_location', {})).address;
    const hours = async (id: string) => okData<{ time_zone: string }>(await sb.calls.runTool(input.callSid, id, 'get_business_hours', {})).time_zone;

    const before = await location('call_location_before');
    expect(await location('call_location_cached')).toBe(before);
    await setAddress('1 New Street, Springfield');
    expect(await location('call_location_after')).toBe('1 New Street, Springfield');

    expect(await hours('call_hours_before')).toBe(AUTO_SHOP.timeZone);
    await admin.agentConfig.update({ where: { tenantId }, data: { timeZone: 'America/Denver' } });
    expect(await hours('call_hours_after')).toBe('America/Denver');

    await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
    await handle.result();
  });
});

describe('TenantProfileCache', () => {
  const warnings: unknown[] = [];
  let db: PrismaClient;
  let cache: TenantProfileCache;
  beforeAll(async () => {
    db = createPrismaClient(requiredEnv('DATABASE_URL'), 2);
    cache = new TenantProfileCache(db, requiredEnv('DATABASE_URL'), { warn: (...args: unknown[]) => warnings.push(args) });
    await cache.start();
  });
  afterAll(async () => {
    await cache.close();
    await db.$disconnect();
  });

  it('gives the committed profile to a lookup that starts the moment the change committed', async () => {
    for (let i = 0; i < 25; i++) {
      await cache.get(tenantId); // cached
      await setAddress(`${i} Race Road`);
      expect((await cache.get(tenantId)).address).toBe(`${i} Race Road`);
    }
  });

  it('reads the database while its notifications are cut off, and caches again once they are back', async () => {
    await cache.get(tenantId);
    const listenerBackends = () =>
      admin.$queryRaw<Array<{ pid: number }>>`SELECT pid FROM pg_stat_activity WHERE application_name = ${TENANT_PROFILE_LISTENER} AND datname = current_database()`;
    const [listener] = await listenerBackends();
    await admin.$queryRaw`SELECT pg_terminate_backend(${listener.pid}::int)`;
    await setAddress('2 Outage Lane'); // its notification reaches no one

    expect((await cache.get(tenantId)).address).toBe('2 Outage Lane');
    const reconnected = await eventually('the cache to listen again', async () => (await listenerBackends()).find((b) => b.pid !== listener.pid));
    expect(reconnected).toBeDefined();
    expect(warnings).toHaveLength(1);
    await setAddress('3 Back Street');
    expect((await cache.get(tenantId)).address).toBe('3 Back Street');
  });
});
