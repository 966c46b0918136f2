import type { MediaEdgeConnection } from './agent-api';
import { PcmCapture } from './audio/pcm-capture';
import { PcmPlayback } from './audio/pcm-playback';
import type { Conversation, ConversationEvents, ToolCallRequest, ToolCallUpdate } from './conversation';
import { SpeechDetector } from './speech-detector';

/** What the media-edge sends besides binary audio (apps/media-edge/src/browser-messages.ts). */
type EdgeMessage =
  | { event: 'mark'; name: string }
  | { event: 'clear' }
  | { event: 'transcript'; role: 'caller' | 'agent'; text: string }
  | ({ event: 'tool' } & ToolCallUpdate)
  | ({ event: 'confirm' } & ToolCallRequest);

/** Close codes the media-edge ends a call with: 1000 when the agent (or the page) hung up. */
const NORMAL_CLOSURE = 1000;

/**
 * Local mode: the media-edge's /browser socket, PCM16 24 kHz both ways. The
 * media-edge runs the model session, the tools and the call's signals; the
 * page plays, captures, shows, and answers confirmations.
 */
export async function talkThroughMediaEdge(
  callSid: string,
  connection: MediaEdgeConnection,
  microphone: MediaStream,
  events: ConversationEvents,
): Promise<Conversation> {
  const context = new AudioContext();
  await context.resume();
  const socket = new WebSocket(connection.url);
  socket.binaryType = 'arraybuffer';
  const opened = new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new Error('The voice connection could not be opened.'));
  });
  const send = (message: object) => socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify(message));
  const playback = new PcmPlayback(context, {
    markPlayed: (name) => send({ event: 'mark', name }),
    speaking: (active) => events.speaking('agent', active),
  });
  const userSpeech = new SpeechDetector((active) => events.speaking('user', active));
  let muted = false;
  let stopping = false;

  const giveUp = (error: unknown): never => {
    socket.close();
    void context.close();
    throw error;
  };
  const capture = await PcmCapture.start(context, microphone, (pcm, level) => {
    userSpeech.frame(muted ? 0 : level);
    if (!muted && socket.readyState === WebSocket.OPEN) socket.send(pcm);
  }).catch(giveUp);
  await opened.catch((error: unknown) => {
    capture.stop();
    giveUp(error);
  });
  send({ event: 'start', callSid, token: connection.token });

  socket.onmessage = (message: MessageEvent<ArrayBuffer | string>) => {
    if (typeof message.data !== 'string') return playback.play(new Int16Array(message.data));
    const frame = JSON.parse(message.data) as EdgeMessage;
    switch (frame.event) {
      case 'mark':
        return playback.mark(frame.name);
      case 'clear':
        return playback.clear();
      case 'transcript':
        return events.transcript(frame.role, frame.text);
      case 'tool': {
        const { event: _event, ...update } = frame;
        return events.toolCall(update);
      }
      case 'confirm': {
        const { event: _event, ...call } = frame;
        void events.confirm(call).then((approved) => send({ event: 'confirmation', callId: call.callId, approved }));
        return;
      }
    }
  };
  socket.onclose = (closed) => {
    capture.stop();
    playback.clear();
    events.speaking('user', false);
    for (const track of microphone.getTracks()) track.stop();
    void context.close();
    events.ended(stopping ? 'stopped' : closed.code === NORMAL_CLOSURE ? 'agent_ended' : 'connection_lost');
  };

  return {
    setMuted(value) {
      muted = value;
    },
    stop() {
      stopping = true;
      // The media-edge ends the call and closes the socket.
      if (!send({ event: 'stop' })) socket.close();
    },
  };
}
