import { Client, Connection } from '@temporalio/client';
import { CallSignals, type SignalRetryOptions } from '../../apps/media-edge/src/call-signals';
import { MediaEdgeMetrics } from '../../apps/media-edge/src/metrics';
import { SignalGate } from '../../apps/media-edge/src/signal-gate';
import { DEFAULT_SIGNALS_IN_FLIGHT } from '../../libs/config/src/env';
import { callStateQuery, callStatusSignal } from '../../libs/calls/src/call-messages';
import { createLogger } from '../../libs/logging/src/logger';
import { CallsClient } from '../../libs/temporal/src/calls-client';
import { AUTO_SHOP, KNOWN } from '../../prisma/seed/demo-data';
import { inboundCall, tenantIdOf } from '../support/call-fixtures';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { TcpProxy } from '../support/tcp-proxy';
import { requiredEnv } from '../support/test-env';
import { eventually } from './support/eventually';

/** Short enough that a test sees several retries in a second or two. */
const QUICK_RETRY: SignalRetryOptions = { attemptTimeoutMs: 500, initialBackoffMs: 50, maxBackoffMs: 300 };

/**
 * The media-edge's signals to a call workflow reach it through a network
 * that fails: a TCP relay in front of the real Temporal server, cut or muted.
 */
describe('call signals over a failing network', () => {
  let sb: TestSwitchboard;
  let tenantId: string;
  let proxy: TcpProxy;
  let connection: Connection;
  let calls: CallsClient;

  beforeAll(async () => {
    sb = await startTestSwitchboard();
    tenantId = await tenantIdOf(sb.db, AUTO_SHOP);
    proxy = await TcpProxy.start(requiredEnv('TEMPORAL_ADDRESS'));
    connection = await Connection.connect({ address: proxy.address });
    calls = new CallsClient(new Client({ connection }), sb.taskQueue);
  });
  afterEach(() => proxy.restore());
  afterAll(async () => {
    await connection.close();
    await proxy.close();
    await sb.shutdown();
  });

  const newCall = async (gate = new SignalGate(DEFAULT_SIGNALS_IN_FLIGHT), metrics = new MediaEdgeMetrics()) => {
    const input = inboundCall(tenantId, AUTO_SHOP, KNOWN.autoShop.customer.phone);
    await sb.calls.startOrAttach(input);
    const signals = new CallSignals(calls.handle(input.callSid), createLogger('media-edge', 'silent'), metrics, gate, QUICK_RETRY);
    return { callSid: input.callSid, signals, metrics };
  };
  const value = async (metric: { get(): Promise<{ values: Array<{ value: number; labels: object }> }> }, labels: object = {}) =>
    (await metric.get()).values.find((entry) => JSON.stringify(entry.labels) === JSON.stringify(labels))?.value ?? 0;
  const turnsStored = (callSid: string) =>
    sb.db.callTurn.findMany({ where: { callSid }, orderBy: { seq: 'asc' }, select: { role: true, text: true } });
  const signalsInHistory = async (callSid: string, name: string) =>
    ((await sb.calls.handle(callSid).fetchHistory()).events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === name).length;

  it('delivers the events sent while the connection was cut, in order and together, once the network is back', async () => {
    const { callSid, signals, metrics } = await newCall();
    proxy.cut();
    signals.mediaConnected('MZcut');
    signals.turn('caller', 'Is my Civic ready?');
    signals.dtmf('5');
    signals.turn('agent', 'It is, since this morning.');
    await eventually('failed attempts', async () => (await value(metrics.signalRetries)) >= 3);
    expect((await sb.calls.handle(callSid).query(callStateQuery)).mediaConnected).toBe(false);

    proxy.restore();
    await signals.mediaDisconnected('MZcut', 'stop');
    const state = await sb.calls.handle(callSid).query(callStateQuery);
    expect(state.recentTurns.map(({ role, text }) => [role, text])).toEqual([
      ['caller', 'Is my Civic ready?'],
      ['agent', 'It is, since this morning.'],
    ]);
    expect(state.dtmfDigits).toBe('5');
    await sb.calls.handle(callSid).result();
    // The first event's signal was in flight through the outage; the four behind it rode one more.
    expect(await signalsInHistory(callSid, 'bridgeEvents')).toBe(2);
    expect(await turnsStored(callSid)).toHaveLength(2);
    expect(await value(metrics.signalsPending)).toBe(0);
    expect(await value(metrics.signalsAbandoned, { reason: 'workflow_closed' })).toBe(0);
  });

  it('lets calls take turns when the signals in flight are capped: a waiting call sends all it has in one signal', async () => {
    const gate = new SignalGate(1);
    const metrics = new MediaEdgeMetrics();
    const [first, second, third] = [await newCall(gate, metrics), await newCall(gate, metrics), await newCall(gate, metrics)];
    proxy.cut();
    first.signals.mediaConnected('MZfirst');
    first.signals.turn('caller', 'Is my Civic ready?');
    for (const { signals } of [second, third]) {
      signals.mediaConnected('MZwaiting');
      signals.turn('caller', 'Can I book a tire rotation?');
      signals.dtmf('2');
    }
    // Only the first call's signal is out, retried; the others wait for the gate, not the server.
    await eventually('failed attempts', async () => (await value(metrics.signalRetries)) >= 2);

    proxy.restore();
    await Promise.all([first, second, third].map(({ signals }) => signals.mediaDisconnected(undefined, 'stop')));
    // Once a call has ended its history holds every signal (one that arrives during a workflow task is buffered until it completes).
    await Promise.all([first, second, third].map(({ callSid }) => sb.calls.handle(callSid).result()));
    expect(await signalsInHistory(first.callSid, 'bridgeEvents')).toBe(2);
    for (const { callSid } of [second, third]) {
      expect(await signalsInHistory(callSid, 'bridgeEvents')).toBe(1);
      expect(await turnsStored(callSid)).toEqual([{ role: 'CALLER', text: 'Can I book a tire rotation?' }]);
      expect((await sb.calls.handle(callSid).query(callStateQuery)).dtmfDigits).toBe('2');
    }
    expect(await value(metrics.signalsPending)).toBe(0);
  });

  it('applies a signal once when its reply was lost and the retry delivered it again', async () => {
    const { callSid, signals, metrics } = await newCall();
    proxy.mute();
    signals.turn('caller', 'I would like to book an oil change.');
    signals.dtmf('1');
    // The server took them while their replies were lost: the media-edge cannot know and retries.
    await eventually('the signal in history', async () => (await signalsInHistory(callSid, 'bridgeEvents')) >= 1);
    await eventually('a timed-out attempt', async () => (await value(metrics.signalRetries)) >= 1);

    proxy.restore();
    await signals.mediaDisconnected(undefined, 'stop');
    // The duplicate reaches history when the media-edge's own retry delivered it, and is
    // dropped by the server when the SDK's gRPC retry (same request id) did: either way
    // the call applies the turn once (the workflow's seq check: test/workflows/call-signal-dedupe.test.ts).
    const state = await sb.calls.handle(callSid).query(callStateQuery);
    expect(state.turnCount).toBe(1);
    expect(state.dtmfDigits).toBe('1');
    await sb.calls.handle(callSid).result();
    expect(await turnsStored(callSid)).toEqual([{ role: 'CALLER', text: 'I would like to book an oil change.' }]);
  });

  it('stops retrying once the call workflow has closed, and counts what it dropped', async () => {
    const { callSid, signals, metrics } = await newCall();
    await sb.calls.handle(callSid).signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
    await sb.calls.handle(callSid).result();

    signals.turn('agent', 'Goodbye!');
    await signals.mediaDisconnected(undefined, 'stop');
    expect(await value(metrics.signalsAbandoned, { reason: 'workflow_closed' })).toBe(2);
    expect(await value(metrics.signalsPending)).toBe(0);
  });
});
