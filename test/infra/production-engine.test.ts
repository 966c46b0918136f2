import { temporal as proto } from '@temporalio/proto';
import { callStatusSignal } from '../../libs/calls/src/call-messages';
import type { PostgresTemporal } from '../../libs/infra/src/temporal-postgres';
import { ALL_SEARCH_ATTRIBUTES } from '../../libs/temporal/src/search-attributes';
import { AUTO_SHOP, KNOWN } from '../../prisma/seed/demo-data';
import { workdayAhead } from '../../simulators/fixtures/fixture-clock';
import { inboundCall, tenantIdOf } from '../support/call-fixtures';
import { startFileProductionTemporal } from '../support/production-temporal';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { acceptedUpdates } from '../support/workflow-history';

const { IndexedValueType } = proto.api.enums.v1;
const THIRTY_DAYS_S = 30 * 24 * 60 * 60;

describe('the production Temporal engine (temporal-server on PostgreSQL, as docker-compose runs it)', () => {
  let temporal: PostgresTemporal;
  let sb: TestSwitchboard;

  beforeAll(async () => {
    temporal = await startFileProductionTemporal();
    sb = await startTestSwitchboard();
  });
  afterAll(async () => {
    await sb?.shutdown();
    await temporal?.stop();
  });

  it("serves the default namespace on PostgreSQL, with 8 history shards, a month's retention and Switchboard's search attributes", async () => {
    const { workflowService, operatorService } = temporal.env.connection;

    const cluster = await workflowService.getClusterInfo({});
    expect(cluster.historyShardCount).toBe(8);
    expect(cluster.persistenceStore).toBe('postgres12');
    expect(cluster.visibilityStore).toBe('postgres12');
    const { config } = await workflowService.describeNamespace({ namespace: 'default' });
    expect(Number(config?.workflowExecutionRetentionTtl?.seconds)).toBe(THIRTY_DAYS_S);
    const { customAttributes } = await operatorService.listSearchAttributes({ namespace: 'default' });
    expect(customAttributes).toEqual(
      Object.fromEntries(ALL_SEARCH_ATTRIBUTES.map((key) => [key.name, IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}` as keyof typeof IndexedValueType]])),
    );
  });

  it('finishes a call started before the server was killed and started again: its history was in PostgreSQL', async () => {
    const tenantId = await tenantIdOf(sb.db, AUTO_SHOP);
    const input = inboundCall(tenantId, AUTO_SHOP, KNOWN.autoShop.customer.phone);
    const handle = await sb.calls.startOrAttach(input);
    const day = workdayAhead(AUTO_SHOP.timeZone, 30, 10).slice(0, 10);
    const before = await sb.calls.runTool(input.callSid, 'call_before_restart', 'check_availability', { date: day });
    expect(before.ok).toBe(true);

    await temporal.restart('SIGKILL');

    // The same Update id after the restart: the history still holds the first one, which answers it.
    expect(await sb.calls.runTool(input.callSid, 'call_before_restart', 'check_availability', { date: day })).toEqual(before);
    await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
    const result = await handle.result();
    expect(result.toolCalls).toEqual([{ toolCallId: 'call_before_restart', name: 'check_availability', ok: true }]);
    expect(result.summary).toBeDefined();
    expect(acceptedUpdates(await handle.fetchHistory())).toEqual([{ name: 'runTool', updateId: 'call_before_restart' }]);
  });
});
