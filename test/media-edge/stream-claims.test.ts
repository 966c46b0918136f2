import { createPrismaClient, type PrismaClient } from '../../libs/db/src/prisma';
import { createLogger } from '../../libs/logging/src/logger';
import { newCallSid } from '../../libs/calls/src/call-sid';
import { AUTO_SHOP } from '../../prisma/seed/demo-data';
import { StreamClaims } from '../../apps/media-edge/src/stream-claims';
import { MediaEdgeMetrics } from '../../apps/media-edge/src/metrics';
import { tenantIdOf } from '../support/call-fixtures';
import { TcpProxy } from '../support/tcp-proxy';
import { requiredEnv } from '../support/test-env';

/** A call's one stream, claimed in PostgreSQL; the refusal across instances is in test/fuzz/media-streams.test.ts. */
describe('stream claims', () => {
  const log = createLogger('media-edge', 'silent');
  let db: PrismaClient;
  let tenantId: string;
  beforeAll(async () => {
    db = createPrismaClient(requiredEnv('DATABASE_URL'), 2);
    tenantId = await tenantIdOf(db, AUTO_SHOP);
  });
  afterAll(() => db.$disconnect());

  it('gives a call to its first stream and refuses every later one, whichever instance asks', async () => {
    const [here, there] = [new StreamClaims(db, new MediaEdgeMetrics(), log), new StreamClaims(db, new MediaEdgeMetrics(), log)];
    const callSid = newCallSid();

    expect(await here.claim({ callSid, tenantId, streamSid: 'MZ-first' })).toBe('claimed');
    expect(await there.claim({ callSid, tenantId, streamSid: 'MZ-second' })).toBe('taken');
    expect(await here.claim({ callSid, tenantId, streamSid: 'MZ-first' })).toBe('taken');
    expect(await db.mediaStreamClaim.findUniqueOrThrow({ where: { callSid } })).toMatchObject({ streamSid: 'MZ-first' });
  });

  describe('with PostgreSQL away', () => {
    let proxy: TcpProxy;
    let proxied: PrismaClient;
    beforeAll(async () => {
      const direct = new URL(requiredEnv('DATABASE_URL'));
      proxy = await TcpProxy.start(`${direct.hostname}:${direct.port || 5432}`);
      const url = new URL(direct);
      url.host = proxy.address;
      proxied = createPrismaClient(url.toString(), 1);
    });
    afterAll(async () => {
      await proxied.$disconnect();
      await proxy.close();
    });

    it.each(['cut', 'mute'] as const)('lets the stream through unchecked and counts it when PostgreSQL is %s, rather than keep the caller waiting', async (fault) => {
      const metrics = new MediaEdgeMetrics();
      const claims = new StreamClaims(proxied, metrics, log);
      proxy[fault]();
      try {
        expect(await claims.claim({ callSid: newCallSid(), tenantId })).toBe('unchecked');
        expect((await metrics.uncheckedStreams.get()).values[0]?.value).toBe(1);
      } finally {
        proxy.restore();
      }
    });
  });
});
