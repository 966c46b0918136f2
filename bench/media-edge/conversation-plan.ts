import type { ConversationScript, SpeechTiming } from '../../simulators/realtime';

/**
 * Every simulated call has the same conversation, on a 10 s cycle of 20 ms
 * frames, staggered across calls:
 *
 *   0.0–1.0 s  the caller talks (a loud tone the simulator's VAD hears)
 *   1.5 s      500 ms of silence end the turn: a ~2 s reply plays at the caller until ~3.5 s
 *   2.5–3.3 s  the caller talks over it: barge-in (`clear`); at 3.8 s a short reply plays until ~4.6 s
 *   4.6–10 s   the caller listens (silence)
 *
 * Half the caller's utterances interrupt agent audio and half do not. Four
 * turns per 10 s is a brisk phone conversation; each turn and each response
 * is a signal to the call's workflow, which the co-located Temporal server
 * has to keep up with.
 */
export const FRAME_MS = 20;
export const FRAMES_PER_CYCLE = 10_000 / FRAME_MS;

/** Frame ranges [from, to) of a cycle in which the caller talks. */
export const CALLER_TALKS: ReadonlyArray<readonly [number, number]> = [
  [0, 1_000 / FRAME_MS],
  [2_500 / FRAME_MS, 3_300 / FRAME_MS],
];

/** A brisk speaking pace (150 ms a word); deltas of 100 ms every 20 ms, faster than real time like the real API. */
export const SPEECH_TIMING: SpeechTiming = { msPerWord: 150, chunkMs: 100, chunkIntervalMs: 20 };

// The simulator synthesises every reply's audio when the response starts: replies are as short as the plan allows.
const LONG_REPLY = 'Sure, I can help with that. We have openings tomorrow morning and Friday.'; // 13 words: 1.95 s
const SHORT_REPLY = 'Of course, go ahead please.'; // 5 words: 0.75 s

/** Enough turns for 300 s of conversation; the caller's utterances alternate between starting a turn and interrupting. */
export const BENCH_SCRIPT: ConversationScript = {
  turns: Array.from({ length: 2 * (300_000 / (FRAMES_PER_CYCLE * FRAME_MS)) + 10 }, (_, i) =>
    i % 2 === 0
      ? { caller: 'I would like to book an appointment.', replies: [{ say: LONG_REPLY }] }
      : { caller: 'Sorry, one more thing.', replies: [{ say: SHORT_REPLY }] },
  ),
};
