import WebSocket from 'ws';
import { AUTO_SHOP, KNOWN } from '../../prisma/seed/demo-data';
import { autoShopConversation } from '../../simulators/scripts/demo-conversations';
import { playConversation } from '../../simulators/scripts/play-conversation';
import { synthesizeSpeech } from '../../simulators/twilio/phone/speech-synthesizer';
import { activityAttempts } from '../support/workflow-history';
import { local, weekdayAhead } from '../../simulators/fixtures/fixture-clock';
import { startE2EStack, untilSpoken, type E2EStack } from './support/e2e-stack';

const maria = { tenant: AUTO_SHOP, callerNumber: KNOWN.autoShop.customer.phone };

async function withStack(
  script: Parameters<typeof startE2EStack>[0],
  run: (stack: E2EStack) => Promise<void>,
  realtimeTiming?: Parameters<typeof startE2EStack>[1],
): Promise<void> {
  const stack = await startE2EStack(script, realtimeTiming);
  try {
    await run(stack);
  } finally {
    await stack.stop();
  }
}

const metric = async (stack: E2EStack, name: string) => (await stack.mediaEdge.registry.getSingleMetric(name)?.get())?.values ?? [];

describe('live call control, end to end', () => {
  it('stops the agent when the caller talks over it: clear, cancel, truncate at the played ms', async () => {
    const conversation = autoShopConversation(4);
    // Rendered before the call, so the interruption lands while the long answer is still being generated.
    for (const line of conversation.callerLines) await synthesizeSpeech(line);
    await withStack(conversation.script, async (stack) => {
      const call = await stack.dial(conversation);
      await call.waitForAgentAudio();
      await call.waitForAgentSilence();
      await call.say(conversation.callerLines[0]);
      // Wait until a good part of the long answer was heard, then interrupt it.
      await call.waitUntil(() => stack.realtime.sessions[0].responses.some((r) => r.speechText?.startsWith('Thanks Maria') && r.status === 'in_progress'));
      const heardBefore = call.playedMs;
      await call.waitUntil(() => call.playedMs >= heardBefore + 1000);
      await call.say(conversation.callerLines[1]);
      await untilSpoken(stack, call, "You're all set");

      expect(call.clears.length).toBeGreaterThanOrEqual(1);
      const interrupted = stack.realtime.sessions[0].responses.find((r) => r.speechText?.startsWith('Thanks Maria'))!;
      expect(interrupted.status).toBe('cancelled');
      const [truncation] = stack.realtime.sessions[0].truncations;
      // The marks the phone echoed before the clear say how far playback got. The media-edge truncates at
      // the last echo it had received when the caller spoke, so one still in flight may be missing from it.
      const echoedMs = call.echoedMarks
        .filter((m) => !m.flushedByClear && m.name.endsWith(`:${truncation.itemId}`))
        .map((m) => Number(m.name.split(':')[1]));
      expect(echoedMs).toContain(truncation.audioEndMs);
      expect(truncation.audioEndMs).toBeGreaterThan(0);
      expect(truncation.audioEndMs).toBeLessThan(truncation.generatedMs);
      const bargeIns = await metric(stack, 'media_edge_barge_in_seconds');
      expect(bargeIns.find((v) => (v as { metricName?: string }).metricName === 'media_edge_barge_in_seconds_count')?.value).toBeGreaterThanOrEqual(1);
      await call.hangUp();
      // The model speaks in real time here, so the answer is still being generated when the caller cuts in.
    }, { chunkMs: 100, chunkIntervalMs: 100 });
  });

  it('transfers to a person through the Twilio REST API and records the outcome', async () => {
    const script = {
      turns: [
        {
          caller: 'Can I talk to a real person, please?',
          replies: [{ say: 'Of course, let me transfer you.', call: { name: 'transfer_to_human', arguments: { queue: 'primary', reason: 'caller asked for a person' } } }],
        },
      ],
    };
    await withStack(script, async (stack) => {
      const call = await stack.dial(maria);
      await call.waitForAgentAudio();
      await call.waitForAgentSilence();
      const transferred = new Promise<string>((resolve) => call.once('transferred', resolve));
      await call.say(script.turns[0].caller);

      expect(await transferred).toBe(AUTO_SHOP.transferNumbers.primary);
      const update = stack.rest.updates.find((u) => u.callSid === call.callSid)!;
      expect(update.twiml).toContain(`<Number>${AUTO_SHOP.transferNumbers.primary}</Number>`);
      expect(update.twiml).toContain(`callerId="${AUTO_SHOP.phoneNumber}"`);
      await call.waitForClosed();
      const result = await stack.sb.calls.handle(call.callSid).result();
      expect(result.summary.outcome).toBe('transferred');
      const transfer = await stack.sb.db.callTransfer.findFirstOrThrow({ where: { callSid: call.callSid } });
      expect(transfer).toMatchObject({ status: 'DIALING', targetNumber: AUTO_SHOP.transferNumbers.primary });
      // Recorded, then dialed once in its own activity, then its outcome recorded: never Twilio inside the tool's transaction.
      expect(stack.rest.updates.filter((u) => u.callSid === call.callSid)).toHaveLength(1);
      const history = await stack.sb.calls.handle(call.callSid).fetchHistory();
      expect(['executeToolCall', 'redirectCallToPerson', 'recordTransferOutcome'].map((name) => activityAttempts(history, name).length)).toEqual([1, 1, 1]);
    });
  });

  it('hangs up after its goodbye was heard when the model ends the call', async () => {
    const goodbye = 'Thanks for calling, have a great day. Goodbye!';
    const script = { turns: [{ caller: "That's all I needed, thanks.", replies: [{ say: goodbye, call: { name: 'end_call', arguments: { reason: 'caller is done' } } }] }] };
    await withStack(script, async (stack) => {
      const call = await stack.dial(maria);
      await call.waitForAgentAudio();
      await call.waitForAgentSilence();
      await call.say(script.turns[0].caller);
      await call.waitForClosed();

      expect(call.endedBy).toBe('application');
      expect(call.closeCode).toBe(1000);
      // Every mark of the goodbye was played, none flushed: the caller heard all of it.
      expect(call.queuedMs).toBe(0);
      expect(call.echoedMarks.some((m) => m.flushedByClear)).toBe(false);
      const result = await stack.sb.calls.handle(call.callSid).result();
      expect(result.toolCalls.map((t) => t.name)).toEqual(['end_call']);
      const turns = await stack.sb.db.callTurn.findMany({ where: { callSid: call.callSid }, orderBy: { seq: 'asc' } });
      expect(turns.at(-1)).toMatchObject({ role: 'AGENT', text: goodbye });
    });
  });

  it('refuses a webhook with a bad signature and a stream with a bad token', async () => {
    await withStack({ turns: [] }, async (stack) => {
      const forged = await stack.phone.dial({ ...stack.dialOptions(maria), authToken: 'not-the-auth-token', rest: undefined });
      expect(forged).toMatchObject({ kind: 'webhook-failed', status: 403 });

      const socket = new WebSocket(`${stack.mediaEdge.url}/media`);
      await new Promise((resolve) => socket.once('open', resolve));
      const closed = new Promise<[number, string]>((resolve) => socket.once('close', (code, reason) => resolve([code, reason.toString()])));
      socket.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
      socket.send(
        JSON.stringify({
          event: 'start',
          sequenceNumber: '1',
          streamSid: `MZ${'0'.repeat(32)}`,
          start: {
            streamSid: `MZ${'0'.repeat(32)}`,
            accountSid: `AC${'0'.repeat(32)}`,
            callSid: `CA${'0'.repeat(32)}`,
            tracks: ['inbound'],
            mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
            customParameters: { token: 'forged.token' },
          },
        }),
      );
      const [code, reason] = await closed;
      expect(code).toBe(1008);
      expect(reason).toMatch(/stream token/);
      expect((await metric(stack, 'media_edge_rejected_streams_total')).reduce((sum, v) => sum + v.value, 0)).toBe(1);
    });
  });

  it('drops malformed media frames, counts them, and the call goes on', async () => {
    const conversation = autoShopConversation(5);
    await withStack(conversation.script, async (stack) => {
      const call = await stack.dial(conversation);
      await call.waitForAgentAudio();
      call.sendRaw('{"event":"media","media":');
      call.sendRaw('not json at all');
      call.sendRaw(JSON.stringify({ event: 'media', media: { payload: 42 } }));
      await playConversation(stack.realtime, call, conversation.steps);
      await stack.sb.calls.handle(call.callSid).result();

      const malformed = (await metric(stack, 'media_edge_malformed_frames_total')).reduce((sum, v) => sum + v.value, 0);
      expect(malformed).toBe(3);
      const booked = await stack.sb.db.toolCall.findMany({ where: { callSid: call.callSid, name: 'book_appointment', ok: true } });
      expect(booked).toHaveLength(1);
    });
  });

  it('reconnects once when the Realtime API drops, carrying the conversation so far', async () => {
    const script = {
      turns: [
        { caller: 'What are your hours on Saturday?', replies: [{ say: 'We are open Saturday from nine to one.' }] },
        { caller: 'And where are you located?', replies: [{ say: 'We are at twelve hundred South Lamar.' }] },
      ],
    };
    await withStack(script, async (stack) => {
      const call = await stack.dial(maria);
      await call.waitForAgentAudio();
      await call.waitForAgentSilence();
      await call.say(script.turns[0].caller);
      await untilSpoken(stack, call, 'We are open Saturday');

      stack.realtime.dropConnection(0);
      // The new session is configured first (session.update → session.updated), then given the conversation so far.
      const carried = () =>
        (stack.realtime.sessions[1]?.clientEvents ?? [])
          .map((e) => e as { type?: string; item?: { role?: string; content?: Array<{ text?: string }> } })
          .filter((e) => e.type === 'conversation.item.create')
          .map((e) => [e.item?.role, e.item?.content?.[0]?.text]);
      await call.waitUntil(() => stack.realtime.sessions[1]?.config.audio?.input?.format?.type === 'audio/pcmu' && carried().length >= 2);
      expect(carried()).toEqual(
        expect.arrayContaining([
          ['user', script.turns[0].caller],
          ['assistant', script.turns[0].replies[0].say],
        ]),
      );
      // The second session's script starts from its first turn: it answers the next question with turn one's reply.
      await call.say(script.turns[1].caller);
      await call.waitUntil(() => stack.realtime.sessions[1].responses.some((r) => r.status === 'completed' && !r.instructions));
      await call.hangUp();
      await stack.sb.calls.handle(call.callSid).result();
      const reconnects = (await metric(stack, 'media_edge_realtime_reconnects_total')).reduce((sum, v) => sum + v.value, 0);
      expect(reconnects).toBe(1);
    });
  });

  it('finishes a tool exactly once and still summarizes when the caller hangs up mid-tool', async () => {
    const start = local(weekdayAhead(AUTO_SHOP.timeZone, 35, 3, 15));
    const script = {
      turns: [
        {
          caller: 'Book me an oil change please.',
          replies: [{ call: { name: 'book_appointment', arguments: { start, service: 'Oil change', customer_name: KNOWN.autoShop.customer.name } } }],
        },
      ],
    };
    await withStack(script, async (stack) => {
      const call = await stack.dial(maria);
      await call.waitForAgentAudio();
      await call.waitForAgentSilence();
      await call.say(script.turns[0].caller);
      await call.waitUntil(() => stack.realtime.sessions[0].responses.some((r) => r.toolCall?.name === 'book_appointment'));
      const toolCallId = stack.realtime.sessions[0].responses.find((r) => r.toolCall)!.toolCall!.callId;
      await call.hangUp();

      const result = await stack.sb.calls.handle(call.callSid).result();
      expect(await stack.sb.db.appointment.count({ where: { sourceKey: toolCallId } })).toBe(1);
      expect(result.toolCalls).toEqual([{ toolCallId, name: 'book_appointment', ok: true }]);
      expect(result.summary.outcome).toBe('appointment_booked');
    });
  });
});
