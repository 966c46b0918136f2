import type { TranscriptTurn } from '../../libs/calls/src';
import { bridgeEventsSignal, callStateQuery, callStatusSignal, dtmfSignal, transcriptTurnSignal, usageSignal, type Sequenced } from '../../libs/calls/src/call-messages';
import { AUTO_SHOP, KNOWN } from '../../prisma/seed/demo-data';
import { inboundCall, tenantIdOf, turn } from '../support/call-fixtures';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { eventually } from '../media-edge/support/eventually';

const bridgeTurn = (bridgeId: string, seq: number, text: string): Sequenced<TranscriptTurn> => ({ ...turn('caller', text), origin: { bridgeId, seq } });

/** A bridge's numbered signals are applied once, however often (and in whatever order) they arrive. */
describe('call workflow: numbered signals', () => {
  let sb: TestSwitchboard;
  let tenantId: string;

  beforeAll(async () => {
    sb = await startTestSwitchboard();
    tenantId = await tenantIdOf(sb.db, AUTO_SHOP);
  });
  afterAll(() => sb.shutdown());

  const hangUp = (callSid: string) => sb.calls.handle(callSid).signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
  const storedTexts = async (callSid: string) =>
    (await sb.db.callTurn.findMany({ where: { callSid }, orderBy: { seq: 'asc' }, select: { text: true } })).map((row) => row.text);

  it('ignores a signal whose bridge and number it has seen, and keeps the others of every bridge', async () => {
    const input = inboundCall(tenantId, AUTO_SHOP, KNOWN.autoShop.customer.phone);
    const handle = await sb.calls.startOrAttach(input);
    const usage = { inputTextTokens: 10, inputAudioTokens: 0, cachedTextTokens: 0, cachedAudioTokens: 0, outputTextTokens: 5, outputAudioTokens: 0 };

    await handle.signal(transcriptTurnSignal, bridgeTurn('bridge-a', 1, 'first'));
    await handle.signal(transcriptTurnSignal, bridgeTurn('bridge-a', 1, 'first'));
    await handle.signal(transcriptTurnSignal, bridgeTurn('bridge-a', 3, 'third, ahead of a gap'));
    await handle.signal(transcriptTurnSignal, bridgeTurn('bridge-a', 2, 'second, late'));
    await handle.signal(transcriptTurnSignal, bridgeTurn('bridge-a', 3, 'third, ahead of a gap'));
    await handle.signal(dtmfSignal, { digit: '7', at: new Date().toISOString(), origin: { bridgeId: 'bridge-a', seq: 4 } });
    await handle.signal(dtmfSignal, { digit: '7', at: new Date().toISOString(), origin: { bridgeId: 'bridge-a', seq: 4 } });
    await handle.signal(usageSignal, { ...usage, origin: { bridgeId: 'bridge-a', seq: 5 } });
    await handle.signal(usageSignal, { ...usage, origin: { bridgeId: 'bridge-a', seq: 5 } });
    // A second bridge (the caller reconnected) numbers from 1 again; an unnumbered signal is always applied.
    await handle.signal(transcriptTurnSignal, bridgeTurn('bridge-b', 1, 'after the reconnect'));
    await handle.signal(transcriptTurnSignal, turn('system', 'unnumbered'));

    const state = await handle.query(callStateQuery);
    expect(state.recentTurns.map((t) => t.text)).toEqual(['first', 'third, ahead of a gap', 'second, late', 'after the reconnect', 'unnumbered']);
    expect(state.dtmfDigits).toBe('7');
    expect(state.usage).toEqual(usage);
    await hangUp(input.callSid);
    await handle.result();
    expect(await storedTexts(input.callSid)).toHaveLength(5);
  });

  it("applies a media-edge batch's events in order, once each, when a retry delivers the batch again", async () => {
    const input = inboundCall(tenantId, AUTO_SHOP, KNOWN.autoShop.customer.phone);
    const handle = await sb.calls.startOrAttach(input);
    const at = new Date().toISOString();
    const origin = (seq: number) => ({ bridgeId: 'bridge-a', seq });
    const first = {
      events: [
        { kind: 'mediaConnected' as const, at, streamSid: 'MZbatch', origin: origin(1) },
        { kind: 'turn' as const, ...turn('caller', 'Can I come in on Friday?'), origin: origin(2) },
        { kind: 'dtmf' as const, digit: '3', at, origin: origin(3) },
      ],
    };
    const second = {
      events: [
        { kind: 'turn' as const, ...turn('agent', 'Friday at ten is free.'), origin: origin(4) },
        { kind: 'usage' as const, inputTextTokens: 4, inputAudioTokens: 0, cachedTextTokens: 0, cachedAudioTokens: 0, outputTextTokens: 2, outputAudioTokens: 0, origin: origin(5) },
        { kind: 'mediaDisconnected' as const, at, streamSid: 'MZbatch', reason: 'stop', origin: origin(6) },
      ],
    };
    await handle.signal(bridgeEventsSignal, first);
    await handle.signal(bridgeEventsSignal, first);
    expect(await handle.query(callStateQuery)).toMatchObject({ mediaConnected: true, turnCount: 1, dtmfDigits: '3' });

    await handle.signal(bridgeEventsSignal, second);
    await handle.signal(bridgeEventsSignal, second);
    await handle.result();
    expect(await storedTexts(input.callSid)).toEqual(['Can I come in on Friday?', 'Friday at ten is free.']);
    expect(await sb.db.call.findUniqueOrThrow({ where: { callSid: input.callSid }, select: { inputTokens: true, outputTokens: true } })).toEqual({ inputTokens: 4, outputTokens: 2 });
  });

  it('still knows the signals it has seen after continuing as new', async () => {
    const input = inboundCall(tenantId, AUTO_SHOP, KNOWN.autoShop.customer.phone, { historyLimit: 20 });
    const handle = await sb.calls.startOrAttach(input);
    for (let seq = 1; seq <= 12; seq++) await handle.signal(transcriptTurnSignal, bridgeTurn('bridge-a', seq, `turn ${seq}`));
    await handle.signal(transcriptTurnSignal, bridgeTurn('bridge-a', 14, 'turn 14, ahead of a gap'));
    await eventually('a continue-as-new', async () => (await handle.query(callStateQuery)).runsSoFar > 1);

    // Redelivered in the new run: each of these was applied in an earlier one.
    await handle.signal(transcriptTurnSignal, bridgeTurn('bridge-a', 1, 'turn 1'));
    await handle.signal(transcriptTurnSignal, bridgeTurn('bridge-a', 12, 'turn 12'));
    await handle.signal(transcriptTurnSignal, bridgeTurn('bridge-a', 14, 'turn 14, ahead of a gap'));
    await handle.signal(transcriptTurnSignal, bridgeTurn('bridge-a', 13, 'turn 13, late'));
    const after = await handle.query(callStateQuery);
    expect(after.turnCount).toBe(14);
    expect(after.recentTurns.at(-1)?.text).toBe('turn 13, late');
    await hangUp(input.callSid);
    await handle.result();
    expect(await storedTexts(input.callSid)).toHaveLength(14);
  });
});
