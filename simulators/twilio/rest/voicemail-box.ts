import { parseTwiml } from '../twiml';
import type { AnsweredCall } from './call-line';
import type { AnsweringCallee } from './callee-script';

/** A message left on the machine: the `<Say>` text the call's new TwiML read out. */
export interface VoicemailRecording {
  callSid: string;
  message: string;
  /** The TwiML ended with `<Hangup/>`: the caller hung up instead of waiting for the box to time out. */
  hungUp: boolean;
}

/** The behaviour of a number whose voicemail answers: a greeting, then the beep. */
export interface VoicemailBoxOptions {
  /** How long the greeting lasts before the beep; AMD (DetectMessageEnd) reports then. Default 3 s. */
  greetingMs?: number;
  /** What AMD makes of the greeting's end. Default `machine_end_beep`. */
  verdict?: 'machine_end_beep' | 'machine_end_silence' | 'machine_end_other';
}

/**
 * An answering machine: it picks up, plays its greeting (it does not
 * listen to the `<Connect><Stream>` the application answered with), and
 * after the beep records whatever the call's new TwiML says until a
 * `<Hangup/>` ends the call.
 */
export class VoicemailBox {
  readonly recordings: VoicemailRecording[] = [];

  constructor(private readonly options: VoicemailBoxOptions = {}) {}

  /** For `TwilioRestSimulator.setCallee` / `scriptCallee`. */
  callee(): AnsweringCallee {
    return {
      outcome: 'answer',
      answeredBy: this.options.verdict ?? 'machine_end_beep',
      greetingMs: this.options.greetingMs ?? 3_000,
      onAnswered: (call) => this.record(call),
    };
  }

  private record(call: AnsweredCall): void {
    const stop = call.onUpdated((update) => {
      if (update.twiml === undefined) return;
      const verbs = parseTwiml(update.twiml);
      const message = verbs.filter((verb) => verb.name === 'Say').map((verb) => verb.text).join(' ');
      const hungUp = verbs.some((verb) => verb.name === 'Hangup');
      this.recordings.push({ callSid: call.call.sid, message, hungUp });
      stop();
      call.hangUp();
    });
  }
}
