/**
 * RealtimeSimulator: an offline, protocol-faithful stand-in for the OpenAI
 * Realtime API (GA interface; protocols.md §3 and the §3.12 checklist) for
 * testing the Twilio ↔ OpenAI bridge.
 *
 * - WebSocket `ws://127.0.0.1:PORT/v1/realtime?model=…` with `Authorization: Bearer <key>`
 *   (wrong/missing key → HTTP 401 on upgrade; `OpenAI-Beta: realtime=v1` → `error`
 *   `beta_api_shape_disabled`, close 4000).
 * - `session.created` at once; `session.update` validated like the real API
 *   (unknown parameters are errors) and answered with the merged config.
 * - `input_audio_buffer.append` (base64 μ-law 8 kHz, never acked) runs an energy
 *   VAD on the appended-audio clock (8 bytes = 1 ms) → speech_started / speech_stopped /
 *   committed, the user item, its transcript (if transcription is on) and, with
 *   `create_response`, a response; speech during a response cancels it (`turn_detected`).
 * - Responses stream audible μ-law in deltas faster than real time, with transcript
 *   deltas, function calls, and `response.done` with usage per the token rules.
 * - `POST /v1/realtime/client_secrets` for the `openai` SDK (`baseURL: restBaseUrl`).
 * - Faults on demand: a dropped socket, an `error` event the server raises on its own
 *   ({@link SERVER_ERROR}), responses that fail (`response.done` status `failed`) with a
 *   server error, a rate limit ({@link rateLimitExceeded}) or a spent quota ({@link INSUFFICIENT_QUOTA}).
 *
 * The "model" of each connection is a {@link ConversationPlan} that the simulator's
 * {@link PlanFactory} chooses for it from what the session knows (its instructions
 * and tools): {@link playScript} plays a {@link ConversationScript} (each caller
 * utterance the VAD finds takes the next turn: its `caller` text is reported as the
 * transcript and its `replies` answer the following responses, one reply per
 * response); {@link genericAgent} takes a message from anyone. A `response.create`
 * whose instructions quote a "passage" says that passage instead (greetings,
 * fillers) without asking the plan. A plan that throws ends its own connection
 * (an `error` event, close 1011, a log line), never the simulator.
 *
 * @example
 * const simulator = await RealtimeSimulator.start({
 *   plan: playScript({
 *     greeting: "Thanks for calling Bella's Salon, how can I help?",
 *     turns: [
 *       {
 *         caller: 'Can I get a haircut tomorrow at ten?',
 *         replies: [
 *           // First response: a tool call (speech before it is optional).
 *           { say: 'Let me check.', call: { name: 'check_availability', arguments: { date: '2026-03-04', time: '10:00' } } },
 *           // After the bridge sends the function_call_output and response.create:
 *           ({ toolOutputs }) => ({
 *             say: JSON.parse(toolOutputs.at(-1)!.output).available ? 'Ten works. Shall I book it?' : 'Ten is taken, sorry.',
 *           }),
 *         ],
 *       },
 *       { caller: 'Yes please.', replies: [{ call: { name: 'book', arguments: { date: '2026-03-04', time: '10:00' } } }, { say: "You're booked." }] },
 *     ],
 *   }),
 * });
 * // bridge env: OPENAI_REALTIME_URL = simulator.url, OPENAI_API_KEY = simulator.apiKey
 * // ... run the call, then inspect simulator.sessions[0].responses / .truncations / .functionCallOutputs
 * await simulator.close();
 */
export { RealtimeSimulator, type RealtimeSimulatorOptions } from './server';
export { INSUFFICIENT_QUOTA, rateLimitExceeded, SERVER_ERROR, type ServerFault } from './server-faults';
export type { AssistantReply, ConversationPlan, PlanFactory, ScriptContext, ScriptedToolCall, SessionFacts, ToolCall, ToolOutput } from './plan';
export { playScript, type CallerTurn, type ConversationScript, type ScriptedReply } from './script';
export { genericAgent, GENERIC_AGENT_LINES } from './generic-agent';
export type { CallerUtteranceRecord, FunctionCallOutputRecord, ServerLatency, SessionRecord, TruncationRecord } from './session';
export type { ResponseRecord } from './response-run';
export type { SpeechTiming } from './speech-synthesis';
export { mulawSilence, mulawTone, pcmuDurationMs, splitIntoFrames, PCMU_BYTES_PER_MS } from './pcmu-audio';
