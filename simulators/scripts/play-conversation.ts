import type { RealtimeSimulator } from '../realtime';
import type { PhoneCall } from '../twilio';
import type { CallerStep } from './demo-conversations';

/** Responses that answered a scripted reply (greetings and fillers are quoted instructions and use none). */
export function scriptedResponses(realtime: RealtimeSimulator) {
  return realtime.sessions.flatMap((s) => s.responses).filter((r) => !/"[^"]+"|“[^”]+”/.test(r.instructions ?? ''));
}

/** Resolves once the model has answered with `count` scripted replies in all and the caller has heard them. */
export async function waitForReplies(realtime: RealtimeSimulator, call: PhoneCall, count: number): Promise<void> {
  await call.waitUntil(() => {
    const answered = scriptedResponses(realtime);
    return answered.length >= count && answered.every((r) => r.status !== 'in_progress');
  });
  await call.waitForAgentSilence();
}

/**
 * Plays the caller's side of a scripted conversation: each step waits until
 * the model has answered with all of the previous step's replies and the
 * caller has heard them. Starts after the greeting; ends with a hang-up.
 */
export async function playConversation(realtime: RealtimeSimulator, call: PhoneCall, steps: CallerStep[]): Promise<void> {
  await call.waitForAgentAudio();
  await call.waitForAgentSilence();
  let repliesSoFar = 0;
  for (const step of steps) {
    if ('say' in step) await call.say(step.say);
    else call.pressKey(step.press);
    repliesSoFar += step.replies;
    await waitForReplies(realtime, call, repliesSoFar);
  }
  await call.hangUp();
}
