import { DECLINED_RESULT } from '../../../libs/tools/src/declined-result';
import type { AgentApi, OpenAiWebRtcConnection, ToolResult } from './agent-api';
import { CallEvents } from './call-events';
import type { Conversation, ConversationEvents, ToolCallRequest } from './conversation';

/** The Realtime server events the page acts on (GA names; shared/reference/protocols.md §3.6). */
type ServerEvent =
  | { type: 'input_audio_buffer.speech_started' | 'input_audio_buffer.speech_stopped' }
  | { type: 'output_audio_buffer.started' | 'output_audio_buffer.stopped' | 'output_audio_buffer.cleared' }
  | { type: 'conversation.item.input_audio_transcription.completed'; transcript: string }
  | { type: 'response.output_audio_transcript.done'; transcript: string }
  | { type: 'response.done'; response: { usage?: unknown; output?: OutputItem[] } };

type OutputItem = { type: 'function_call'; call_id: string; name: string; arguments: string } | { type: string };

/**
 * With keys: the browser talks to OpenAI Realtime itself over WebRTC (the
 * microphone as a track, the agent's voice as the remote track, events on the
 * `oai-events` data channel), with the client secret the API minted for this
 * call. The model's tool calls go to the API (`POST /v1/calls/:callSid/tools`,
 * the call workflow's runTool Update); transcripts, usage and the end go to the
 * call's workflow as events. Not exercised offline: no simulator speaks WebRTC.
 */
export async function talkToOpenAi(
  callSid: string,
  connection: OpenAiWebRtcConnection,
  confirmTools: readonly string[],
  microphone: MediaStream,
  api: AgentApi,
  events: ConversationEvents,
): Promise<Conversation> {
  const peer = new RTCPeerConnection();
  const voice = new Audio();
  voice.autoplay = true;
  peer.ontrack = (track) => (voice.srcObject = track.streams[0]);
  for (const track of microphone.getAudioTracks()) peer.addTrack(track, microphone);
  const channel = peer.createDataChannel('oai-events');
  const callEvents = new CallEvents(api, callSid);
  const send = (event: object) => channel.readyState === 'open' && channel.send(JSON.stringify(event));
  let agentSpeaking = false;
  let hangUpWhenQuiet = false;
  let ended = false;

  const end = (reason: 'stopped' | 'agent_ended' | 'connection_lost') => {
    if (ended) return;
    ended = true;
    void callEvents.send({ type: 'ended', reason: reason === 'stopped' ? 'caller_hung_up' : reason === 'agent_ended' ? 'agent_ended_call' : 'stream_closed' });
    peer.close();
    for (const track of microphone.getTracks()) track.stop();
    voice.srcObject = null;
    events.ended(reason);
  };

  /** The turn's tool calls, each confirmed if the tenant wants that, then one reply once all results are in. */
  const runTools = async (calls: ToolCallRequest[]) => {
    const results = await Promise.all(
      calls.map(async (call): Promise<[ToolCallRequest, ToolResult]> => {
        if (confirmTools.includes(call.name) && !(await events.confirm(call))) {
          events.toolCall({ ...call, state: 'declined', result: DECLINED_RESULT });
          return [call, DECLINED_RESULT];
        }
        events.toolCall({ ...call, state: 'running' });
        const result = await api.runTool(callSid, call.callId, call.name, call.args);
        events.toolCall({ ...call, state: result.ok ? 'done' : 'failed', result });
        return [call, result];
      }),
    );
    for (const [call, result] of results) {
      send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: call.callId, output: JSON.stringify(result) } });
      if (call.name === 'end_call' && result.ok) hangUpWhenQuiet = true;
    }
    if (hangUpWhenQuiet && !agentSpeaking) return end('agent_ended');
    if (!hangUpWhenQuiet) send({ type: 'response.create' });
  };

  channel.onopen = () => {
    void callEvents.send({ type: 'connected' });
    send({ type: 'response.create', response: { instructions: connection.greetingInstructions } });
  };
  channel.onclose = () => end('connection_lost');
  channel.onmessage = (message: MessageEvent<string>) => {
    const event = JSON.parse(message.data) as ServerEvent;
    switch (event.type) {
      case 'input_audio_buffer.speech_started':
      case 'input_audio_buffer.speech_stopped':
        return events.speaking('user', event.type === 'input_audio_buffer.speech_started');
      case 'output_audio_buffer.started':
        agentSpeaking = true;
        return events.speaking('agent', true);
      case 'output_audio_buffer.stopped':
      case 'output_audio_buffer.cleared':
        agentSpeaking = false;
        events.speaking('agent', false);
        if (hangUpWhenQuiet) end('agent_ended');
        return;
      case 'conversation.item.input_audio_transcription.completed':
      case 'response.output_audio_transcript.done': {
        const role = event.type === 'response.output_audio_transcript.done' ? 'agent' : 'caller';
        if (!event.transcript.trim()) return;
        events.transcript(role, event.transcript);
        void callEvents.send({ type: 'turn', role, text: event.transcript });
        return;
      }
      case 'response.done': {
        if (event.response.usage) void callEvents.send({ type: 'usage', usage: event.response.usage });
        const calls = (event.response.output ?? []).filter((item): item is Extract<OutputItem, { call_id: string }> => item.type === 'function_call');
        if (calls.length > 0) void runTools(calls.map((item) => ({ callId: item.call_id, name: item.name, args: parseArguments(item.arguments) })));
        return;
      }
    }
  };

  const offer = await peer.createOffer();
  await peer.setLocalDescription(offer);
  const answer = await fetch(connection.callsUrl, {
    method: 'POST',
    body: offer.sdp,
    headers: { authorization: `Bearer ${connection.clientSecret}`, 'content-type': 'application/sdp' },
  });
  if (!answer.ok) {
    end('connection_lost');
    throw new Error(`OpenAI did not take the call (HTTP ${answer.status}).`);
  }
  await peer.setRemoteDescription({ type: 'answer', sdp: await answer.text() });

  return {
    setMuted(muted) {
      for (const track of microphone.getAudioTracks()) track.enabled = !muted;
    },
    stop() {
      end('stopped');
    },
  };
}

/** The model's JSON arguments; anything else reaches the workflow's validator as given, which refuses it with the reason. */
function parseArguments(json: string): unknown {
  try {
    return json.trim() ? JSON.parse(json) : {};
  } catch {
    return json;
  }
}
