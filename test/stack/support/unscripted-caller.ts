import { mulawToPcm16 } from '../../../libs/audio/src/mulaw';
import { SIMULATED_TWILIO } from '../../../scripts/simulated-twilio-account';
import { mulawSilence, mulawTone } from '../../../simulators/realtime';
import { BYTES_PER_MS, FRAME_BYTES, FRAME_MS, PhoneSimulator } from '../../../simulators/twilio';

export interface UnscriptedCaller {
  from: string;
  /** The business dialed. */
  to: string;
  /** Varies what the caller says. */
  variant: number;
  /** Talks again as soon as the agent answers (barge-in). */
  interrupts: boolean;
}

export interface UnscriptedCallOutcome {
  callSid: string;
  /** Audible agent audio the caller heard after they first spoke, in ms. */
  heardReplyMs: number;
  closeCode?: number;
  closeReason?: string;
}

/** Below this RMS a 20 ms frame counts as silence. */
const AUDIBLE_RMS = 500;

/**
 * Speech-like audio no script expects: syllable-long bursts of voice-band
 * tones whose pitch and count vary with `variant`. (The simulated model
 * cannot recognise words, so this is as arbitrary as any sentence.)
 */
export function babble(variant: number, syllables = 5 + (variant % 4)): Buffer {
  const parts = Array.from({ length: syllables }, (_, i) => [mulawTone(140 + ((variant * 7 + i * 3) % 5) * 20, 160 + ((variant * 53 + i * 97) % 220), 0.4), mulawSilence(60)]);
  return Buffer.concat(parts.flat());
}

/**
 * A caller on the project's phone simulator who follows no script: hears the
 * greeting, says something, maybe talks over the answer, then stays on the
 * line until the agent hangs up.
 */
export async function placeUnscriptedCall(apiUrl: string, caller: UnscriptedCaller): Promise<UnscriptedCallOutcome> {
  const call = await new PhoneSimulator().dialIntoStream({ apiBaseUrl: apiUrl, publicUrl: apiUrl, ...SIMULATED_TWILIO, from: caller.from, to: caller.to });
  let spokeAtMs = 0;
  try {
    await call.waitForAgentAudio();
    await call.waitForAgentSilence();
    spokeAtMs = call.playedMs;
    await call.speak(babble(caller.variant));
    if (caller.interrupts) {
      await call.waitForAgentAudio();
      await call.speak(babble(caller.variant + 1, 3));
    }
    await call.waitForClosed();
  } catch (error) {
    await call.hangUp();
    throw new Error(`call ${call.callSid} from ${caller.from}: ${(error as Error).message}`, { cause: error });
  }
  return {
    callSid: call.callSid,
    heardReplyMs: audibleMs(call.playedAudio().subarray(spokeAtMs * BYTES_PER_MS)),
    closeCode: call.closeCode,
    closeReason: call.closeReason,
  };
}

function audibleMs(mulaw: Buffer): number {
  let audibleFrames = 0;
  for (let offset = 0; offset + FRAME_BYTES <= mulaw.length; offset += FRAME_BYTES) {
    const samples = mulawToPcm16(mulaw.subarray(offset, offset + FRAME_BYTES));
    const rms = Math.sqrt(samples.reduce((sum, sample) => sum + sample * sample, 0) / samples.length);
    if (rms > AUDIBLE_RMS) audibleFrames++;
  }
  return audibleFrames * FRAME_MS;
}
